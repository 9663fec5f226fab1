using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using FitService.Api.Tests.Reports;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// Collateral ratings: the outcome instrument rated by a parent, partner, teacher or other (never a name), stored and
/// shown apart from the client's sessions, and reported in a section of their own under the same suppression.
/// </summary>
public class CollateralRatingsTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    static Task<HttpResponseMessage> PostCollateralAsync(HttpClient http, Guid episode, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return http.SendAsync(request);
    }

    static async Task CollateralAsync(HttpClient http, Guid episode, int sessionNumber, string relation, decimal total)
    {
        var body = JsonSerializer.SerializeToNode(OrsTotal(total))!.AsObject(); // {items: {...}} with this total
        body["sessionNumber"] = sessionNumber;
        body["relation"] = relation;
        var response = await PostCollateralAsync(http, episode, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    async Task<long> CountAsync(Guid episode)
    {
        await using var db = await Factory.OpenAsync();
        return await db.ExecuteScalarAsync<long>("select count(*) from collateral_ratings where episode_id = @episode", new { episode });
    }

    async Task<(HttpClient Http, string Department, Guid Episode)> EpisodeWithTwoSessionsAsync()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(17m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        return (http, department, episode);
    }

    [Fact]
    public async Task ARatingIsCreatedWithTheSessionsDateAndTheEpisodeShowsItAsItsOwnLine()
    {
        var (http, _, episode) = await EpisodeWithTwoSessionsAsync();

        var response = await PostCollateralAsync(http, episode, new { sessionNumber = 2, relation = "parent", items = new { individually = 4.5m, interpersonally = 5.0m, socially = 6.1m, overall = 3.0m } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/episodes/{episode}", response.Headers.Location?.ToString());
        var created = await Json(response);
        Assert.Equal(2, (int)created["sessionNumber"]!);
        Assert.Equal("2025-01-13", (string?)created["date"]);
        Assert.Equal("parent", (string?)created["relation"]);
        Assert.Equal("ORS", (string?)created["instrument"]);
        Assert.Equal(18.6m, (decimal)created["total"]!);
        Assert.Equal(1, (int)created["revision"]!);
        Assert.Equal("collateral", (string?)created["ratedBy"]);

        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        var line = Assert.Single(read["collateral"]!.AsArray())!.AsObject();
        // The contract with the chart: exactly these fields, nothing that could name the rater.
        Assert.Equal(["sessionNumber", "date", "relation", "total", "items", "ratedBy"], line.Select(p => p.Key).ToArray());
        Assert.Equal(2, (int)line["sessionNumber"]!);
        Assert.Equal("2025-01-13", (string?)line["date"]);
        Assert.Equal("parent", (string?)line["relation"]);
        Assert.Equal(18.6m, (decimal)line["total"]!);
        Assert.Equal("collateral", (string?)line["ratedBy"]);
        Assert.Equal(["individually", "interpersonally", "socially", "overall"], line["items"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal(6.1m, (decimal)line["items"]!["socially"]!);
        // The client's own line is untouched: two sessions, the client's totals.
        Assert.Equal([15m, 17m], read["trajectory"]!.AsArray().Select(p => (decimal)p!["outcome"]!));
    }

    [Theory]
    [InlineData("mother")]
    [InlineData("Parent")]
    [InlineData("Kari Nordmann")]
    [InlineData("")]
    public async Task ARelationOutsideTheFixedSetIsRefusedNamingTheField(string relation)
    {
        var (http, _, episode) = await EpisodeWithTwoSessionsAsync();
        var response = await PostCollateralAsync(http, episode, new { sessionNumber = 1, relation, items = new { individually = 5m, interpersonally = 5m, socially = 5m, overall = 5m } });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "relation");
        Assert.Equal(0, await CountAsync(episode));
    }

    [Fact]
    public async Task AMissingRelationIsRefusedNamingTheField()
    {
        var (http, _, episode) = await EpisodeWithTwoSessionsAsync();
        var response = await PostCollateralAsync(http, episode, new { sessionNumber = 1, items = new { individually = 5m, interpersonally = 5m, socially = 5m, overall = 5m } });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "relation");
        Assert.Equal(0, await CountAsync(episode));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("raterName")]
    [InlineData("note")]
    public async Task ANameOrAnyFreeTextIsRefusedNamingTheField(string property)
    {
        var (http, _, episode) = await EpisodeWithTwoSessionsAsync();
        var body = new JsonObject
        {
            ["sessionNumber"] = 1, ["relation"] = "teacher",
            ["items"] = new JsonObject { ["individually"] = 5m, ["interpersonally"] = 5m, ["socially"] = 5m, ["overall"] = 5m },
            [property] = "Kari Nordmann",
        };
        var response = await PostCollateralAsync(http, episode, body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, property);
        Assert.Equal(0, await CountAsync(episode));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"sessionNumber": 1, "relation": "parent", "items": {"individually": 5, "interpersonally": 5, "socially": 5}}""", "items.overall" },
        { """{"sessionNumber": 1, "relation": "parent", "items": {"individually": 5, "interpersonally": 5, "socially": 5, "overall": "fem"}}""", "items.overall" },
        { """{"sessionNumber": 1, "relation": "parent", "items": {"individually": 5, "interpersonally": 5, "socially": 5, "overall": 10.1}}""", "items.overall" },
        { """{"sessionNumber": 1, "relation": "parent", "items": {"individually": 5, "interpersonally": 5, "socially": 5, "overall": 5, "mood": 5}}""", "items.mood" },
        { """{"sessionNumber": 1, "relation": "parent"}""", "items" },
        { """{"sessionNumber": 3, "relation": "parent", "items": {"individually": 5, "interpersonally": 5, "socially": 5, "overall": 5}}""", "sessionNumber" },
        { """{"sessionNumber": 0, "relation": "parent", "items": {"individually": 5, "interpersonally": 5, "socially": 5, "overall": 5}}""", "sessionNumber" },
        { """{"relation": "parent", "items": {"individually": 5, "interpersonally": 5, "socially": 5, "overall": 5}}""", "sessionNumber" },
        { """{"sessionNumber": "two", "relation": "parent", "items": {"individually": 5, "interpersonally": 5, "socially": 5, "overall": 5}}""", "sessionNumber" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadItemsOrSessionNumbersAreRefusedNamingTheField(string body, string field)
    {
        var (http, _, episode) = await EpisodeWithTwoSessionsAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await AssertProblemAsync(await http.SendAsync(request), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await CountAsync(episode));
    }

    [Fact]
    public async Task AnotherDepartmentsEpisodeIsNotFoundAsForSessionsAndAnEvaluatorIsForbidden()
    {
        var (_, _, episode) = await EpisodeWithTwoSessionsAsync();
        var body = new { sessionNumber = 1, relation = "parent", items = new { individually = 5m, interpersonally = 5m, socially = 5m, overall = 5m } };
        // Sessions answer another department's episode with 404, as for one that does not exist: so do collateral ratings.
        var outsider = Factory.As("clinician", await Clinic.DepartmentAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await PostCollateralAsync(outsider, episode, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostCollateralAsync(outsider, Guid.NewGuid(), body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostCollateralAsync(Factory.As("evaluator"), episode, body)).StatusCode);
        var correction = await outsider.PutAsJsonAsync($"/api/v1/episodes/{episode}/collateral-ratings/1/parent", new { items = body.items });
        Assert.Equal(HttpStatusCode.NotFound, correction.StatusCode);
        Assert.Equal(0, await CountAsync(episode));
    }

    [Fact]
    public async Task ARetryWithTheSameIdempotencyKeyReturnsTheFirstResultAndWritesOnce()
    {
        var (http, _, episode) = await EpisodeWithTwoSessionsAsync();
        var body = new { sessionNumber = 1, relation = "partner", items = new { individually = 2m, interpersonally = 3m, socially = 4m, overall = 5m } };

        var first = await PostCollateralAsync(http, episode, body, "collateral-once");
        var retry = await PostCollateralAsync(http, episode, body, "collateral-once");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await Json(first)).ToJsonString(), (await Json(retry)).ToJsonString());
        Assert.Equal(1, await CountAsync(episode));
        var withoutKey = await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/collateral-ratings", body);
        await AssertProblemAsync(withoutKey, HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task ASecondRatingBySameRelationIsAConflictAndACorrectionKeepsEveryRevision()
    {
        var (http, _, episode) = await EpisodeWithTwoSessionsAsync();
        var items = new { individually = 2m, interpersonally = 3m, socially = 4m, overall = 5m };
        Assert.Equal(HttpStatusCode.Created, (await PostCollateralAsync(http, episode, new { sessionNumber = 1, relation = "teacher", items })).StatusCode);

        var again = await PostCollateralAsync(http, episode, new { sessionNumber = 1, relation = "teacher", items });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("relation", (string?)(await Json(again))["field"]);
        // Another relation may rate the same session.
        Assert.Equal(HttpStatusCode.Created, (await PostCollateralAsync(http, episode, new { sessionNumber = 1, relation = "other", items })).StatusCode);

        var correction = await http.PutAsJsonAsync($"/api/v1/episodes/{episode}/collateral-ratings/1/teacher",
            new { items = new { individually = 6m, interpersonally = 6m, socially = 6m, overall = 6m } });
        Assert.Equal(HttpStatusCode.OK, correction.StatusCode);
        var corrected = await Json(correction);
        Assert.Equal(2, (int)corrected["revision"]!);
        Assert.Equal(24m, (decimal)corrected["total"]!);

        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal([("teacher", 24m), ("other", 14m)],
            read["collateral"]!.AsArray().Select(c => ((string)c!["relation"]!, (decimal)c["total"]!)));
        await using var db = await Factory.OpenAsync();
        var totals = await db.QueryAsync<decimal>("""
            select r.total from collateral_ratings c join collateral_rating_revisions r on r.rating_id = c.id
            where c.episode_id = @episode and c.relation = 'teacher' order by r.revision
            """, new { episode });
        Assert.Equal([14m, 24m], totals);

        var missing = await http.PutAsJsonAsync($"/api/v1/episodes/{episode}/collateral-ratings/2/teacher", new { items });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var badRelation = await http.PutAsJsonAsync($"/api/v1/episodes/{episode}/collateral-ratings/1/aunt", new { items });
        await AssertProblemAsync(badRelation, HttpStatusCode.BadRequest, "relation");
    }

    [Fact]
    public async Task ARatingAndACorrectionAreAccessLoggedAndARefusedOneIsNot()
    {
        var (http, department, episode) = await EpisodeWithTwoSessionsAsync();
        var client = (Guid)(await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["clientId"]!;
        var items = new { individually = 2m, interpersonally = 3m, socially = 4m, overall = 5m };
        await PostCollateralAsync(http, episode, new { sessionNumber = 1, relation = "pet", items });
        await PostCollateralAsync(http, episode, new { sessionNumber = 1, relation = "parent", items });
        await http.PutAsJsonAsync($"/api/v1/episodes/{episode}/collateral-ratings/1/parent", new { items });

        await using var db = await Factory.OpenAsync();
        var entries = (await db.QueryAsync<(string Action, string Actor, Guid? EpisodeId)>(
            "select action, actor, episode_id from access_log where client_id = @client and action like 'collateral.%' order by id", new { client })).ToList();
        Assert.Equal([("collateral.record", $"test-clinician-{department}", (Guid?)episode), ("collateral.correct", $"test-clinician-{department}", episode)],
            entries);
    }

    [Fact]
    public async Task CollateralRatingsNeverChangeTheClientsAssessmentsAlertsOrReportFigures()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 6, "2021-03-01");
        var episodes = (await Json(await http.GetAsync($"/api/v1/episodes?department={department}&status=all")))["items"]!.AsArray()
            .Select(e => (Guid)e!["id"]!).ToList();
        Assert.Equal(6, episodes.Count);
        var evaluator = Factory.As("evaluator");
        var report = $"/api/v1/reports/outcomes?from=2021-01&to=2021-12&groupBy=department,quarter&departments={department}";
        var reportBefore = await Json(await evaluator.GetAsync(report));
        var readsBefore = new List<string>();
        foreach (var episode in episodes) readsBefore.Add(WithoutCollateral(await Json(await http.GetAsync($"/api/v1/episodes/{episode}"))));
        var alertsBefore = (await Json(await Factory.As("supervisor", department).GetAsync($"/api/v1/alerts?department={department}"))).ToJsonString();

        // Raters who see a steep worsening, which in the client's own scores would be a reliable deterioration with alerts.
        foreach (var episode in episodes)
        {
            await CollateralAsync(http, episode, 1, "partner", 12m);
            await CollateralAsync(http, episode, 2, "partner", 2m);
            await CollateralAsync(http, episode, 2, "other", 4m);
        }

        for (var i = 0; i < episodes.Count; i++)
            Assert.Equal(readsBefore[i], WithoutCollateral(await Json(await http.GetAsync($"/api/v1/episodes/{episodes[i]}"))));
        Assert.Equal(alertsBefore, (await Json(await Factory.As("supervisor", department).GetAsync($"/api/v1/alerts?department={department}"))).ToJsonString());
        var reportAfter = await Json(await evaluator.GetAsync(report));
        Assert.Equal(reportBefore["rows"]!.ToJsonString(), reportAfter["rows"]!.ToJsonString());

        // The collateral figures are there, in their own section: six episodes, first 12, last the mean of 2 and 4.
        var collateral = reportAfter["collateral"]!.AsObject();
        Assert.Contains("Collateral ratings", (string?)collateral["label"]);
        var row = collateral["rows"]!.AsArray().Single(r => (string?)r!["level"] == "cell" && (string?)r["period"] == "2021Q1")!;
        Assert.False((bool)row["suppressed"]!);
        // Published under the client figures' cell-key noise: counts within ±2, means within 30/n points (n = 6).
        Assert.InRange((long)row["episodes"]!, 4, 8);
        Assert.InRange((double)row["meanFirst"]!, 12.0 - 30.0 / 6, 12.0 + 30.0 / 6);
        Assert.InRange((double)row["meanLast"]!, 3.0 - 30.0 / 6, 3.0 + 30.0 / 6);
        Assert.NotEqual(12.0, (double)row["meanFirst"]!); // the noise is there: an exact mean would be a defect
        Assert.Equal(0, (long)reportBefore["collateral"]!["rows"]!.AsArray().Single(r => (string?)r!["level"] == "departmentTotal")!["episodes"]!);
    }

    [Fact]
    public async Task TheCollateralSectionHidesASmallCellThoughItsClientFiguresAreShown()
    {
        var departments = new List<string>();
        var counts = new[] { 6, 2, 7 }; // episodes with collateral ratings; every department has 7 episodes of its own
        foreach (var rated in counts)
        {
            var department = await Clinic.DepartmentAsync();
            departments.Add(department);
            var http = Factory.As("clinician", department);
            await Data.EpisodesAsync(http, department, 7, "2019-05-06");
            var episodes = (await Json(await http.GetAsync($"/api/v1/episodes?department={department}&status=all")))["items"]!.AsArray()
                .Select(e => (Guid)e!["id"]!).Take(rated).ToList();
            foreach (var episode in episodes)
            {
                await CollateralAsync(http, episode, 1, "parent", 20m);
                await CollateralAsync(http, episode, 2, "parent", 26m);
            }
        }

        var response = await Factory.As("evaluator").GetAsync("/api/v1/reports/outcomes?from=2019-01&to=2019-12&groupBy=department");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json(response);
        var rows = report["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        JsonObject Collateral(string? department) => rows.Single(r => (string?)r["department"] == department);

        var small = Collateral(departments[1]);
        Assert.Equal(["level", "department", "period", "suppressed", "hiddenBecause"], small.Select(p => p.Key).ToArray());
        Assert.True((bool)small["suppressed"]!);
        Assert.Equal("belowMinimum", (string?)small["hiddenBecause"]);
        Assert.InRange(ReportData.Episodes(ReportData.Row(report, "cell", departments[1], null)) ?? 0, 5, 9); // the client figures are shown (7 ± 2)
        // A companion is hidden with it, so that the total minus the shown cells holds at least five episodes.
        var total = ReportData.Episodes(Collateral(null));
        Assert.InRange(total ?? 0, 13, 17); // 15 ± 2
        // The total and each shown cell carry their own noise of at most ±2, so the hidden pair (5 or more together) is
        // seen only as the total minus the shown cells, give or take 2 for each of them.
        var shown = rows.Where(r => r["department"] is not null && ReportData.Episodes(r) is not null).ToList();
        var hiddenSum = total - shown.Sum(r => ReportData.Episodes(r) ?? 0);
        Assert.True(hiddenSum >= 5 - 2 * (shown.Count + 1), $"the hidden collateral cells hold {hiddenSum} episodes together");
        Assert.True((bool)Collateral(departments[0])["suppressed"]!);
        Assert.InRange(ReportData.Episodes(Collateral(departments[2])) ?? 0, 5, 9);
        Assert.InRange((double)Collateral(departments[2])["meanFirst"]!, 20.0 - 30.0 / 7, 20.0 + 30.0 / 7);
        Assert.InRange((double)Collateral(departments[2])["meanLast"]!, 26.0 - 30.0 / 7, 26.0 + 30.0 / 7);
    }

    static string WithoutCollateral(JsonObject episode)
    {
        episode.Remove("collateral");
        return episode.ToJsonString();
    }
}
