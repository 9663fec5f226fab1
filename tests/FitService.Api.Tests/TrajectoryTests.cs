using FitService.Statistics.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using FitService.Api.Trajectories;
using Microsoft.Extensions.DependencyInjection;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

static class Trajectories
{
    public static async Task<JsonObject> RecalibrateAsync(Clinic clinic)
    {
        var response = await clinic.Admin.PostAsync("/api/v1/trajectories/recalibrate", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    public static JsonObject AdultOrs(JsonObject result) => result["calibrations"]!.AsArray().Select(c => c!.AsObject())
        .Single(c => (string?)c["instrument"] == "ORS" && (int)c["minAge"]! == 18);
}

/// <summary>Too few closed episodes: the calibration says so and the session 3 / 6 rules stay in force.</summary>
public class TrajectoryFallbackTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task BelowTheMinimumTheSessionRulesApplyAndTheCalibrationSaysSo()
    {
        var department = await Clinic.DepartmentAsync();
        await ClosedEpisodes.InsertAsync(Factory, department, KnownTrajectory.Generate(99, 1));
        var ors = Trajectories.AdultOrs(await Trajectories.RecalibrateAsync(Clinic));
        Assert.Equal("sessionRules", (string?)ors["method"]);
        Assert.Equal(99, (int)ors["episodesUsed"]!);
        Assert.Equal(100, (int)ors["minimumEpisodes"]!);
        Assert.Contains("99", (string?)ors["fallback"]!["messageEn"]);
        Assert.Contains("session 3 and 6 rules", (string?)ors["fallback"]!["messageEn"]);
        Assert.Empty(ors["points"]!.AsArray());

        var http = Factory.As("clinician", department);
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        foreach (var date in new[] { "2025-01-06", "2025-01-13", "2025-01-20" })
            await SessionAsync(http, episode, date, OrsTotal(15m));
        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal("orange", (string?)read["expectedTrajectory"]!["status"]);
        Assert.Equal("sessionRules", (string?)read["expectedTrajectory"]!["method"]);
        Assert.Contains(read["openAlerts"]!.AsArray(), a => (string?)a!["kind"] == "noImprovementBySession3");
    }

    [Fact]
    public async Task OnlyAdminsRecalibrateAndAnyoneSignedInSeesTheCalibration()
    {
        var department = await Clinic.DepartmentAsync();
        var supervisor = Factory.As("supervisor", department);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync("/api/v1/trajectories/recalibrate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/v1/trajectories/calibrations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Factory.As("evaluator").GetAsync("/api/v1/trajectories/calibrations")).StatusCode);
    }

}

/// <summary>Several service processes: one recalibration at a time (own database, so no calibration exists before).</summary>
public class TrajectoryLockTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task OneRecalibrationAtATimeAcrossProcesses()
    {
        // Another process holds the lock: the admin is told, and nothing is written.
        await using (var other = await Factory.OpenAsync())
        {
            await other.ExecuteAsync("select pg_advisory_lock(@key)", new { key = 0x464954_54524AL });
            var busy = await Clinic.Admin.PostAsync("/api/v1/trajectories/recalibrate", null);
            await AssertProblemAsync(busy, HttpStatusCode.Conflict, "recalibrate");
            Assert.Equal(0, await other.ExecuteScalarAsync<int>("select count(*) from trajectory_calibrations"));
            await other.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = 0x464954_54524AL });
        }
        // Two scheduled runs at once (as from two processes): exactly one recalibrates.
        var calibrator = Factory.Services.GetRequiredService<TrajectoryCalibrator>();
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            calibrator.RunAsync(TrajectoryCalibrator.Scheduled, TimeSpan.FromHours(1), CancellationToken.None)));
        Assert.Single(runs, r => r.Ran);
    }
}

/// <summary>A calibration from a known trajectory, recovered through the API, and the status boundaries it implies.</summary>
public class TrajectoryCalibrationTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task RecalibrationRecoversAKnownTrajectoryAndStatusesFollowIt()
    {
        // 1,000 closed adult ORS episodes from the trajectory of KnownTrajectory (median and 25th percentile known).
        var department = await Clinic.DepartmentAsync();
        await ClosedEpisodes.InsertAsync(Factory, department, KnownTrajectory.Generate(1000, 42));
        var ors = Trajectories.AdultOrs(await Trajectories.RecalibrateAsync(Clinic));
        Assert.Equal("quantileRegression", (string?)ors["method"]);
        Assert.Equal(1000, (int)ors["episodesUsed"]!);
        Assert.Null(ors["fallback"]);
        // Tolerance 1.0 point for sessions 2–6 (≥ 540 episodes each: the SE at the edge of the intake range is ≤ 0.27).
        foreach (var point in ors["points"]!.AsArray().Select(p => p!.AsObject()).Where(p => (int)p["session"]! <= 6))
        {
            var session = (int)point["session"]!;
            foreach (var intake in new[] { 10.0, 19.0, 28.0 })
            {
                var median = (double)point["medianIntercept"]! + (double)point["medianSlope"]! * intake;
                var bound = (double)point["boundIntercept"]! + (double)point["boundSlope"]! * intake;
                Assert.InRange(median - KnownTrajectory.TrueMedian(intake, session), -1.0, 1.0);
                Assert.InRange(bound - (KnownTrajectory.TrueMedian(intake, session) - KnownTrajectory.TrueBoundOffset), -1.0, 1.0);
            }
        }
        Assert.InRange((double)ors["fit"]!["shareWorseThanExpected"]!, 0.45, 0.55);
        Assert.InRange((double)ors["fit"]!["shareWorseThanBound"]!, 0.20, 0.30);
    }
}

/// <summary>
/// Crafted closed episodes make the curves exact: session 2 = intake + 5 for 70 % of episodes and = intake for 30 %
/// (interleaved over the intake range), so the median line is intake + 5 and the 25th percentile line is intake. (With
/// exactly 25 % at the lower value the 25th percentile line would not be unique.)
/// </summary>
public class TrajectoryBoundaryTests(FitServiceFactory factory) : ApiTest(factory)
{
    Task<string> CalibratedDepartmentAsync() => CalibratedDepartmentAsync(Factory, Clinic);

    [Theory]
    [InlineData(25.0, "green", false)]   // exactly at expected (20 + 5)
    [InlineData(24.9, "orange", false)]
    [InlineData(20.0, "orange", false)]  // exactly at the lower bound
    [InlineData(19.9, "red", true)]
    public async Task TheStatusAndAlertFollowTheCalibratedBoundsExactly(decimal second, string status, bool alert)
    {
        var department = await CalibratedDepartmentAsync();
        var http = Factory.As("clinician", department);
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m));
        var session = await SessionAsync(http, episode, "2025-01-13", OrsTotal(second));
        var raised = session["alerts"]!.AsArray().SingleOrDefault(a => (string?)a!["kind"] == "belowExpectedTrajectory");
        Assert.Equal(alert, raised is not null);

        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        var trajectory = read["expectedTrajectory"]!;
        Assert.Equal(status, (string?)trajectory["status"]);
        Assert.Equal("quantileRegression", (string?)trajectory["method"]);
        Assert.Equal(25.0m, (decimal)trajectory["expected"]!);
        Assert.Equal(20.0m, (decimal)trajectory["bound"]!);
        if (raised is null) return;
        Assert.Equal("medium", (string?)raised["severity"]);
        Assert.Equal(19.9m, (decimal)raised["value"]!);
        Assert.Equal(20.0m, (decimal)raised["threshold"]!);

        // The queue shows it with its status; the next score on track clears it.
        var row = (await Json(await Factory.As("supervisor", department).GetAsync("/api/v1/alerts?kind=belowExpectedTrajectory")))["rows"]![0]!;
        Assert.Equal("red", (string?)row["trajectory"]!["status"]);
        var third = await SessionAsync(http, episode, "2025-01-20", OrsTotal(25m));
        Assert.DoesNotContain(third["alerts"]!.AsArray(), a => (string?)a!["kind"] == "belowExpectedTrajectory");
    }

    public static async Task<string> CalibratedDepartmentAsync(FitServiceFactory factory, Clinic clinic)
    {
        var department = await clinic.DepartmentAsync();
        var episodes = Enumerable.Range(0, 100)
            .Select(i => (IReadOnlyList<double>)[10 + 0.2 * i, 10 + 0.2 * i + (i % 10 < 3 ? 0 : 5)]).ToList();
        await ClosedEpisodes.InsertAsync(factory, department, episodes);
        var ors = Trajectories.AdultOrs(await Trajectories.RecalibrateAsync(clinic));
        var point = ors["points"]![0]!;
        Assert.Equal(5.0, (double)point["medianIntercept"]!, 1e-6);
        Assert.Equal(1.0, (double)point["medianSlope"]!, 1e-6);
        Assert.Equal(0.0, (double)point["boundIntercept"]!, 1e-6);
        return department;
    }
}

/// <summary>Open episodes are re-evaluated when a calibration first becomes available (own database: none exists before).</summary>
public class TrajectoryTakeoverTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task CalibrationReplacesTheSessionRulesForOpenEpisodesAndSaysSo()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(20m));
        var third = await SessionAsync(http, episode, "2025-01-20", OrsTotal(19.9m));
        var discuss = third["alerts"]!.AsArray().Single(a => (string?)a!["kind"] == "noImprovementBySession3")!["id"]!.GetValue<Guid>();

        await TrajectoryBoundaryTests.CalibratedDepartmentAsync(Factory, Clinic); // recalibrates every open episode too

        var supervisor = Factory.As("supervisor", department);
        var cleared = await Json(await supervisor.GetAsync($"/api/v1/alerts/{discuss}"));
        Assert.Equal("cleared", (string?)cleared["status"]);
        Assert.Equal("replacedByTrajectory", (string?)cleared["clearedReason"]);
        var live = (await Json(await supervisor.GetAsync("/api/v1/alerts")))["rows"]!.AsArray().Single()!;
        Assert.Equal("belowExpectedTrajectory", (string?)live["kind"]); // 19.9 < 20.0 at session 3 (session 2's lines)
        Assert.Equal("red", (string?)live["trajectory"]!["status"]);

        // The recalibration also rewrote the reports' copy of the status on the episode row (migration 0032).
        await using var db = await Factory.OpenAsync();
        Assert.False(await db.ExecuteScalarAsync<bool?>("select trajectory_on_track from episodes where id = @episode", new { episode }));
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("""
            select count(*) from episodes e left join episode_trajectories t on t.episode_id = e.id
            where e.trajectory_on_track is distinct from (case when t.method = 'quantileRegression' then t.status = 'green' end)
            """));
    }
}

/// <summary>The scheduled recalibration runs by itself.</summary>
public class TrajectoryScheduleTests(TrajectoryScheduleTests.ScheduledFactory factory) : IClassFixture<TrajectoryScheduleTests.ScheduledFactory>
{
    public sealed class ScheduledFactory : FitServiceFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Trajectories:RecalibrateEvery", "00:00:01");
        }
    }

    [Fact]
    public async Task TheBackgroundServiceRecalibratesOnItsInterval()
    {
        await using var db = await factory.OpenAsync();
        for (var i = 0; i < 100; i++)
        {
            if (await db.ExecuteScalarAsync<int>("select count(*) from trajectory_calibrations where calibrated_by = 'schedule'") > 0) return;
            await Task.Delay(100);
        }
        Assert.Fail("No scheduled calibration within 10 s.");
    }
}
