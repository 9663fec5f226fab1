using System.Net;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// The episode read carries what its graph needs: dates per session, the cutoff for the client's age with its age band,
/// the basis of the status, the expected band from the calibration the status was judged against, and the plain
/// feedback status. Calibrated with the crafted curves of <see cref="TrajectoryBoundaryTests"/>: expected = intake + 5,
/// bound = intake, fitted at session 2 (later sessions reuse them).
/// </summary>
public class EpisodeGraphCalibratedTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task ACalibratedEpisodeCarriesItsExpectedBandThroughTheNextSession()
    {
        var department = await TrajectoryBoundaryTests.CalibratedDepartmentAsync(Factory, Clinic);
        var calibration = (await JsonArray(await Factory.As("clinician", department).GetAsync("/api/v1/trajectories/calibrations")))
            .Select(c => c!.AsObject()).Single(c => (string?)c["instrument"] == "ORS" && (int)c["minAge"]! == 18);
        var http = Factory.As("clinician", department);
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);

        // Intake only: the band already shows where session 2 should be; nothing to judge yet.
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        var read = await ReadAsync(http, episode);
        Assert.Equal("calibratedTrajectory", (string?)read["statusBasis"]);
        Assert.Equal([(2, 25.0m, 20.0m)], Band(read));
        Assert.Equal("baseline", (string?)read["feedback"]!["progress"]);

        // Session 2 between the bound and the expected score: orange, "not yet"; the band reaches session 3.
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(22m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        read = await ReadAsync(http, episode);
        Assert.Equal("orange", (string?)read["expectedTrajectory"]!["status"]);
        Assert.Equal("notYet", (string?)read["feedback"]!["progress"]);
        Assert.False((bool)read["feedback"]!["allianceLow"]!);
        Assert.Equal([(2, 25.0m, 20.0m), (3, 25.0m, 20.0m)], Band(read));
        Assert.Equal(["orange", null], read["expectedBand"]!["points"]!.AsArray().Select(p => (string?)p!["zone"]));
        var band = read["expectedBand"]!;
        Assert.Equal((long)calibration["id"]!, (long)band["calibrationId"]!);
        Assert.Equal(DateTimeOffset.Parse((string)calibration["calibratedAt"]!), DateTimeOffset.Parse((string)band["calibratedAt"]!));
        Assert.Equal(100, (int)band["episodesUsed"]!);
        Assert.Equal(0.25, (double)band["boundQuantile"]!);
        Assert.Equal(["2025-01-06", "2025-01-13"], read["trajectory"]!.AsArray().Select(p => (string?)p!["date"]));
        Assert.Equal(25m, (decimal)read["outcomeInstrument"]!["clinicalCutoff"]!);
        Assert.Equal(18, (int)read["outcomeInstrument"]!["cutoffAges"]!["minAge"]!);
        Assert.Null(read["outcomeInstrument"]!["cutoffAges"]!["maxAge"]);
        Assert.Equal(36m, (decimal)read["allianceInstrument"]!["clinicalCutoff"]!);

        // At the expected score with a low SRS: improving, and the alliance is low.
        await SessionAsync(http, episode, "2025-01-20", OrsTotal(25m), Srs(8.5m, 9.0m, 9.0m, 9.0m));
        read = await ReadAsync(http, episode);
        Assert.Equal("green", (string?)read["expectedTrajectory"]!["status"]);
        Assert.Equal("improving", (string?)read["feedback"]!["progress"]);
        Assert.True((bool)read["feedback"]!["allianceLow"]!);
        Assert.Equal([2, 3, 4], Band(read).Select(p => p.Item1));
        Assert.Equal(["orange", "green", null], read["expectedBand"]!["points"]!.AsArray().Select(p => (string?)p!["zone"]));

        // Closed: the band ends at the last session.
        var close = await http.PostAsync($"/api/v1/episodes/{episode}/close",
            System.Net.Http.Json.JsonContent.Create(new { endedOn = "2025-01-27", endReason = "planned" }));
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal([2, 3], Band(await ReadAsync(http, episode)).Select(p => p.Item1));
    }

    internal static async Task<JsonObject> ReadAsync(HttpClient http, Guid episode)
    {
        var response = await http.GetAsync($"/api/v1/episodes/{episode}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    static List<(int, decimal, decimal)> Band(JsonObject read) => read["expectedBand"]!["points"]!.AsArray()
        .Select(p => ((int)p!["session"]!, (decimal)p["expected"]!, (decimal)p["bound"]!)).ToList();
}

/// <summary>Without a calibration (own database: none exists) the status comes from the session rules, and the read says so.</summary>
public class EpisodeGraphSessionRulesTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task AnUncalibratedEpisodeIsJudgedByTheSessionRulesAndHasNoBand()
    {
        // An adolescent (15 at the start): the ORS cutoff for 13–17 is 28.
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department, birthYear: 2010), department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(21m), Srs(8.0m, 8.5m, 9.0m, 9.0m));

        var read = await EpisodeGraphCalibratedTests.ReadAsync(http, episode);
        Assert.Equal("sessionRules", (string?)read["statusBasis"]);
        Assert.Null(read["expectedBand"]);
        Assert.Equal("notYet", (string?)read["feedback"]!["progress"]);
        Assert.True((bool)read["feedback"]!["allianceLow"]!);
        Assert.Equal(28m, (decimal)read["outcomeInstrument"]!["clinicalCutoff"]!);
        Assert.Equal(13, (int)read["outcomeInstrument"]!["cutoffAges"]!["minAge"]!);
        Assert.Equal(17, (int)read["outcomeInstrument"]!["cutoffAges"]!["maxAge"]!);

        // Reliably better (≥ 5 points): improving; reliably worse: deteriorating.
        await SessionAsync(http, episode, "2025-01-20", OrsTotal(26m));
        Assert.Equal("improving", (string?)(await EpisodeGraphCalibratedTests.ReadAsync(http, episode))["feedback"]!["progress"]);
        await SessionAsync(http, episode, "2025-01-27", OrsTotal(14m));
        read = await EpisodeGraphCalibratedTests.ReadAsync(http, episode);
        Assert.Equal("deteriorating", (string?)read["feedback"]!["progress"]);
        Assert.Equal("sessionRules", (string?)read["statusBasis"]);
        Assert.False((bool)read["feedback"]!["allianceLow"]!); // no SRS at the latest session
    }
}

/// <summary>The band costs no round trip: the calibration and its curves come in the read's one batch.</summary>
public class EpisodeGraphRoundTripTests(CountedFactory factory) : IClassFixture<CountedFactory>
{
    const int RoundTripsPerEpisodeRead = 4;

    [Fact]
    public async Task ReadingACalibratedEpisodeTakesNoMoreRoundTripsThanAnUncalibratedOne()
    {
        var clinic = new Clinic(factory);
        var department = await TrajectoryBoundaryTests.CalibratedDepartmentAsync(factory, clinic);
        var http = factory.As("clinician", department);
        var adult = await clinic.EpisodeAsync(http, await clinic.ClientAsync(http, department), department);
        var adolescent = await clinic.EpisodeAsync(http, await clinic.ClientAsync(http, department, birthYear: 2010), department);
        foreach (var episode in new[] { adult, adolescent })
        {
            await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
            await SessionAsync(http, episode, "2025-01-13", OrsTotal(22m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        }
        await EpisodeGraphCalibratedTests.ReadAsync(http, adult); // warms the pool and the instruments

        Assert.Equal(RoundTripsPerEpisodeRead, await RoundTripsOfReadAsync(http, adult, "calibratedTrajectory"));
        Assert.Equal(RoundTripsPerEpisodeRead, await RoundTripsOfReadAsync(http, adolescent, "sessionRules"));
    }

    async Task<int> RoundTripsOfReadAsync(HttpClient http, Guid episode, string basis)
    {
        factory.Proxy.Reset();
        var read = await EpisodeGraphCalibratedTests.ReadAsync(http, episode);
        var trips = factory.Proxy.RoundTrips;
        Assert.Equal(basis, (string?)read["statusBasis"]);
        return trips;
    }
}
