using Dapper;
using FitService.Api.Health;
using Npgsql;

namespace FitService.Api.ClientRatings;

/// <summary>
/// Removes one-time links whose expiry lies more than ClientLinks:KeepDays back: once at start-up (after the
/// migrations) and then every hour. A link stops working when it expires or is used; its row is kept a while for
/// the clinician's "used / expired" answers and for an operator, then goes. The access log keeps its own lines
/// (client-link.create, client-rating.*), so removing a row takes nothing from the audit trail. Several service
/// processes may each run it: the delete is the same for all and takes only rows no request can still use.
/// </summary>
public sealed class ClientLinkCleanup(NpgsqlDataSource db, ClientLinkSettings settings, TimeProvider clock, Readiness readiness,
    ILogger<ClientLinkCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Deletes the links that expired before <paramref name="now"/> minus <paramref name="keepDays"/> days; returns how many.</summary>
    public static Task<int> DeleteExpiredAsync(NpgsqlConnection connection, DateTimeOffset now, int keepDays) =>
        connection.ExecuteAsync("delete from client_links where expires_at < @before",
            new { before = (now - TimeSpan.FromDays(keepDays)).UtcDateTime });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WhenMigrated.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                var removed = await DeleteExpiredAsync(connection, clock.GetUtcNow(), settings.KeepDays);
                if (removed > 0) logger.LogInformation("Removed {Count} client links expired more than {Days} days ago", removed, settings.KeepDays);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // PostgreSQL away for a moment: the next tick tries again; nothing depends on the rows being gone.
                logger.LogWarning(e, "Client link cleanup failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
