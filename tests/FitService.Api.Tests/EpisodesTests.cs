using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

public class EpisodesTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Theory]
    // Defaults by age at the episode start (docs/api.md): ORS/SRS from 13, CORS/CSRS 6-12, YCORS/CSRS under 6.
    [InlineData(1990, "ORS", "SRS", 25)]
    [InlineData(2010, "ORS", "SRS", 28)]   // 15 in 2025: adolescent cutoff
    [InlineData(2012, "ORS", "SRS", 28)]   // 13
    [InlineData(2013, "CORS", "CSRS", 32)] // 12
    [InlineData(2019, "CORS", "CSRS", 32)] // 6
    [InlineData(2020, "YCORS", "CSRS", null)] // 5
    public async Task InstrumentsAreChosenByAgeAtTheStart(int birthYear, string outcome, string alliance, int? cutoff)
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(http, department, birthYear);
        var episode = await Clinic.EpisodeAsync(http, client, department, "2025-03-01");
        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal(outcome, (string?)read["outcomeInstrument"]!["code"]);
        Assert.Equal(alliance, (string?)read["allianceInstrument"]!["code"]);
        Assert.Equal((decimal?)cutoff, (decimal?)read["outcomeInstrument"]!["clinicalCutoff"]);
        Assert.Equal(2025 - birthYear, (int)read["ageAtStart"]!);
    }

    [Fact]
    public async Task AnExplicitInstrumentOverridesTheDefault()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(http, department);
        var created = await http.PostAsJsonAsync("/api/v1/episodes",
            new { clientId = client, departmentCode = department, startedOn = "2025-03-01", allianceInstrument = "GSRS" });
        Assert.Equal("GSRS", (string?)(await Json(created))["allianceInstrument"]!["code"]);
    }

    [Theory]
    [InlineData("outcomeInstrument", "NOPE")]
    [InlineData("outcomeInstrument", "SRS")]
    [InlineData("allianceInstrument", "ORS")]
    public async Task AnUnknownOrWrongKindOfInstrumentIsRefused(string field, string code)
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(http, department);
        var body = new Dictionary<string, object> { ["clientId"] = client, ["departmentCode"] = department, ["startedOn"] = "2025-03-01", [field] = code };
        await AssertProblemAsync(await http.PostAsJsonAsync("/api/v1/episodes", body), HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("2025-13-01", "startedOn")]
    [InlineData("2999-01-01", "startedOn")]
    [InlineData("1980-01-01", "startedOn")] // before the birth year
    public async Task BadStartDatesAreRefused(string startedOn, string field)
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(http, department);
        var response = await http.PostAsJsonAsync("/api/v1/episodes", new { clientId = client, departmentCode = department, startedOn });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task AnEpisodeForAnotherDepartmentsClientIsRefused()
    {
        var department = await Clinic.DepartmentAsync();
        var other = await Clinic.DepartmentAsync();
        var client = await Clinic.ClientAsync(Factory.As("clinician", department), department);
        var response = await Factory.As("clinician", other).PostAsJsonAsync("/api/v1/episodes",
            new { clientId = client, departmentCode = other, startedOn = "2025-03-01" });
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "clientId");
    }

    [Fact]
    public async Task ClosingAnEpisodeRecordsTheReasonOnce()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(18m));
        await SessionAsync(http, episode, "2025-01-20", OrsTotal(26m));

        var early = await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-01-13", endReason = "planned" });
        await AssertProblemAsync(early, HttpStatusCode.BadRequest, "endedOn");
        var badReason = await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-01-20", endReason = "bored" });
        await AssertProblemAsync(badReason, HttpStatusCode.BadRequest, "endReason");

        var closed = await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-01-20", endReason = "planned" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var body = await Json(closed);
        Assert.Equal("2025-01-20", (string?)body["endedOn"]);
        Assert.Equal("planned", (string?)body["endReason"]);
        Assert.Equal("recovered", (string?)body["category"]);

        var again = await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-01-20", endReason = "dropout" });
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "endedOn");
        var late = await PostSessionAsync(http, episode, new { date = "2025-01-27", outcome = OrsTotal(27m) });
        await AssertProblemAsync(late, HttpStatusCode.BadRequest, "date");
    }

    [Fact]
    public async Task ClosingAnEpisodeTakesItsAlertsOutOfTheQueueAndSaysWhy()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(18m), Srs(9.5m, 8.0m, 9.5m, 9.5m));
        var supervisor = Factory.As("supervisor", department);
        var queue = await Json(await supervisor.GetAsync($"/api/v1/alerts?department={department}"));
        var alert = (Guid)queue["rows"]![0]!["id"]!;

        await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-01-06", endReason = "dropout" });

        Assert.Empty((await Json(await supervisor.GetAsync($"/api/v1/alerts?department={department}")))["rows"]!.AsArray());
        var detail = await Json(await supervisor.GetAsync($"/api/v1/alerts/{alert}"));
        Assert.Equal("cleared", (string?)detail["status"]);
        Assert.Equal("episodeClosed", (string?)detail["clearedReason"]);
    }

    [Fact]
    public async Task AnotherDepartmentCannotReadOrCloseTheEpisode()
    {
        var (_, _, episode) = await Clinic.AdultEpisodeAsync();
        var outsider = Factory.As("supervisor", await Clinic.DepartmentAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/episodes/{episode}")).StatusCode);
        var close = await outsider.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-01-20", endReason = "planned" });
        Assert.Equal(HttpStatusCode.NotFound, close.StatusCode);
    }

    [Fact]
    public async Task AClinicianWithSeveralDepartmentsSeesEach()
    {
        var a = await Clinic.DepartmentAsync();
        var b = await Clinic.DepartmentAsync();
        var both = Factory.As("clinician", a, b);
        var inB = await Clinic.EpisodeAsync(both, await Clinic.ClientAsync(both, b), b);
        Assert.Equal(HttpStatusCode.OK, (await both.GetAsync($"/api/v1/episodes/{inB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Factory.As("clinician", a).GetAsync($"/api/v1/episodes/{inB}")).StatusCode);
    }
}
