using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// An evaluator who combines report calls to recover a hidden count or one client's values (docs/reports.md,
/// "Disclosure control"). The test seeds the data, so it knows the truth; the attacker knows only what the responses say,
/// the noise bounds included (read from each response's <c>disclosure</c>), and reasons with certainty: a value is
/// recovered when it is the only one consistent with everything published. Any such recovery fails the test, and so does
/// a single client's score worked out to its one decimal.
/// </summary>
public partial class DisclosureAttackTests(FitServiceFactory factory) : ApiTest(factory)
{
    // The seeded year (2016): department A has 8, 6, 3, 7, 5 episodes from January to May (March is the small, hidden
    // month) and one adolescent in June, the planted client P (intake 12.3, last 21.7, a dropout). B has 2 in Q1 (hidden)
    // and 12 in Q2. C has 9 in January, 10 in April and 9 open episodes in June, one of them Q, who gets a session later.
    sealed record Planted(string A, string B, string C, Guid Q);

    const decimal PIntake = 12.3m, PLast = 21.7m;
    const int AMarch = 3, BFirstQuarter = 2;

    static readonly ConditionalWeakTable<FitServiceFactory, Task<Planted>> Seeded = new();
    Task<Planted> Data => Seeded.GetValue(Factory, f => SeedAsync(new Clinic(f)));

    static async Task<Planted> SeedAsync(Clinic clinic)
    {
        var data = new ReportData(clinic);
        var (a, b, c) = (await clinic.DepartmentAsync(), await clinic.DepartmentAsync(), await clinic.DepartmentAsync());
        var (httpA, httpB, httpC) = (clinic.Factory.As("clinician", a), clinic.Factory.As("clinician", b), clinic.Factory.As("clinician", c));
        await data.EpisodesAsync(httpA, a, 8, "2016-01-13", birthYear: 1980);
        await data.EpisodesAsync(httpA, a, 6, "2016-02-08", birthYear: 1980, endReason: "dropout");
        await data.EpisodesAsync(httpA, a, AMarch, "2016-03-07", birthYear: 1980);
        await data.EpisodesAsync(httpA, a, 7, "2016-04-04", birthYear: 1980);
        await data.EpisodesAsync(httpA, a, 5, "2016-05-02", birthYear: 1980);
        await data.EpisodesAsync(httpA, a, 1, "2016-06-06", intake: PIntake, last: PLast, birthYear: 2001, endReason: "dropout");
        await data.EpisodesAsync(httpB, b, BFirstQuarter, "2016-02-01", birthYear: 1975);
        await data.EpisodesAsync(httpB, b, 12, "2016-05-09", birthYear: 1975);
        await data.EpisodesAsync(httpC, c, 9, "2016-01-11", birthYear: 1990);
        await data.EpisodesAsync(httpC, c, 10, "2016-04-11", birthYear: 1990);
        await data.EpisodesAsync(httpC, c, 8, "2016-06-06", intake: 14m, last: 17m, birthYear: 1990, open: true);
        var client = await clinic.ClientAsync(httpC, c, 1990);
        var q = await clinic.EpisodeAsync(httpC, client, c, "2016-06-13");
        await SessionAsync(httpC, q, "2016-06-13", OrsTotal(13.2m));
        await SessionAsync(httpC, q, "2016-06-20", OrsTotal(16.8m));
        var response = await clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{a}/goals",
            new { halfYear = "2016H1", metric = "dropout", target = 0.15m, direction = "atMost", description = "Test-mål. / Test goal." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Record keys are random; here they are redrawn from a seed so that a failure can be replayed exactly.
        await using var connection = await clinic.Factory.OpenAsOwnerAsync();
        var ids = (await connection.QueryAsync<Guid>("select id from episodes order by created_at, id")).ToList();
        var random = new Random(2016);
        foreach (var id in ids)
            await connection.ExecuteAsync("update episodes set record_key = @key where id = @id", new { key = random.NextInt64(long.MinValue, long.MaxValue), id });
        return new Planted(a, b, c, q);
    }

    // --- What the attacker may conclude from one published count: an interval of true values. ---

    readonly record struct Range(double Low, double High)
    {
        public bool Single => Low == High;
        public static Range operator -(Range x, Range y) => new(x.Low - y.High, x.High - y.Low);
        public Range And(Range other) => new(Math.Max(Low, other.Low), Math.Min(High, other.High));
    }

    // A published count c (noise at most m, bands 0–4 and ≥ 5 kept) says the truth is in [c − m, c + m] within its band;
    // a hidden cell may be a companion of any size. Where the attack aims at a small cell, it adds that the cell is 1–4
    // (the strongest assumption an attacker can make about it).
    static Range Count(JsonObject report, JsonNode? value)
    {
        var m = (int)report["disclosure"]!["maximumCountNoise"]!;
        if (value is null) return new(0, double.PositiveInfinity);
        var c = (long)value;
        return new Range(c - m, c + m).And(c >= 5 ? new(5, double.PositiveInfinity) : new(0, 4));
    }

    static Range Episodes(JsonObject report, string level, string? department, string? period) =>
        Count(report, ReportData.Row(report, level, department, period)["episodes"]);

    static void NotRecovered(Range range, double truth, string attack)
    {
        Assert.True(range.Low <= truth && truth <= range.High, $"{attack}: the truth {truth} is outside [{range.Low}, {range.High}]: the bounds are wrong");
        Assert.False(range.Single, $"{attack}: the attacker pins the hidden value to {range.Low}");
    }

    async Task<JsonObject> Get(string url)
    {
        var response = await Factory.As("evaluator").GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json(response);
    }

    Task<JsonObject> Span(string from, string to, string extra = "") => Get($"/api/v1/reports/outcomes?from={from}&to={to}&groupBy=department{extra}");

    [Fact]
    public async Task TwoSpansOneMonthApartGiveTheHiddenMonthOnlyWithNoise()
    {
        var p = await Data;
        var months = await Get("/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,month");
        Assert.True((bool)ReportData.Row(months, "cell", p.A, "2016M03")["suppressed"]!);
        var januaryToMarch = await Span("2016-01", "2016-03");
        var januaryToFebruary = await Span("2016-01", "2016-02");
        var marchToJune = await Span("2016-03", "2016-06");
        var aprilToJune = await Span("2016-04", "2016-06");
        var fromEnd = Episodes(januaryToMarch, "cell", p.A, null) - Episodes(januaryToFebruary, "cell", p.A, null);
        var fromStart = Episodes(marchToJune, "cell", p.A, null) - Episodes(aprilToJune, "cell", p.A, null);
        // Both differences at once, and what the month report itself says (hidden: 1–4).
        NotRecovered(fromEnd.And(fromStart).And(new(1, 4)), AMarch, "Jan–Mar − Jan–Feb with Mar–Jun − Apr–Jun");
    }

    [Fact]
    public async Task AQuarterMinusItsMonthsAndAHalfYearMinusItsQuartersGiveNoise()
    {
        var p = await Data;
        var quarters = await Get("/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,quarter");
        var months = await Get("/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,month");
        var halves = await Get("/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,halfyear");
        var march = Episodes(quarters, "cell", p.A, "2016Q1") - Episodes(months, "cell", p.A, "2016M01") - Episodes(months, "cell", p.A, "2016M02");
        NotRecovered(march.And(new(1, 4)), AMarch, "Q1 − January − February");
        Assert.True((bool)ReportData.Row(quarters, "cell", p.B, "2016Q1")["suppressed"]!);
        var q2 = ReportData.Row(quarters, "cell", p.B, "2016Q2");
        if (q2["episodes"] is not null)
            NotRecovered((Episodes(halves, "cell", p.B, "2016H1") - Count(quarters, q2["episodes"])).And(new(1, 4)), BFirstQuarter, "H1 − Q2");
        // The margins are cells of their own: the department's total is not the sum of its shown months.
        var total = Episodes(months, "departmentTotal", p.C, null);
        NotRecovered(total, 28, "C's half-year total");
    }

    [Fact]
    public async Task AdultsAgainstAllAgesDoNotGiveTheAdolescentsValues()
    {
        var p = await Data;
        var all = await Span("2016-01", "2016-06");
        var adults = await Span("2016-01", "2016-06", "&ageBand=adults");
        var adolescents = await Span("2016-01", "2016-06", "&ageBand=adolescents");
        Assert.True((bool)ReportData.Row(adolescents, "cell", p.A, null)["suppressed"]!);
        var one = Episodes(all, "cell", p.A, null) - Episodes(adults, "cell", p.A, null);
        NotRecovered(one.And(new(1, 4)), 1, "all ages − adults (episodes)");
        SingleClientNotRecovered(ReportData.Row(all, "cell", p.A, null), ReportData.Row(adults, "cell", p.A, null), 30, 29, all, "all ages − adults");
    }

    [Fact]
    public async Task TheComparisonAgainstTheOutcomesReportGivesNothingNew()
    {
        var p = await Data;
        var compare = await Get("/api/v1/reports/outcomes/compare?firstFrom=2016-01&firstTo=2016-05&secondFrom=2016-06&secondTo=2016-06");
        var row = compare["rows"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string?)r["department"] == p.A);
        var first = row["first"]!.AsObject();
        // The same group gets the same numbers in both endpoints: one more call adds no fresh draw to average.
        var januaryToMay = await Span("2016-01", "2016-05");
        Assert.Equal(ReportData.Row(januaryToMay, "cell", p.A, null).ToJsonString(), first.ToJsonString());
        Assert.True((bool)row["second"]!["suppressed"]!);
        Assert.Null(row["differences"]);
        var half = await Span("2016-01", "2016-06");
        NotRecovered((Episodes(half, "cell", p.A, null) - Count(compare, first["episodes"])).And(new(1, 4)), 1, "H1 − comparison's first span");
        SingleClientNotRecovered(ReportData.Row(half, "cell", p.A, null), first, 30, 29, compare, "H1 − comparison's first span");
    }

    [Fact]
    public async Task ADepartmentFilterShowsTheSameNumbersAsAllDepartments()
    {
        var p = await Data;
        var all = await Get("/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,quarter");
        var filtered = await Get($"/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,quarter&departments={p.A}");
        foreach (var row in filtered["rows"]!.AsArray().Select(r => r!.AsObject()))
            Assert.Equal(ReportData.Row(all, (string)row["level"]!, p.A, (string?)row["period"]).ToJsonString(), row.ToJsonString());
        // The grand total minus the other departments: A's half-year, with the noise of three cells.
        var others = Episodes(all, "departmentTotal", p.B, null) - new Range(0, 0);
        var a = Episodes(all, "total", null, null) - others - Episodes(all, "departmentTotal", p.C, null);
        NotRecovered(a, 30, "total − B − C");
    }

    [Fact]
    public async Task TheGoalsReportAgainstTheOutcomesReportDoesNotGiveTheDropout()
    {
        var p = await Data;
        var goals = await Get("/api/v1/reports/goals?halfYear=2016H1");
        var goal = goals["rows"]!.AsArray().Single(r => (string?)r!["department"] == p.A)!;
        var half = await Span("2016-01", "2016-06");
        var januaryToMay = await Span("2016-01", "2016-05");
        var halfRow = ReportData.Row(half, "cell", p.A, null);
        var mayRow = ReportData.Row(januaryToMay, "cell", p.A, null);
        Assert.Equal((double)halfRow["dropout"]!["value"]!, (double)goal["value"]!, 1e-12);
        // dropouts = share × closed episodes, each as published; the difference is P's dropout (1) plus noise.
        var dropoutsHalf = Count(half, Math.Round((double)goal["value"]! * (long)halfRow["closedEpisodes"]!));
        var dropoutsMay = Count(januaryToMay, Math.Round((double)mayRow["dropout"]!["value"]! * (long)mayRow["closedEpisodes"]!));
        NotRecovered((dropoutsHalf - dropoutsMay).And(new(0, 1)), 1, "goal H1 dropouts − Jan–May dropouts");
    }

    [Fact]
    public async Task TheSummaryPageSaysWhatTheReportSays()
    {
        var p = await Data;
        var html = await (await Factory.As("evaluator").GetAsync("/api/v1/reports/summary?from=2016-01&to=2016-06&lang=en")).Content.ReadAsStringAsync();
        var half = await Span("2016-01", "2016-06");
        var row = ReportData.Row(half, "cell", p.A, null);
        var section = html[html.IndexOf($"({p.A})", StringComparison.Ordinal)..];
        var started = StartedSentence().Match(section);
        Assert.True(started.Success, section[..Math.Min(400, section.Length)]);
        Assert.Equal((long)row["episodes"]!, long.Parse(started.Groups[1].Value));
        Assert.Equal((long)row["closedEpisodes"]!, long.Parse(started.Groups[2].Value));
        Assert.Contains("small, fixed random adjustment", html);
    }

    [Fact]
    public async Task OneNewSessionDoesNotGiveItsScore()
    {
        var p = await Data;
        // Adults only, so that June's one adolescent in A needs no companion and C's open group is shown.
        var url = $"/api/v1/reports/outcomes?from=2016-06&to=2016-06&groupBy=department&departments={p.C}&ageBand=adults";
        var before = await Get(url);
        await SessionAsync(Factory.As("clinician", p.C), p.Q, "2016-06-27", OrsTotal(22.9m));
        var after = await Get(url);
        var (b, a) = (ReportData.Row(before, "cell", p.C, null)["openChange"]!, ReportData.Row(after, "cell", p.C, null)["openChange"]!);
        // The attacker knows the open group's size (9) exactly, the best case for them; Q's change moved from 3.6 to 9.7.
        var truth = (double)(22.9m - 13.2m) - (double)(16.8m - 13.2m);
        var estimate = 9 * ((double)a["meanChange"]! - (double)b["meanChange"]!);
        Assert.True(Math.Abs(estimate - truth) > 0.05, $"the new session's change {truth} comes out as {estimate}");
        var bound = 2 * (double)after["disclosure"]!["meanNoiseBound"]!;
        Assert.True(bound >= 40, "the attacker's interval for one score must be wider than the instrument's range");
        // The session count moves by more than the one session, or by the same noise: never the exact +1 a fixed noise would give.
        Assert.NotEqual(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task RepeatingAQueryTwentyTimesGivesTheSameNumbersSoAveragingGainsNothing()
    {
        var p = await Data;
        var first = (await Span("2016-01", "2016-06")).ToJsonString();
        for (var i = 0; i < 19; i++)
            Assert.Equal(first, (await Span("2016-01", "2016-06")).ToJsonString());
        // A span padded with empty months holds the same episodes: the same numbers, not a fresh draw.
        var padded = await Span("2015-07", "2016-06");
        var row = ReportData.Row(await Span("2016-01", "2016-06"), "cell", p.A, null).ToJsonString();
        Assert.Equal(row, ReportData.Row(padded, "cell", p.A, null).ToJsonString());
    }

    [Fact]
    public async Task NoLineOfATableGivesTheSumOfItsHiddenCellsExactly()
    {
        await Data;
        var report = await Get("/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,quarter");
        var rows = report["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var departments = rows.Where(r => (string?)r["level"] == "cell").Select(r => (string)r["department"]!).Distinct().ToList();
        string[] quarters = ["2016Q1", "2016Q2"];
        var lines = departments.Select(d => (Total: ReportData.Row(report, "departmentTotal", d, null),
                Parts: quarters.Select(q => ReportData.Row(report, "cell", d, q)).ToList()))
            .Concat(quarters.Select(q => (Total: ReportData.Row(report, "periodTotal", null, q),
                Parts: departments.Select(d => ReportData.Row(report, "cell", d, q)).ToList())));
        var checkedLines = 0;
        foreach (var (total, parts) in lines)
        {
            if (total["episodes"] is null || parts.All(x => x["episodes"] is not null)) continue;
            var hiddenSum = parts.Where(x => x["episodes"] is not null)
                .Aggregate(Count(report, total["episodes"]), (sum, x) => sum - Count(report, x["episodes"]));
            Assert.False(hiddenSum.And(new(0, double.PositiveInfinity)).Single, $"a line pins its hidden cells' sum: {total.ToJsonString()}");
            checkedLines++;
        }
        Assert.True(checkedLines > 0, "no line with a hidden cell and a shown total: the attack tested nothing");
    }

    [Fact]
    public async Task NoShareIsPublishedOverADenominatorOfOneToFour()
    {
        await Data;
        foreach (var url in new[]
                 {
                     "/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,month",
                     "/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department,quarter&ageBand=adolescents",
                     "/api/v1/reports/outcomes?from=2016-01&to=2016-06&groupBy=department",
                 })
            foreach (var row in (await Get(url))["rows"]!.AsArray().Select(r => r!.AsObject()).Where(r => !(bool)r["suppressed"]!))
            {
                if ((long)row["countedApart"]!["intakeFunctional"]! < 5) Assert.Null(row["shares"]!["harmed"]);
                if ((long)row["closedEpisodes"]! < 5) { Assert.Null(row["dropout"]); Assert.Null(row["meanDays"]); }
                if ((long)row["trajectoryEvaluated"]! < 5) Assert.Null(row["onExpectedTrajectory"]);
                if ((long)row["changeSample"]! < 5) { Assert.Null(row["shares"]!["reliablyImproved"]); Assert.Null(row["meanChange"]); }
            }
    }

    [Fact]
    public async Task EveryReportSaysWhatWasDoneAndTheNumbersReallyMoved()
    {
        var p = await Data;
        var half = await Span("2016-01", "2016-06");
        foreach (var report in new[] { half, await Get("/api/v1/reports/goals?halfYear=2016H1"),
                     await Get("/api/v1/reports/outcomes/compare?firstFrom=2016-01&firstTo=2016-03&secondFrom=2016-04&secondTo=2016-06") })
        {
            var disclosure = report["disclosure"]!;
            Assert.Equal("cellKeyPerturbation", (string?)disclosure["method"]);
            Assert.Equal(5, (int)disclosure["threshold"]!);
            Assert.Equal(2, (int)disclosure["maximumCountNoise"]!);
            Assert.Contains("Fraser", (string?)disclosure["references"]![0]);
            Assert.Contains("justering", (string?)disclosure["norwegian"]);
            Assert.Contains("adjustment", (string?)disclosure["english"]);
        }
        // Noise is there: not every seeded count and mean comes out exact.
        var exact = new (string Department, long Episodes)[] { (p.A, 30), (p.B, 14), (p.C, 28) };
        var moved = exact.Count(x => (long)ReportData.Row(half, "cell", x.Department, null)["episodes"]! != x.Episodes);
        var meanMoved = Math.Abs((double)ReportData.Row(half, "cell", p.B, null)["meanIntake"]! - 15.25) > 1e-9;
        Assert.True(moved > 0 || meanMoved, "no number moved: the perturbation is not applied");
    }

    [Fact]
    public async Task EveryEpisodeGetsARecordKeyOfItsOwnThatNoEndpointReturns()
    {
        var p = await Data;
        var http = Factory.As("clinician", p.C);
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, p.C, 1990), p.C, "2016-09-05");
        var body = await (await http.GetAsync($"/api/v1/episodes/{episode}")).Content.ReadAsStringAsync();
        Assert.Contains(episode.ToString(), body);
        Assert.DoesNotContain("recordKey", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("record_key", body, StringComparison.OrdinalIgnoreCase);
        await using var connection = await Factory.OpenAsOwnerAsync();
        var keys = (await connection.QueryAsync<long>("select record_key from episodes")).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var key = await connection.QuerySingleAsync<long>("select record_key from episodes where id = @episode", new { episode });
        Assert.DoesNotContain(key.ToString(System.Globalization.CultureInfo.InvariantCulture), body);
    }

    // B = A plus P (the attacker knows the two differ by P alone, and even the exact sizes, the best case for them):
    // P's intake and change come out of the sums, but the means' noise (bound from disclosure) leaves them unknown.
    static void SingleClientNotRecovered(JsonObject with, JsonObject without, long nWith, long nWithout, JsonObject report, string attack)
    {
        _ = report;
        foreach (var (name, truth) in new[] { ("meanIntake", (double)PIntake), ("meanChange", (double)(PLast - PIntake)) })
        {
            // The change sample: all of A's closed episodes with a clinical intake (every seeded one).
            var estimate = nWith * (double)with[name]! - nWithout * (double)without[name]!;
            Assert.True(Math.Abs(estimate - truth) > 0.05, $"{attack}: P's {name} {truth} comes out as {estimate:F2}");
        }
        // P's dropout from the two dropout counts: within noise, never pinned.
        var dropouts = (JsonObject r) => Count(report, Math.Round((double)r["dropout"]!["value"]! * (long)r["closedEpisodes"]!));
        NotRecovered((dropouts(with) - dropouts(without)).And(new(0, 1)), 1, attack + " (dropout)");
    }

    [GeneratedRegex(@"(\d+) courses of treatment started in this period, and (\d+) of them have ended")]
    private static partial Regex StartedSentence();

    static Range Count(JsonObject report, double value) => Count(report, JsonValue.Create((long)value));
}
