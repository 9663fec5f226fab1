using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>Logs an operator can ship: each line names its request's trace id, and none carries client data or tokens.</summary>
public class LogTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public async Task EveryLineOfARefusedRequestCarriesTheTraceIdItsProblemShows()
    {
        var http = factory.As("clinician", "T-TRACE");
        var path = $"/api/v1/episodes/{Guid.NewGuid()}/sessions";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{\"date\": 20", null, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // traceId is W3C traceparent: 00-<32 hex trace id>-<16 hex span id>-<flags>
        var traceparent = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["traceId"]!.ToString();
        var traceId = traceparent.Split('-')[1];
        var lines = factory.Events.Where(e => e.Properties.Values.Any(v => v.ToString().Contains(path, StringComparison.Ordinal))).ToList();
        Assert.True(lines.Count >= 2, "expected the refusal and the request line"); // the warning and the request log
        Assert.All(lines, e => Assert.Equal(traceId, e.TraceId?.ToHexString()));
    }

    [Fact]
    public async Task NoLineCarriesAPseudonymAScoreOrAToken()
    {
        var department = "T-LOGS";
        var token = factory.Token("clinician", department);
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await factory.As("admin").PostAsJsonAsync("/api/v1/departments", new { code = department, name = "Logg-test" });
        var pseudonym = "Test-Logg-" + Guid.NewGuid().ToString("N")[..8];
        var client = await Json(await http.PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear = 1980, departmentCode = department }));
        var episode = await new Clinic(factory).EpisodeAsync(http, client["id"]!.GetValue<Guid>(), department);
        await SessionAsync(http, episode, "2025-01-06", Ors(1.7m, 2.3m, 3.1m, 4.9m), Srs(7.7m, 8.1m, 6.3m, 5.9m));
        // A refused body too: its values must not be echoed into the log.
        await PostSessionAsync(http, episode, new { date = "2025-01-13", outcome = Ors(11.1m, 2m, 2m, 2m) });

        // Every property of every line (a message is made of its properties), less the timings, whose digits could
        // contain a score's by chance.
        var text = string.Join("\n", factory.Events.SelectMany(e => e.Properties.Where(p => p.Key != "Elapsed").Select(p => p.Value.ToString()))
            .Concat(factory.Events.Select(e => e.Exception?.ToString() ?? "")));
        Assert.DoesNotContain(pseudonym, text);
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain(token.Split('.')[1], text); // not even the claims part
        foreach (var score in new[] { "1.7", "2.3", "3.1", "4.9", "7.7", "6.3", "5.9", "11.1", "12.0" })
            Assert.DoesNotContain(score, text);
    }
}
