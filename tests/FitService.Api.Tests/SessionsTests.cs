using System.Net;
using System.Net.Http.Json;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

public class SessionsTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task RecordingASessionReturnsTotalsChangeCategoryAndRange()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var intake = await SessionAsync(http, episode, "2025-01-06", Ors(4.0m, 5.0m, 4.5m, 4.0m), Srs(9.5m, 9.0m, 9.2m, 9.4m));
        Assert.Equal(1, (int)intake["sessionNumber"]!);
        Assert.Equal(17.5m, (decimal)intake["outcome"]!["total"]!);
        Assert.Equal(37.1m, (decimal)intake["alliance"]!["total"]!);
        Assert.Equal("clinical", (string?)intake["clinicalRange"]);
        Assert.Null(intake["reliableChange"]);
        Assert.Equal(25m, (decimal)intake["clinicalCutoff"]!);
        Assert.Equal(5m, (decimal)intake["reliableChangeThreshold"]!);

        var second = await SessionAsync(http, episode, "2025-01-13", Ors(7.0m, 7.0m, 6.0m, 6.5m), Srs(9.5m, 8.4m, 9.5m, 9.4m));
        Assert.Equal(2, (int)second["sessionNumber"]!);
        Assert.Equal(26.5m, (decimal)second["outcome"]!["total"]!);
        Assert.Equal(9.0m, (decimal)second["changeFromIntake"]!);
        Assert.Equal("improved", (string?)second["reliableChange"]);
        Assert.Equal("recovered", (string?)second["category"]);
        Assert.Equal("functional", (string?)second["clinicalRange"]);
        var alerts = second["alerts"]!.AsArray();
        var lowItem = Assert.Single(alerts, a => (string?)a!["kind"] == "allianceLowItem");
        Assert.Equal("goalsAndTopics", (string?)lowItem!["itemKey"]);
        // The reason in words: bokmål with a decimal comma and the form's own item name, English with a point.
        Assert.Equal("Leddet «Mål og tema» i allianseskjemaet er 8,4, under 9.", (string?)lowItem["message"]);
        Assert.Equal("Alliance item 'Goals and topics' is 8.4, below 9.", (string?)lowItem["messageEn"]);
    }

    [Theory]
    // ORS reliable change index 5 points (Miller et al. 2003): a change of exactly 5.0 is reliable, 4.9 is not.
    [InlineData(15.0, 20.0, "improved", "improved")]
    [InlineData(15.0, 19.9, "unchanged", "unchanged")]
    [InlineData(20.0, 15.0, "deteriorated", "deteriorated")]
    [InlineData(20.0, 15.1, "unchanged", "unchanged")]
    // Crossing the adult cutoff 25 with a reliable change: recovered, or harmed the other way.
    [InlineData(20.0, 30.0, "improved", "recovered")]
    [InlineData(30.0, 20.0, "deteriorated", "harmed")]
    // Both boundaries at once: +5.0 exactly and landing exactly on the cutoff, which counts as functional.
    [InlineData(20.0, 25.0, "improved", "recovered")]
    [InlineData(20.0, 24.9, "unchanged", "unchanged")]
    [InlineData(30.0, 25.0, "deteriorated", "deteriorated")]
    public async Task ChangeIsReliableExactlyAtTheThreshold(decimal intake, decimal later, string reliable, string category)
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(intake));
        var second = await SessionAsync(http, episode, "2025-01-13", OrsTotal(later));
        Assert.Equal(later - intake, (decimal)second["changeFromIntake"]!);
        Assert.Equal(reliable, (string?)second["reliableChange"]);
        Assert.Equal(category, (string?)second["category"]);
    }

    [Fact]
    public async Task ARetryWithTheSameIdempotencyKeyReturnsTheFirstResultAndWritesOnce()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var body = new { date = "2025-01-06", outcome = OrsTotal(20m) };
        var first = await PostSessionAsync(http, episode, body, "retry-1");
        var second = await PostSessionAsync(http, episode, body, "retry-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountSessionsAsync(episode));
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneKeyWriteOnce()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var body = new { date = "2025-01-06", outcome = OrsTotal(20m) };
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostSessionAsync(http, episode, body, "same-key")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(1, await CountSessionsAsync(episode));
    }

    // The context's read is its own statement after the episode's lock: a write that waited for the lock sees the
    // sessions committed meanwhile, so concurrent sessions of one episode get the numbers 1..n, none refused.
    [Fact]
    public async Task ConcurrentSessionsOfOneEpisodeAreNumberedInTurn()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var body = new { date = "2025-01-06", outcome = OrsTotal(20m) };
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostSessionAsync(http, episode, body)));
        foreach (var response in responses)
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var numbers = await Task.WhenAll(responses.Select(async r => (int)(await Json(r))["sessionNumber"]!));
        Assert.Equal([1, 2, 3, 4, 5, 6], numbers.Order());
        Assert.Equal(6, await CountSessionsAsync(episode));
    }

    [Fact]
    public async Task AReusedIdempotencyKeyWithADifferentBodyIsRefused()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        await PostSessionAsync(http, episode, new { date = "2025-01-06", outcome = OrsTotal(20m) }, "k-1");
        var reused = await PostSessionAsync(http, episode, new { date = "2025-01-06", outcome = OrsTotal(21m) }, "k-1");
        await AssertProblemAsync(reused, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(1, await CountSessionsAsync(episode));
    }

    [Fact]
    public async Task ASessionWithoutIdempotencyKeyIsRefused()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var response = await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/sessions", new { date = "2025-01-06", outcome = OrsTotal(20m) });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Equal(0, await CountSessionsAsync(episode));
    }

    public static TheoryData<string, string> BadSessions() => new()
    {
        { """{"date":"2025-01-06","outcome":{"items":{"individually":10.1,"interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":-0.1,"interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":"five","interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":5.25,"interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":null,"interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5,"mood":5}}}""", "outcome.items.mood" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}},"alliance":{"items":{"relationship":11,"goalsAndTopics":9,"approachOrMethod":9,"overall":9}}}""", "alliance.items.relationship" },
        { """{"date":"2025-01-06"}""", "outcome.items" },
        { """{"date":"06.01.2025","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}}}""", "date" },
        { """{"date":"2025-02-30","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}}}""", "date" },
        { """{"date":"2999-01-01","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}}}""", "date" },
        { """{"date":"2024-12-31","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}}}""", "date" },
        { """{"outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}}}""", "date" },
        { """{"date":20250106,"outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}}}""", "date" },
        { """{"date":"2025-01-06","outcome":{"items":[5,5,5,5]}}""", "outcome.items" },
        { """{"date":"2025-01-06","outcome":""", "outcome" },
        { """not json""", "body" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":7e28}}}""", "outcome.items.overall" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":1e40,"interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":"NaN","interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":[null],"interpersonally":5,"socially":5,"overall":5}}}""", "outcome.items.individually" },
        { """{"date":"2025-01-06","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}},"alliance":{"items":{"relationship":-7e28,"goalsAndTopics":-7e28,"approachOrMethod":9,"overall":9}}}""", "alliance.items.relationship" },
        { """{"date":"2025-01-06","outcome":[null]}""", "outcome" },
    };

    [Theory]
    [MemberData(nameof(BadSessions))]
    public async Task BadInputIsRefusedByFieldAndWritesNothing(string json, string field)
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/sessions")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await http.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await CountSessionsAsync(episode));
        await using var db = await Factory.OpenAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from idempotency_keys where actor like 'test-clinician-%' and response_body is null"));
    }

    [Fact]
    public async Task ItemValuesWhoseSumOverflowsAreRefusedWith400()
    {
        // Four items of 4e28 sum past decimal.MaxValue (≈ 7.9e28): this was a 500 before the range check ran.
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var huge = 40_000_000_000_000_000_000_000_000_000m;
        var response = await PostSessionAsync(http, episode, new { date = "2025-01-06", outcome = Ors(huge, huge, huge, huge) });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "outcome.items.individually");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "outcome.items.overall");
        Assert.Equal(0, await CountSessionsAsync(episode));
    }

    [Fact]
    public async Task ItemsAtZeroAndTenAreAccepted()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var session = await SessionAsync(http, episode, "2025-01-06", Ors(0m, 10m, 0m, 10m), Srs(10m, 10m, 10m, 10m));
        Assert.Equal(20m, (decimal)session["outcome"]!["total"]!);
        Assert.Equal(40m, (decimal)session["alliance"]!["total"]!);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedWith413()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var padding = new string('x', 100_000);
        var response = await PostSessionAsync(http, episode, new { date = "2025-01-06", outcome = OrsTotal(20m), padding });
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(0, await CountSessionsAsync(episode));
    }

    [Fact]
    public async Task SessionsOnAnotherDepartmentsEpisodeAreRefused()
    {
        var (_, _, episode) = await Clinic.AdultEpisodeAsync();
        var other = await Clinic.DepartmentAsync();
        var outsider = Factory.As("clinician", other);
        var response = await PostSessionAsync(outsider, episode, new { date = "2025-01-06", outcome = OrsTotal(20m) });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await CountSessionsAsync(episode));
    }

    [Fact]
    public async Task ACorrectionKeepsEveryEarlierVersionAndRecomputes()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m));
        var second = await SessionAsync(http, episode, "2025-01-13", OrsTotal(17m));
        Assert.Equal("unchanged", (string?)second["reliableChange"]);

        // The intake was mistyped: 11 instead of 15. Session 2 is now a reliable improvement.
        var correction = await http.PutAsJsonAsync($"/api/v1/episodes/{episode}/sessions/1",
            new { date = "2025-01-06", outcome = OrsTotal(11m) });
        Assert.Equal(HttpStatusCode.OK, correction.StatusCode);
        Assert.Equal(2, (int)(await Json(correction))["revision"]!);

        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal(11m, (decimal)read["intakeTotal"]!);
        Assert.Equal("improved", (string?)read["sessions"]![1]!["reliableChange"]);
        Assert.Equal(6m, (decimal)read["sessions"]![1]!["changeFromIntake"]!);

        var revisions = await JsonArray(await http.GetAsync($"/api/v1/episodes/{episode}/sessions/1/revisions"));
        Assert.Equal([15m, 11m], revisions.Select(r => (decimal)r!["outcomeTotal"]!));
    }

    [Fact]
    public async Task SessionsAreKeptInDateOrder()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(15m));
        var earlier = await PostSessionAsync(http, episode, new { date = "2025-01-08", outcome = OrsTotal(15m) });
        await AssertProblemAsync(earlier, HttpStatusCode.BadRequest, "date");
    }

    [Fact]
    public async Task TheEpisodeReadsBackWithItsTrajectory()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(14m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(16m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await SessionAsync(http, episode, "2025-01-20", OrsTotal(21m), Srs(9.6m, 9.5m, 9.5m, 9.5m));
        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal(3, (int)read["sessionCount"]!);
        Assert.Equal([14m, 16m, 21m], read["trajectory"]!.AsArray().Select(p => (decimal)p!["outcome"]!));
        Assert.Equal("improved", (string?)read["reliableChange"]);
        Assert.Equal("ORS", (string?)read["outcomeInstrument"]!["code"]);
        Assert.Equal(["individually", "interpersonally", "socially", "overall"],
            read["sessions"]![0]!["outcome"]!["items"]!.AsObject().Select(kv => kv.Key));
    }

    async Task<int> CountSessionsAsync(Guid episode)
    {
        await using var db = await Factory.OpenAsync();
        return await db.ExecuteScalarAsync<int>("select count(*) from sessions where episode_id = @episode", new { episode });
    }
}
