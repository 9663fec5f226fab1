using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FitService.Api.Infrastructure;

/// <summary>Declares the Idempotency-Key header on every operation that accepts one (required where it is).</summary>
internal sealed class IdempotencyKeyTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IdempotencyKeyAccepted>().Any()) return Task.CompletedTask;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Idempotency.Header,
            In = ParameterLocation.Header,
            Required = metadata.OfType<IdempotencyKeyRequired>().Any(),
            Description = "Any string up to 200 characters (e.g. a UUID). A retry with the same key and request returns the first response and writes nothing.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        });
        return Task.CompletedTask;
    }
}
