using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FitService.Api.Infrastructure;

/// <summary>
/// Declares the problem answers every operation can give besides its own: 401 and 403 where a sign-in or a role is
/// needed, 429 where a rate limit applies (writes and reports), 503 while the database cannot be reached. All are
/// application/problem+json (ProblemDetails), so a client generator types them.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (description.RelativePath ?? "");
        if (!path.StartsWith("/api/", StringComparison.Ordinal)) return;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var method = description.HttpMethod ?? "GET";
        var writes = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var reports = path.StartsWith("/api/v1/reports", StringComparison.Ordinal);

        if (!anonymous) await AddAsync(operation, context, StatusCodes.Status401Unauthorized, "Not signed in, or the token was refused", cancellationToken);
        if (!anonymous && metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null))
            await AddAsync(operation, context, StatusCodes.Status403Forbidden, "The caller's role may not do this", cancellationToken);
        if (writes || reports) await AddAsync(operation, context, StatusCodes.Status429TooManyRequests, "Over the per-user rate limit; see Retry-After", cancellationToken);
        await AddAsync(operation, context, StatusCodes.Status503ServiceUnavailable, "The database cannot be reached; see Retry-After", cancellationToken);
    }

    static async Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string text, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key)) return;
        var schema = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = text,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
