using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FitService.Api.Infrastructure;

/// <summary>
/// Gives every operation an operationId, so client generators name their methods after the handlers: the endpoint's
/// name (WithName) when it has one, else the handler method's name ("recordSession"). A lambda handler gets one made
/// from its method and path ("getHealthLive"); a name used twice gets its path appended, so ids stay unique.
/// </summary>
internal sealed class OperationIdTransformer : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var name = metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName
            ?? metadata.OfType<MethodInfo>().FirstOrDefault(m => m.GetCustomAttribute<CompilerGeneratedAttribute>() is null
                && !m.Name.Contains('<', StringComparison.Ordinal))?.Name;
        if (operation.OperationId is null && name is not null)
            operation.OperationId = char.ToLowerInvariant(name[0]) + name[1..];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var operations = (document.Paths ?? [])
            .SelectMany(path => (path.Value.Operations ?? []).Select(op => (Path: path.Key, Method: op.Key.ToString(), Operation: op.Value)))
            .ToList();
        foreach (var (path, method, operation) in operations.Where(o => o.Operation.OperationId is null))
            operation.OperationId = method.ToLowerInvariant() + Pascal(path);
        foreach (var clash in operations.GroupBy(o => o.Operation.OperationId).Where(g => g.Count() > 1))
            foreach (var (path, _, operation) in clash)
                operation.OperationId += Pascal(path);
        return Task.CompletedTask;
    }

    // "/api/v1/episodes/{id}/sessions" -> "EpisodesIdSessions" (the common /api/v1 prefix left out)
    static string Pascal(string path)
    {
        var text = new StringBuilder();
        foreach (var part in path.Split('/', '{', '}', '-', '.').Where(p => p.Length > 0 && p is not "api" and not "v1"))
            text.Append(char.ToUpperInvariant(part[0])).Append(part[1..]);
        return text.ToString();
    }
}
