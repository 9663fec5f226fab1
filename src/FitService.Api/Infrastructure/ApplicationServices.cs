using System.Text.Json;
using System.Text.Json.Serialization;
using FitService.Api.Episodes;
using FitService.Api.Instruments;
using FitService.Api.Trajectories;
using Microsoft.AspNetCore.Http.Features;

namespace FitService.Api.Infrastructure;

public static class ApplicationServices
{
    /// <summary>Largest accepted request body: a session is well under 2 KB.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IServiceCollection AddApplicationServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDatabase(configuration);
        services.AddFitAuthentication(configuration);
        services.AddProblemResponses();
        services.AddRateLimits(configuration);
        services.AddSecurityHeaders();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>().AddOperationTransformer<IdempotencyKeyTransformer>()
            .AddOperationTransformer<OperationIdTransformer>().AddDocumentTransformer<OperationIdTransformer>()
            .AddOperationTransformer<ProblemResponsesTransformer>().AddDocumentTransformer<DocumentInfoTransformer>()
            .AddOperationTransformer<QueryParametersTransformer>());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IdempotencyFilter>();
        services.AddScoped<IdempotentWrite>();
        services.AddSingleton<InstrumentCatalogue>();
        services.AddTrajectories(configuration);
        services.AddCaseload(configuration);
        return services;
    }

    /// <summary>Refuses bodies over the limit with 413, on Kestrel and on any other server.</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = MaxRequestBodyBytes;
        if (context.Request.ContentLength > MaxRequestBodyBytes)
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        await next();
    });
}
