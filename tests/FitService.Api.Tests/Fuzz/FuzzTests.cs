using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Fuzz;

/// <summary>
/// Requests generated from the service's own OpenAPI document, for every operation and every kind of caller: none may
/// answer 5xx, and every 4xx must be application/problem+json. The short form runs in scripts/test; `scripts/bench fuzz`
/// runs the long form (FITSERVICE_FUZZ_REQUESTS, FITSERVICE_FUZZ_SEED) and prints its summary line.
/// </summary>
public class FuzzTests(FitServiceFactory factory) : ApiTest(factory)
{
    const int ShortFormRequests = 3000;
    const int DefaultSeed = 20261201;

    [Fact]
    public async Task NoGeneratedRequestGetsA5xxOrAn4xxThatIsNotProblemJson()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("FITSERVICE_FUZZ_REQUESTS"), out var n) ? n : ShortFormRequests;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FITSERVICE_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var seeds = await ArrangeAsync();
        var anonymous = Factory.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var fuzzer = new OpenApiFuzzer(document, seeds, seed);
        var requests = Enumerable.Range(0, count).Select(_ => fuzzer.Next()).ToList();

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        int serverErrors = 0, notProblemJson = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var (status, mediaType, body) = await SendAsync(anonymous, request);
            statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
            if (status >= 500)
            {
                Interlocked.Increment(ref serverErrors);
                failures.Add($"{status} {request.Route} {request.Path}\n  body: {Cut(request.Body)}\n  answer: {Cut(body)}");
            }
            else if (status >= 400 && mediaType != "application/problem+json")
            {
                Interlocked.Increment(ref notProblemJson);
                failures.Add($"{status} not problem+json ({mediaType ?? "no content type"}) {request.Route} {request.Path} Accept={request.Accept}\n  answer: {Cut(body)}");
            }
        });

        var summary = $"fuzz: {count} requests, {serverErrors} 5xx, {notProblemJson} 4xx not problem+json";
        var detail = $"{summary}\noperations: {fuzzer.OperationCount}, seed {seed}, statuses: " +
            string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"));
        TestContext.Current.SendDiagnosticMessage(detail);
        if (Environment.GetEnvironmentVariable("FITSERVICE_FUZZ_SUMMARY") is { Length: > 0 } file)
            await File.WriteAllTextAsync(file, detail + "\n" + string.Join("\n", failures.OrderByDescending(f => f[0]).Take(200)) + "\n");
        Assert.True(serverErrors == 0 && notProblemJson == 0,
            detail + "\n" + string.Join("\n", failures.GroupBy(f => f.Split('\n')[0]).Take(25).Select(g => g.First())));
        // The generator must reach past authorization and validation, or it proves nothing.
        Assert.True(statuses.Where(p => p.Key is >= 200 and < 300).Sum(p => p.Value) > count / 20, detail);
    }

    static async Task<(int Status, string? MediaType, string Body)> SendAsync(HttpClient http, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Token is not null) message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + request.Token);
        if (request.Accept is not null) message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        if (request.IdempotencyKey is not null) message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            if (request.ContentType is not null) message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
        }
        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>Two departments with clients, episodes, sessions and alerts; callers of every role, and bad tokens.</summary>
    async Task<FuzzSeeds> ArrangeAsync()
    {
        var ids = new List<string>();
        var departments = new List<string>();
        for (var d = 0; d < 2; d++)
        {
            var department = await Clinic.DepartmentAsync();
            departments.Add(department);
            var http = Factory.As("clinician", department);
            for (var c = 0; c < 2; c++)
            {
                var client = await Clinic.ClientAsync(http, department);
                var episode = await Clinic.EpisodeAsync(http, client, department);
                await SessionAsync(http, episode, "2025-01-06", OrsTotal(18), Srs(9.5m, 8.0m, 9.5m, 9.5m));
                await SessionAsync(http, episode, "2025-01-13", OrsTotal(12), Srs(8.0m, 8.0m, 8.5m, 8.5m));
                ids.Add(client.ToString());
                ids.Add(episode.ToString());
            }
            var queue = await Factory.As("supervisor", department).GetFromJsonAsync<JsonObject>($"/api/v1/alerts?department={department}");
            ids.AddRange(queue!["rows"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        }
        departments.Add("DEMO-A");
        string[][] itemSets =
        [
            ["individually", "interpersonally", "socially", "overall"], ["relationship", "goalsAndTopics", "approachOrMethod", "overall"],
            ["me", "family", "school", "everything"], ["howAmIDoing"], ["unknownItem"],
        ];

        var valid = Factory.Token("clinician", departments[0]);
        var identities = new List<(string, string?)>
        {
            ("clinician A", valid),
            ("clinician A", valid),
            ("clinician A", valid),
            ("clinician B", Factory.Token("clinician", departments[1])),
            ("supervisor A", Factory.Token("supervisor", departments[0])),
            ("supervisor A+B", Factory.Token("supervisor", departments[0], departments[1])),
            ("supervisor A+B", Factory.Token("supervisor", departments[0], departments[1])),
            ("evaluator", Factory.Token("evaluator")),
            ("evaluator", Factory.Token("evaluator")),
            ("admin", Factory.Token("admin")),
            ("admin", Factory.Token("admin")),
            ("none", null),
            ("garbage", "not-a-token"),
            ("tampered", valid[..^3] + (valid[^3] == 'A' ? "BBB" : "AAA")),
            ("unsigned", Unsigned()),
            ("other key", OtherKey()),
        };
        return new FuzzSeeds(ids, departments, itemSets, identities);
    }

    static string Unsigned()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
            Part("{\"sub\":\"fuzz\",\"role\":\"admin\",\"iss\":\"fitservice-dev\",\"aud\":\"fitservice\",\"exp\":" + exp + "}") + ".";
    }

    static string OtherKey() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "fitservice-dev",
        Audience = "fitservice",
        Subject = new ClaimsIdentity([new Claim("sub", "fuzz"), new Claim("role", "admin")]),
        IssuedAt = DateTime.UtcNow,
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256),
    });

    static string Cut(string? text) => text is null ? "(none)" : text.Length > 300 ? text[..300] + "…" : text;
}
