using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.ClientRatings;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.ClientRatings;

/// <summary>The client rates on their own phone: a one-time link, no sign-in, no identifier, the clinician's own write.</summary>
public class ClientLinksTests(FitServiceFactory factory) : ApiTest(factory)
{
    static object OrsItems(decimal a, decimal b, decimal c, decimal d) =>
        new { items = new { individually = a, interpersonally = b, socially = c, overall = d } };

    static object SrsItems(decimal a, decimal b, decimal c, decimal d) =>
        new { items = new { relationship = a, goalsAndTopics = b, approachOrMethod = c, overall = d } };

    internal static async Task<JsonObject> LinkAsync(HttpClient http, Guid episode, string scale, int? sessionNumber = null)
    {
        var response = await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale, sessionNumber });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    HttpClient Anonymous => Factory.CreateClient();

    [Fact]
    public async Task ALinkHasALongRandomCodeAUrlAnExpiryAndAQrCodeAndOnlyTheCodesHashIsStored()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var before = DateTimeOffset.UtcNow;
        var link = await LinkAsync(http, episode, "outcome");

        var code = (string)link["code"]!;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", code); // 32 random bytes, base64url
        Assert.EndsWith($"/rate.html#{code}", (string)link["url"]!);
        var expiresAt = DateTimeOffset.Parse((string)link["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, before.AddMinutes(15).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(15).AddSeconds(5));
        Assert.StartsWith("data:image/svg+xml;base64,", (string)link["qrCode"]!);
        Assert.Equal("outcome", (string)link["scale"]!);
        Assert.NotEqual(code, (string)(await LinkAsync(http, episode, "outcome"))["code"]!);

        await using var db = await Factory.OpenAsync();
        var stored = await db.QuerySingleAsync<byte[]>("select code_hash from client_links where code_hash = @hash",
            new { hash = ClientLinkCode.Hash(code) });
        Assert.Equal(32, stored.Length);
        var anyPlain = await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from client_links where encode(code_hash, 'escape') like '%' || @code || '%')", new { code });
        Assert.False(anyPlain);
    }

    [Fact]
    public async Task TheFormShowsTheItemsAndNoIdentifierAndNeedsNoSignIn()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var pseudonym = (string)(await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["pseudonym"]!;
        var link = await LinkAsync(http, episode, "outcome");

        var response = await Anonymous.GetAsync($"/api/v1/client-ratings/{link["code"]}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("outcome", (string)form["scale"]!);
        Assert.Equal("ORS", (string)form["instrument"]!["code"]!);
        Assert.Equal(["individually", "interpersonally", "socially", "overall"], form["instrument"]!["items"]!.AsArray().Select(i => (string)i!["key"]!));
        Assert.False((bool)form["forChildren"]!);
        Assert.DoesNotContain(pseudonym, text);
        Assert.DoesNotContain(episode.ToString(), text);
        Assert.Equal(["scale", "instrument", "forChildren", "languages", "expiresAt"], form.Select(p => p.Key));
    }

    [Fact]
    public async Task AChildsEpisodeGivesTheChildVersions()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(http, department, birthYear: 2016);
        var episode = await Clinic.EpisodeAsync(http, client, department, "2025-01-06");
        var form = await Json(await Anonymous.GetAsync($"/api/v1/client-ratings/{(await LinkAsync(http, episode, "outcome"))["code"]}"));
        Assert.Equal("CORS", (string)form["instrument"]!["code"]!);
        Assert.True((bool)form["forChildren"]!);
    }

    [Fact]
    public async Task AnOutcomeRatingIsTheNextSessionRatedByTheClientWithTheSameAssessmentsAndAlerts()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync("2025-01-06");
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), SrsItems(9.5m, 9.5m, 9.5m, 9.5m));
        var link = await LinkAsync(http, episode, "outcome");

        var response = await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{link["code"]}", OrsItems(2m, 3m, 3m, 4m));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal(2, (int)JsonNode.Parse(body)!["sessionNumber"]!);
        Assert.DoesNotContain("12", body); // no total goes back to the client

        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        var session = read["sessions"]![1]!;
        Assert.Equal("client", (string)session["ratedBy"]!);
        Assert.Equal("clinician", (string)read["sessions"]![0]!["ratedBy"]!);
        Assert.Equal(12m, (decimal)session["outcome"]!["total"]!);
        Assert.Equal(-8m, (decimal)session["changeFromIntake"]!);
        Assert.Equal("deteriorated", (string)session["reliableChange"]!);
        Assert.Null(session["alliance"]);
        Assert.Contains(read["openAlerts"]!.AsArray(), a => (string)a!["kind"]! == "reliableDeterioration");

        // The same scores typed by a clinician give the same assessment.
        var (other, _, twin) = await Clinic.AdultEpisodeAsync("2025-01-06");
        await SessionAsync(other, twin, "2025-01-06", OrsTotal(20m), SrsItems(9.5m, 9.5m, 9.5m, 9.5m));
        var typed = await SessionAsync(other, twin, (string)session["date"]!, OrsItems(2m, 3m, 3m, 4m));
        Assert.Equal((string)typed["category"]!, (string)session["category"]!);
        Assert.Equal("clinician", (string)typed["ratedBy"]!);
    }

    [Fact]
    public async Task AnAllianceRatingCompletesTheLatestSessionAsANewRevisionKeepingItsOutcome()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync("2025-01-06");
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(22m));
        var link = await LinkAsync(http, episode, "alliance");
        Assert.Equal(2, (int)link["sessionNumber"]!);

        var response = await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{link["code"]}", new { items = new
            { relationship = 8.0m, goalsAndTopics = 9.5m, approachOrMethod = 9.5m, overall = 9.5m } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

        var session = (await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessions"]![1]!;
        Assert.Equal(36.5m, (decimal)session["alliance"]!["total"]!);
        Assert.Equal(22m, (decimal)session["outcome"]!["total"]!);
        Assert.Equal("2025-01-13", (string)session["date"]!);
        Assert.Equal("clinician", (string)session["ratedBy"]!);
        Assert.Equal("client", (string)session["allianceRatedBy"]!);
        Assert.Equal(2, (int)session["revision"]!);
        var revisions = await JsonArray(await http.GetAsync($"/api/v1/episodes/{episode}/sessions/2/revisions"));
        Assert.Null(revisions[0]!["allianceRatedBy"]);
        Assert.Equal("client", (string)revisions[1]!["allianceRatedBy"]!);
        Assert.StartsWith("client-link:", (string)revisions[1]!["recordedBy"]!);
    }

    [Fact]
    public async Task AUsedLinkAnswers410AndAnUnknownCodeGetsTheSame410()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var code = (string)(await LinkAsync(http, episode, "outcome"))["code"]!;
        Assert.Equal(HttpStatusCode.Created, (await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}", OrsItems(5, 5, 5, 5))).StatusCode);

        var again = await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}", OrsItems(6, 6, 6, 6));
        var form = await Anonymous.GetAsync($"/api/v1/client-ratings/{code}");
        var unknown = await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{ClientLinkCode.New()}", OrsItems(6, 6, 6, 6));
        foreach (var gone in new[] { again, form, unknown })
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        }
        var (a, b) = (await Json(again), await Json(unknown));
        a.Remove("traceId");
        b.Remove("traceId");
        Assert.Equal(a.ToJsonString(), b.ToJsonString());
        Assert.Contains("brukt", (string)a["detail"]!);
        Assert.Equal(1, (int)(await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessionCount"]!);
    }

    [Fact]
    public async Task TwoConcurrentRatingsWithOneCodeGiveOne201AndOne410()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var code = (string)(await LinkAsync(http, episode, "outcome"))["code"]!;
        var posts = Enumerable.Range(0, 2).Select(i => Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}", OrsItems(5 + i, 5, 5, 5)));

        var statuses = (await Task.WhenAll(posts)).Select(r => r.StatusCode).Order().ToList();

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Gone], statuses);
        Assert.Equal(1, (int)(await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessionCount"]!);
    }

    [Fact]
    public async Task ARefusedRatingNamesTheItemAndLeavesTheLinkUsable()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var code = (string)(await LinkAsync(http, episode, "outcome"))["code"]!;

        var missing = await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}", new { items = new { individually = 5, interpersonally = 5, socially = 5 } });
        await AssertProblemAsync(missing, HttpStatusCode.BadRequest, "items.overall");
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}", new { }), HttpStatusCode.BadRequest, "items");
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}", OrsItems(5, 5, 5, 10.5m)),
            HttpStatusCode.BadRequest, "items.overall");

        Assert.Equal(HttpStatusCode.Created, (await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}", OrsItems(5, 5, 5, 5))).StatusCode);
    }

    [Fact]
    public async Task OnlyAClinicianOfTheEpisodesDepartmentMakesALink()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var other = Factory.As("clinician", await Clinic.DepartmentAsync());
        var otherDepartment = await other.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" });
        Assert.Equal(HttpStatusCode.NotFound, otherDepartment.StatusCode); // as every episode route: no sign that it exists
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Factory.As("evaluator").PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await Anonymous.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" })).StatusCode);
        await using var db = await Factory.OpenAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from client_links where episode_id = @episode", new { episode }));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "select count(*) from access_log where episode_id = @episode and action = 'client-link.create.denied'", new { episode }));
    }

    [Fact]
    public async Task BadLinkRequestsNameTheirField()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var url = $"/api/v1/episodes/{episode}/client-links";
        await AssertProblemAsync(await http.PostAsJsonAsync(url, new { scale = "mood" }), HttpStatusCode.BadRequest, "scale");
        await AssertProblemAsync(await http.PostAsJsonAsync(url, new { scale = "outcome", sessionNumber = 1 }), HttpStatusCode.BadRequest, "sessionNumber");
        await AssertProblemAsync(await http.PostAsJsonAsync(url, new { scale = "alliance" }), HttpStatusCode.UnprocessableEntity, "sessionNumber");
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), SrsItems(9, 9, 9, 9));
        await AssertProblemAsync(await http.PostAsJsonAsync(url, new { scale = "alliance", sessionNumber = 1 }), HttpStatusCode.Conflict, "sessionNumber");
        await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-02-01", endReason = "planned" });
        await AssertProblemAsync(await http.PostAsJsonAsync(url, new { scale = "outcome" }), HttpStatusCode.Conflict, "id");
    }

    [Fact]
    public async Task ARetryWithTheSameKeyGivesTheSameLinkANewCodeAndTheOldCodeStopsWorking()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        async Task<HttpResponseMessage> Post(string key, string scale = "outcome")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/client-links") { Content = JsonContent.Create(new { scale }) };
            request.Headers.Add("Idempotency-Key", key);
            return await http.SendAsync(request);
        }
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m)); // so that an alliance link is a valid request too
        var key = Guid.NewGuid().ToString();
        var first = await Json(await Post(key));
        var retry = await Post(key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var second = await Json(retry);
        Assert.Equal((string)first["expiresAt"]!, (string)second["expiresAt"]!);
        Assert.NotEqual((string)first["code"]!, (string)second["code"]!);

        Assert.Equal(HttpStatusCode.Gone, (await Anonymous.GetAsync($"/api/v1/client-ratings/{first["code"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync($"/api/v1/client-ratings/{second["code"]}")).StatusCode);
        await AssertProblemAsync(await Post(key, "alliance"), HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await using var db = await Factory.OpenAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from client_links where episode_id = @episode", new { episode }));
    }

    [Fact]
    public async Task TheLinkIsTheActorAndTheEpisodesClientTheSubjectInTheAccessLog()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var client = (Guid)(await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["clientId"]!;
        var code = (string)(await LinkAsync(http, episode, "outcome"))["code"]!;
        await Anonymous.GetAsync($"/api/v1/client-ratings/{code}");
        Assert.Equal(HttpStatusCode.Created, (await Anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}", OrsItems(5, 5, 5, 5))).StatusCode);

        await using var db = await Factory.OpenAsync();
        var linkId = await db.ExecuteScalarAsync<Guid>("select id from client_links where code_hash = @hash", new { hash = ClientLinkCode.Hash(code) });
        var rows = (await db.QueryAsync<(string Actor, string Role, string Action, Guid? EpisodeId)>(
            "select actor, role, action, episode_id from access_log where client_id = @client and action like 'client-%' order by id",
            new { client })).ToList();
        Assert.Equal(
            [("test-clinician-" + (await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["departmentCode"], "clinician", "client-link.create"),
             ($"client-link:{linkId}", "client", "client-rating.form.read"),
             ($"client-link:{linkId}", "client", "client-rating.record")],
            rows.Select(r => (r.Actor, r.Role, r.Action)));
        Assert.All(rows, r => Assert.Equal(episode, r.EpisodeId));
    }

    [Fact]
    public async Task ASessionWithoutTheAllianceSaysWhyAndTheReasonIsCheckedAndShown()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var declined = await PostSessionAsync(http, episode, new { date = "2025-01-06", outcome = OrsTotal(20m), allianceMissingReason = "clientDeclined" });
        Assert.Equal(HttpStatusCode.Created, declined.StatusCode);
        Assert.Equal("clientDeclined", (string)(await Json(declined))["allianceMissingReason"]!);
        var unstated = await SessionAsync(http, episode, "2025-01-07", OrsTotal(20m));
        Assert.Null(unstated["allianceMissingReason"]); // optional in the API: null is "not stated"

        await AssertProblemAsync(await PostSessionAsync(http, episode, new { date = "2025-01-08", outcome = OrsTotal(20m), allianceMissingReason = "forgot" }),
            HttpStatusCode.BadRequest, "allianceMissingReason");
        await AssertProblemAsync(await PostSessionAsync(http, episode, new { date = "2025-01-08", outcome = OrsTotal(20m),
            alliance = SrsItems(9, 9, 9, 9), allianceMissingReason = "notDone" }), HttpStatusCode.BadRequest, "allianceMissingReason");
        await AssertProblemAsync(await PostSessionAsync(http, episode, new { date = "2025-01-08", outcome = OrsTotal(20m), ratedBy = "robot" }),
            HttpStatusCode.BadRequest, "ratedBy");

        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal("clientDeclined", (string)read["sessions"]![0]!["allianceMissingReason"]!);
        var revisions = await JsonArray(await http.GetAsync($"/api/v1/episodes/{episode}/sessions/1/revisions"));
        Assert.Equal("clientDeclined", (string)revisions[0]!["allianceMissingReason"]!);
        Assert.Equal("clinician", (string)revisions[0]!["ratedBy"]!);
    }

    [Fact]
    public async Task ASessionTheClientMarkedOnTheTabletIsRatedByTheClient()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var recorded = await PostSessionAsync(http, episode, new { date = "2025-01-06", outcome = OrsTotal(20m), alliance = SrsItems(9, 9, 9, 9), ratedBy = "client" });
        var body = await Json(recorded);
        Assert.Equal("client", (string)body["ratedBy"]!);
        Assert.Equal("client", (string)body["allianceRatedBy"]!);
    }
}
