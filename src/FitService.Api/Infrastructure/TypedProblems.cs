using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace FitService.Api.Infrastructure;

/// <summary>
/// The problems of <see cref="Problems"/> as typed results, for handlers that declare what they answer
/// (<c>Results&lt;Created&lt;T&gt;, ValidationProblem, NotFoundProblem&gt;</c>).
/// </summary>
public static class TypedProblems
{
    public static NotFoundProblem NotFound(string what) => new(TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Ikke funnet / Not found",
        detail: $"{what} finnes ikke, eller du har ikke tilgang. / {what} does not exist, or you have no access."));

    public static ProblemHttpResult Forbidden(string field, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "Ingen tilgang / Forbidden", detail: detail,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>A department the caller does not work in, asked for by name (a query parameter or a field).</summary>
    public static ProblemHttpResult OtherDepartment(string field) =>
        Forbidden(field, "Du kan bare se egne avdelinger. / You can only see your own departments.");

    public static ProblemHttpResult Conflict(string field, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Konflikt / Conflict", detail: detail,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>One field's error (400).</summary>
    public static ValidationProblem Field(string field, string norwegian, string english)
    {
        var errors = new FieldErrors();
        errors.Add(field, norwegian, english);
        return errors.ToProblem();
    }

    /// <summary>One field's error with a status other than 400 (e.g. 422 for a code that names nothing).</summary>
    public static ProblemHttpResult Field(string field, string norwegian, string english, int status) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"{norwegian} / {english}"] })
        {
            Status = status,
            Title = "Ugyldig forespørsel / Invalid request",
        });
}

/// <summary>
/// A 404 problem that declares itself in the OpenAPI document. (<c>NotFound&lt;ProblemDetails&gt;</c> would
/// declare it too, but answers application/json instead of application/problem+json.)
/// </summary>
public sealed class NotFoundProblem(ProblemHttpResult problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status404NotFound;
    public object? Value => problem.ProblemDetails;

    public Task ExecuteAsync(HttpContext httpContext) => problem.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
}
