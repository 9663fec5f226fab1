using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Health;

public sealed record HealthStatus(string Status, string? Detail = null);

/// <summary>
/// Probes for a load balancer or Kubernetes: live is the process (restart it when this fails), ready is the
/// database reachable and migrated (send traffic only then). /health stays as live for older probes.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/", Live).WithSummary("The process is running (same as /health/live)");
        group.MapGet("/live", Live).WithSummary("The process is running; does not touch the database");
        group.MapGet("/ready", Ready)
            .WithSummary("Ready for traffic: PostgreSQL answers and every migration is applied; 503 problem+json otherwise")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    static HealthStatus Live() => new("ok");

    static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> Ready(HttpContext http, Readiness readiness, NpgsqlDataSource db,
        ILogger<Readiness> logger, CancellationToken cancellationToken)
    {
        if (!readiness.Migrated) return NotReady(http, readiness.NotReadyBecause);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = await db.OpenConnectionAsync(timeout.Token);
            await using var ping = new NpgsqlCommand("select 1", connection);
            await ping.ExecuteScalarAsync(timeout.Token);
            return TypedResults.Ok(new HealthStatus("ready"));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            logger.LogWarning("Not ready: {Reason}", e.Message);
            if (e is NpgsqlException npgsql && DatabaseUnavailable.IsUnreachable(npgsql)) db.Clear();
            return NotReady(http, "database unreachable");
        }
    }

    static ProblemHttpResult NotReady(HttpContext http, string reason)
    {
        http.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Ikke klar / Not ready",
            detail: $"Tjenesten venter på databasen. / The service is waiting for the database: {reason}.");
    }
}
