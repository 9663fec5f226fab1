using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;

namespace FitService.Api.Tests;

/// <summary>The OpenAPI document is one a client generator can use: every operation named and summarised, queries typed, lint clean.</summary>
public class OpenApiDocumentTests(FitServiceFactory factory) : ApiTest(factory)
{
    // Pinned, so a new release of the linter cannot change the verdict under us.
    const string Redocly = "@redocly/cli@2.77.0";

    async Task<JsonObject> DocumentAsync() =>
        JsonNode.Parse(await Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();

    static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key, o.Value!.AsObject())));

    [Fact]
    public async Task EveryOperationHasAUniqueOperationIdAndASummary()
    {
        var operations = Operations(await DocumentAsync()).ToList();
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(o.Operation["operationId"]?.ToString()), $"{o.Method} {o.Path}: no operationId"));
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(o.Operation["summary"]?.ToString()), $"{o.Method} {o.Path}: no summary"));
        var ids = operations.Select(o => o.Operation["operationId"]!.ToString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("recordSession", ids);
    }

    [Fact]
    public async Task TheReportQueriesAreDeclaredWithTheirTypesAndValues()
    {
        var document = await DocumentAsync();
        var parameters = document["paths"]!["/api/v1/reports/outcomes"]!["get"]!["parameters"]!.AsArray()
            .ToDictionary(p => p!["name"]!.ToString(), p => p!.AsObject());
        Assert.Equal(["from", "to", "groupBy", "departments", "instrument", "ageBand", "format", "lang"], parameters.Keys);
        Assert.True(parameters["from"]["required"]!.GetValue<bool>());
        Assert.Matches(parameters["from"]["schema"]!["pattern"]!.ToString(), "2026-12");
        Assert.DoesNotMatch(parameters["from"]["schema"]!["pattern"]!.ToString(), "2026-13");
        Assert.Equal(["under6", "children", "adolescents", "adults"], parameters["ageBand"]["schema"]!["enum"]!.AsArray().Select(v => v!.ToString()));
    }

    [Fact]
    public async Task EveryApiOperationDeclaresItsProblemAnswers()
    {
        var operations = Operations(await DocumentAsync()).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.All(operations, o => Assert.NotNull(o.Operation["responses"]!["503"]));
        Assert.NotNull(operations.Single(o => o.Path == "/api/v1/episodes/{id}/sessions" && o.Method == "post").Operation["responses"]!["429"]);
        Assert.NotNull(operations.Single(o => o.Path == "/api/v1/reports/outcomes").Operation["responses"]!["401"]);
    }

    [Fact]
    public async Task TheDocumentPassesRedoclysRecommendedLint()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fitservice-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await DocumentAsync()).ToJsonString());
        try
        {
            await Tool.RunAsync("npx", ["--yes", Redocly, "lint", file, "--format=stylish"], Path.GetTempPath(),
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
