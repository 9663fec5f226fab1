using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FitService.Api.Reports;
using FitService.Api.Tests.Infrastructure;
using FitService.Statistics.Reporting;
using Microsoft.AspNetCore.Hosting;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// What the evaluator's screens read from the reports: why each hidden row is hidden, the severity-adjusted effect
/// size with its model (or why there is none), CSV headings in plain words and the data dictionary behind them.
/// </summary>
public class ReportScreenContractTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    static async Task<string[]> CsvLinesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task AHiddenRowSaysWhetherItIsSmallOrProtectsAnotherCell()
    {
        var (a, b, _) = await Data.TwoDepartmentsAsync("2019");
        var report = await Json(await Factory.As("evaluator").GetAsync(
            $"/api/v1/reports/outcomes?from=2019-01&to=2019-06&groupBy=department,quarter&departments={a},{b}"));

        var small = ReportData.Row(report, "cell", a, "2019Q2");                      // 2 episodes
        Assert.True((bool)small["suppressed"]!);
        Assert.Equal(HiddenReason.BelowMinimum, (string?)small["hiddenBecause"]);
        var companion = ReportData.Row(report, "cell", a, "2019Q1");                  // 7 episodes, hidden with it
        Assert.True((bool)companion["suppressed"]!);
        Assert.Equal(HiddenReason.ProtectsAnotherCell, (string?)companion["hiddenBecause"]);
        var shown = report["rows"]!.AsArray().Select(r => r!.AsObject()).First(r => !(bool)r["suppressed"]!);
        Assert.False(shown.ContainsKey("hiddenBecause"));
    }

    // 1 + 5 + 10 episodes, the total of 16 shown: the small one (1) and its companion (5) hide 6 together. Saying which
    // is which would pin them (small 1–4, companion 0 or ≥ 5: only 1 + 5 = 6), so the table says neither.
    [Fact]
    public async Task WhenTheReasonWouldPinACountNeitherIsSaid()
    {
        var small = await Clinic.DepartmentAsync();
        var companion = await Clinic.DepartmentAsync();
        var large = await Clinic.DepartmentAsync();
        await Data.EpisodesAsync(Factory.As("clinician", small), small, 1, "2015-03-02");
        await Data.EpisodesAsync(Factory.As("clinician", companion), companion, 5, "2015-03-02");
        await Data.EpisodesAsync(Factory.As("clinician", large), large, 10, "2015-03-02");
        var evaluator = Factory.As("evaluator");
        var report = await Json(await evaluator.GetAsync("/api/v1/reports/outcomes?from=2015-03&to=2015-03&groupBy=department"));

        // 16 episodes, published under cell-key noise of at most ±2 (report's disclosure.maximumCountNoise).
        Assert.InRange((long)ReportData.Row(report, "total", null, null)["episodes"]!, 14, 18);
        foreach (var department in new[] { small, companion })
        {
            var row = ReportData.Row(report, "cell", department, null);
            Assert.True((bool)row["suppressed"]!);
            Assert.Equal(HiddenReason.NotSaid, (string?)row["hiddenBecause"]);
        }
        // The comparison's periods are the same tables, and say as little.
        var compare = await Json(await evaluator.GetAsync(
            "/api/v1/reports/outcomes/compare?firstFrom=2015-01&firstTo=2015-02&secondFrom=2015-03&secondTo=2015-03"));
        var second = compare["rows"]!.AsArray().Single(r => (string?)r!["department"] == small)!["second"]!;
        Assert.Equal(HiddenReason.NotSaid, (string?)second["hiddenBecause"]);
    }

    [Fact]
    public async Task WithoutItsSettingTheSeverityAdjustedEffectSizeIsNotAvailableAndSaysWhy()
    {
        var department = await Clinic.DepartmentAsync();
        await Data.EpisodesAsync(Factory.As("clinician", department), department, 6, "2017-03-06");
        var report = await Json(await Factory.As("evaluator").GetAsync(
            $"/api/v1/reports/outcomes?from=2017-03&to=2017-03&groupBy=department&departments={department}"));

        var model = report["severityAdjustment"]!;
        Assert.False((bool)model["available"]!);
        Assert.Contains("Reports:SeverityAdjustment:ORS", (string)model["reason"]!);
        Assert.Null(model["intercept"]);
        Assert.Null(ReportData.Row(report, "cell", department, null)["severityAdjustedEffectSize"]);
    }

    [Fact]
    public async Task WithItsModelSetTheSeverityAdjustedEffectSizeIsComputedFromTheRowAndTheModelIsShown()
    {
        var department = await Clinic.DepartmentAsync();
        await Data.EpisodesAsync(Factory.As("clinician", department), department, 6, "2017-05-08", intake: 14m, last: 22m);
        // The model is made up for the test (no published benchmark is configured by default).
        await using var configured = Factory.WithWebHostBuilder(b => b
            .UseSetting("Reports:SeverityAdjustment:ORS:Intercept", "11.5")
            .UseSetting("Reports:SeverityAdjustment:ORS:Slope", "-0.45")
            .UseSetting("Reports:SeverityAdjustment:ORS:ReferenceMeanChange", "5")
            .UseSetting("Reports:SeverityAdjustment:ORS:ReferenceSd", "6.5")
            .UseSetting("Reports:SeverityAdjustment:ORS:ReferenceEpisodes", "1200"));
        var http = configured.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", Factory.Token("evaluator"));

        var report = await Json(await http.GetAsync(
            $"/api/v1/reports/outcomes?from=2017-05&to=2017-05&groupBy=department&departments={department}"));
        var model = report["severityAdjustment"]!;
        Assert.True((bool)model["available"]!);
        Assert.Equal(-0.45, (double)model["slope"]!);
        Assert.Equal(1200, (long)model["referenceEpisodes"]!);
        Assert.Equal("intake", (string?)model["covariates"]);

        var row = ReportData.Row(report, "cell", department, null);
        var expected = SeverityAdjustedEffectSize.FromSummary((int)row["changeSample"]!, (double)row["meanIntake"]!, (double)row["meanChange"]!,
            (double)row["sdIntake"]!, (double)row["sdLast"]!, (double)row["sdChange"]!, new SeverityAdjustmentModel(11.5, -0.45, 5, 6.5, 1200));
        var saes = row["severityAdjustedEffectSize"]!;
        Assert.Equal(expected.Value, (double)saes["value"]!, 1e-12);
        Assert.Equal(expected.CiLow, (double)saes["ciLow"]!, 1e-12);
        // By hand: intakes 14/14.5, lasts 22/23/24 → mean change 8.75, mean intake 14.25; (5 + 8.75 − 11.5 + 0.45·14.25)/6.5.
        // The row's means carry cell-key noise of at most 30/n points each (disclosure.meanNoiseBound, n = 6), which moves
        // the SAES by at most (30/6 + 0.45·30/6)/6.5.
        var byHand = (5 + 8.75 - 11.5 + 0.45 * 14.25) / 6.5;
        var bound = (30.0 / 6 + 0.45 * 30.0 / 6) / 6.5;
        Assert.InRange((double)saes["value"]!, byHand - bound, byHand + bound);
    }

    [Fact]
    public async Task CsvHeadingsAreInPlainBokmalOrEnglishOrTheKeys()
    {
        var department = await Clinic.DepartmentAsync();
        await Data.EpisodesAsync(Factory.As("clinician", department), department, 5, "2016-02-08");
        var evaluator = Factory.As("evaluator");
        var url = $"/api/v1/reports/outcomes?from=2016-02&to=2016-02&groupBy=department&departments={department}&format=csv";

        var norwegian = (await CsvLinesAsync(await evaluator.GetAsync(url)))[0].Split(';');
        Assert.Contains("Forløp", norwegian);
        Assert.Contains("Gjennomsnittlig endring", norwegian);
        Assert.Contains("Grunn til skjuling", norwegian);
        Assert.DoesNotContain("meanChange", norwegian);
        var english = (await CsvLinesAsync(await evaluator.GetAsync(url + "&lang=en")))[0].Split(';');
        Assert.Contains("Mean change", english);
        Assert.Contains("Share reliably improved, lower 95 % CI", english);
        var keys = (await CsvLinesAsync(await evaluator.GetAsync(url + "&lang=key")))[0].Split(';');
        Assert.Equal(norwegian.Length, keys.Length);
        Assert.Equal(Array.IndexOf(keys, "meanChange"), Array.IndexOf(norwegian, "Gjennomsnittlig endring"));

        var bad = await evaluator.GetAsync(url + "&lang=de");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await Json(bad))["errors"]!["lang"]);
    }

    [Fact]
    public async Task TheDictionaryDescribesEveryColumnOfBothCsvsInBothLanguages()
    {
        var department = await Clinic.DepartmentAsync();
        await Data.EpisodesAsync(Factory.As("clinician", department), department, 5, "2016-04-04");
        var evaluator = Factory.As("evaluator");
        var outcomes = (await CsvLinesAsync(await evaluator.GetAsync(
            $"/api/v1/reports/outcomes?from=2016-04&to=2016-04&groupBy=department&departments={department}&format=csv&lang=key")))[0].Split(';');
        var compare = (await CsvLinesAsync(await evaluator.GetAsync(
            "/api/v1/reports/outcomes/compare?firstFrom=2016-01&firstTo=2016-03&secondFrom=2016-04&secondTo=2016-06&format=csv&lang=key")))[0].Split(';');

        var dictionary = await CsvLinesAsync(await evaluator.GetAsync("/api/v1/reports/dictionary"));
        Assert.Equal("Nøkkel;Overskrift (bokmål);Overskrift (engelsk);Beskrivelse (bokmål);Beskrivelse (engelsk)", dictionary[0]);
        var entries = dictionary[1..].Select(l => l.Split(';')).ToList();
        Assert.All(entries, e => Assert.Equal(5, e.Length));
        Assert.All(entries, e => Assert.All(e, field => Assert.NotEqual("", field)));
        var keys = entries.Select(e => e[0]).ToList();
        Assert.All(outcomes.Concat(compare), column => Assert.Contains(column, keys));
        Assert.Equal(keys.Count, entries.Select(e => e[1]).Distinct().Count());   // headings are unique in each language
        Assert.Equal(keys.Count, entries.Select(e => e[2]).Distinct().Count());

        var english = await CsvLinesAsync(await evaluator.GetAsync("/api/v1/reports/dictionary?lang=en"));
        Assert.StartsWith("Key;Heading (bokmål);", english[0]);
        Assert.Equal(HttpStatusCode.BadRequest, (await evaluator.GetAsync("/api/v1/reports/dictionary?lang=sv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Factory.As("clinician", department).GetAsync("/api/v1/reports/dictionary")).StatusCode);
    }

    // docs/reports.md lists every CSV column by its key, so the written dictionary cannot fall behind the code.
    [Fact]
    public void TheDocsListEveryCsvColumn()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FitService.sln"))) directory = directory.Parent;
        var docs = File.ReadAllText(Path.Combine(directory!.FullName, "docs", "reports.md"));
        var section = docs[docs.IndexOf("## CSV columns", StringComparison.Ordinal)..];
        Assert.All(ReportCsv.Keys().Where(k => !k.EndsWith("CiLow", StringComparison.Ordinal) && !k.EndsWith("CiHigh", StringComparison.Ordinal)),
            key => Assert.Contains($"| `{key}` |", section));
    }
}
