using System.Reflection;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FitService.Api.Tests;

/// <summary>
/// Every endpoint handler declares what it answers in its return type (<c>Results&lt;Ok&lt;T&gt;, ValidationProblem, …&gt;</c>, or
/// the body's own type), so the OpenAPI document takes its responses from the types: a handler that returns a bare
/// <see cref="IResult"/> (or <c>Task&lt;IResult&gt;</c>, <c>object</c>, nothing) fails this test, the endpoints of tomorrow too.
/// </summary>
public class TypedResultsTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public void EveryHandlerDeclaresItsResults()
    {
        var handlers = Handlers();
        Assert.Contains(handlers, h => h.Name == "SessionsApi.RecordSession");
        var untyped = handlers.Where(h => IsUntyped(h.Method))
            .Select(h => $"{h.Route}: {h.Name} returns {h.Method.ReturnType}").ToList();

        Assert.True(untyped.Count == 0, "Handlers that return an untyped result (use TypedResults and Results<…>):\n" + string.Join("\n", untyped));
    }

    [Fact]
    public void TheCheckTellsTypedFromUntyped()
    {
        Assert.True(IsUntyped(Method(nameof(Bare))));
        Assert.True(IsUntyped(Method(nameof(BareAsync))));
        Assert.True(IsUntyped(Method(nameof(Nothing))));
        Assert.True(IsUntyped(Method(nameof(AnyObject))));
        Assert.False(IsUntyped(Method(nameof(TypedAsync))));
        Assert.False(IsUntyped(Method(nameof(Body))));
        Assert.False(IsUntyped(Method(nameof(BodyAsync))));
    }

    /// <summary>
    /// A handler's declared result is untyped when it is IResult itself, object, or nothing (the handler writes the response,
    /// which the document cannot see); Task and ValueTask are looked through.
    /// </summary>
    static bool IsUntyped(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask)) return true;
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            type = type.GetGenericArguments()[0];
        return type == typeof(IResult) || type == typeof(object);
    }

    /// <summary>
    /// Every route endpoint whose handler is the service's own (not a library's, such as the OpenAPI document's or the
    /// API reference's).
    /// </summary>
    List<(string Route, string Name, MethodInfo Method)> Handlers() =>
        Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Method: e.Metadata.GetMetadata<MethodInfo>()))
            .Where(e => e.Method?.DeclaringType?.Assembly == typeof(Program).Assembly)
            .Select(e => (e.Endpoint.DisplayName ?? e.Endpoint.RoutePattern.RawText ?? "", Name(e.Method!), e.Method!))
            .ToList();

    /// <summary>"ReportsApi.GetOutcomes"; a lambda is named by the type it is declared in and its compiler name.</summary>
    static string Name(MethodInfo method)
    {
        var type = method.DeclaringType!;
        while (type.DeclaringType is not null && type.Name.StartsWith('<')) type = type.DeclaringType;
        return $"{type.Name}.{method.Name}";
    }

    static MethodInfo Method(string name) => typeof(TypedResultsTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    static IResult Bare() => Results.Ok();
    static Task<IResult> BareAsync() => Task.FromResult(Results.Ok());
    static Task Nothing() => Task.CompletedTask;
    static object AnyObject() => new();
    static Task<Results<Ok<int>, NotFound>> TypedAsync() => Task.FromResult<Results<Ok<int>, NotFound>>(TypedResults.Ok(1));
    static int Body() => 1;
    static Task<int> BodyAsync() => Task.FromResult(1);
}
