using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;

namespace FitService.Api.Tests;

public class AuthenticationTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task HealthAndTheOpenApiDocumentNeedNoToken()
    {
        var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        var openApi = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var document = await openApi.Content.ReadAsStringAsync();
        Assert.Contains("/api/v1/episodes/{id}/sessions", document);
        // The reference page documents what a session answers, not only that it answers.
        var sessions = System.Text.Json.Nodes.JsonNode.Parse(document)!["paths"]!["/api/v1/episodes/{id}/sessions"]!["post"]!;
        Assert.NotNull(sessions["responses"]!["201"]!["content"]!["application/json"]!["schema"]);
        Assert.NotNull(sessions["responses"]!["400"]);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/scalar/")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/departments")]
    [InlineData("GET", "/api/v1/instruments")]
    [InlineData("POST", "/api/v1/clients")]
    [InlineData("GET", "/api/v1/episodes/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/api/v1/alerts")]
    public async Task EveryApiEndpointNeedsAToken(string method, string path)
    {
        var response = await Factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { }) : null,
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsRefused()
    {
        using var other = new FitServiceFactory();
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", other.Token("admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/departments")).StatusCode);
    }

    [Theory]
    [InlineData("evaluator")]
    [InlineData("admin")]
    public async Task OnlyCliniciansAndSupervisorsReachClientData(string role)
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(clinician, department);
        var episode = await Clinic.EpisodeAsync(clinician, client, department);
        var other = Factory.As(role, department);

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/clients/{client}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/episodes/{episode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/api/v1/clients",
            new { pseudonym = Clinic.Pseudonym(), birthYear = 1990, departmentCode = department })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/api/v1/episodes",
            new { clientId = client, departmentCode = department, startedOn = "2025-01-06" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Clinic.PostSessionAsync(other, episode,
            new { date = "2025-01-06", outcome = Clinic.OrsTotal(20m) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/alerts?department={department}")).StatusCode);
    }

    [Fact]
    public async Task OnlyAdminsReadTheAccessLog()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(clinician, department);
        foreach (var role in new[] { "clinician", "supervisor", "evaluator" })
            Assert.Equal(HttpStatusCode.Forbidden, (await Factory.As(role, department).GetAsync($"/api/v1/clients/{client}/access-log")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Clinic.Admin.GetAsync($"/api/v1/clients/{client}/access-log")).StatusCode);
    }

    [Fact]
    public async Task AClinicianCannotUseTheSupervisorQueue()
    {
        var department = await Clinic.DepartmentAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await Factory.As("clinician", department).GetAsync("/api/v1/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Factory.As("supervisor", department).GetAsync("/api/v1/alerts")).StatusCode);
    }
}
