using Dapper;
using FitService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Trajectories;

public static class TrajectoriesApi
{
    public static IServiceCollection AddTrajectories(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TrajectorySettings>(configuration.GetSection("Trajectories"));
        services.AddSingleton<TrajectoryCalibrator>();
        services.AddHostedService<TrajectoryRecalibrationService>();
        return services;
    }

    public static RouteGroupBuilder MapTrajectories(this IEndpointRouteBuilder routes)
    {
        // Calibrations are aggregates over at least the minimum number of episodes: no client-level data.
        var group = routes.MapGroup("/trajectories").WithTags("Trajectories");
        group.MapGet("/calibrations", ListCalibrations)
            .WithSummary("The calibration in use per outcome instrument and age band, with its data size and fit");
        group.MapPost("/recalibrate", Recalibrate).RequireAuthorization(Policies.Admin)
            .WithSummary("Recalibrate the expected trajectories now (admin)").ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    /// <summary>The calibration in use per outcome instrument and age band: method, data size, date, fit and curves.</summary>
    static async Task<Ok<IReadOnlyList<CalibrationView>>> ListCalibrations(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return TypedResults.Ok(await TrajectoryStore.ListCurrentAsync(connection));
    }

    /// <summary>Recalibrates now; 409 when another process is already doing it.</summary>
    static async Task<Results<Ok<RecalibrationResult>, ProblemHttpResult>> Recalibrate(Actor actor, TrajectoryCalibrator calibrator,
        CancellationToken cancellationToken)
    {
        var result = await calibrator.RunAsync(actor.Subject, null, cancellationToken);
        return result.Ran ? TypedResults.Ok(result)
            : TypedProblems.Conflict("recalibrate", "En omkalibrering pågår allerede. / A recalibration is already running.");
    }
}
