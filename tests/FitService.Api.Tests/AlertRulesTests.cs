using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// Every rule fires exactly at its boundary and clears itself when the condition no longer holds, saying why.
/// No closed episodes exist here, so the session 3 / 6 rules apply (no calibration).
/// </summary>
public class AlertRulesTests(FitServiceFactory factory) : ApiTest(factory)
{
    static readonly string[] Dates = ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10", "2025-02-17"];

    static JsonObject? Alert(JsonObject session, string kind) =>
        session["alerts"]!.AsArray().Select(a => a!.AsObject()).SingleOrDefault(a => (string?)a["kind"] == kind);

    static string[] Kinds(JsonObject session) => session["alerts"]!.AsArray().Select(a => (string)a!["kind"]!).Order().ToArray();

    async Task<JsonObject> DetailAsync(string department, Guid alertId) =>
        await Json(await Factory.As("supervisor", department).GetAsync($"/api/v1/alerts/{alertId}"));

    [Theory]
    [InlineData(8.9, true)]
    [InlineData(9.0, false)]
    public async Task AllianceItemBelowNineFiresAtEightPointNine(decimal item, bool fires)
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var session = await SessionAsync(http, episode, Dates[0], OrsTotal(20m), Srs(10m, item, 10m, 10m));
        var alert = Alert(session, "allianceLowItem");
        Assert.Equal(fires, alert is not null);
        if (alert is null) return;
        Assert.Equal("goalsAndTopics", (string?)alert["itemKey"]);
        Assert.Equal(8.9m, (decimal)alert["value"]!);
        Assert.Equal(9m, (decimal)alert["threshold"]!);
        Assert.Equal("low", (string?)alert["severity"]);
        Assert.Equal(1, (int)alert["sessionNumber"]!);
        Assert.DoesNotContain("allianceBelowCutoff", Kinds(session)); // 38.9 ≥ 36
    }

    [Theory]
    // Four items of at least 9 make at least 36, so a total below 36 always has a low item as well.
    [InlineData(9.0, 9.0, 9.0, 8.9, new[] { "allianceBelowCutoff", "allianceLowItem" })]
    [InlineData(9.0, 9.0, 9.0, 9.0, new string[0])]
    public async Task AllianceBelowThirtySixFiresAtThirtyFivePointNine(decimal a, decimal b, decimal c, decimal d, string[] kinds)
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var session = await SessionAsync(http, episode, Dates[0], OrsTotal(20m), Srs(a, b, c, d));
        Assert.Equal(kinds, Kinds(session));
        if (Alert(session, "allianceBelowCutoff") is { } alert)
        {
            Assert.Equal(35.9m, (decimal)alert["value"]!);
            Assert.Equal(36m, (decimal)alert["threshold"]!);
            Assert.Equal("medium", (string?)alert["severity"]);
        }
    }

    [Fact]
    public async Task AllianceAlertsClearWhenTheNextScoreIsAtTheCutoff()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        var first = await SessionAsync(http, episode, Dates[0], OrsTotal(20m), Srs(9.0m, 9.0m, 9.0m, 8.9m));
        var below = Alert(first, "allianceBelowCutoff")!["id"]!.GetValue<Guid>();
        var second = await SessionAsync(http, episode, Dates[1], OrsTotal(20m), Srs(9.0m, 9.0m, 9.0m, 9.0m));
        Assert.Empty(Kinds(second));

        var detail = await DetailAsync(department, below);
        Assert.Equal("cleared", (string?)detail["status"]);
        Assert.Equal("conditionNoLongerHolds", (string?)detail["clearedReason"]);
        Assert.Equal("The condition no longer holds.", (string?)detail["cleared"]!["noteEn"]);
        Assert.NotNull(detail["cleared"]!["at"]);
    }

    [Theory]
    [InlineData(39.0, true)]   // a fall of exactly 1.0
    [InlineData(39.1, false)]  // 0.9
    public async Task AllianceDropFiresAtAFallOfOnePoint(decimal second, bool fires)
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, Dates[0], OrsTotal(20m), Srs(10m, 10m, 10m, 10m));
        var session = await SessionAsync(http, episode, Dates[1], OrsTotal(20m), Srs(10m, 10m, 10m, second - 30m));
        var alert = Alert(session, "allianceDrop");
        Assert.Equal(fires, alert is not null);
        if (alert is null) return;
        Assert.Equal(1.0m, (decimal)alert["value"]!);
        Assert.Equal(2, (int)alert["sessionNumber"]!);

        var third = await SessionAsync(http, episode, Dates[2], OrsTotal(20m), Srs(10m, 10m, 10m, 9.1m));
        Assert.Null(Alert(third, "allianceDrop"));
        Assert.Equal("cleared", (string?)(await DetailAsync(department, alert["id"]!.GetValue<Guid>()))["status"]);
    }

    [Theory]
    [InlineData(19.9, true)]   // change 4.9: not reliable (ORS threshold 5)
    [InlineData(20.0, false)]  // change 5.0: reliable improvement
    public async Task NoImprovementBySessionThreeFiresBelowTheReliableChange(decimal third, bool fires)
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, Dates[0], OrsTotal(15m));
        var second = await SessionAsync(http, episode, Dates[1], OrsTotal(15m));
        Assert.Empty(Kinds(second)); // session 2: too early
        var session = await SessionAsync(http, episode, Dates[2], OrsTotal(third));
        var alert = Alert(session, "noImprovementBySession3");
        Assert.Equal(fires, alert is not null);
        if (alert is null) return;
        Assert.Equal("low", (string?)alert["severity"]);
        Assert.Equal(4.9m, (decimal)alert["value"]!);
        Assert.Equal(5m, (decimal)alert["threshold"]!);
        Assert.Equal(3, (int)alert["sessionNumber"]!);
        Assert.Contains("Drøft", (string?)alert["message"]);
    }

    [Fact]
    public async Task NoImprovementBySessionSixReplacesTheSessionThreeAlertAndClearsOnImprovement()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        JsonObject session = null!;
        for (var i = 0; i < 5; i++) session = await SessionAsync(http, episode, Dates[i], OrsTotal(15m));
        var discuss = Alert(session, "noImprovementBySession3")!;
        Assert.Equal(5, (int)discuss["sessionNumber"]!); // updated, not duplicated

        var sixth = await SessionAsync(http, episode, Dates[5], OrsTotal(19.9m));
        var reconsider = Alert(sixth, "noImprovementBySession6")!;
        Assert.Equal("medium", (string?)reconsider["severity"]);
        Assert.Null(Alert(sixth, "noImprovementBySession3"));
        Assert.Equal("cleared", (string?)(await DetailAsync(department, discuss["id"]!.GetValue<Guid>()))["status"]);

        var seventh = await SessionAsync(http, episode, Dates[6], OrsTotal(20m));
        Assert.Empty(Kinds(seventh));
        var cleared = await DetailAsync(department, reconsider["id"]!.GetValue<Guid>());
        Assert.Equal("cleared", (string?)cleared["status"]);
        Assert.Equal("conditionNoLongerHolds", (string?)cleared["clearedReason"]);

        await using var db = await Factory.OpenAsync();
        var rows = await db.QueryAsync<(string Kind, string Status, string? Reason)>(
            "select kind, status, cleared_reason from alerts where episode_id = @episode order by raised_at", new { episode });
        Assert.Equal([("noImprovementBySession3", "cleared", "conditionNoLongerHolds"), ("noImprovementBySession6", "cleared", "conditionNoLongerHolds")],
            rows.Select(r => (r.Kind, r.Status, r.Reason)));
    }

    [Theory]
    [InlineData(15.0, true)]   // change −5.0
    [InlineData(15.1, false)]  // change −4.9
    public async Task ReliableDeteriorationIsHighAtMinusFive(decimal second, bool fires)
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, Dates[0], OrsTotal(20m));
        var session = await SessionAsync(http, episode, Dates[1], OrsTotal(second));
        var alert = Alert(session, "reliableDeterioration");
        Assert.Equal(fires, alert is not null);
        if (alert is null) return;
        Assert.Equal("high", (string?)alert["severity"]);
        Assert.Equal(-5m, (decimal)alert["value"]!);

        await SessionAsync(http, episode, Dates[2], OrsTotal(20m));
        Assert.Equal("cleared", (string?)(await DetailAsync(department, alert["id"]!.GetValue<Guid>()))["status"]);
    }

    [Fact]
    public async Task ARepeatedConditionUpdatesOneLiveAlertInsteadOfAddingDuplicates()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var session = await SessionAsync(http, episode, Dates[i], OrsTotal(20m - i * 0.1m), Srs(10m, 8.0m, 10m, 10m));
            ids.Add(Alert(session, "allianceLowItem")!["id"]!.GetValue<Guid>());
        }
        Assert.Single(ids);
        await using var db = await Factory.OpenAsync();
        // Refreshed, never re-inserted: one row per kind in all, whatever its status (the unique index only
        // guarantees one live row; this checks no cleared or duplicate rows piled up behind it).
        var rows = await db.QueryAsync<(string Kind, int Count)>("""
            select kind, count(*)::int from alerts where episode_id = @episode group by kind
            """, new { episode });
        Assert.Equal([("allianceLowItem", 1), ("noImprovementBySession3", 1)], rows.OrderBy(r => r.Kind));
    }

    [Fact]
    public async Task AnAlertResolvedAtASessionIsNotRaisedAgainWithoutNewScores()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        var first = await SessionAsync(http, episode, Dates[0], OrsTotal(20m), Srs(10m, 8.0m, 10m, 10m));
        var alert = Alert(first, "allianceLowItem")!["id"]!.GetValue<Guid>();
        var supervisor = Factory.As("supervisor", department);
        var resolved = await supervisor.PostAsJsonAsync($"/api/v1/alerts/{alert}/resolve", new { note = "Drøftet i veiledning / discussed in supervision" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        // The next session has no alliance scores, so the alliance rules still look at session 1: already resolved.
        var second = await SessionAsync(http, episode, Dates[1], OrsTotal(20m));
        Assert.Null(Alert(second, "allianceLowItem"));
        // New alliance scores with the same low item are new evidence: raised again.
        var third = await SessionAsync(http, episode, Dates[2], OrsTotal(20m), Srs(10m, 8.0m, 10m, 10m));
        Assert.NotEqual(alert, Alert(third, "allianceLowItem")!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task ACorrectionThatRemovesTheConditionClearsTheAlert()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, Dates[0], OrsTotal(20m));
        var second = await SessionAsync(http, episode, Dates[1], OrsTotal(14m));
        var alert = Alert(second, "reliableDeterioration")!["id"]!.GetValue<Guid>();
        var correction = await http.PutAsJsonAsync($"/api/v1/episodes/{episode}/sessions/2", new { date = Dates[1], outcome = OrsTotal(19m) });
        Assert.Equal(HttpStatusCode.OK, correction.StatusCode);
        Assert.Equal("cleared", (string?)(await DetailAsync(department, alert))["status"]);
    }
}
