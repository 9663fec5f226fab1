using System.Net;
using System.Net.Http.Json;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>Normen: every read and change of client-level data is logged, and the log cannot be changed.</summary>
public class AccessLogTests(FitServiceFactory factory) : ApiTest(factory)
{
    /// <summary>Every endpoint that reads or changes client-level data, with the action it logs.</summary>
    static readonly Dictionary<string, string> ClientLevel = new()
    {
        ["POST /api/v1/clients"] = "client.create",
        ["GET /api/v1/clients/{id:guid}"] = "client.read",
        ["GET /api/v1/clients/{id:guid}/access-log"] = "access-log.read",
        ["POST /api/v1/episodes"] = "episode.create",
        ["GET /api/v1/episodes"] = "episode.list",
        ["GET /api/v1/episodes/{id:guid}"] = "episode.read",
        ["GET /api/v1/episodes/{id:guid}/summary.pdf"] = "episode.summary.read",
        ["POST /api/v1/episodes/{id:guid}/close"] = "episode.close",
        ["POST /api/v1/episodes/{id:guid}/sessions"] = "session.record",
        ["PUT /api/v1/episodes/{id:guid}/sessions/{number:int}"] = "session.correct",
        ["GET /api/v1/episodes/{id:guid}/sessions/{number:int}/revisions"] = "session.revisions.read",
        ["GET /api/v1/alerts"] = "alert.queue.read",
        ["GET /api/v1/alerts/{id:guid}"] = "alert.read",
        ["GET /api/v1/alerts/episodes"] = "alert.queue.read",
        ["POST /api/v1/alerts/{id:guid}/acknowledge"] = "alert.acknowledged",
        ["POST /api/v1/alerts/{id:guid}/resolve"] = "alert.resolved",
        // Collateral ratings (a relation's ORS for the client's episode)
        ["POST /api/v1/episodes/{id:guid}/collateral-ratings"] = "collateral.record",
        ["PUT /api/v1/episodes/{id:guid}/collateral-ratings/{sessionNumber:int}/{relation}"] = "collateral.correct",
    };

    /// <summary>Client ratings through a one-time link, with the action each logs; ClientLinksTests checks the entries.</summary>
    static readonly Dictionary<string, string> ClientRatingLevel = new()
    {
        ["POST /api/v1/episodes/{id:guid}/client-links"] = "client-link.create",
        ["GET /api/v1/client-ratings/{code}"] = "client-rating.form.read",
        ["POST /api/v1/client-ratings/{code}"] = "client-rating.record",
    };

    /// <summary>Endpoints that show no client-level row: reference data, counts and aggregates.</summary>
    static readonly string[] NotClientLevel =
    [
        "GET /health", "GET /health/live", "GET /health/ready", "GET /openapi/{documentName}.json", "GET /scalar/{documentName?}",
        "GET /api/v1/departments", "POST /api/v1/departments",
        // Goals are targets on aggregates and a text on the department's work, never about a client.
        "GET /api/v1/departments/{code}/goals", "POST /api/v1/departments/{code}/goals", "DELETE /api/v1/departments/{code}/goals/{id:long}",
        "GET /api/v1/instruments", "GET /api/v1/instruments/{code}", "POST /api/v1/instruments",
        "GET /api/v1/instruments/{code}/wording", "PUT /api/v1/instruments/{code}/wording", // the organisation's item texts
        "GET /api/v1/alerts/summary",
        "GET /api/v1/trajectories/calibrations", "POST /api/v1/trajectories/recalibrate",
        "GET /api/v1/access-log/verify", // ids and hashes of the chains only, no client data (AccessLogChainTests)
        // A link's state only (waiting, used, expired): the panel then reads the episode, which is logged (ClientLinkStateTests).
        "GET /api/v1/episodes/{id:guid}/client-links/{linkId:guid}",
        "GET /api/v1/me", "GET /api/v1/account/antiforgery", "GET /account/me", "GET /account/signin", "GET /account/signout",
    ];

    /// <summary>Aggregated, anonymised reports (evaluators; no client-level rows by design) and the API reference UI's files.</summary>
    static readonly string[] NotClientLevelPrefixes = ["/api/v1/reports", "/scalar/"];

    [Fact]
    public void EveryEndpointIsClassifiedSoANewOneCannotSkipTheLog()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToList();
        var unclassified = endpoints
            .Where(e => !ClientLevel.ContainsKey(e) && !ClientRatingLevel.ContainsKey(e) && !NotClientLevel.Contains(e) && !NotClientLevelPrefixes.Any(p => e.Split(' ')[1].StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.True(unclassified.Count == 0, "Classify these endpoints in AccessLogTests: " + string.Join(", ", unclassified));
        Assert.All(ClientLevel.Keys, k => Assert.Contains(k, endpoints));
        Assert.All(ClientRatingLevel.Keys, k => Assert.Contains(k, endpoints));
    }

    [Fact]
    public async Task EveryClientLevelEndpointWritesOneEntryWithActorRoleActionClientEpisodeAndRequestId()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var supervisor = Factory.As("supervisor", department);
        var covered = new HashSet<string>();
        Guid client = default, episode = default, alert = default;

        async Task Step(string route, HttpClient http, string role, Func<Task<HttpResponseMessage>> call, bool withEpisode = true)
        {
            await using var db = await Factory.OpenAsync();
            var before = await db.ExecuteScalarAsync<long>("select coalesce(max(id), 0) from access_log");
            var response = await call();
            Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (client == default) client = (await Json(response))["id"]!.GetValue<Guid>();
            var rows = (await db.QueryAsync<(string Actor, string Role, string Action, Guid ClientId, Guid? EpisodeId, string? RequestId, DateTime At)>(
                "select actor, role, action, client_id, episode_id, request_id, at from access_log where id > @before", new { before })).ToList();
            var row = Assert.Single(rows);
            Assert.Equal(ClientLevel[route], row.Action);
            Assert.Equal(role, row.Role);
            Assert.Equal($"test-{role}-{(role == "admin" ? "" : department)}", row.Actor);
            Assert.Equal(client, row.ClientId);
            Assert.Equal(withEpisode ? episode : null, row.EpisodeId);
            Assert.False(string.IsNullOrEmpty(row.RequestId));
            Assert.True(row.At > DateTime.UtcNow.AddMinutes(-5));
            covered.Add(route);
        }

        await Step("POST /api/v1/clients", clinician, "clinician",
            () => clinician.PostAsJsonAsync("/api/v1/clients", new { pseudonym = Pseudonym(), birthYear = 1990, departmentCode = department }), false);
        await Step("GET /api/v1/clients/{id:guid}", clinician, "clinician", () => clinician.GetAsync($"/api/v1/clients/{client}"), false);
        episode = await Clinic.EpisodeAsync(clinician, client, department); // logged; checked below
        await Step("GET /api/v1/episodes", clinician, "clinician", () => clinician.GetAsync($"/api/v1/episodes?department={department}"));
        await Step("GET /api/v1/episodes/{id:guid}", clinician, "clinician", () => clinician.GetAsync($"/api/v1/episodes/{episode}"));
        await Step("GET /api/v1/episodes/{id:guid}/summary.pdf", clinician, "clinician",
            () => clinician.GetAsync($"/api/v1/episodes/{episode}/summary.pdf"));
        await Step("POST /api/v1/episodes/{id:guid}/sessions", clinician, "clinician",
            () => PostSessionAsync(clinician, episode, new { date = "2025-01-06", outcome = OrsTotal(20m) }));
        await Step("POST /api/v1/episodes/{id:guid}/sessions", clinician, "clinician",
            () => PostSessionAsync(clinician, episode, new { date = "2025-01-13", outcome = OrsTotal(14m) }));
        await Step("PUT /api/v1/episodes/{id:guid}/sessions/{number:int}", clinician, "clinician",
            () => clinician.PutAsJsonAsync($"/api/v1/episodes/{episode}/sessions/2", new { date = "2025-01-13", outcome = OrsTotal(13m) }));
        await Step("GET /api/v1/episodes/{id:guid}/sessions/{number:int}/revisions", clinician, "clinician",
            () => clinician.GetAsync($"/api/v1/episodes/{episode}/sessions/2/revisions"));
        await Step("GET /api/v1/alerts", supervisor, "supervisor", () => supervisor.GetAsync("/api/v1/alerts"));
        await Step("GET /api/v1/alerts/episodes", supervisor, "supervisor", () => supervisor.GetAsync("/api/v1/alerts/episodes"));
        alert = (Guid)(await Json(await supervisor.GetAsync("/api/v1/alerts")))["rows"]![0]!["id"]!;
        await Step("GET /api/v1/alerts/{id:guid}", supervisor, "supervisor", () => supervisor.GetAsync($"/api/v1/alerts/{alert}"));
        await Step("POST /api/v1/alerts/{id:guid}/acknowledge", supervisor, "supervisor",
            () => supervisor.PostAsJsonAsync($"/api/v1/alerts/{alert}/acknowledge", new { note = "Drøftet i veiledning / discussed in supervision" }));
        await Step("POST /api/v1/alerts/{id:guid}/resolve", supervisor, "supervisor",
            () => supervisor.PostAsJsonAsync($"/api/v1/alerts/{alert}/resolve", new { note = "Drøftet i veiledning / discussed in supervision" }));
        await Step("POST /api/v1/episodes/{id:guid}/close", clinician, "clinician",
            () => clinician.PostAsJsonAsync($"/api/v1/episodes/{episode}/close", new { endedOn = "2025-02-01", endReason = "planned" }));
        await Step("GET /api/v1/clients/{id:guid}/access-log", Clinic.Admin, "admin",
            () => Clinic.Admin.GetAsync($"/api/v1/clients/{client}/access-log"), false);

        // The admin's view answers the client's question "who looked at my data?", in order.
        var log = await JsonArray(await Clinic.Admin.GetAsync($"/api/v1/clients/{client}/access-log"));
        Assert.Equal(
            ["client.create", "client.read", "episode.create", "episode.list", "episode.read", "episode.summary.read", "session.record", "session.record", "session.correct",
             "session.revisions.read", "alert.queue.read", "alert.queue.read", "alert.queue.read", "alert.read", "alert.acknowledged", "alert.resolved",
             "episode.close", "access-log.read", "access-log.read"],
            log.Select(e => (string)e!["action"]!));
        Assert.Contains(log, e => (string?)e!["actor"] == $"test-supervisor-{department}" && (string?)e["role"] == "supervisor");

        // Collateral ratings, on the (closed) episode's first session.
        var collateral = new { sessionNumber = 1, relation = "parent", items = new { individually = 5m, interpersonally = 5m, socially = 5m, overall = 5m } };
        await Step("POST /api/v1/episodes/{id:guid}/collateral-ratings", clinician, "clinician", () => clinician.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings")
            { Content = JsonContent.Create(collateral), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } } }));
        await Step("PUT /api/v1/episodes/{id:guid}/collateral-ratings/{sessionNumber:int}/{relation}", clinician, "clinician",
            () => clinician.PutAsJsonAsync($"/api/v1/episodes/{episode}/collateral-ratings/1/parent", new { collateral.items }));
        Assert.Equal("POST /api/v1/episodes", ClientLevel.Keys.Except(covered).Single()); // created through Clinic above
    }

    [Theory]
    [InlineData("clinician")]
    [InlineData("supervisor")]
    [InlineData("evaluator")]
    public async Task OnlyAdminsReadTheAccessLog(string role)
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As(role, department);
        var client = await Clinic.ClientAsync(Factory.As("clinician", department), department);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/clients/{client}/access-log")).StatusCode);
    }

    [Theory]
    [InlineData("update access_log set actor = 'someone-else'")]
    [InlineData("delete from access_log")]
    [InlineData("truncate access_log")]
    public async Task EvenTheSchemaOwnerIsRefusedWhileTheTriggersStand(string sql)
    {
        // The service's own login has no such privilege at all (AccessLogTamperTests); this is the owner.
        var department = await Clinic.DepartmentAsync();
        await Clinic.ClientAsync(Factory.As("clinician", department), department);
        await using var db = await Factory.OpenAsOwnerAsync();
        var before = await db.ExecuteScalarAsync<long>("select count(*) from access_log");
        Assert.True(before > 0);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText);
        Assert.Equal(before, await db.ExecuteScalarAsync<long>("select count(*) from access_log"));
    }
}
