using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// A refused look at another department's client is written to the access log as denied, with the actor, and answered
/// exactly as if the client did not exist.
/// </summary>
public class DeniedReadTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task ReadingAnotherDepartmentsClientIsLoggedAsDeniedAndLooksLikeANonExistentOne()
    {
        var (owner, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(owner, episode, "2025-01-06", OrsTotal(15m));
        var client = (await Json(await owner.GetAsync($"/api/v1/episodes/{episode}")))["clientId"]!.GetValue<Guid>();
        var other = await Clinic.DepartmentAsync();
        var outsider = Factory.As("clinician", other);

        var cases = new (string Existing, string Missing, string Action, Guid? Episode)[]
        {
            ($"/api/v1/clients/{client}", $"/api/v1/clients/{Guid.NewGuid()}", "client.read.denied", null),
            ($"/api/v1/episodes/{episode}", $"/api/v1/episodes/{Guid.NewGuid()}", "episode.read.denied", episode),
            ($"/api/v1/episodes/{episode}/sessions/1/revisions", $"/api/v1/episodes/{Guid.NewGuid()}/sessions/1/revisions",
                "session.revisions.read.denied", episode),
        };
        foreach (var (existing, missing, _, _) in cases)
        {
            var refused = await outsider.GetAsync(existing);
            var absent = await outsider.GetAsync(missing);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
            Assert.Equal(WithoutTrace(await refused.Content.ReadAsStringAsync()), WithoutTrace(await absent.Content.ReadAsStringAsync()));
        }

        var log = await DeniedAsync(client);
        Assert.Equal(cases.Select(c => (c.Action, $"test-clinician-{other}", "clinician", c.Episode)), log);
    }

    [Fact]
    public async Task ReadingAnotherDepartmentsAlertIsLoggedAsDenied()
    {
        var (owner, department, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(owner, episode, "2025-01-06", OrsTotal(15m), Srs(8, 8, 8, 8)); // alliance below the cutoff
        var queue = await Json(await Factory.As("supervisor", department).GetAsync($"/api/v1/alerts?department={department}"));
        var alert = queue["rows"]!.AsArray()[0]!["id"]!.GetValue<Guid>();
        var client = (await Json(await owner.GetAsync($"/api/v1/episodes/{episode}")))["clientId"]!.GetValue<Guid>();
        var other = await Clinic.DepartmentAsync();
        var outsider = Factory.As("supervisor", other);

        var refused = await outsider.GetAsync($"/api/v1/alerts/{alert}");
        var absent = await outsider.GetAsync($"/api/v1/alerts/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(WithoutTrace(await refused.Content.ReadAsStringAsync()), WithoutTrace(await absent.Content.ReadAsStringAsync()));
        Assert.Equal([("alert.read.denied", $"test-supervisor-{other}", "supervisor", (Guid?)episode)], await DeniedAsync(client));
    }

    [Theory]
    [InlineData("clinician")]
    [InlineData("supervisor")]
    [InlineData("evaluator")]
    public async Task ANonAdminReadingTheAccessLogIsRefusedAndLogged(string role)
    {
        var department = await Clinic.DepartmentAsync();
        var client = await Clinic.ClientAsync(Factory.As("clinician", department), department);
        var http = Factory.As(role, department);

        var refused = await http.GetAsync($"/api/v1/clients/{client}/access-log");
        var absent = await http.GetAsync($"/api/v1/clients/{Guid.NewGuid()}/access-log");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, absent.StatusCode);
        Assert.Equal(WithoutTrace(await refused.Content.ReadAsStringAsync()), WithoutTrace(await absent.Content.ReadAsStringAsync()));
        Assert.Equal([("access-log.read.denied", $"test-{role}-{department}", role, (Guid?)null)], await DeniedAsync(client));
    }

    [Fact]
    public async Task AReadInOnesOwnDepartmentIsNotDenied()
    {
        var (owner, _, episode) = await Clinic.AdultEpisodeAsync();
        var client = (await Json(await owner.GetAsync($"/api/v1/episodes/{episode}")))["clientId"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/clients/{client}")).StatusCode);
        Assert.Empty(await DeniedAsync(client));
    }

    async Task<List<(string Action, string Actor, string Role, Guid? Episode)>> DeniedAsync(Guid client)
    {
        await using var db = await Factory.OpenAsync();
        return (await db.QueryAsync<(string, string, string, Guid?)>(
            "select action, actor, role, episode_id from access_log where client_id = @client and action like '%.denied' order by id",
            new { client })).ToList();
    }

    static string WithoutTrace(string problem)
    {
        var json = JsonNode.Parse(problem)!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }
}
