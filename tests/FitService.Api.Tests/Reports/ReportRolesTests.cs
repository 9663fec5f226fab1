using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>Evaluators reach reports and nothing client-level; clinicians and supervisors do not reach reports.</summary>
public class ReportRolesTests(FitServiceFactory factory) : ApiTest(factory)
{
    const string Report = "/api/v1/reports/outcomes?from=2025-01&to=2025-12&groupBy=department,quarter";

    [Fact]
    public async Task EvaluatorsAndAdminsReachReports()
    {
        Assert.Equal(HttpStatusCode.OK, (await Factory.As("evaluator").GetAsync(Report)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Factory.As("admin").GetAsync(Report)).StatusCode);
    }

    [Theory]
    [InlineData("clinician")]
    [InlineData("supervisor")]
    public async Task ClinicalRolesDoNotReachReports(string role)
    {
        var department = await Clinic.DepartmentAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await Factory.As(role, department).GetAsync(Report)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Factory.As(role, department).GetAsync(
            "/api/v1/reports/outcomes/compare?firstFrom=2024-01&firstTo=2024-12&secondFrom=2025-01&secondTo=2025-12")).StatusCode);
    }

    [Fact]
    public async Task ReportsNeedAToken()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync(Report)).StatusCode);
    }

    // Every client-level endpoint, real ids included, with a department claim on the token for good measure:
    // an evaluator gets 403 (exactly: a 404 or 405 would be a route that does not exist) and never sees the pseudonym.
    [Fact]
    public async Task EvaluatorsAreRefusedEveryClientLevelEndpoint()
    {
        var (clinician, department, episode) = await Clinic.AdultEpisodeAsync();
        var clientId = (await Json(await clinician.GetAsync($"/api/v1/episodes/{episode}")))["clientId"]?.GetValue<Guid>();
        var created = await Json(await clinician.PostAsJsonAsync("/api/v1/clients", new { pseudonym = Pseudonym(), birthYear = 1980, departmentCode = department }));
        var client = clientId ?? created["id"]!.GetValue<Guid>();
        var pseudonym = (string)(await Json(await clinician.GetAsync($"/api/v1/clients/{client}")))["pseudonym"]!;
        await SessionAsync(clinician, episode, "2025-01-06", OrsTotal(15m), Srs(8, 8, 8, 8));

        var evaluator = Factory.As("evaluator", department);
        var requests = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Post, "/api/v1/clients", new { pseudonym = Pseudonym(), birthYear = 1980, departmentCode = department }),
            (HttpMethod.Get, $"/api/v1/clients/{client}", null),
            (HttpMethod.Get, $"/api/v1/clients/{client}/access-log", null),
            (HttpMethod.Get, "/api/v1/episodes", null),
            (HttpMethod.Post, "/api/v1/episodes", new { clientId = client, departmentCode = department, startedOn = "2025-01-06" }),
            (HttpMethod.Get, $"/api/v1/episodes/{episode}", null),
            (HttpMethod.Post, $"/api/v1/episodes/{episode}/close", new { endedOn = "2025-02-01", endReason = "planned" }),
            (HttpMethod.Post, $"/api/v1/episodes/{episode}/sessions", new { date = "2025-01-13", outcome = OrsTotal(20m) }),
            (HttpMethod.Put, $"/api/v1/episodes/{episode}/sessions/1", new { date = "2025-01-06", outcome = OrsTotal(16m) }),
            (HttpMethod.Get, $"/api/v1/episodes/{episode}/sessions/1/revisions", null),
            (HttpMethod.Get, $"/api/v1/episodes/{episode}/summary.pdf", null),
            (HttpMethod.Post, $"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" }),
            (HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings",
                new { sessionNumber = 1, relation = "parent", items = new { individually = 5m, interpersonally = 5m, socially = 5m, overall = 5m } }),
            (HttpMethod.Get, "/api/v1/alerts", null),
            (HttpMethod.Get, $"/api/v1/alerts?department={department}&status=open", null),
            (HttpMethod.Get, "/api/v1/alerts/episodes", null),
        };
        foreach (var (method, url, body) in requests)
        {
            var request = new HttpRequestMessage(method, url);
            if (body is not null) request.Content = JsonContent.Create(body);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var response = await evaluator.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.False(response.IsSuccessStatusCode, $"{method} {url} gave an evaluator {(int)response.StatusCode}: {text}");
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url}: {(int)response.StatusCode}");
            Assert.DoesNotContain(pseudonym, text, StringComparison.OrdinalIgnoreCase);
        }
        // Nothing was written on the evaluator's behalf.
        var episodeNow = await Json(await clinician.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Null(episodeNow["endedOn"]);
    }
}
