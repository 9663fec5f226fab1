using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace FitService.Api.Infrastructure;

/// <summary>
/// Per-user request limits (ASP.NET Core's rate limiter): every write (POST, PUT, PATCH, DELETE) counts against
/// RateLimits:WritesPerMinute, and every report against RateLimits:ReportsPerMinute, in fixed one-minute windows.
/// A user is the token's subject; a caller without one (an anonymous endpoint) is counted by remote address.
/// Reads other than reports are not limited. Over the limit: 429 problem+json with Retry-After.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy the reports group carries.</summary>
    public const string Reports = "reports";

    // A clinician records a handful of sessions an hour and an evaluator opens a few reports a minute; these defaults
    // are far above that, and above a test suite or an integration posting a few hundred sessions a minute as one user.
    public const int DefaultWritesPerMinute = 600;
    public const int DefaultReportsPerMinute = 120;

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var writes = PerMinute(configuration, "WritesPerMinute", DefaultWritesPerMinute);
        var reports = PerMinute(configuration, "ReportsPerMinute", DefaultReportsPerMinute);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsWrite(http.Request.Method)
                ? Window($"write:{Caller(http)}", writes)
                : RateLimitPartition.GetNoLimiter("read"));
            options.AddPolicy(Reports, http => Window($"report:{Caller(http)}", reports));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    static int PerMinute(IConfiguration configuration, string name, int fallback)
    {
        var value = configuration.GetValue($"RateLimits:{name}", fallback);
        if (value < 1) throw new InvalidOperationException($"RateLimits:{name} must be at least 1 (got {value}).");
        return value;
    }

    static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    static string Caller(HttpContext http) =>
        http.User.FindFirstValue("sub") is { Length: > 0 } subject
            ? $"sub:{subject}"
            : $"ip:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";

    static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0, // refuse at once: a queued request would only hold a connection open
        });

    static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
            : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "For mange forespørsler / Too many requests",
                Detail = $"Prøv igjen om {seconds} sekunder. / Try again in {seconds} seconds.",
            },
        });
    }
}
