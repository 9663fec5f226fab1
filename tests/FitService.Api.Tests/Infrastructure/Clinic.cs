using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FitService.Api.Tests.Infrastructure;

/// <summary>Arranges data through the API itself: departments, clients, episodes and sessions.</summary>
public sealed class Clinic(FitServiceFactory factory)
{
    static int counter;

    public FitServiceFactory Factory => factory;
    public HttpClient Admin => factory.As("admin");

    /// <summary>A new department with a unique code, made by an admin.</summary>
    public async Task<string> DepartmentAsync()
    {
        var code = $"T{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var response = await Admin.PostAsJsonAsync("/api/v1/departments", new { code, name = $"Testavdeling {code}" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return code;
    }

    public static string Pseudonym() => $"Test-Hare-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task<Guid> ClientAsync(HttpClient http, string department, int birthYear = 1990)
    {
        var response = await http.PostAsJsonAsync("/api/v1/clients", new { pseudonym = Pseudonym(), birthYear, departmentCode = department });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    public async Task<Guid> EpisodeAsync(HttpClient http, Guid clientId, string department, string startedOn = "2025-01-06")
    {
        var response = await http.PostAsJsonAsync("/api/v1/episodes", new { clientId, departmentCode = department, startedOn });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    /// <summary>A clinician of a fresh department with one adult client and an open episode.</summary>
    public async Task<(HttpClient Http, string Department, Guid Episode)> AdultEpisodeAsync(string startedOn = "2025-01-06")
    {
        var department = await DepartmentAsync();
        var http = factory.As("clinician", department);
        var client = await ClientAsync(http, department);
        return (http, department, await EpisodeAsync(http, client, department, startedOn));
    }

    public static object Ors(decimal individually, decimal interpersonally, decimal socially, decimal overall) =>
        new { items = new { individually, interpersonally, socially, overall } };

    public static object Srs(decimal relationship, decimal goalsAndTopics, decimal approachOrMethod, decimal overall) =>
        new { items = new { relationship, goalsAndTopics, approachOrMethod, overall } };

    /// <summary>An ORS with this total, spread over the four items.</summary>
    public static object OrsTotal(decimal total)
    {
        var quarter = Math.Floor(total / 4 * 10) / 10;
        return Ors(quarter, quarter, quarter, total - 3 * quarter);
    }

    public static Task<HttpResponseMessage> PostSessionAsync(HttpClient http, Guid episode, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/sessions") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return http.SendAsync(request);
    }

    public static async Task<JsonObject> SessionAsync(HttpClient http, Guid episode, string date, object outcome, object? alliance = null)
    {
        var response = await PostSessionAsync(http, episode, new { date, outcome, alliance });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    public static async Task<JsonObject> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonArray> JsonArray(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

    /// <summary>Asserts a problem+json answer with this status that names the field.</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        var named = problem["errors"] is JsonObject errors && errors.ContainsKey(field) || problem["field"]?.GetValue<string>() == field;
        Assert.True(named, $"The problem does not name '{field}': {body}");
    }

}
