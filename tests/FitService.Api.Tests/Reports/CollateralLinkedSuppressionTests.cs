using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// Linked suppression of the collateral section (docs/reports.md, "Collateral ratings"): a group hidden in the client
/// figures is hidden in the collateral section too, with the client row's reason, since its collateral count (at most the
/// client count) would bound the hidden one; every hidden collateral row says why, in JSON and CSV.
/// </summary>
public class CollateralLinkedSuppressionTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    // One month of 2001 per test (the tests share a database): small has 3 episodes (2 with collateral ratings), companion
    // 6 (all 6), large 10 (5). The client figures hide small and, to protect it, companion; alone, the collateral table
    // would hide small's 2 with large's 5 and show companion's 6.
    async Task<(string Small, string Companion, string Large)> SeedAsync(string month)
    {
        var (small, companion, large) = (await Clinic.DepartmentAsync(), await Clinic.DepartmentAsync(), await Clinic.DepartmentAsync());
        await Data.EpisodesAsync(Factory.As("clinician", small), small, 3, $"{month}-05", collateral: 2);
        await Data.EpisodesAsync(Factory.As("clinician", companion), companion, 6, $"{month}-05", collateral: 6);
        await Data.EpisodesAsync(Factory.As("clinician", large), large, 10, $"{month}-05", collateral: 5);
        return (small, companion, large);
    }

    async Task<JsonObject> GetAsync(string url)
    {
        var response = await Factory.As("evaluator").GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Clinic.Json(response);
    }

    static JsonObject Collateral(JsonObject report, string level, string? department) =>
        report["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject())
            .Single(r => (string?)r["level"] == level && (string?)r["department"] == department);

    [Fact]
    public async Task AGroupHiddenInTheClientFiguresIsHiddenInTheCollateralSectionWithTheSameReason()
    {
        var (small, companion, large) = await SeedAsync("2001-03");
        var report = await GetAsync("/api/v1/reports/outcomes?from=2001-03&to=2001-03&groupBy=department");

        Assert.Equal("belowMinimum", (string?)ReportData.Row(report, "cell", small, null)["hiddenBecause"]);
        Assert.Equal("protectsAnotherCell", (string?)ReportData.Row(report, "cell", companion, null)["hiddenBecause"]);
        foreach (var (department, reason) in new[] { (small, "belowMinimum"), (companion, "protectsAnotherCell") })
        {
            var row = Collateral(report, "cell", department);
            Assert.Equal(["level", "department", "period", "suppressed", "hiddenBecause"], row.Select(p => p.Key).ToArray());
            Assert.True((bool)row["suppressed"]!);
            Assert.Equal(reason, (string?)row["hiddenBecause"]);
        }
        // The two hidden groups hold 8 collateral episodes together, so the large department's 5 need not join them.
        Assert.InRange(ReportData.Episodes(Collateral(report, "cell", large)) ?? 0, 5, 7);
        Assert.InRange(ReportData.Episodes(Collateral(report, "total", null)) ?? 0, 11, 15);
        // Every hidden collateral row, in any department of the report, says why.
        foreach (var row in report["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject()).Where(r => (bool)r["suppressed"]!))
            Assert.Contains((string?)row["hiddenBecause"], new[] { "belowMinimum", "protectsAnotherCell", "notSaid" });

        // The same with a department filter: the filter hides nothing else and shows the same rows.
        var filtered = await GetAsync($"/api/v1/reports/outcomes?from=2001-03&to=2001-03&groupBy=department&departments={companion},{large}");
        Assert.Equal(Collateral(report, "cell", companion).ToJsonString(), Collateral(filtered, "cell", companion).ToJsonString());
        Assert.Equal(Collateral(report, "cell", large).ToJsonString(), Collateral(filtered, "cell", large).ToJsonString());
    }

    [Fact]
    public async Task TheComparisonAndTheCsvHideTheLinkedGroupAndSayWhy()
    {
        var (small, companion, _) = await SeedAsync("2001-06");
        var compare = await GetAsync("/api/v1/reports/outcomes/compare?firstFrom=2001-06&firstTo=2001-06&secondFrom=2001-07&secondTo=2001-07");
        var pair = compare["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string?)r["department"] == companion);
        Assert.True((bool)pair["first"]!["suppressed"]!);
        Assert.Equal("protectsAnotherCell", (string?)pair["first"]!["hiddenBecause"]);
        Assert.Null(pair["first"]!["episodes"]);
        Assert.Equal(0, (long)pair["second"]!["episodes"]!);          // July is empty: nothing hidden, nothing to protect

        var response = await Factory.As("evaluator").GetAsync("/api/v1/reports/outcomes?from=2001-06&to=2001-06&groupBy=department&format=csv&lang=key");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync())[1..].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';').ToList();
        string Field(string department, string column) =>
            lines.Skip(1).Select(l => l.Split(';')).Single(f => f[header.IndexOf("department")] == department)[header.IndexOf(column)];
        Assert.Equal("TRUE", Field(companion, "collateralSuppressed"));
        Assert.Equal("protectsAnotherCell", Field(companion, "collateralHiddenBecause"));
        Assert.Equal("", Field(companion, "collateralEpisodes"));
        Assert.Equal("belowMinimum", Field(small, "collateralHiddenBecause"));

        var csv = await Factory.As("evaluator").GetAsync(
            "/api/v1/reports/outcomes/compare?firstFrom=2001-06&firstTo=2001-06&secondFrom=2001-07&secondTo=2001-07&format=csv&lang=key");
        var compareLines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync())[1..].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var compareHeader = compareLines[0].Split(';').ToList();
        var first = compareLines.Skip(1).Select(l => l.Split(';'))
            .Single(f => f[compareHeader.IndexOf("department")] == companion && f[compareHeader.IndexOf("period")] == "2001M06/2001M06");
        Assert.Equal("protectsAnotherCell", first[compareHeader.IndexOf("collateralHiddenBecause")]);
        Assert.Equal("", first[compareHeader.IndexOf("collateralEpisodes")]);
    }
}
