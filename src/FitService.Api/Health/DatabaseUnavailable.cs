using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace FitService.Api.Health;

/// <summary>
/// While PostgreSQL cannot be reached, or before the schema is migrated, API calls get 503 problem+json with
/// Retry-After instead of a 500: a load balancer or client can wait and retry, and nothing was written.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>Seconds a client is asked to wait before it tries again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>A failure of the connection or the server (network, timeout, shutdown, start-up, too many connections).</summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)                 // shutdown, crash, starting up
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal),                 // insufficient resources
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    /// <summary>Unreachable, or a transaction PostgreSQL rolled back for a conflict (deadlock, serialization): safe to retry.</summary>
    public static bool IsRetryable(Exception exception) => IsUnreachable(exception)
        || exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    public static Task WriteAsync(HttpContext context, IProblemDetailsService problems, Exception? exception)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Midlertidig utilgjengelig / Temporarily unavailable",
                Detail = "Databasen svarer ikke akkurat nå. Ingenting ble lagret; prøv igjen om litt. / "
                    + "The database is not answering right now. Nothing was saved; try again shortly.",
            },
        }).AsTask();
    }

    /// <summary>API calls before the schema is ready are answered here, before they reach a handler.</summary>
    public static IApplicationBuilder UseServiceUnavailableUntilMigrated(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.RequestServices.GetRequiredService<Readiness>().Migrated && context.Request.Path.StartsWithSegments("/api"))
        {
            await WriteAsync(context, context.RequestServices.GetRequiredService<IProblemDetailsService>(), null);
            return;
        }
        await next();
    });
}

/// <summary>Turns a lost database connection into 503 and drops the pool's idle connections, which died with the server.</summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, NpgsqlDataSource db, ILogger<DatabaseUnavailableHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseUnavailable.IsRetryable(exception)) return false;
        logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.Message);
        if (DatabaseUnavailable.IsUnreachable(exception)) db.Clear();
        await DatabaseUnavailable.WriteAsync(context, problems, exception);
        return true;
    }
}
