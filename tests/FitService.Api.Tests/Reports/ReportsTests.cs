using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// Outcome reports through HTTP: what they show, what they hide, who may read them, and the CSV. Every published number
/// carries cell-key noise (docs/reports.md, "Disclosure control"), so these tests hold it to the stated bounds: counts
/// within ±2 of the truth in the same band (0–4 or 5 and more), means within 30/n points; the exact recomputation, key and
/// all, is in ReportsMatchTheDefinitionTests.
/// </summary>
public class ReportsTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    [Fact]
    public async Task EpisodesWithoutChangeAreCountedApartNeverDropped()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 5, "2023-03-06");                              // change sample
        await Data.EpisodesAsync(http, department, 5, "2023-03-06", sessions: 1);                 // one score only
        await Data.EpisodesAsync(http, department, 5, "2023-03-06", intake: 30m, last: 31m);      // functional intake

        var report = await Json(await Factory.As("evaluator").GetAsync(
            $"/api/v1/reports/outcomes?from=2023-03&to=2023-03&groupBy=department,month&departments={department}"));
        var row = ReportData.Row(report, "cell", department, "2023M03");

        Assert.InRange((long)row["episodes"]!, 13, 17);
        Assert.InRange((long)row["changeSample"]!, 5, 7);
        Assert.InRange((long)row["countedApart"]!["fewerThanTwoScores"]!, 5, 7);
        Assert.InRange((long)row["countedApart"]!["intakeFunctional"]!, 5, 7);
        Assert.Equal(Enumerable.Range(0, 5).Average(i => (double)ReportData.Intake(15m, i)), (double)row["meanIntake"]!, 30.0 / 5);
        // 5 single-session episodes of 15 closed with sessions: (5 ± 2) / (15 ± 2).
        Assert.InRange((double)row["singleSession"]!["value"]!, 3.0 / 17, 7.0 / 13);
        Assert.Equal("2026-12.3", (string?)report["definitionsVersion"]);
        Assert.Equal(5m, (decimal)report["norms"]!["reliableChangeThreshold"]!);
        Assert.Contains(report["norms"]!["cutoffs"]!.AsArray(), c => (decimal)c!["cutoff"]! == 25m);
        Assert.Equal("ORS", (string?)report["instrument"]);
    }

    [Fact]
    public async Task OpenEpisodesAreReportedApartWithTheirChangeSoFar()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 5, "2023-05-08", intake: 15m, last: 24m);                // finished: +9 to +11
        await Data.EpisodesAsync(http, department, 5, "2023-05-08", intake: 15m, last: 16m, open: true);    // running: +1 to +3 so far

        var report = await Json(await Factory.As("evaluator").GetAsync(
            $"/api/v1/reports/outcomes?from=2023-05&to=2023-05&groupBy=department,month&departments={department}"));
        var row = ReportData.Row(report, "cell", department, "2023M05");

        Assert.InRange((long)row["episodes"]!, 8, 12);
        Assert.InRange((long)row["changeSample"]!, 5, 7);
        Assert.InRange((long)row["countedApart"]!["stillOpen"]!, 5, 7);
        // Finished +9 to +11, running +1 to +3: apart, and each within its noise bound of 30/5 points.
        Assert.Equal(Enumerable.Range(0, 5).Average(i => (double)(ReportData.Last(24m, i) - ReportData.Intake(15m, i))), (double)row["meanChange"]!, 30.0 / 5);
        Assert.InRange((double)row["shares"]!["reliablyImproved"]!["value"]!, 3.0 / 7, 1.0);
        var open = row["openChange"]!;
        Assert.InRange((long)open["episodes"]!, 5, 7);
        Assert.Equal(Enumerable.Range(0, 5).Average(i => (double)(ReportData.Last(16m, i) - ReportData.Intake(15m, i))), (double)open["meanChange"]!, 30.0 / 5);
        Assert.InRange((double)open["reliablyImproved"]!["value"]!, 0, 2.0 / 5);
        Assert.InRange((long)row["closedEpisodes"]!, 5, 7);
    }

    // "1 of 1 intake-functional episode harmed": the group is shown, the share over one episode is not, and the response says so.
    [Fact]
    public async Task AShareOverFewerThanFiveEpisodesIsWithheldAndNamed()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 6, "2023-07-03");
        await Data.EpisodesAsync(http, department, 1, "2023-07-03", intake: 30m, last: 20m);   // functional intake, harmed

        var report = await Json(await Factory.As("evaluator").GetAsync(
            $"/api/v1/reports/outcomes?from=2023-07&to=2023-07&groupBy=department,month&departments={department}"));
        var row = ReportData.Row(report, "cell", department, "2023M07");

        Assert.False((bool)row["suppressed"]!);
        // One intake-functional episode is published as 0-3 (never 5 or more); its share is never shown, and it is named
        // as withheld unless the published denominator came out 0 (then there is no share to withhold). Other names may
        // be listed too: an empty denominator (no calibrated trajectory here) is published as 0-2 like any small count.
        var functional = (long)row["countedApart"]!["intakeFunctional"]!;
        Assert.InRange(functional, 0, 3);
        Assert.Null(row["shares"]!["harmed"]);
        var withheld = row["withheld"]!.AsArray().Select(w => (string)w!).ToList();
        Assert.Equal(functional > 0, withheld.Contains("shares.harmed"));
        Assert.DoesNotContain("shares.reliablyImproved", withheld);
        Assert.NotNull(row["shares"]!["reliablyImproved"]);
        Assert.Contains("withheld", (string)report["scope"]!["disclosureControl"]!);
    }

    [Fact]
    public async Task CsvOpensInNorwegianExcelAndReadsIntoR()
    {
        await Data.TwoDepartmentsAsync("2021");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/outcomes?from=2021-01&to=2021-06&groupBy=department,quarter&lang=key");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await Factory.As("evaluator").SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);              // UTF-8 BOM: Excel reads æøå right
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.EndsWith("\r\n", text);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';');
        Assert.Contains("meanChange", header);
        Assert.All(lines, l => Assert.Equal(header.Length, l.Split(';').Length)); // ';' never inside a field
        var column = (string name) => Array.IndexOf(header, name);

        var shown = lines[1..].Select(l => l.Split(';')).First(f => f[column("level")] == "cell" && f[column("suppressed")] == "FALSE"
            && f[column("episodes")] != "0");
        Assert.Matches(@"^-?\d+(,\d+)?$", shown[column("meanIntake")]);            // decimal comma, no thousands separator
        Assert.Contains(",", shown[column("effectSizeCiLow")]);
        var hidden = lines[1..].Select(l => l.Split(';')).First(f => f[column("suppressed")] == "TRUE");
        // Every client figure of a hidden line is empty (the collateral columns after them are a table of their own).
        Assert.All(header.Skip(column("clients")).TakeWhile(name => !name.StartsWith("collateral", StringComparison.Ordinal)),
            name => Assert.Equal("", hidden[column(name)]));
        Assert.Matches(@"^\d{4}Q[1-4]$", shown[column("period")]);               // not a date Excel would convert
    }

    [Fact]
    public async Task ComparingTwoPeriodsGivesDifferencesWithIntervalsForShownDepartmentsOnly()
    {
        var department = await Clinic.DepartmentAsync();
        var small = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 6, "2020-02-03", intake: 14m, last: 18m);
        await Data.EpisodesAsync(http, department, 6, "2020-09-07", intake: 14m, last: 24m);
        await Data.EpisodesAsync(Factory.As("clinician", small), small, 3, "2020-09-07");
        var other = await Clinic.DepartmentAsync();
        await Data.EpisodesAsync(Factory.As("clinician", other), other, 5, "2020-10-05"); // the smallest companion for the small one

        var response = await Factory.As("evaluator").GetAsync(
            "/api/v1/reports/outcomes/compare?firstFrom=2020-01&firstTo=2020-06&secondFrom=2020-07&secondTo=2020-12");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json(response);
        var rows = report["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var row = rows.Single(r => (string?)r["department"] == department);

        Assert.NotNull(row["differences"]);
        var meanChange = row["differences"]!["meanChange"]!;
        // The same spread, 6 points more change; each mean within 30/6 points of the truth, and the difference is the
        // difference of the two published means (no fresh draw to average away).
        Assert.Equal(6.0, (double)meanChange["value"]!, 2 * 30.0 / 6);
        Assert.Equal((double)row["second"]!["meanChange"]! - (double)row["first"]!["meanChange"]!, (double)meanChange["value"]!, 1e-9);
        Assert.InRange((double)meanChange["value"]!, (double)meanChange["ciLow"]!, (double)meanChange["ciHigh"]!);
        var improved = row["differences"]!["reliablyImproved"]!;
        Assert.Equal((double)row["second"]!["shares"]!["reliablyImproved"]!["value"]! - (double)row["first"]!["shares"]!["reliablyImproved"]!["value"]!,
            (double)improved["value"]!, 1e-9);
        Assert.NotNull(row["differences"]!["effectSize"]!["ciLow"]);
        Assert.Null(rows.Single(r => (string?)r["department"] == small)["differences"]);
        Assert.True((bool)rows.Single(r => (string?)r["department"] == small)["second"]!["suppressed"]!);
        Assert.Contains("Newcombe", (string?)report["scope"]!["method"]);
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "/api/v1/reports/outcomes?to=2025-06", "from" },
        { "/api/v1/reports/outcomes?from=2025-01-15&to=2025-06", "from" },
        { "/api/v1/reports/outcomes?from=2025-13&to=2025-12", "from" },
        { "/api/v1/reports/outcomes?from=2025-06&to=2025-01", "to" },
        { "/api/v1/reports/outcomes?from=2025-02&to=2025-06&groupBy=quarter", "from" },
        { "/api/v1/reports/outcomes?from=2025-01&to=2025-05&groupBy=quarter", "to" },
        { "/api/v1/reports/outcomes?from=2025-01&to=2025-06&groupBy=week", "groupBy" },
        { "/api/v1/reports/outcomes?from=2025-01&to=2025-06&groupBy=client", "groupBy" },
        { "/api/v1/reports/outcomes?from=2025-01&to=2025-06&ageBand=old", "ageBand" },
        { "/api/v1/reports/outcomes?from=2025-01&to=2025-06&departments=NOPE-1", "departments" },
        { "/api/v1/reports/outcomes?from=2025-01&to=2025-06&format=xlsx", "format" },
        { "/api/v1/reports/outcomes?from=2025-01&to=2025-06&groupBy=quarter&departments=T1", "departments" },
        { "/api/v1/reports/outcomes?from=1900-01&to=2099-12&groupBy=department,month", "groupBy" }, // 2,400 months: too many even for one department
        { "/api/v1/reports/outcomes/compare?firstFrom=2025-01&firstTo=2025-06&secondFrom=2025-03&secondTo=2025-09", "secondFrom" },
        { "/api/v1/reports/outcomes/compare?firstFrom=2025-01&firstTo=2025-06&secondTo=2025-09", "secondFrom" },
    };

    [Fact]
    public async Task AReportWithTooManyCellsAsksForACoarserPeriod()
    {
        // At least two departments exist, so departments × 1,512 months is over the 2,000-cell limit.
        await Clinic.DepartmentAsync();
        await Clinic.DepartmentAsync();
        var response = await Factory.As("evaluator").GetAsync("/api/v1/reports/outcomes?from=1900-01&to=2025-12&groupBy=department,month");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "groupBy");
    }

    [Fact]
    public async Task ABrandNewServiceWithoutDepartmentsGivesAnEmptyReport()
    {
        await using var empty = new FitServiceFactory();
        await empty.InitializeAsync();
        foreach (var url in new[]
        {
            "/api/v1/reports/outcomes?from=2025-01&to=2025-12&groupBy=department,quarter",
            "/api/v1/reports/outcomes/compare?firstFrom=2024-01&firstTo=2024-12&secondFrom=2025-01&secondTo=2025-12",
        })
        {
            var response = await empty.As("evaluator").GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadReportRequestsAreRefusedByField(string url, string field)
    {
        var response = await Factory.As("evaluator").GetAsync(url);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    // A well-formed code that names no outcome instrument (unknown, or an alliance scale) is 422, not 400.
    [Theory]
    [InlineData("NOPE")]
    [InlineData("SRS")]
    public async Task AnInstrumentThatIsNoOutcomeInstrumentIsUnprocessable(string instrument)
    {
        var response = await Factory.As("evaluator").GetAsync($"/api/v1/reports/outcomes?from=2025-01&to=2025-06&instrument={instrument}");
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "instrument");
    }

    // Distinct clients come from links to each client's previous episode (migration 0021), kept by a trigger:
    // a back-dated episode must relink the later one, and a client in two departments counts once in the total.
    [Fact]
    public async Task AClientCountsOncePerGroupWhateverOrderItsEpisodesWereEntered()
    {
        var x = await Clinic.DepartmentAsync();
        var y = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", x, y);
        for (var i = 0; i < 5; i++)
        {
            var client = await Clinic.ClientAsync(http, x);
            foreach (var (department, date) in new[] { (x, "2018-02-20"), (x, "2018-01-08"), (y, "2018-03-05") })
            {
                var episode = await Clinic.EpisodeAsync(http, client, department, date);
                await SessionAsync(http, episode, date, OrsTotal(15m));
            }
        }

        var report = await Json(await Factory.As("evaluator").GetAsync(
            "/api/v1/reports/outcomes?from=2018-01&to=2018-03&groupBy=department,quarter"));

        // Published within ±2: 5 clients can come out 5-7, never the 10 or 15 a client counted per episode would give.
        Assert.InRange((long)ReportData.Row(report, "cell", x, "2018Q1")["episodes"]!, 8, 12);
        Assert.InRange((long)ReportData.Row(report, "cell", x, "2018Q1")["clients"]!, 5, 7);
        Assert.InRange((long)ReportData.Row(report, "cell", y, "2018Q1")["clients"]!, 5, 7);
        // One quarter: its period total is the grand total.
        Assert.InRange((long)ReportData.Row(report, "periodTotal", null, "2018Q1")["episodes"]!, 13, 17);
        Assert.InRange((long)ReportData.Row(report, "periodTotal", null, "2018Q1")["clients"]!, 5, 7);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheReports()
    {
        var response = await Factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("/api/v1/reports/outcomes", text);
        Assert.Contains("/api/v1/reports/outcomes/compare", text);
    }

    [Fact]
    public async Task AnAgeBandFilterKeepsOnlyThoseAges()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 5, "2019-05-06");
        var evaluator = Factory.As("evaluator");
        var adults = await Json(await evaluator.GetAsync($"/api/v1/reports/outcomes?from=2019-05&to=2019-05&groupBy=department&departments={department}&ageBand=adults"));
        var teens = await Json(await evaluator.GetAsync($"/api/v1/reports/outcomes?from=2019-05&to=2019-05&groupBy=department&departments={department}&ageBand=adolescents"));

        Assert.InRange((long)ReportData.Row(adults, "cell", department, null)["episodes"]!, 5, 7);
        Assert.Equal(0, (long)ReportData.Row(teens, "cell", department, null)["episodes"]!);   // an empty group stays 0
        Assert.Equal("adults", (string?)adults["scope"]!["ageBand"]);
    }
}
