using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// The alert messages name a low alliance item by the organisation's wording of the episode's alliance instrument,
/// language by language, wherever an alert is shown: the session's own answer, both queues, the alert's detail, the
/// episode's page and the close's answer. A wording change reaches the next session write (the instrument catalogue's
/// version, migration 0140). This class has its own database, so the wording it sets reaches no other test.
/// </summary>
public class AlertWordingTests(FitServiceFactory factory) : ApiTest(factory)
{
    async Task SetWordingAsync(string code, string language, object items)
    {
        var response = await Clinic.Admin.PutAsJsonAsync($"/api/v1/instruments/{code}/wording", new { language, items });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    static List<JsonObject> Objects(JsonNode? array) => array!.AsArray().Select(a => a!.AsObject()).ToList();

    static JsonObject Item(IEnumerable<JsonObject> alerts, string key) =>
        alerts.Single(a => (string?)a["kind"] == "allianceLowItem" && (string?)a["itemKey"] == key);

    [Fact]
    public async Task EveryAlertMessageNamesTheItemByTheOrganisationsWordingInEachLanguageItHasSet()
    {
        // Bokmål for two items, English for one; the CSRS shares the key "overall" and must not lend it its wording.
        await SetWordingAsync("SRS", "nb", new
        {
            relationship = new { label = "Test-ordlyd Relasjon" },
            goalsAndTopics = new { label = "Test-ordlyd Mål" },
        });
        await SetWordingAsync("SRS", "en", new { relationship = new { label = "Test-wording Relationship" } });
        await SetWordingAsync("CSRS", "nb", new { overall = new { label = "Test-CSRS Samlet" } });

        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var episode = await Clinic.EpisodeAsync(clinician, await Clinic.ClientAsync(clinician, department), department);
        var recorded = await SessionAsync(clinician, episode, "2025-01-06", OrsTotal(20m), Srs(8.5m, 8.0m, 10m, 8.8m));

        // The session's own answer.
        var answer = Objects(recorded["alerts"]);
        Assert.Equal("Leddet «Test-ordlyd Relasjon» i allianseskjemaet er 8,5, under 9.", (string?)Item(answer, "relationship")["message"]);
        Assert.Equal("Alliance item 'Test-wording Relationship' is 8.5, below 9.", (string?)Item(answer, "relationship")["messageEn"]);
        Assert.Equal("Leddet «Test-ordlyd Mål» i allianseskjemaet er 8, under 9.", (string?)Item(answer, "goalsAndTopics")["message"]);
        Assert.Equal("Alliance item 'Goals and topics' is 8, below 9.", (string?)Item(answer, "goalsAndTopics")["messageEn"]);
        Assert.Equal("Leddet «Timen alt i alt» i allianseskjemaet er 8,8, under 9.", (string?)Item(answer, "overall")["message"]);

        // The queue by episode folds the items into one reason, each named as above.
        var supervisor = Factory.As("supervisor", department);
        var byEpisode = await Json(await supervisor.GetAsync("/api/v1/alerts/episodes"));
        var reason = Objects(Objects(byEpisode["episodes"]).Single()["reasons"]).Single(r => (string?)r["kind"] == "allianceLowItem");
        Assert.Equal("Ledd i allianseskjemaet under 9: Test-ordlyd Relasjon 8,5, Test-ordlyd Mål 8, Timen alt i alt 8,8.",
            (string?)reason["message"]);
        Assert.Equal("Alliance items below 9: Test-wording Relationship 8.5, Goals and topics 8, The session overall 8.8.",
            (string?)reason["messageEn"]);

        // The flat queue, the alert's detail and the episode's page.
        var flat = Objects((await Json(await supervisor.GetAsync("/api/v1/alerts")))["rows"]);
        Assert.Equal("Leddet «Test-ordlyd Relasjon» i allianseskjemaet er 8,5, under 9.", (string?)Item(flat, "relationship")["message"]);
        var id = (Guid)Item(flat, "relationship")["id"]!;
        var detail = await Json(await supervisor.GetAsync($"/api/v1/alerts/{id}"));
        Assert.Equal("Alliance item 'Test-wording Relationship' is 8.5, below 9.", (string?)detail["messageEn"]);
        Assert.Equal("Leddet «Test-ordlyd Relasjon» i allianseskjemaet er 8,5, under 9.", (string?)detail["raised"]!["note"]);
        var page = await Json(await clinician.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal("Leddet «Test-ordlyd Mål» i allianseskjemaet er 8, under 9.",
            (string?)Item(Objects(page["openAlerts"]), "goalsAndTopics")["message"]);

        // A new wording: the next session's answer uses it (the write's copy of the instruments is reloaded) and the
        // pages that read alerts show it at once; the English label, cleared, falls back to the neutral one.
        await SetWordingAsync("SRS", "nb", new { relationship = new { label = "Test-ordlyd Relasjon ny" } });
        await SetWordingAsync("SRS", "en", new { });
        var second = await SessionAsync(clinician, episode, "2025-01-13", OrsTotal(21m), Srs(8.0m, 10m, 10m, 10m));
        var secondAlerts = Objects(second["alerts"]);
        Assert.Equal("Leddet «Test-ordlyd Relasjon ny» i allianseskjemaet er 8, under 9.",
            (string?)Item(secondAlerts, "relationship")["message"]);
        Assert.Equal("Alliance item 'The relationship' is 8, below 9.", (string?)Item(secondAlerts, "relationship")["messageEn"]);

        // Closing says which alerts it cleared, in the same words.
        var close = await clinician.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-02-01", endReason = "planned" });
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var cleared = Objects((await Json(close))["clearedAlerts"]);
        Assert.Equal("Leddet «Test-ordlyd Relasjon ny» i allianseskjemaet er 8, under 9.", (string?)Item(cleared, "relationship")["message"]);
    }

    [Fact]
    public async Task AChildsEpisodeUsesItsOwnAllianceInstrumentsWording()
    {
        await SetWordingAsync("CSRS", "en", new { listening = new { label = "Test-wording Listening" } });

        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        // Born 2015: 9 at the episode's start, so CORS and CSRS by default.
        var episode = await Clinic.EpisodeAsync(clinician, await Clinic.ClientAsync(clinician, department, birthYear: 2015), department);
        var recorded = await SessionAsync(clinician, episode, "2025-01-06", new { items = new { me = 5m, family = 5m, school = 5m, everything = 5m } },
            new { items = new { listening = 8.0m, howImportant = 10m, whatWeDid = 10m, overall = 10m } });

        var low = Item(Objects(recorded["alerts"]), "listening");
        Assert.Equal("Alliance item 'Test-wording Listening' is 8, below 9.", (string?)low["messageEn"]);
        Assert.Equal("Leddet «Å bli hørt» i allianseskjemaet er 8, under 9.", (string?)low["message"]);
    }
}
