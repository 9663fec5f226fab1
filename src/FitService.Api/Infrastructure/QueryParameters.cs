using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FitService.Api.Infrastructure;

/// <summary>
/// A query parameter that a handler reads from the query string itself (to name each error's field), declared so that
/// the OpenAPI document types it: its name, whether it is required, a pattern or the allowed values, and a description.
/// </summary>
public sealed record QueryParameter(string Name, string Description, bool Required = false, string? Pattern = null,
    IReadOnlyList<string>? Allowed = null, string? Default = null);

public static class QueryParameters
{
    /// <summary>yyyy-MM, as every month in the reports is written.</summary>
    public const string MonthPattern = "^[0-9]{4}-(0[1-9]|1[0-2])$";

    public static TBuilder WithQueryParameters<TBuilder>(this TBuilder builder, params QueryParameter[] parameters)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new DeclaredQuery(parameters));
        return builder;
    }

    internal sealed record DeclaredQuery(IReadOnlyList<QueryParameter> Parameters);
}

/// <summary>Writes the declared query parameters into the operation.</summary>
internal sealed class QueryParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var declared in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameters.DeclaredQuery>())
        foreach (var p in declared.Parameters)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = p.Name,
                In = ParameterLocation.Query,
                Required = p.Required,
                Description = p.Description,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Pattern = p.Pattern,
                    Enum = p.Allowed?.Select(a => (JsonNode)JsonValue.Create(a)).ToList(),
                    Default = p.Default is null ? null : JsonValue.Create(p.Default),
                },
            });
        }
        return Task.CompletedTask;
    }
}
