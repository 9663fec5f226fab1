using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Fuzz;

/// <summary>
/// The fuzzed service: as every test's, but with the per-user write and client-link limits raised far above what the
/// fuzzer sends, so that its writes reach the handlers instead of stopping at 429 (RateLimitTests covers the limits).
/// </summary>
public class FuzzServiceFactory : FitServiceFactory
{
    /// <summary>The service's errors and database-unavailable warnings, to explain a 5xx in the report.</summary>
    public ConcurrentQueue<LogEvent> Problems { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:WritesPerMinute", "1000000");
        builder.UseSetting("RateLimits:ReportsPerMinute", "1000000");
        builder.UseSetting("ClientLinks:RequestsPerMinute", "1000000");
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(new Sink(Problems)));
    }

    /// <summary>"METHOD route" of every endpoint that allows anonymous callers, as the OpenAPI document spells routes.</summary>
    public IReadOnlySet<string> AnonymousOperations() => Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
            m + " " + Regex.Replace("/" + e.RoutePattern.RawText!.Trim('/'), ":[a-z]+}", "}")))
        .ToHashSet(StringComparer.Ordinal);

    sealed class Sink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Level >= LogEventLevel.Error || logEvent.MessageTemplate.Text.StartsWith("Database unavailable", StringComparison.Ordinal))
                events.Enqueue(logEvent);
        }
    }
}

/// <summary>
/// Requests generated from the service's own OpenAPI document, for every operation and every kind of caller: none may
/// answer 5xx, every 4xx must be application/problem+json, and every bad token (expired, another key, another issuer,
/// another audience, alg none, garbage) must get 401 wherever a token is needed. Most requests are built to pass
/// validation and reach the database, with at most one field mutated (OpenApiFuzzer). The short form runs in
/// scripts/test; `scripts/bench fuzz` runs the long form (FITSERVICE_FUZZ_REQUESTS, FITSERVICE_FUZZ_SEED) and prints
/// its summary line.
/// </summary>
public class FuzzTests(FuzzServiceFactory factory) : IClassFixture<FuzzServiceFactory>
{
    const int ShortFormRequests = 3000;
    const int DefaultSeed = 20261201;

    /// <summary>The share of write requests that must get a 2xx: the writes are fuzzed past validation, into the database.</summary>
    const double MinimumWrite2xxShare = 0.25;

    FitServiceFactory Factory => factory;
    readonly Clinic clinic = new(factory);

    [Fact]
    public async Task NoGeneratedRequestGetsA5xxOrAn4xxThatIsNotProblemJson()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("FITSERVICE_FUZZ_REQUESTS"), out var n) ? n : ShortFormRequests;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FITSERVICE_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var seeds = await ArrangeAsync(linkCodes: Math.Max(10, count / 300));
        var anonymous = Factory.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var open = factory.AnonymousOperations();
        var fuzzer = new OpenApiFuzzer(document, seeds, seed, open);
        var requests = Enumerable.Range(0, count).Select(_ => fuzzer.Next()).ToList();
        var result = await FuzzRun.SendAllAsync(requests, r => SendAsync(anonymous, r), open.Contains);

        var detail = result.Report(count, seed, fuzzer.OperationCount) + string.Concat(factory.Problems
            .Select(e => $"{e.RenderMessage(CultureInfo.InvariantCulture)} {e.Exception?.GetType().Name}: {e.Exception?.Message}")
            .Distinct().Take(10).Select(m => "service log: " + m + "\n"));
        TestContext.Current.SendDiagnosticMessage(detail);
        if (Environment.GetEnvironmentVariable("FITSERVICE_FUZZ_SUMMARY") is { Length: > 0 } file)
            await File.WriteAllTextAsync(file, detail + "--- failures (at most 200)\n" + string.Join("\n", result.Failures.OrderByDescending(f => f[0]).Take(200)) + "\n");
        Assert.True(result.ServerErrors == 0 && result.NotProblemJson == 0 && result.BadTokensLetThrough == 0,
            detail + "\n" + string.Join("\n", result.Failures.GroupBy(f => f.Split('\n')[0]).Take(25).Select(g => g.First())));
        // The generator must reach past authorization and validation into the database, or it proves little.
        Assert.True(result.Write2xxShare >= MinimumWrite2xxShare, $"Only {result.Write2xxShare:P0} of the writes got a 2xx.\n{detail}");
        Assert.True(result.BadTokenRequests > count / 50, $"Too few requests carried a bad token.\n{detail}");
    }

    static async Task<(int Status, string? MediaType, string Body)> SendAsync(HttpClient http, FuzzRequest request)
    {
        using var message = FuzzRun.Message(request);
        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>
    /// Two departments, each with clients and episodes holding two sessions (and so alerts) with a parent's rating of
    /// each, spare episodes to close,
    /// and one-time client links; the instruments' item keys; callers of every role, and bad tokens.
    /// </summary>
    async Task<FuzzSeeds> ArrangeAsync(int linkCodes)
    {
        var departments = new List<FuzzDepartment>();
        for (var d = 0; d < 2; d++)
        {
            var department = await clinic.DepartmentAsync();
            var http = Factory.As("clinician", department);
            List<string> clients = [], episodes = [], spare = [], codes = [];
            for (var c = 0; c < 3; c++)
            {
                var client = await clinic.ClientAsync(http, department);
                var episode = await clinic.EpisodeAsync(http, client, department);
                await SessionAsync(http, episode, "2025-01-06", OrsTotal(18), Srs(9.5m, 8.0m, 9.5m, 9.5m));
                await SessionAsync(http, episode, "2025-01-13", OrsTotal(12), Srs(8.0m, 8.0m, 8.5m, 8.5m));
                foreach (var number in new[] { 1, 2 }) // a parent's rating of each session, for the corrections to find
                {
                    var collateral = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings")
                    {
                        Content = JsonContent.Create(new { sessionNumber = number, relation = "parent", items = new { individually = 5, interpersonally = 5, socially = 5, overall = 5 } }),
                        Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
                    });
                    Assert.True(collateral.IsSuccessStatusCode, await collateral.Content.ReadAsStringAsync());
                }
                clients.Add(client.ToString());
                episodes.Add(episode.ToString());
                spare.Add((await clinic.EpisodeAsync(http, client, department)).ToString());
            }
            var linked = await clinic.EpisodeAsync(http, Guid.Parse(clients[0]), department);
            for (var i = 0; i < linkCodes; i++)
            {
                var link = await http.PostAsJsonAsync($"/api/v1/episodes/{linked}/client-links", new { scale = "outcome" });
                Assert.True(link.IsSuccessStatusCode, await link.Content.ReadAsStringAsync());
                codes.Add((await Json(link))["code"]!.GetValue<string>());
            }
            var queue = await Factory.As("supervisor", department).GetFromJsonAsync<JsonObject>($"/api/v1/alerts?department={department}");
            var alerts = queue!["rows"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
            departments.Add(new FuzzDepartment(department, Factory.Token("clinician", department), Factory.Token("supervisor", department),
                clients, episodes, spare, alerts, codes));
        }
        var instruments = (await Factory.As("admin").GetFromJsonAsync<JsonArray>("/api/v1/instruments"))!
            .ToDictionary(i => i!["code"]!.GetValue<string>(), i => i!["items"]!.AsArray().Select(item => item!["key"]!.GetValue<string>()).ToArray());

        var (a, b) = (departments[0].Code, departments[1].Code);
        var valid = departments[0].Clinician;
        var badTokens = BadTokens(valid);
        var identities = new List<(string, string?)>
        {
            ("clinician A", valid),
            ("clinician A", valid),
            ("clinician A", valid),
            ("clinician B", departments[1].Clinician),
            ("supervisor A", departments[0].Supervisor),
            ("supervisor A+B", Factory.Token("supervisor", a, b)),
            ("supervisor A+B", Factory.Token("supervisor", a, b)),
            ("evaluator", Factory.Token("evaluator")),
            ("evaluator", Factory.Token("evaluator")),
            ("admin", Factory.Token("admin")),
            ("admin", Factory.Token("admin")),
            ("none", null),
        };
        identities.AddRange(badTokens.Select(t => (t.Name, (string?)t.Token)));
        return new FuzzSeeds(departments, Factory.Token("admin"), Factory.Token("evaluator"), instruments, identities, badTokens);
    }

    /// <summary>Tokens the service must refuse with 401: each is one way a token can be wrong.</summary>
    List<(string Name, string Token)> BadTokens(string valid)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = "fuzz", ["role"] = "admin" };
        return
        [
            ("expired a minute ago", Factory.Token(claims, now.AddMinutes(-30), now.AddMinutes(-30), now.AddMinutes(-1))),
            ("another key", Signed(RandomNumberGenerator.GetBytes(32), "fitservice-dev", "fitservice")),
            ("another issuer", Signed(Convert.FromBase64String(Factory.SigningKeyBase64), "fuzz-issuer", "fitservice")),
            ("another audience", Signed(Convert.FromBase64String(Factory.SigningKeyBase64), "fitservice-dev", "another-service")),
            ("alg none", Unsigned()),
            ("tampered signature", valid[..^3] + (valid[^3] == 'A' ? "BBB" : "AAA")),
            ("garbage", "not-a-token"),
            ("garbage", "e30.e30.e30"),
        ];
    }

    static string Unsigned()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var iat = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
            Part("{\"sub\":\"fuzz\",\"role\":\"admin\",\"iss\":\"fitservice-dev\",\"aud\":\"fitservice\",\"iat\":" + iat + ",\"exp\":" + exp + "}") + ".";
    }

    static string Signed(byte[] key, string issuer, string audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", "fuzz"), new Claim("role", "admin")]),
        IssuedAt = DateTime.UtcNow,
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    });
}

/// <summary>Sends the generated requests and counts what came back: statuses, per operation, and what breaks the rules.</summary>
public sealed class FuzzRun
{
    public ConcurrentBag<string> Failures { get; } = [];
    readonly ConcurrentDictionary<int, int> statuses = new();
    readonly ConcurrentDictionary<string, ConcurrentDictionary<int, int>> byOperation = new();
    readonly ConcurrentDictionary<string, int> mutations = new();
    int serverErrors, notProblemJson, badTokensLetThrough, badTokenRequests, writes, writes2xx, validWrites, validWrites2xx, noAnswer;

    public int ServerErrors => serverErrors;
    public int NotProblemJson => notProblemJson;
    public int BadTokensLetThrough => badTokensLetThrough;
    public int BadTokenRequests => badTokenRequests;
    public double Write2xxShare => writes == 0 ? 0 : (double)writes2xx / writes;

    /// <summary>The request as an HTTP message (the body as given, byte for byte).</summary>
    public static HttpRequestMessage Message(FuzzRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Token is not null) message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + request.Token);
        if (request.Accept is not null) message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        if (request.IdempotencyKey is not null) message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            if (request.ContentType is not null) message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
        }
        return message;
    }

    /// <summary>Sends every request (4 at a time) and checks each answer; <paramref name="isAnonymous"/> tells the routes that need no token.</summary>
    public static async Task<FuzzRun> SendAllAsync(IReadOnlyList<FuzzRequest> requests,
        Func<FuzzRequest, Task<(int Status, string? MediaType, string Body)>> send, Func<string, bool> isAnonymous, int parallel = 4)
    {
        var run = new FuzzRun();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (request, _) =>
            run.Count(request, await send(request), isAnonymous(request.Route)));
        return run;
    }

    void Count(FuzzRequest request, (int Status, string? MediaType, string Body) answer, bool anonymous)
    {
        var (status, mediaType, body) = answer;
        statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
        byOperation.GetOrAdd(request.Route, _ => new()).AddOrUpdate(status, 1, (_, c) => c + 1);
        if (status == 0) Interlocked.Increment(ref noAnswer);
        if (request.IsWrite)
        {
            Interlocked.Increment(ref writes);
            if (status is >= 200 and < 300) Interlocked.Increment(ref writes2xx);
            if (request.Valid && request.Mutation is null && request.BadToken is null)
            {
                Interlocked.Increment(ref validWrites);
                if (status is >= 200 and < 300) Interlocked.Increment(ref validWrites2xx);
            }
        }
        if (request.Mutation is { } mutation) mutations.AddOrUpdate($"{mutation} {Bucket(status)}", 1, (_, c) => c + 1);
        if (status >= 500)
        {
            Interlocked.Increment(ref serverErrors);
            Failures.Add($"{status} {request.Route} {request.Path}{(request.Mutation is { } m ? $" ({m})" : "")}\n  body: {Cut(request.Body)}\n  answer: {Cut(body)}");
        }
        else if (status >= 400 && mediaType != "application/problem+json")
        {
            Interlocked.Increment(ref notProblemJson);
            Failures.Add($"{status} not problem+json ({mediaType ?? "no content type"}) {request.Route} {request.Path} Accept={request.Accept}\n  answer: {Cut(body)}");
        }
        if (request.BadToken is { } bad && !anonymous)
        {
            Interlocked.Increment(ref badTokenRequests);
            if (status != 401)
            {
                Interlocked.Increment(ref badTokensLetThrough);
                Failures.Add($"{status} for a bad token ({bad}), not 401: {request.Route} {request.Path}\n  answer: {Cut(body)}");
            }
        }
    }

    static string Bucket(int status) => status switch { >= 200 and < 300 => "2xx", 0 => "no answer", _ => status.ToString(CultureInfo.InvariantCulture) };

    public string Summary(int count) => $"fuzz: {count} requests, {serverErrors} 5xx, {notProblemJson} 4xx not problem+json";

    public string Report(int count, int seed, int operationCount)
    {
        var report = new StringBuilder();
        report.AppendLine(Summary(count));
        report.AppendLine($"operations: {operationCount}, seed {seed}, statuses: " + Statuses(statuses));
        report.AppendLine($"writes: {writes}, 2xx {Share(writes2xx, writes)}; valid unmutated writes: {validWrites}, 2xx {Share(validWrites2xx, validWrites)}; " +
            $"bad-token requests {badTokenRequests}, not 401: {badTokensLetThrough}" + (noAnswer > 0 ? $"; no answer (ended by the server): {noAnswer}" : ""));
        report.AppendLine("per operation (requests, 2xx share, statuses):");
        foreach (var (route, counts) in byOperation.OrderBy(p => p.Key.Split(' ', 2)[1], StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            var total = counts.Values.Sum();
            report.AppendLine($"  {route,-62} {total,5} {Share(counts.Where(c => c.Key is >= 200 and < 300).Sum(c => c.Value), total),5}  {Statuses(counts)}");
        }
        report.Append("one-field mutations of valid bodies: ")
            .AppendLine(string.Join(", ", mutations.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}×{p.Value}")));
        return report.ToString();
    }

    static string Statuses(ConcurrentDictionary<int, int> counts) =>
        string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "no answer" : p.Key.ToString(CultureInfo.InvariantCulture))}×{p.Value}"));

    static string Share(int part, int total) => total == 0 ? "-" : ((double)part / total).ToString("P0", CultureInfo.InvariantCulture);

    static string Cut(string? text) => text is null ? "(none)" : text.Length > 300 ? text[..300] + "…" : text;
}
