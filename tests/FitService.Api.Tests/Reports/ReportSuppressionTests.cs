using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>What reports hide: small cells, their companions, and anything that identifies a client.</summary>
public partial class ReportSuppressionTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    [Fact]
    public async Task ASmallCellShowsOnlyItsKeysAndCannotBeWorkedOutFromTotalsOrOtherCells()
    {
        var (a, b, _) = await Data.TwoDepartmentsAsync("2025");
        var response = await Factory.As("evaluator").GetAsync("/api/v1/reports/outcomes?from=2025-01&to=2025-06&groupBy=department,quarter");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json(response);

        var small = ReportData.Row(report, "cell", a, "2025Q2");
        Assert.True((bool)small["suppressed"]!);
        Assert.Equal(["level", "department", "period", "suppressed", "hiddenBecause"], small.Select(p => p.Key).ToArray());

        // The attacks: every published line (a department over quarters, a quarter over departments, the grand
        // total over either) with a shown total must not have exactly one hidden part, and every hidden part
        // sum it gives away must hold at least five episodes.
        var rows = report["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var departments = rows.Where(r => (string?)r["level"] == "cell").Select(r => (string)r["department"]!).Distinct().ToList();
        var quarters = new[] { "2025Q1", "2025Q2" };
        var lines = new List<(JsonObject Total, List<JsonObject> Parts)>();
        foreach (var d in departments)
            lines.Add((ReportData.Row(report, "departmentTotal", d, null), [.. quarters.Select(q => ReportData.Row(report, "cell", d, q))]));
        foreach (var q in quarters)
            lines.Add((ReportData.Row(report, "periodTotal", null, q), [.. departments.Select(d => ReportData.Row(report, "cell", d, q))]));
        lines.Add((ReportData.Row(report, "total", null, null), [.. departments.Select(d => ReportData.Row(report, "departmentTotal", d, null))]));
        lines.Add((ReportData.Row(report, "total", null, null), [.. quarters.Select(q => ReportData.Row(report, "periodTotal", null, q))]));
        foreach (var (total, parts) in lines)
        {
            if (ReportData.Episodes(total) is not { } shownTotal) continue;
            var hidden = parts.Where(p => ReportData.Episodes(p) is null).ToList();
            Assert.NotEqual(1, hidden.Count);
            // What the hidden parts hold together is now blurred by every shown cell's noise; DisclosureAttackTests
            // checks that no line pins it. Suppression still chose companions by the exact counts.
            _ = shownTotal;
        }
        // The department's total over the half-year is hidden too (7 + 2 = 9 would give the 2 away with the 7).
        Assert.True(ReportData.Episodes(ReportData.Row(report, "cell", a, "2025Q1")) is null || ReportData.Episodes(ReportData.Row(report, "departmentTotal", a, null)) is null);
        // A's 2 in Q2 is protected by the smallest rectangle of companions: A 7 | 2 over B 6 | 8 are all hidden, and
        // the third department (9 | 10) stays shown: suppression hides what it must, not everything.
        Assert.All(new[] { (a, "2025Q1"), (b, "2025Q1"), (b, "2025Q2") },
            cell => Assert.Null(ReportData.Episodes(ReportData.Row(report, "cell", cell.Item1, cell.Item2))));
        // Other tests of this class add departments with no 2025 episodes (shown as 0): the third is the one with some.
        var third = departments.Single(d => d != a && d != b && ReportData.Episodes(ReportData.Row(report, "cell", d, "2025Q2")) is not (null or 0));
        Assert.InRange(ReportData.Episodes(ReportData.Row(report, "cell", third, "2025Q1"))!.Value, 7, 11);   // 9 ± 2
        Assert.InRange(ReportData.Episodes(ReportData.Row(report, "cell", third, "2025Q2"))!.Value, 8, 12);   // 10 ± 2
    }

    [Fact]
    public async Task ADepartmentFilterOrACoarserGroupingHidesTheSameCells()
    {
        var (a, _, _) = await Data.TwoDepartmentsAsync("2024");
        var evaluator = Factory.As("evaluator");
        var full = await Json(await evaluator.GetAsync("/api/v1/reports/outcomes?from=2024-01&to=2024-06&groupBy=department,quarter"));
        var filtered = await Json(await evaluator.GetAsync($"/api/v1/reports/outcomes?from=2024-01&to=2024-06&groupBy=department,quarter&departments={a}"));
        var oneWay = await Json(await evaluator.GetAsync("/api/v1/reports/outcomes?from=2024-01&to=2024-06&groupBy=department"));

        foreach (var row in filtered["rows"]!.AsArray().Select(r => r!.AsObject()))
        {
            Assert.Equal(a, (string?)row["department"]);
            Assert.Equal((bool)row["suppressed"]!, (bool)ReportData.Row(full, (string)row["level"]!, a, (string?)row["period"])["suppressed"]!);
        }
        Assert.DoesNotContain(filtered["rows"]!.AsArray(), r => (string?)r!["level"] is "total" or "periodTotal");
        Assert.Equal((bool)ReportData.Row(full, "departmentTotal", a, null)["suppressed"]!, (bool)ReportData.Row(oneWay, "cell", a, null)["suppressed"]!);
        Assert.Equal((bool)ReportData.Row(full, "total", null, null)["suppressed"]!, (bool)ReportData.Row(oneWay, "total", null, null)["suppressed"]!);
    }

    [Fact]
    public async Task NoPseudonymClinicianIdOrDateFinerThanAMonthLeavesInJsonOrCsv()
    {
        var (_, _, pseudonyms) = await Data.TwoDepartmentsAsync("2022");
        var evaluator = Factory.As("evaluator");
        foreach (var url in new[]
        {
            "/api/v1/reports/outcomes?from=2022-01&to=2022-12&groupBy=department,month",
            "/api/v1/reports/outcomes/compare?firstFrom=2022-01&firstTo=2022-03&secondFrom=2022-04&secondTo=2022-06",
        })
        foreach (var csv in new[] { false, true })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (csv) request.Headers.Accept.ParseAdd("text/csv");
            var response = await evaluator.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.All(pseudonyms, p => Assert.DoesNotContain(p, body, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("Test-Hare", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("test-clinician", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(FullDate(), body);
            Assert.DoesNotMatch(Uuid(), body);
        }
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid();
}
