using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>The caseload: by risk (red, orange, overdue), the overdue mark at exactly the set weeks, "mine" and search.</summary>
public class CaseloadTests(FitServiceFactory factory) : ApiTest(factory)
{
    static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>A day counted back from today in Norway, as the service counts it.</summary>
    static string DaysAgo(int days) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Oslo).DateTime).AddDays(-days).ToString("yyyy-MM-dd");

    async Task<Guid> EpisodeAsync(HttpClient http, string department, int startedDaysAgo) =>
        await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department, DaysAgo(startedDaysAgo));

    static async Task<List<JsonObject>> ListAsync(HttpClient http, string query)
    {
        var response = await http.GetAsync($"/api/v1/episodes?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await Json(response))["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    static Guid Id(JsonObject item) => (Guid)item["id"]!;

    [Fact]
    public async Task AnOpenEpisodeIsOverdueExactlyAtTheSetNumberOfWeeksWithoutASession()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var fourWeeks = await EpisodeAsync(http, department, 60);
        await SessionAsync(http, fourWeeks, DaysAgo(28), OrsTotal(20m));
        var dayShort = await EpisodeAsync(http, department, 60);
        await SessionAsync(http, dayShort, DaysAgo(27), OrsTotal(20m));
        var neverSeen = await EpisodeAsync(http, department, 28);   // no session since the start, four weeks ago
        var newlyStarted = await EpisodeAsync(http, department, 27);
        var closed = await EpisodeAsync(http, department, 90);
        await SessionAsync(http, closed, DaysAgo(80), OrsTotal(20m));
        var close = await http.PostAsJsonAsync($"/api/v1/episodes/{closed}/close", new { endedOn = DaysAgo(70), endReason = "planned" });
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);

        var response = await Json(await http.GetAsync($"/api/v1/episodes?department={department}&status=all"));

        Assert.Equal(4, (int)response["overdueWeeks"]!);
        var overdue = response["items"]!.AsArray().ToDictionary(i => (Guid)i!["id"]!, i => (bool)i!["overdue"]!);
        Assert.True(overdue[fourWeeks]);
        Assert.False(overdue[dayShort]);
        Assert.True(overdue[neverSeen]);
        Assert.False(overdue[newlyStarted]);
        Assert.False(overdue[closed]);
        var row = response["items"]!.AsArray().Single(i => (Guid)i!["id"]! == fourWeeks)!;
        Assert.Equal(DaysAgo(28), (string?)row["lastSessionOn"]);
    }

    [Fact]
    public async Task TheOverdueWeeksAreASetting()
    {
        await using var twoWeeks = new SettingsFactory(("Caseload:OverdueWeeks", "2"));
        await twoWeeks.InitializeAsync();
        var clinic = new Clinic(twoWeeks);
        var department = await clinic.DepartmentAsync();
        var http = twoWeeks.As("clinician", department);
        var fourteenDays = await clinic.EpisodeAsync(http, await clinic.ClientAsync(http, department), department, DaysAgo(30));
        await SessionAsync(http, fourteenDays, DaysAgo(14), OrsTotal(20m));
        var thirteenDays = await clinic.EpisodeAsync(http, await clinic.ClientAsync(http, department), department, DaysAgo(30));
        await SessionAsync(http, thirteenDays, DaysAgo(13), OrsTotal(20m));

        var response = await Json(await http.GetAsync($"/api/v1/episodes?department={department}"));

        Assert.Equal(2, (int)response["overdueWeeks"]!);
        var overdue = response["items"]!.AsArray().ToDictionary(i => (Guid)i!["id"]!, i => (bool)i!["overdue"]!);
        Assert.True(overdue[fourteenDays]);
        Assert.False(overdue[thirteenDays]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("53")]
    public async Task AnOverdueWeeksOutsideOneToFiftyTwoStopsTheServiceAtStartUp(string weeks)
    {
        await using var wrong = new SettingsFactory(("Caseload:OverdueWeeks", weeks));
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await wrong.InitializeAsync());
        Assert.Contains("Caseload:OverdueWeeks", failure.ToString());
    }

    [Fact]
    public async Task ByRiskTheListIsRedThenOrangeThenOverdueThenTheRest()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var rest = await EpisodeAsync(http, department, 20);
        await SessionAsync(http, rest, DaysAgo(20), OrsTotal(20m));
        var overdue = await EpisodeAsync(http, department, 40);
        await SessionAsync(http, overdue, DaysAgo(40), OrsTotal(20m));
        var orange = await EpisodeAsync(http, department, 10);
        await SessionAsync(http, orange, DaysAgo(10), OrsTotal(20m), Srs(9m, 9m, 9m, 8.9m)); // alliance below 36: medium
        var red = await EpisodeAsync(http, department, 14);
        await SessionAsync(http, red, DaysAgo(14), OrsTotal(20m));
        await SessionAsync(http, red, DaysAgo(7), OrsTotal(14m));                           // reliable deterioration: high

        var byRisk = await ListAsync(http, $"department={department}&sort=risk");

        Assert.Equal([red, orange, overdue, rest], byRisk.Select(Id));
        Assert.Equal(["red", "orange", "none", "none"], byRisk.Select(i => (string)i["risk"]!));
        Assert.Equal([false, false, true, false], byRisk.Select(i => (bool)i["overdue"]!));
        // The default order stays newest start first, for existing clients.
        Assert.Equal([orange, red, rest, overdue], (await ListAsync(http, $"department={department}")).Select(Id));
    }

    [Fact]
    public async Task SearchFindsPartOfAPseudonymInAnyCaseAndTakesWildcardsLiterally()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var wanted = await EpisodeAsync(http, department, 5);
        await EpisodeAsync(http, department, 5);
        var pseudonym = (string)(await Json(await http.GetAsync($"/api/v1/episodes/{wanted}")))["pseudonym"]!;

        var found = await ListAsync(http, $"department={department}&search={Uri.EscapeDataString(pseudonym[^6..].ToUpperInvariant())}");

        Assert.Equal([wanted], found.Select(Id));
        Assert.Equal(2, (await ListAsync(http, $"department={department}&search=test-hare")).Count);
        Assert.Empty(await ListAsync(http, $"department={department}&search=%25"));
        Assert.Empty(await ListAsync(http, $"department={department}&search=_"));
    }

    [Fact]
    public async Task MineListsTheEpisodesIOpenedOrRecordedASessionIn()
    {
        var department = await Clinic.DepartmentAsync();
        var first = Factory.As("clinician", department);
        var second = Factory.WithToken(Factory.Token("clinician", $"test-second-{department}", [department]));
        var firstOnly = await EpisodeAsync(first, department, 10);
        var shared = await EpisodeAsync(first, department, 10);
        await SessionAsync(second, shared, DaysAgo(3), OrsTotal(20m));                   // the second clinician recorded here
        var secondsOwn = await EpisodeAsync(second, department, 10);

        Assert.Equal(new[] { shared, secondsOwn }.Order(), (await ListAsync(second, $"department={department}&mine=true")).Select(Id).Order());
        Assert.Equal(new[] { firstOnly, shared }.Order(), (await ListAsync(first, $"department={department}&mine=true")).Select(Id).Order());
        Assert.Equal(3, (await ListAsync(second, $"department={department}&mine=false")).Count);
    }

    [Theory]
    [InlineData("mine=yes", "mine")]
    [InlineData("sort=severity", "sort")]
    [InlineData("search=", "search")]
    [InlineData("search=%00", "search")]
    public async Task BadCaseloadQueriesAre400NamingTheField(string query, string field)
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await AssertProblemAsync(await http.GetAsync($"/api/v1/episodes?department={department}&{query}"), HttpStatusCode.BadRequest, field);
        await AssertProblemAsync(await http.GetAsync($"/api/v1/episodes?department={department}&search={new string('x', 101)}"),
            HttpStatusCode.BadRequest, "search");
    }
}
