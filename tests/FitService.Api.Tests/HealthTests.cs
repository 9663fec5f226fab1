using System.Net;
using System.Text.Json.Nodes;
using FitService.Api.Health;
using FitService.Api.Infrastructure;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FitService.Api.Tests;

public class HealthTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("/health", "ok")]
    [InlineData("/health/live", "ok")]
    [InlineData("/health/ready", "ready")]
    public async Task TheProbesAnswerWithoutATokenWhenTheDatabaseIsThere(string path, string status)
    {
        var response = await Factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheProbesAndTheVerification()
    {
        var document = JsonNode.Parse(await Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        Assert.NotNull(paths["/health/ready"]!["get"]!["responses"]!["503"]);
        Assert.NotNull(paths["/health/live"]!["get"]!["responses"]!["200"]);
        var verify = paths["/api/v1/access-log/verify"]!["get"]!;
        Assert.Contains("hash chain", (string)verify["summary"]!);
        Assert.NotNull(verify["responses"]!["200"]!["content"]!["application/json"]);
        Assert.NotNull(document["components"]!["schemas"]!["AccessLogVerification"]);
    }

    [Fact]
    public async Task WithoutStartUpMigrationTheServiceWaitsUntilAJobHasAppliedEveryScript()
    {
        await using var factory = new FitServiceFactory();
        await factory.CreateDatabaseAsync();
        var service = factory.WithWebHostBuilder(b => b.UseSetting("Database:Migrate", "false"));
        var http = service.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new("Bearer", factory.Token("admin"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/api/v1/departments")).StatusCode);

        Database.Migrate(factory.OwnerConnectionString, NullLogger.Instance); // what --migrate-only does

        await service.Services.GetRequiredService<Readiness>().WhenMigrated.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/departments")).StatusCode);
    }
}
