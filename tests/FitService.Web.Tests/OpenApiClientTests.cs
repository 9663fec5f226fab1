using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using FitService.Api.Tests.Reports;
using FitService.Statistics.Reporting;
using FitService.Web.Tests.Infrastructure;

namespace FitService.Web.Tests;

/// <summary>
/// A TypeScript client generated from the service's own OpenAPI document (openapi-typescript), written against its types
/// (tests/openapi-client/client.ts, openapi-fetch), compiles with tsc in strict mode and fetches a report from the
/// running service. scripts/test installs the pinned npm packages (npm ci).
/// </summary>
public sealed class OpenApiClientTests(BearerOnlyKestrelFactory service) : IClassFixture<BearerOnlyKestrelFactory>
{
    [Fact]
    public async Task AClientGeneratedFromTheDocumentCompilesAndFetchesAReport()
    {
        var clinic = new Clinic(service);
        var department = await clinic.DepartmentAsync();
        await new ReportData(clinic).EpisodesAsync(service.As("clinician", department), department, 5, "2025-02-03");

        var source = Path.Combine(WebUi.RepositoryRoot(), "tests", "openapi-client");
        Assert.True(Directory.Exists(Path.Combine(source, "node_modules")),
            $"{source}/node_modules is missing: run the tests through scripts/test, which installs the client's packages");
        var work = Directory.CreateTempSubdirectory("fitservice-client-");
        try
        {
            foreach (var file in new[] { "client.ts", "tsconfig.json", "package.json" })
                File.Copy(Path.Combine(source, file), Path.Combine(work.FullName, file));
            Directory.CreateSymbolicLink(Path.Combine(work.FullName, "node_modules"), Path.Combine(source, "node_modules"));
            using var http = new HttpClient { BaseAddress = service.BaseAddress };
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "openapi.json"), await http.GetStringAsync("/openapi/v1.json"));

            await NodeAsync(work.FullName, "node_modules/openapi-typescript/bin/cli.js", "openapi.json", "-o", "schema.d.ts");
            await NodeAsync(work.FullName, "node_modules/typescript/bin/tsc", "-p", ".");
            var output = await NodeAsync(work.FullName, "dist/client.js", service.BaseAddress.ToString().TrimEnd('/'), service.Token("evaluator"));

            var answer = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
            Assert.Equal(OutcomeReport.DefinitionsVersion, answer["definitionsVersion"]!.ToString());
            Assert.Equal("ORS", answer["instrument"]!.ToString());
            Assert.True(answer["shown"]!.GetValue<int>() >= 1, output); // the arranged department's row, not suppressed
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    static Task<string> NodeAsync(string directory, params string[] arguments) => Tool.RunAsync("node", arguments, directory);
}
