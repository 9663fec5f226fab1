using System.Net;
using System.Net.Http.Json;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

public class EpisodeListTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task ListsTheDepartmentsOpenEpisodesWithTheirSummary()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var quiet = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department, "2025-01-06");
        var flagged = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department, "2025-02-03");
        await SessionAsync(http, flagged, "2025-02-03", Ors(4.0m, 5.0m, 4.5m, 4.0m), Srs(9.5m, 9.0m, 9.2m, 9.4m));
        await SessionAsync(http, flagged, "2025-02-10", Ors(6.0m, 6.5m, 6.0m, 6.0m), Srs(9.6m, 8.4m, 9.3m, 9.5m));

        var list = await Json(await http.GetAsync($"/api/v1/episodes?department={department}"));

        Assert.Equal(2, (int)list["total"]!);
        var items = list["items"]!.AsArray();
        Assert.Equal([flagged, quiet], items.Select(i => (Guid)i!["id"]!)); // newest start first
        var row = items[0]!;
        Assert.StartsWith("Test-Hare-", (string?)row["pseudonym"]);
        Assert.Equal(department, (string?)row["departmentCode"]);
        Assert.Equal("ORS", (string?)row["outcomeInstrument"]);
        Assert.Equal(2, (int)row["sessionCount"]!);
        Assert.Equal(17.5m, (decimal)row["intakeTotal"]!);
        Assert.Equal(24.5m, (decimal)row["lastTotal"]!);
        Assert.Equal("improved", (string?)row["category"]);
        Assert.Equal(1, (int)row["openAlerts"]!);
        Assert.Equal(0, (int)items[1]!["sessionCount"]!);
        Assert.Equal(0, (int)items[1]!["openAlerts"]!);
    }

    [Fact]
    public async Task StatusChoosesOpenClosedOrAllEpisodes()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var open = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        var closed = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        var close = await http.PostAsJsonAsync($"/api/v1/episodes/{closed}/close", new { endedOn = "2025-03-01", endReason = "planned" });
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);

        async Task<Guid[]> Ids(string status) =>
            (await Json(await http.GetAsync($"/api/v1/episodes?department={department}&status={status}")))["items"]!
                .AsArray().Select(i => (Guid)i!["id"]!).ToArray();

        Assert.Equal([open], await Ids("open"));
        Assert.Equal([closed], await Ids("closed"));
        Assert.Equal(2, (await Ids("all")).Length);
    }

    [Fact]
    public async Task PagesWithLimitAndOffsetAndReportsTheTotal()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        for (var i = 0; i < 3; i++)
            await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department, $"2025-01-0{i + 1}");

        var first = await Json(await http.GetAsync($"/api/v1/episodes?department={department}&limit=2"));
        var second = await Json(await http.GetAsync($"/api/v1/episodes?department={department}&limit=2&offset=2"));

        Assert.Equal(3, (int)first["total"]!);
        Assert.Equal(3, (int)second["total"]!);
        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => (Guid)i!["id"]!).ToList();
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task AnotherDepartmentIsRefusedNamingTheDepartment()
    {
        var mine = await Clinic.DepartmentAsync();
        var theirs = await Clinic.DepartmentAsync();
        var other = Factory.As("clinician", theirs);
        await Clinic.EpisodeAsync(other, await Clinic.ClientAsync(other, theirs), theirs);

        foreach (var role in new[] { "clinician", "supervisor" })
        {
            var response = await Factory.As(role, mine).GetAsync($"/api/v1/episodes?department={theirs}");
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "department");
        }
    }

    [Theory]
    [InlineData("evaluator")]
    [InlineData("admin")]
    public async Task EvaluatorsAndAdminsCannotListEpisodes(string role)
    {
        var department = await Clinic.DepartmentAsync();
        var response = await Factory.As(role, department).GetAsync($"/api/v1/episodes?department={department}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("", "department")]
    [InlineData("department=demo-a", "department")]
    [InlineData("department={0}&status=pending", "status")]
    [InlineData("department={0}&limit=0", "limit")]
    [InlineData("department={0}&limit=201", "limit")]
    [InlineData("department={0}&limit=ten", "limit")]
    [InlineData("department={0}&offset=-1", "offset")]
    [InlineData("department={0}&offset=1e3", "offset")]
    public async Task BadParametersAreRefusedNamingTheField(string query, string field)
    {
        var department = await Clinic.DepartmentAsync();
        var response = await Factory.As("clinician", department).GetAsync("/api/v1/episodes?" + string.Format(query, department));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task EveryListedClientIsWrittenToTheAccessLog()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var clients = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var client = await Clinic.ClientAsync(http, department);
            await Clinic.EpisodeAsync(http, client, department);
            clients.Add(client);
        }

        var response = await http.GetAsync($"/api/v1/episodes?department={department}&limit=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = (await Json(response))["items"]!.AsArray().Select(i => (Guid)i!["clientId"]!).ToArray();

        await using var db = await Factory.OpenAsync();
        var logged = (await db.QueryAsync<(Guid ClientId, Guid? EpisodeId, string Role)>(
            "select client_id, episode_id, role from access_log where action = 'episode.list' and client_id = any(@clients)",
            new { clients = clients.ToArray() })).ToList();
        Assert.Equal(listed.Order(), logged.Select(l => l.ClientId).Order());
        Assert.All(logged, l => Assert.NotNull(l.EpisodeId));
        Assert.All(logged, l => Assert.Equal("clinician", l.Role));
    }
}
