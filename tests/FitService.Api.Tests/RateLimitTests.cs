using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace FitService.Api.Tests;

/// <summary>The service with low limits, so a test can reach them: 5 writes and 3 reports a minute per user.</summary>
public sealed class LowRateLimitFactory : FitServiceFactory
{
    public const int Writes = 5;
    public const int Reports = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:WritesPerMinute", Writes.ToString());
        builder.UseSetting("RateLimits:ReportsPerMinute", Reports.ToString());
    }
}

// Each test signs in as users of its own (unique subjects), so no test spends another's allowance.
public class RateLimitTests(LowRateLimitFactory factory) : IClassFixture<LowRateLimitFactory>
{
    const string Report = "/api/v1/reports/outcomes?from=2021-01&to=2021-06&groupBy=department,quarter";

    HttpClient User(string role)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            factory.Token(role, $"rate-{role}-{Guid.NewGuid():N}", []));
        return client;
    }

    static Task<HttpResponseMessage> CreateDepartmentAsync(HttpClient admin)
    {
        var code = $"R-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        return admin.PostAsJsonAsync("/api/v1/departments", new { code, name = $"Testavdeling {code}" });
    }

    static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(429, (int)(await Clinic.Json(response))["status"]!);
    }

    [Fact]
    public async Task ExactlyTheWriteLimitPassesAndTheNextWriteGets429WithRetryAfter()
    {
        var admin = User("admin");
        for (var i = 0; i < LowRateLimitFactory.Writes; i++)
            Assert.Equal(HttpStatusCode.Created, (await CreateDepartmentAsync(admin)).StatusCode);

        await AssertTooManyAsync(await CreateDepartmentAsync(admin));
    }

    [Fact]
    public async Task AnotherUserIsNotAffected()
    {
        var busy = User("admin");
        for (var i = 0; i < LowRateLimitFactory.Writes; i++) await CreateDepartmentAsync(busy);
        await AssertTooManyAsync(await CreateDepartmentAsync(busy));

        Assert.Equal(HttpStatusCode.Created, (await CreateDepartmentAsync(User("admin"))).StatusCode);
    }

    [Fact]
    public async Task ReadsAreNotLimitedByTheWritePolicy()
    {
        var admin = User("admin");
        for (var i = 0; i < LowRateLimitFactory.Writes; i++) await CreateDepartmentAsync(admin);
        await AssertTooManyAsync(await CreateDepartmentAsync(admin));

        for (var i = 0; i < 3 * LowRateLimitFactory.Writes; i++)
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/departments")).StatusCode);
        // Reports have their own allowance, untouched by the spent writes.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Report)).StatusCode);
    }

    [Fact]
    public async Task ExactlyTheReportLimitPassesAndTheNextReportGets429WithRetryAfter()
    {
        var evaluator = User("evaluator");
        for (var i = 0; i < LowRateLimitFactory.Reports; i++)
            Assert.Equal(HttpStatusCode.OK, (await evaluator.GetAsync(Report)).StatusCode);

        await AssertTooManyAsync(await evaluator.GetAsync(Report));
        // CSV is the same report, so the same allowance; other reads and other users are not limited.
        var csv = new HttpRequestMessage(HttpMethod.Get, Report) { Headers = { Accept = { new("text/csv") } } };
        await AssertTooManyAsync(await evaluator.SendAsync(csv));
        Assert.Equal(HttpStatusCode.OK, (await evaluator.GetAsync("/api/v1/instruments")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await User("evaluator").GetAsync(Report)).StatusCode);
    }
}
