using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace FitService.Api.Tests;

/// <summary>The service, with every Serilog event it writes also kept in memory.</summary>
public sealed class LogCapturingFactory : FitServiceFactory
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(new Sink(Events)));
    }

    sealed class Sink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}

public class ErrorResponseTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var accept in new[] { "text/html", "text/csv", "application/xml", "text/plain", "*/*", "application/json", "" })
            foreach (var status in new[] { 400, 401, 403, 404, 405, 415 })
                data.Add(accept, status);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryErrorIsProblemJsonWhateverTheAcceptHeader(string accept, int status)
    {
        var department = "T-ACCEPT";
        HttpClient http = status switch
        {
            401 => factory.CreateClient(),
            403 => factory.As("evaluator"),
            _ => factory.As("clinician", department),
        };
        var request = status switch
        {
            400 => new HttpRequestMessage(HttpMethod.Post, "/api/v1/clients") { Content = new StringContent("{not json", null, "application/json") },
            401 => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/clients/{Guid.NewGuid()}"),
            403 => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/clients/{Guid.NewGuid()}"),
            404 => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/clients/{Guid.NewGuid()}"),
            405 => new HttpRequestMessage(HttpMethod.Delete, "/api/v1/departments"),
            _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/clients") { Content = new StringContent("pseudonym=x", null, "text/plain") },
        };
        if (accept != "") request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));

        var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, (int)JsonNode.Parse(body)!["status"]!);
    }

    [Fact]
    public async Task TheNotFoundRouteIsProblemJsonForABrowser()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("text/html"));
        var response = await factory.As("clinician", "T-ACCEPT").SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AMalformedBodyIsLoggedAsAWarningWithoutAStackTrace()
    {
        var http = factory.As("clinician", "T-LOG");
        var marker = $"/api/v1/episodes/{Guid.NewGuid()}/sessions";
        var request = new HttpRequestMessage(HttpMethod.Post, marker) { Content = new StringContent("{\"date\": 2025", null, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await http.SendAsync(request);

        await Clinic.AssertProblemAsync(response, HttpStatusCode.BadRequest, "date");
        var events = factory.Events.Where(e => e.Properties.TryGetValue("RequestPath", out var p) && p.ToString().Contains(marker)
            || e.Properties.TryGetValue("Path", out var q) && q.ToString().Contains(marker)).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Null(e.Exception));
        Assert.All(events, e => Assert.True(e.Level < LogEventLevel.Error, $"{e.Level}: {e.RenderMessage()}"));
        var refusal = Assert.Single(events, e => e.Properties["SourceContext"].ToString().Contains("BadRequestExceptionHandler"));
        Assert.Equal(LogEventLevel.Warning, refusal.Level);
    }
}
