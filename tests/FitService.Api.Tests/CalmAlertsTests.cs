using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// The calm queue: one entry per episode, most severe reason first, the low SRS items as one reason; notes stay visible
/// to the supervisor and the clinician; closing an episode says which alerts it cleared.
/// </summary>
public class CalmAlertsTests(FitServiceFactory factory) : ApiTest(factory)
{
    const string Note = "Drøftet i veiledning / discussed in supervision";
    const string ResolveNote = "Plan lagt sammen med behandler / plan made with the clinician";

    static async Task<JsonObject> ByEpisodeAsync(HttpClient http, string query = "")
    {
        var response = await http.GetAsync($"/api/v1/alerts/episodes{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    static List<JsonObject> Entries(JsonObject page) => page["episodes"]!.AsArray().Select(e => e!.AsObject()).ToList();

    static List<JsonObject> Reasons(JsonObject entry) => entry["reasons"]!.AsArray().Select(r => r!.AsObject()).ToList();

    /// <summary>Deterioration (high), alliance below 36 (medium) and three items below 9 (low), all at session 2.</summary>
    async Task<Guid> ManyReasonsAsync(HttpClient http, string department)
    {
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(8.5m, 8.0m, 10m, 8.8m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(14m), Srs(8.5m, 8.0m, 10m, 8.8m));
        return episode;
    }

    async Task<Guid> OneLowItemAsync(HttpClient http, string department)
    {
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(10m, 10m, 8.5m, 10m));
        return episode;
    }

    async Task<Guid> BelowCutoffAsync(HttpClient http, string department)
    {
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(9m, 9m, 9m, 8.9m));
        return episode;
    }

    [Fact]
    public async Task TheQueueByEpisodeHasOneEntryPerEpisodeMostSevereFirstWithTheLowItemsAsOneReason()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var low = await OneLowItemAsync(clinician, department);
        var many = await ManyReasonsAsync(clinician, department);
        var medium = await BelowCutoffAsync(clinician, department);
        var supervisor = Factory.As("supervisor", department);

        var page = await ByEpisodeAsync(supervisor);

        Assert.Equal(3, (int)page["total"]!);
        Assert.Null((string?)page["nextCursor"]);
        var entries = Entries(page);
        Assert.Equal([many, medium, low], entries.Select(e => e["episodeId"]!.GetValue<Guid>()));
        Assert.Equal(["high", "medium", "low"], entries.Select(e => (string)e["severity"]!));
        var reasons = Reasons(entries[0]);
        Assert.Equal(["reliableDeterioration", "allianceBelowCutoff", "allianceLowItem"], reasons.Select(r => (string)r["kind"]!));
        var items = reasons[2];
        Assert.Equal(3, items["alertIds"]!.AsArray().Count);
        Assert.Equal(["goalsAndTopics", "overall", "relationship"], items["itemKeys"]!.AsArray().Select(k => (string)k!).Order());
        Assert.Equal("Alliance items below 9: The relationship 8.5, Goals and topics 8, The session overall 8.8.", (string?)items["messageEn"]);
        Assert.Equal("Ledd i allianseskjemaet under 9: Relasjonen 8,5, Mål og tema 8, Timen alt i alt 8,8.", (string?)items["message"]);
        Assert.Equal(2, (int)entries[0]["sessionCount"]!);
        Assert.Equal("red", (string?)entries[0]["trajectory"]!["status"]);
        // One item below 9 reads as that item's own message, in the neutral label the forms show.
        var single = Assert.Single(Reasons(entries[2]));
        Assert.Equal("Alliance item 'The way of working' is 8.5, below 9.", (string?)single["messageEn"]);
        Assert.Equal("Leddet «Arbeidsmåten» i allianseskjemaet er 8,5, under 9.", (string?)single["message"]);

        // The queue's filters narrow the reasons, and an episode with none left is not listed.
        var deteriorated = Entries(await ByEpisodeAsync(supervisor, "?kind=reliableDeterioration"));
        Assert.Equal([many], deteriorated.Select(e => e["episodeId"]!.GetValue<Guid>()));
        Assert.Equal(["reliableDeterioration"], Reasons(deteriorated[0]).Select(r => (string)r["kind"]!));
        var lowOnly = Entries(await ByEpisodeAsync(supervisor, "?severity=low"));
        // All of the same severity now: the longest open first.
        Assert.Equal([low, many, medium], lowOnly.Select(e => e["episodeId"]!.GetValue<Guid>()));
        Assert.All(lowOnly, e => Assert.Equal("low", (string?)e["severity"]));

        // Paged by episode: a page never splits one.
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var next = await ByEpisodeAsync(supervisor, "?limit=1" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(Entries(next).Select(e => e["episodeId"]!.GetValue<Guid>()));
            cursor = (string?)next["nextCursor"];
        } while (cursor is not null);
        Assert.Equal([many, medium, low], seen);
    }

    [Fact]
    public async Task AnotherDepartmentCannotSeeOrResolveAndCliniciansCannotUseTheQueue()
    {
        var department = await Clinic.DepartmentAsync();
        var episode = await ManyReasonsAsync(Factory.As("clinician", department), department);
        var alertId = (Guid)Reasons(Entries(await ByEpisodeAsync(Factory.As("supervisor", department)))[0])[0]["alertIds"]![0]!;
        var outsider = Factory.As("supervisor", await Clinic.DepartmentAsync());

        await AssertProblemAsync(await outsider.GetAsync($"/api/v1/alerts/episodes?department={department}"), HttpStatusCode.Forbidden, "department");
        Assert.Empty(Entries(await ByEpisodeAsync(outsider)));
        var resolve = await outsider.PostAsJsonAsync($"/api/v1/alerts/{alertId}/resolve", new { note = Note });
        Assert.Equal(HttpStatusCode.NotFound, resolve.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/episodes/{episode}")).StatusCode);

        var clinician = Factory.As("clinician", department);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync("/api/v1/alerts/episodes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsJsonAsync($"/api/v1/alerts/{alertId}/resolve", new { note = Note })).StatusCode);

        var supervisor = Factory.As("supervisor", department);
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts/episodes?status=closed"), HttpStatusCode.BadRequest, "status");
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts/episodes?limit=0"), HttpStatusCode.BadRequest, "limit");
        await AssertProblemAsync(await supervisor.GetAsync("/api/v1/alerts/episodes?cursor=nope"), HttpStatusCode.BadRequest, "cursor");
        await AssertProblemAsync(await supervisor.PostAsJsonAsync($"/api/v1/alerts/{alertId}/resolve", new { note = " " }),
            HttpStatusCode.BadRequest, "note");
    }

    [Fact]
    public async Task AcknowledgedAndResolvedAlertsKeepTheirNotesForTheSupervisorAndTheClinician()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var episode = await OneLowItemAsync(clinician, department);
        var supervisor = Factory.As("supervisor", department);
        var alertId = (Guid)Reasons(Entries(await ByEpisodeAsync(supervisor))[0])[0]["alertIds"]![0]!;

        var ack = await supervisor.PostAsJsonAsync($"/api/v1/alerts/{alertId}/acknowledge", new { note = Note });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);

        Assert.Empty(Entries(await ByEpisodeAsync(supervisor)));                 // no longer open
        var acknowledged = Reasons(Assert.Single(Entries(await ByEpisodeAsync(supervisor, "?status=acknowledged"))))[0];
        Assert.Equal("acknowledged", (string?)acknowledged["status"]);
        Assert.Equal(Note, (string?)acknowledged["acknowledged"]!["note"]);
        Assert.Equal($"test-supervisor-{department}", (string?)acknowledged["acknowledged"]!["by"]);
        Assert.NotNull(acknowledged["acknowledged"]!["at"]);

        var live = Assert.Single((await Json(await clinician.GetAsync($"/api/v1/episodes/{episode}")))["openAlerts"]!.AsArray());
        Assert.Equal(Note, (string?)live!["acknowledged"]!["note"]);
        Assert.Equal($"test-supervisor-{department}", (string?)live["acknowledged"]!["by"]);

        var resolve = await supervisor.PostAsJsonAsync($"/api/v1/alerts/{alertId}/resolve", new { note = ResolveNote });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);

        var read = await Json(await clinician.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Empty(read["openAlerts"]!.AsArray());
        var past = Assert.Single(read["pastAlerts"]!.AsArray())!;
        Assert.Equal("resolved", (string?)past["status"]);
        Assert.Equal(ResolveNote, (string?)past["resolved"]!["note"]);
        Assert.Equal(Note, (string?)past["acknowledged"]!["note"]);
        var resolved = Reasons(Assert.Single(Entries(await ByEpisodeAsync(supervisor, "?status=resolved"))))[0];
        Assert.Equal(ResolveNote, (string?)resolved["resolved"]!["note"]);
    }

    [Fact]
    public async Task ClosingAnEpisodeReportsTheAlertsItCleared()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var episode = await BelowCutoffAsync(clinician, department);
        var supervisor = Factory.As("supervisor", department);
        var reasons = Reasons(Entries(await ByEpisodeAsync(supervisor))[0]);
        var acknowledgedId = (Guid)reasons[0]["alertIds"]![0]!;
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/v1/alerts/{acknowledgedId}/acknowledge", new { note = Note })).StatusCode);

        var close = await clinician.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-02-01", endReason = "planned" });

        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var closed = await Json(close);
        Assert.Equal("2025-02-01", (string?)closed["endedOn"]); // the episode as before, for existing clients
        var cleared = closed["clearedAlerts"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(["allianceBelowCutoff", "allianceLowItem"], cleared.Select(a => (string)a["kind"]!).Order());
        Assert.All(cleared, a => Assert.Equal("cleared", (string?)a["status"]));
        Assert.Empty(closed["openAlerts"]!.AsArray());
        // The acknowledged one keeps its note on the episode.
        var past = Assert.Single(closed["pastAlerts"]!.AsArray())!;
        Assert.Equal(acknowledgedId, (Guid)past["id"]!);
        Assert.Equal(Note, (string?)past["acknowledged"]!["note"]);
        Assert.Empty(Entries(await ByEpisodeAsync(supervisor, "?status=open,acknowledged")));

        var (quietHttp, _, quiet) = await Clinic.AdultEpisodeAsync();
        var none = await quietHttp.PostAsJsonAsync($"/api/v1/episodes/{quiet}/close", new { endedOn = "2025-02-01", endReason = "dropout" });
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Empty((await Json(none))["clearedAlerts"]!.AsArray());
    }
}
