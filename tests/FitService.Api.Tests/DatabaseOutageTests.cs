using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;

namespace FitService.Api.Tests;

/// <summary>
/// Fail safe without the database, on a cluster this test stops and starts itself: the service starts while
/// PostgreSQL is down, answers 503 problem+json with Retry-After, and becomes ready by itself when it is back.
/// </summary>
public class DatabaseOutageTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheServiceStartsWithTheDatabaseDownAnswers503AndRecoversByItselfAfterEachOutage()
    {
        await using var cluster = await OwnCluster.CreateAsync();
        await cluster.StartAsync();
        var service = new FitServiceFactory { ClusterAdminConnection = cluster.AdminConnection };
        try
        {
            await service.CreateDatabaseAsync(); // the roles and an empty database, then PostgreSQL goes away
            await cluster.StopAsync();
            await StartsDownAndRecoversAsync(cluster, service);
        }
        finally
        {
            await cluster.StartIfStoppedAsync(); // the factory drops its database on the way out
            await service.DisposeAsync();
        }
    }

    static async Task StartsDownAndRecoversAsync(OwnCluster cluster, FitServiceFactory service)
    {
        service.StartServer();
        var anonymous = service.CreateClient();
        var admin = service.As("admin");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        await AssertUnavailableAsync(await anonymous.GetAsync("/health/ready"));
        await AssertUnavailableAsync(await admin.GetAsync("/api/v1/departments"));

        await cluster.StartAsync();
        await AssertBecomesReadyAsync(anonymous);
        var created = await admin.PostAsJsonAsync("/api/v1/departments", new { code = "OUT-1", name = "Testavdeling OUT-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await cluster.StopAsync();
        await AssertUnavailableAsync(await admin.GetAsync("/api/v1/departments"));
        await AssertUnavailableAsync(await admin.PostAsJsonAsync("/api/v1/departments", new { code = "OUT-2", name = "Testavdeling OUT-2" }));
        await AssertUnavailableAsync(await anonymous.GetAsync("/health/ready"));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);

        await cluster.StartAsync();
        await AssertBecomesReadyAsync(anonymous);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/departments")).StatusCode);
    }

    static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal("503", problem!["status"].ToString());
    }

    /// <summary>Polls /health/ready as a load balancer would; the API answers again once it is 200.</summary>
    static async Task AssertBecomesReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + Patience;
        HttpStatusCode status;
        do
        {
            status = (await http.GetAsync("/health/ready")).StatusCode;
            if (status == HttpStatusCode.OK) return;
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
