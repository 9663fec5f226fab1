using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// The attacks on the collateral section: its counts in the comparison against the outcomes report, over other spans,
/// groupings and department filters, and against the client figures it is linked to. The attacker reasons as in the rest
/// of the suite (every published count within its noise bound and band) and may not pin any hidden count.
/// </summary>
public partial class DisclosureAttackTests
{
    // The seeded year (2002), episodes with a parent's ratings in brackets: X has 3 (3) in February, hidden in the client
    // figures, and 8 (8) in May; Y 6 (6) in January and 7 (2) in April, whose 2 are hidden in the collateral table only;
    // Z 9 (5) in March and 10 (6) in June.
    sealed record CollateralPlanted(string X, string Y, string Z);

    const int XFirstQuarterRated = 3, YSecondQuarterRated = 2, XRated = 11;

    static readonly ConditionalWeakTable<FitServiceFactory, Task<CollateralPlanted>> CollateralSeeded = new();
    Task<CollateralPlanted> CollateralData => CollateralSeeded.GetValue(Factory, f => SeedCollateralAsync(new Clinic(f)));

    static async Task<CollateralPlanted> SeedCollateralAsync(Clinic clinic)
    {
        var data = new ReportData(clinic);
        var (x, y, z) = (await clinic.DepartmentAsync(), await clinic.DepartmentAsync(), await clinic.DepartmentAsync());
        var (httpX, httpY, httpZ) = (clinic.Factory.As("clinician", x), clinic.Factory.As("clinician", y), clinic.Factory.As("clinician", z));
        await data.EpisodesAsync(httpX, x, 3, "2002-02-04", collateral: XFirstQuarterRated);
        await data.EpisodesAsync(httpX, x, 8, "2002-05-06", collateral: 8);
        await data.EpisodesAsync(httpY, y, 6, "2002-01-07", collateral: 6);
        await data.EpisodesAsync(httpY, y, 7, "2002-04-08", collateral: YSecondQuarterRated);
        await data.EpisodesAsync(httpZ, z, 9, "2002-03-04", collateral: 5);
        await data.EpisodesAsync(httpZ, z, 10, "2002-06-03", collateral: 6);
        // Record keys redrawn from a seed, so that a failure replays exactly.
        await using var connection = await clinic.Factory.OpenAsOwnerAsync();
        var ids = (await connection.QueryAsync<Guid>("select id from episodes where department_code = any(@codes) order by created_at, id",
            new { codes = new[] { x, y, z } })).ToList();
        var random = new Random(2002);
        foreach (var id in ids)
            await connection.ExecuteAsync("update episodes set record_key = @key where id = @id", new { key = random.NextInt64(long.MinValue, long.MaxValue), id });
        return new CollateralPlanted(x, y, z);
    }

    static IEnumerable<JsonObject> CollateralRows(JsonObject report) => report["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject());

    static JsonObject CollateralRow(JsonObject report, string level, string? department, string? period) =>
        CollateralRows(report).Single(r => (string?)r["level"] == level && (string?)r["department"] == department && (string?)r["period"] == period);

    static Range Rated(JsonObject report, string level, string? department, string? period = null) =>
        Count(report, CollateralRow(report, level, department, period)["episodes"]);

    // One side of the comparison's collateral section for a department (null: all departments).
    static JsonObject CompareSide(JsonObject compare, string? department, bool first) =>
        compare["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string?)r["department"] == department)[first ? "first" : "second"]!
            .AsObject();

    // Linked suppression, checked on every report the attacker reads: a group hidden in the client figures shows no collateral
    // count, and says the client row's reason.
    static void LinkedToTheClientFigures(JsonObject report)
    {
        foreach (var row in report["rows"]!.AsArray().Select(r => r!.AsObject()).Where(r => (bool)r["suppressed"]!))
        {
            var collateral = CollateralRow(report, (string)row["level"]!, (string?)row["department"], (string?)row["period"]);
            Assert.True((bool)collateral["suppressed"]!, $"collateral shown for a hidden client group: {collateral.ToJsonString()}");
            Assert.Equal((string?)row["hiddenBecause"], (string?)collateral["hiddenBecause"]);
        }
    }

    [Fact]
    public async Task CollateralCountsInTheComparisonAgainstTheOutcomesReportGiveHiddenCountsOnlyWithNoise()
    {
        var p = await CollateralData;
        var half = await Span("2002-01", "2002-06");
        var compare = await Get("/api/v1/reports/outcomes/compare?firstFrom=2002-01&firstTo=2002-03&secondFrom=2002-04&secondTo=2002-06");
        var firstQuarter = await Span("2002-01", "2002-03");
        var secondQuarter = await Span("2002-04", "2002-06");
        foreach (var report in new[] { half, firstQuarter, secondQuarter }) LinkedToTheClientFigures(report);
        // The comparison publishes exactly the department-only section of each span: one more call, no fresh draw.
        foreach (var department in new[] { p.X, p.Y, p.Z })
        {
            Assert.Equal(CollateralRow(firstQuarter, "cell", department, null).ToJsonString(), CompareSide(compare, department, first: true).ToJsonString());
            Assert.Equal(CollateralRow(secondQuarter, "cell", department, null).ToJsonString(), CompareSide(compare, department, first: false).ToJsonString());
        }
        // X's first quarter is hidden in the client figures (belowMinimum), so its collateral count is at most 4, and hidden.
        Assert.True((bool)CompareSide(compare, p.X, first: true)["suppressed"]!);
        Assert.Equal("belowMinimum", (string?)CompareSide(compare, p.X, first: true)["hiddenBecause"]);
        var attacks = 0;
        var xSecond = CompareSide(compare, p.X, first: false)["episodes"];
        if (xSecond is not null && CollateralRow(half, "cell", p.X, null)["episodes"] is not null)
        {
            NotRecovered((Rated(half, "cell", p.X) - Count(compare, xSecond)).And(new(0, 4)), XFirstQuarterRated, "H1 collateral − comparison's second span");
            attacks++;
        }
        // Y's second quarter (2 rated) is hidden in the collateral table only: H1 minus the first span, where shown.
        var ySecond = CompareSide(compare, p.Y, first: false);
        Assert.True((bool)ySecond["suppressed"]!);
        Assert.Equal("belowMinimum", (string?)ySecond["hiddenBecause"]);
        var yFirst = CompareSide(compare, p.Y, first: true)["episodes"];
        if (yFirst is not null && CollateralRow(half, "cell", p.Y, null)["episodes"] is not null)
        {
            NotRecovered((Rated(half, "cell", p.Y) - Count(compare, yFirst)).And(new(0, 4)), YSecondQuarterRated, "H1 collateral − comparison's first span");
            attacks++;
        }
        // Each span's total minus its shown departments: where one department alone is hidden, it comes out with noise only.
        var rated = new Dictionary<(bool First, string Department), int>
        {
            [(true, p.X)] = XFirstQuarterRated, [(true, p.Y)] = 6, [(true, p.Z)] = 5,
            [(false, p.X)] = 8, [(false, p.Y)] = YSecondQuarterRated, [(false, p.Z)] = 6,
        };
        foreach (var first in new[] { true, false })
        {
            var sides = new[] { p.X, p.Y, p.Z }.ToDictionary(d => d, d => CompareSide(compare, d, first));
            var total = CompareSide(compare, null, first)["episodes"];
            if (total is null || sides.Count(s => s.Value["episodes"] is null) != 1) continue;
            var hiddenDepartment = sides.Single(s => s.Value["episodes"] is null).Key;
            // The other departments of the database have no episodes in 2002: shown as 0, each within its noise band.
            var others = compare["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject())
                .Where(r => r["department"] is not null && (string?)r["department"] != hiddenDepartment)
                .Select(r => r[first ? "first" : "second"]!["episodes"]);
            var hidden = others.Aggregate(Count(compare, total), (sum, e) => sum - Count(compare, e)).And(new(0, double.PositiveInfinity));
            NotRecovered(hidden, rated[(first, hiddenDepartment)], "a span's total − its shown departments");
            attacks++;
        }
        Assert.True(attacks > 0, "every combination was hidden: the attack tested nothing");
    }

    [Fact]
    public async Task CollateralCountsAcrossGroupingsAndDepartmentFiltersGiveHiddenCountsOnlyWithNoise()
    {
        var p = await CollateralData;
        var quarters = await Get("/api/v1/reports/outcomes?from=2002-01&to=2002-06&groupBy=department,quarter");
        var months = await Get("/api/v1/reports/outcomes?from=2002-01&to=2002-06&groupBy=department,month");
        var halves = await Get("/api/v1/reports/outcomes?from=2002-01&to=2002-06&groupBy=department,halfyear");
        var compare = await Get("/api/v1/reports/outcomes/compare?firstFrom=2002-01&firstTo=2002-03&secondFrom=2002-04&secondTo=2002-06");
        foreach (var report in new[] { quarters, months, halves }) LinkedToTheClientFigures(report);
        Assert.True((bool)CollateralRow(quarters, "cell", p.X, "2002Q1")["suppressed"]!);
        Assert.True((bool)CollateralRow(months, "cell", p.X, "2002M02")["suppressed"]!);

        // The department's total in one grouping minus its shown periods in another, or minus the comparison's other span.
        var xTotal = CollateralRow(quarters, "departmentTotal", p.X, null)["episodes"];
        var candidates = new List<(JsonNode? Value, JsonObject Report, string Attack)>
        {
            (CollateralRow(quarters, "cell", p.X, "2002Q2")["episodes"], quarters, "quarters: X's total − its Q2"),
            (CollateralRow(months, "cell", p.X, "2002M05")["episodes"], months, "X's quarter total − its May"),
            (CompareSide(compare, p.X, first: false)["episodes"], compare, "X's quarter total − the comparison's second span"),
        };
        var attacks = 0;
        foreach (var (value, report, attack) in candidates.Where(c => xTotal is not null && c.Value is not null))
        {
            NotRecovered((Count(quarters, xTotal) - Count(report, value)).And(new(0, 4)), XFirstQuarterRated, attack);
            attacks++;
        }
        // Every line of the quarter table's collateral section (a total against its parts): the hidden parts' sum is never pinned.
        string[] periods = ["2002Q1", "2002Q2"];
        var departments = CollateralRows(quarters).Where(r => (string?)r["level"] == "cell").Select(r => (string)r["department"]!).Distinct().ToList();
        var lines = departments.Select(d => (Total: CollateralRow(quarters, "departmentTotal", d, null),
                Parts: periods.Select(q => CollateralRow(quarters, "cell", d, q)).ToList()))
            .Concat(periods.Select(q => (Total: CollateralRow(quarters, "periodTotal", null, q),
                Parts: departments.Select(d => CollateralRow(quarters, "cell", d, q)).ToList())));
        foreach (var (total, parts) in lines)
        {
            if (total["episodes"] is null || parts.All(x => x["episodes"] is not null)) continue;
            var hiddenSum = parts.Where(x => x["episodes"] is not null)
                .Aggregate(Count(quarters, total["episodes"]), (sum, x) => sum - Count(quarters, x["episodes"]));
            Assert.False(hiddenSum.And(new(0, double.PositiveInfinity)).Single, $"a collateral line pins its hidden cells' sum: {total.ToJsonString()}");
            attacks++;
        }
        Assert.True(attacks > 0, "every combination was hidden: the attack tested nothing");

        // A department filter shows the same collateral rows as all departments, and the total minus the others gives X with noise.
        var filtered = await Get($"/api/v1/reports/outcomes?from=2002-01&to=2002-06&groupBy=department,quarter&departments={p.X}");
        foreach (var row in CollateralRows(filtered))
            Assert.Equal(CollateralRow(quarters, (string)row["level"]!, p.X, (string?)row["period"]).ToJsonString(), row.ToJsonString());
        var half = await Span("2002-01", "2002-06");
        if (CollateralRow(half, "cell", p.Y, null)["episodes"] is not null && CollateralRow(half, "cell", p.Z, null)["episodes"] is not null)
        {
            var others = CollateralRows(half).Where(r => (string?)r["level"] == "cell" && (string?)r["department"] != p.X)
                .Aggregate(Rated(half, "total", null), (sum, r) => sum - Count(half, r["episodes"]));
            NotRecovered(others, XRated, "collateral total − every other department");
        }
        var filteredCompare = await Get($"/api/v1/reports/outcomes/compare?firstFrom=2002-01&firstTo=2002-03&secondFrom=2002-04&secondTo=2002-06&departments={p.X}");
        Assert.Equal(CompareSide(compare, p.X, first: true).ToJsonString(), CompareSide(filteredCompare, p.X, first: true).ToJsonString());
        Assert.Equal(CompareSide(compare, p.X, first: false).ToJsonString(), CompareSide(filteredCompare, p.X, first: false).ToJsonString());
    }
}
