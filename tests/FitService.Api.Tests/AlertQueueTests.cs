using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>The supervisor's queue, its counts and the acknowledge / resolve workflow.</summary>
public class AlertQueueTests(FitServiceFactory factory) : ApiTest(factory)
{
    const string Note = "Drøftet i veiledning / discussed in supervision";

    /// <summary>An episode whose latest session raises exactly one alert of the given severity.</summary>
    async Task<Guid> FlaggedEpisodeAsync(HttpClient http, string department, string severity)
    {
        var client = await Clinic.ClientAsync(http, department);
        var episode = await Clinic.EpisodeAsync(http, client, department);
        switch (severity)
        {
            case "high": // reliable deterioration
                await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m));
                await SessionAsync(http, episode, "2025-01-13", OrsTotal(14m));
                break;
            case "medium": // alliance below 36 (and a low item, low)
                await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(9m, 9m, 9m, 8.9m));
                break;
            default: // one low alliance item
                await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(10m, 10m, 10m, 8.5m));
                break;
        }
        return episode;
    }

    static async Task<JsonObject> QueueAsync(HttpClient http, string query = "")
    {
        var response = await http.GetAsync($"/api/v1/alerts{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    static IEnumerable<JsonObject> Rows(JsonObject page) => page["rows"]!.AsArray().Select(r => r!.AsObject());

    [Fact]
    public async Task ASupervisorSeesOnlyTheirOwnDepartmentsCasesWithReasonAndTrajectory()
    {
        var mine = await Clinic.DepartmentAsync();
        var theirs = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", mine);
        var mineEpisode = await FlaggedEpisodeAsync(clinician, mine, "high");
        var theirsEpisode = await FlaggedEpisodeAsync(Factory.As("clinician", theirs), theirs, "high");

        var supervisor = Factory.As("supervisor", mine);
        var page = await QueueAsync(supervisor);
        var row = Assert.Single(Rows(page));
        Assert.Equal(1, (int)page["total"]!);
        Assert.Equal(mineEpisode, row["episodeId"]!.GetValue<Guid>());
        Assert.Equal("reliableDeterioration", (string?)row["kind"]);
        Assert.Equal("high", (string?)row["severity"]);
        Assert.StartsWith("Test-Hare-", (string?)row["pseudonym"]);
        Assert.Equal(2, (int)row["sessionCount"]!);
        Assert.Equal(20m, (decimal)row["intakeTotal"]!);
        Assert.Equal(14m, (decimal)row["lastTotal"]!);
        Assert.Equal(-6m, (decimal)row["value"]!);
        Assert.Equal("red", (string?)row["trajectory"]!["status"]);          // reliable deterioration under the fallback rules
        Assert.Equal("sessionRules", (string?)row["trajectory"]!["method"]);
        Assert.Equal($"test-clinician-{mine}", (string?)row["clinician"]);
        Assert.Contains("forverring", (string?)row["message"]);
        Assert.Contains("deterioration", (string?)row["messageEn"]);

        // The other department: neither by filter, nor by id.
        var forbidden = await supervisor.GetAsync($"/api/v1/alerts?department={theirs}");
        await AssertProblemAsync(forbidden, HttpStatusCode.Forbidden, "department");
        var theirsAlert = await TheirAlertIdAsync(theirsEpisode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/alerts/{theirsAlert}")).StatusCode);
        var ack = await supervisor.PostAsJsonAsync($"/api/v1/alerts/{theirsAlert}/acknowledge", new { note = Note });
        Assert.Equal(HttpStatusCode.NotFound, ack.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/episodes/{theirsEpisode}")).StatusCode);
    }

    async Task<Guid> TheirAlertIdAsync(Guid episode)
    {
        await using var db = await Factory.OpenAsync();
        return await db.ExecuteScalarAsync<Guid>("select id from alerts where episode_id = @episode and status = 'open'", new { episode });
    }

    [Theory]
    [InlineData("clinician")]
    [InlineData("evaluator")]
    [InlineData("admin")]
    public async Task OnlySupervisorsReadTheQueue(string role)
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As(role, department);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/alerts/summary")).StatusCode);
    }

    [Fact]
    public async Task ACliniciansOfAnotherDepartmentCannotReadOrWriteTheClientsData()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m));
        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        var clientId = read["clientId"]!.GetValue<Guid>();
        var outsider = Factory.As("clinician", await Clinic.DepartmentAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/episodes/{episode}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/clients/{clientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/episodes/{episode}/sessions/1/revisions")).StatusCode);
        var close = await outsider.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-02-01", endReason = "planned" });
        Assert.Equal(HttpStatusCode.NotFound, close.StatusCode);
        Assert.Equal(department, (string?)read["departmentCode"]);
    }

    [Fact]
    public async Task TheQueueIsSortedBySeverityThenLongestOpenAndPagedWithACursor()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var order = new List<Guid>();
        foreach (var severity in new[] { "low", "medium", "high", "low", "high" })
            order.Add(await FlaggedEpisodeAsync(clinician, department, severity));
        var supervisor = Factory.As("supervisor", department);

        var seen = new List<JsonObject>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await QueueAsync(supervisor, "?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(6, (int)page["total"]!); // the medium episode also has a low item alert
            Assert.Equal(2, (int)page["limit"]!);
            seen.AddRange(Rows(page));
            cursor = (string?)page["nextCursor"];
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(6, seen.Select(r => (Guid)r["id"]!).Distinct().Count());
        Assert.Equal(["high", "high", "medium", "low", "low", "low"], seen.Select(r => (string)r["severity"]!));
        // Within a severity, the alert open longest comes first.
        var raised = seen.Select(r => (DateTimeOffset)r["raisedAt"]!).ToList();
        Assert.True(raised[0] <= raised[1] && raised[3] <= raised[4] && raised[4] <= raised[5]);
        Assert.Equal([order[2], order[4]], seen.Take(2).Select(r => r["episodeId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task TheQueueFiltersByStatusSeverityKindAndClinician()
    {
        var department = await Clinic.DepartmentAsync();
        var first = Factory.Token("clinician", "test-clinician-first", [department]);
        var clinician = Factory.As("clinician", department);
        clinician.DefaultRequestHeaders.Authorization = new("Bearer", first);
        await FlaggedEpisodeAsync(clinician, department, "high");
        await FlaggedEpisodeAsync(Factory.As("clinician", department), department, "medium");
        var supervisor = Factory.As("supervisor", department);

        Assert.Equal(["high"], Rows(await QueueAsync(supervisor, "?severity=high")).Select(r => (string)r["severity"]!));
        Assert.Equal(2, Rows(await QueueAsync(supervisor, "?severity=medium,low")).Count());
        Assert.Equal(["allianceLowItem"], Rows(await QueueAsync(supervisor, "?kind=allianceLowItem")).Select(r => (string)r["kind"]!));
        Assert.Equal(["reliableDeterioration"],
            Rows(await QueueAsync(supervisor, "?clinician=test-clinician-first")).Select(r => (string)r["kind"]!));
        Assert.Empty(Rows(await QueueAsync(supervisor, "?status=resolved")));
        Assert.Equal(3, (int)(await QueueAsync(supervisor, $"?department={department}&status=open&status=acknowledged"))["total"]!);

        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts?status=closed"), HttpStatusCode.BadRequest, "status");
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts?severity=urgent"), HttpStatusCode.BadRequest, "severity");
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts?kind=mood"), HttpStatusCode.BadRequest, "kind");
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts?limit=0"), HttpStatusCode.BadRequest, "limit");
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts?limit=201"), HttpStatusCode.BadRequest, "limit");
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts?cursor=not-a-cursor"), HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task TheSummaryCountsPerDepartmentAndKind()
    {
        var a = await Clinic.DepartmentAsync();
        var b = await Clinic.DepartmentAsync();
        var other = await Clinic.DepartmentAsync();
        await FlaggedEpisodeAsync(Factory.As("clinician", a), a, "high");
        await FlaggedEpisodeAsync(Factory.As("clinician", a), a, "medium");
        await FlaggedEpisodeAsync(Factory.As("clinician", b), b, "low");
        await FlaggedEpisodeAsync(Factory.As("clinician", other), other, "low");

        var summary = await Json(await Factory.As("supervisor", a, b).GetAsync("/api/v1/alerts/summary"));
        var departments = summary["departments"]!.AsArray().Select(d => d!.AsObject()).ToDictionary(d => (string)d["department"]!);
        Assert.Equal(new[] { a, b }.Order(), departments.Keys.Order());
        Assert.Equal(3, (int)departments[a]["total"]!);
        Assert.Equal(1, (int)departments[a]["byKind"]!["reliableDeterioration"]!);
        Assert.Equal(1, (int)departments[a]["byKind"]!["allianceBelowCutoff"]!);
        Assert.Equal(1, (int)departments[a]["byKind"]!["allianceLowItem"]!);
        Assert.Equal(1, (int)departments[a]["bySeverity"]!["high"]!);
        Assert.Equal(1, (int)departments[b]["total"]!);
    }

    [Fact]
    public async Task AnAlertIsAcknowledgedThenResolvedEachWithWhoWhenAndANote()
    {
        var department = await Clinic.DepartmentAsync();
        await FlaggedEpisodeAsync(Factory.As("clinician", department), department, "high");
        var supervisor = Factory.As("supervisor", department);
        var id = (Guid)Rows(await QueueAsync(supervisor)).Single()["id"]!;

        await AssertProblemAsync(await supervisor.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledge", new { note = " " }),
            HttpStatusCode.BadRequest, "note");
        var ack = await supervisor.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledge", new { note = Note });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acknowledged = await Json(ack);
        Assert.Equal("acknowledged", (string?)acknowledged["status"]);
        Assert.Equal($"test-supervisor-{department}", (string?)acknowledged["acknowledged"]!["by"]);
        Assert.Equal(Note, (string?)acknowledged["acknowledged"]!["note"]);
        Assert.NotNull(acknowledged["acknowledged"]!["at"]);
        Assert.Equal($"test-clinician-{department}", (string?)acknowledged["raised"]!["by"]);

        // Acknowledged alerts stay in the live queue when asked for, and leave the default open view.
        Assert.Empty(Rows(await QueueAsync(supervisor)));
        var live = Rows(await QueueAsync(supervisor, "?status=acknowledged")).Single();
        Assert.Equal(Note, (string?)live["acknowledged"]!["note"]);

        var again = await supervisor.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledge", new { note = Note });
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "status");

        var resolve = await Json(await supervisor.PostAsJsonAsync($"/api/v1/alerts/{id}/resolve", new { note = "Plan endret / plan changed" }));
        Assert.Equal("resolved", (string?)resolve["status"]);
        Assert.Equal("Plan endret / plan changed", (string?)resolve["resolved"]!["note"]);
        Assert.Equal(Note, (string?)resolve["acknowledged"]!["note"]);
        await AssertProblemAsync(await supervisor.PostAsJsonAsync($"/api/v1/alerts/{id}/resolve", new { note = Note }),
            HttpStatusCode.Conflict, "status");
        Assert.Single(Rows(await QueueAsync(supervisor, "?status=resolved")));
    }

    [Fact]
    public async Task AClearedAlertCannotBeAcknowledged()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(14m));
        await SessionAsync(http, episode, "2025-01-20", OrsTotal(20m)); // deterioration clears (session 3 rule fires instead)
        var supervisor = Factory.As("supervisor", department);
        var cleared = Rows(await QueueAsync(supervisor, "?status=cleared")).Single();
        Assert.Equal("reliableDeterioration", (string?)cleared["kind"]);
        var ack = await supervisor.PostAsJsonAsync($"/api/v1/alerts/{(Guid)cleared["id"]!}/acknowledge", new { note = Note });
        await AssertProblemAsync(ack, HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task ReadingTheQueueLogsExactlyTheClientsItShows()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var episodes = new List<Guid>();
        for (var i = 0; i < 3; i++) episodes.Add(await FlaggedEpisodeAsync(clinician, department, "high"));
        var supervisor = Factory.As("supervisor", department);
        var page = await QueueAsync(supervisor, "?limit=2");
        var shown = Rows(page).Select(r => (r["clientId"]!.GetValue<Guid>(), r["episodeId"]!.GetValue<Guid>())).ToHashSet();

        await using var db = await Factory.OpenAsync();
        var logged = (await db.QueryAsync<(Guid ClientId, Guid EpisodeId, string Actor, string Role, string RequestId)>(
            "select client_id, episode_id, actor, role, request_id from access_log where action = 'alert.queue.read' and actor = @actor",
            new { actor = $"test-supervisor-{department}" })).ToList();
        Assert.Equal(shown, logged.Select(l => (l.ClientId, l.EpisodeId)).ToHashSet());
        Assert.Equal(2, logged.Count);
        Assert.All(logged, l => Assert.Equal("supervisor", l.Role));
        Assert.Single(logged.Select(l => l.RequestId).Distinct());
    }
}
