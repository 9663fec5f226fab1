using System.Net;
using System.Net.Http.Json;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.ClientRatings;

/// <summary>The clinician's panel asks whether the client has used the link: the state only, not a logged read of client data.</summary>
public class ClientLinkStateTests(FitServiceFactory factory) : ApiTest(factory)
{
    static string StateOf(System.Text.Json.Nodes.JsonObject state) => (string)state["state"]!;

    [Fact]
    public async Task AnOutcomeLinkIsWaitingUntilTheClientRatesThenUsedWithTheTimeAndTheLookingIsNotLogged()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var link = await ClientLinksTests.LinkAsync(http, episode, "outcome");
        var route = $"/api/v1/episodes/{episode}/client-links/{link["id"]}";

        await using var db = await Factory.OpenAsync();
        var logged = await db.ExecuteScalarAsync<long>("select count(*) from access_log where episode_id = @episode", new { episode });
        for (var look = 0; look < 5; look++)
        {
            var waiting = await Json(await http.GetAsync(route));
            Assert.Equal("waiting", StateOf(waiting));
            Assert.Null(waiting["usedAt"]);
            Assert.Equal((string)link["expiresAt"]!, (string)waiting["expiresAt"]!);
        }
        Assert.Equal(logged, await db.ExecuteScalarAsync<long>("select count(*) from access_log where episode_id = @episode", new { episode }));

        var rated = await Factory.CreateClient().PostAsJsonAsync($"/api/v1/client-ratings/{link["code"]}",
            new { items = new { individually = 4, interpersonally = 5, socially = 5, overall = 4 } });
        Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
        var used = await Json(await http.GetAsync(route));
        Assert.Equal("used", StateOf(used));
        Assert.InRange(DateTimeOffset.Parse((string)used["usedAt"]!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5));
        // The state names no score, no session and no client.
        Assert.Equal(["expiresAt", "id", "state", "usedAt"], used.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task ARetriedLinkKeepsItsIdSoThePanelAsksAboutTheSameLink()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var key = Guid.NewGuid().ToString();
        async Task<System.Text.Json.Nodes.JsonObject> MakeAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/client-links")
            {
                Content = JsonContent.Create(new { scale = "outcome" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await Json(response);
        }
        var first = await MakeAsync();
        var retried = await MakeAsync();
        Assert.Equal((string)first["id"]!, (string)retried["id"]!);
        Assert.NotEqual((string)first["code"]!, (string)retried["code"]!);
    }

    [Fact]
    public async Task AnotherDepartmentsClinicianAndAnotherEpisodesPathGet404()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        var link = await ClientLinksTests.LinkAsync(http, episode, "outcome");
        var sibling = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        var (stranger, _, _) = await Clinic.AdultEpisodeAsync();

        var fromAnotherDepartment = await stranger.GetAsync($"/api/v1/episodes/{episode}/client-links/{link["id"]}");
        Assert.Equal(HttpStatusCode.NotFound, fromAnotherDepartment.StatusCode);
        Assert.Equal("application/problem+json", fromAnotherDepartment.Content.Headers.ContentType?.MediaType);
        // The link belongs to its own episode: asked under another episode of the same department it does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/episodes/{sibling}/client-links/{link["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/episodes/{episode}/client-links/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Factory.As("evaluator").GetAsync($"/api/v1/episodes/{episode}/client-links/{link["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync($"/api/v1/episodes/{episode}/client-links/{link["id"]}")).StatusCode);
    }
}

// Links here live one second.
public class ExpiredClientLinkStateTests(ShortLinkFactory factory) : IClassFixture<ShortLinkFactory>
{
    [Fact]
    public async Task AnUnusedLinkPastItsTimeIsExpired()
    {
        var (http, _, episode) = await new Clinic(factory).AdultEpisodeAsync();
        var link = await ClientLinksTests.LinkAsync(http, episode, "outcome");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var state = await Json(await http.GetAsync($"/api/v1/episodes/{episode}/client-links/{link["id"]}"));
        Assert.Equal("expired", (string)state["state"]!);
        Assert.Null(state["usedAt"]);
    }
}
