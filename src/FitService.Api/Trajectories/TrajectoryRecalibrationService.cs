using FitService.Api.Health;

namespace FitService.Api.Trajectories;

/// <summary>
/// Recalibrates on a schedule (Trajectories:RecalibrateEvery; zero turns it off). Safe with several service
/// processes: each tick skips when another process holds the advisory lock or calibrated within the interval.
/// </summary>
public sealed class TrajectoryRecalibrationService(TrajectoryCalibrator calibrator, Microsoft.Extensions.Options.IOptions<TrajectorySettings> settings,
    Readiness readiness, ILogger<TrajectoryRecalibrationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = settings.Value.RecalibrateEvery;
        if (every <= TimeSpan.Zero) return;
        // Migrations run in the background and wait for PostgreSQL: the first run waits for them.
        await readiness.WhenMigrated.WaitAsync(stoppingToken);
        // Once at start-up too (skipped when a calibration is younger than the interval): a process restarted more
        // often than the interval, e.g. at each deploy, would otherwise never reach its first tick.
        using var timer = new PeriodicTimer(every);
        do
        {
            try
            {
                // A little under the interval, so a process whose timer fires just after another's still skips.
                var result = await calibrator.RunAsync(TrajectoryCalibrator.Scheduled, every * 0.9, stoppingToken);
                if (!result.Ran) logger.LogInformation("Scheduled recalibration skipped: {Reason}", result.SkippedBecause);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed run leaves the previous calibration in place; the next tick tries again.
                logger.LogError(e, "Scheduled recalibration failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
