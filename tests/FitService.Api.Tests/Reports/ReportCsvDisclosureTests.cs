using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using FitService.Statistics.Reporting;
using Microsoft.AspNetCore.Hosting;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// What a CSV says about its own numbers (docs/reports.md, "CSV"): every line's disclosure statement in the heading language,
/// the collateral figures beside the client figures, and the comparison's collateral and severity-adjusted additions, each
/// the same published numbers as the JSON (so a file adds nothing the JSON does not publish).
/// </summary>
public class ReportCsvDisclosureTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    static async Task<(string[] Header, List<string[]> Lines)> CsvAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';');
        Assert.All(lines, l => Assert.Equal(header.Length, l.Split(';').Length));
        return (header, [.. lines[1..].Select(l => l.Split(';'))]);
    }

    static string Field(string[] header, string[] line, string name) => line[Array.IndexOf(header, name)];

    async Task CollateralAsync(HttpClient http, Guid episode, int sessionNumber, decimal total)
    {
        var body = JsonSerializer.SerializeToNode(OrsTotal(total))!.AsObject();
        body["sessionNumber"] = sessionNumber;
        body["relation"] = "parent";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    // A department with its episodes started on the date, the first `rated` of them rated by a parent at sessions 1 and 2.
    async Task<string> RatedDepartmentAsync(int episodes, int rated, string startedOn, decimal first = 20m, decimal last = 26m)
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, episodes, startedOn);
        var ids = (await Json(await http.GetAsync($"/api/v1/episodes?department={department}&status=all")))["items"]!.AsArray()
            .Select(e => (Guid)e!["id"]!).Take(rated).ToList();
        foreach (var id in ids)
        {
            await CollateralAsync(http, id, 1, first);
            await CollateralAsync(http, id, 2, last);
        }
        return department;
    }

    [Fact]
    public async Task EveryCsvLineSaysWhatWasDoneToItsNumbersInItsLanguage()
    {
        var shown = await RatedDepartmentAsync(7, 0, "2003-02-10");
        var small = await RatedDepartmentAsync(2, 0, "2003-03-10");
        var evaluator = Factory.As("evaluator");
        var url = $"/api/v1/reports/outcomes?from=2003-01&to=2003-06&groupBy=department&departments={shown},{small}&format=csv";
        var json = await Json(await evaluator.GetAsync(url.Replace("&format=csv", "", StringComparison.Ordinal)));
        Assert.Equal(2, (int)json["disclosure"]!["maximumCountNoise"]!);

        var (nbHeader, nb) = await CsvAsync(evaluator, url);
        Assert.Contains("Vern av klientene", nbHeader);
        var nbStatement = Field(nbHeader, nb[0], "Vern av klientene");
        // The bounds the JSON's disclosure states (CellKeyPerturbation: counts ±2, means ±30/n, SDs ±15/n; threshold 5).
        Assert.Contains("Cellenøkkel-støy", nbStatement);
        Assert.Contains("antall flyttet høyst 2", nbStatement);
        Assert.Contains("gjennomsnitt høyst 30/n poeng", nbStatement);
        Assert.Contains("SD høyst 15/n", nbStatement);
        Assert.Contains("Grupper med 1–4 forløp eller under 5 klienter", nbStatement);
        Assert.All(nb, line => Assert.Equal(nbStatement, Field(nbHeader, line, "Vern av klientene"))); // every line reads alone
        // Why a line is hidden stays on the line itself.
        var hidden = Assert.Single(nb, l => Field(nbHeader, l, "Avdeling") == small);
        Assert.Equal("TRUE", Field(nbHeader, hidden, "Skjult"));
        Assert.NotEqual("", Field(nbHeader, hidden, "Grunn til skjuling"));

        var (enHeader, en) = await CsvAsync(evaluator, url + "&lang=en");
        var enStatement = Field(enHeader, en[0], "Disclosure control");
        Assert.StartsWith("Cell-key perturbation (ABS): counts moved by at most 2, means by at most 30/n points, SDs by 15/n", enStatement);
        Assert.Contains("Groups of 1–4 episodes or under 5 clients and cells that could reveal them are hidden (suppressed, hiddenBecause)", enStatement);
        var (keyHeader, keyed) = await CsvAsync(evaluator, url + "&lang=key");
        Assert.Equal(enStatement, Field(keyHeader, keyed[0], "disclosureControl"));

        // The data dictionary describes the column.
        var dictionary = Encoding.UTF8.GetString(await (await evaluator.GetAsync("/api/v1/reports/dictionary?lang=en")).Content.ReadAsByteArrayAsync());
        Assert.Contains("\r\ndisclosureControl;Vern av klientene;Disclosure control;", dictionary);
    }

    [Fact]
    public async Task TheOutcomesCsvCarriesEachGroupsCollateralFiguresAsTheJsonPublishesThem()
    {
        // 7, 2 and 5 episodes with collateral ratings: the 2 are hidden in the collateral table, and the 5 with them (its companion).
        var rated = await RatedDepartmentAsync(8, 7, "2004-02-09");
        var few = await RatedDepartmentAsync(7, 2, "2004-03-08");
        var companion = await RatedDepartmentAsync(7, 5, "2004-03-08");
        var evaluator = Factory.As("evaluator");
        var url = $"/api/v1/reports/outcomes?from=2004-01&to=2004-06&groupBy=department&departments={rated},{few},{companion}&lang=key";
        var json = await Json(await evaluator.GetAsync(url));
        var (header, lines) = await CsvAsync(evaluator, url + "&format=csv");
        var collateral = json["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(collateral.Count, lines.Count); // the same groups as the client rows

        foreach (var line in lines)
        {
            var row = collateral.Single(c => (string?)c["level"] == Field(header, line, "level")
                && ((string?)c["department"] ?? "") == Field(header, line, "department") && ((string?)c["period"] ?? "") == Field(header, line, "period"));
            Assert.Equal((bool)row["suppressed"]! ? "TRUE" : "FALSE", Field(header, line, "collateralSuppressed"));
            Assert.Equal(row["episodes"]?.ToString() ?? "", Field(header, line, "collateralEpisodes"));
            Assert.Equal(Csv(row["meanFirst"]), Field(header, line, "collateralMeanFirst"));
            Assert.Equal(Csv(row["meanLast"]), Field(header, line, "collateralMeanLast"));
        }
        var shownLine = lines.Single(l => Field(header, l, "department") == rated);
        Assert.Equal("FALSE", Field(header, shownLine, "collateralSuppressed"));
        Assert.InRange(long.Parse(Field(header, shownLine, "collateralEpisodes")), 5, 9);               // 7 ± 2, at least 5
        Assert.InRange(double.Parse(Field(header, shownLine, "collateralMeanFirst").Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture),
            20 - 30.0 / 7, 20 + 30.0 / 7);
        // Two rated episodes: the collateral cell is hidden although the client figures of the group are shown.
        var hiddenLine = lines.Single(l => Field(header, l, "department") == few);
        Assert.Equal("FALSE", Field(header, hiddenLine, "suppressed"));
        Assert.Equal("TRUE", Field(header, hiddenLine, "collateralSuppressed"));
        Assert.Equal("", Field(header, hiddenLine, "collateralEpisodes"));
        Assert.Equal("", Field(header, hiddenLine, "collateralMeanFirst"));
        Assert.Equal("TRUE", Field(header, lines.Single(l => Field(header, l, "department") == companion), "collateralSuppressed"));
    }

    // The CSV's number format: decimal comma, at most ten decimals (ReportCsv.Number).
    static string Csv(JsonNode? value) => value is null ? ""
        : Math.Round((double)value, 10).ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',');

    [Fact]
    public async Task TheComparisonShowsEachPeriodsCollateralAndSeverityAdjustedFiguresAsTheOutcomesReportDoes()
    {
        var department = await RatedDepartmentAsync(7, 6, "2005-02-07");
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 8, "2005-08-08", intake: 13m, last: 25m);
        // The model is made up for the test (no published benchmark is configured by default).
        await using var configured = Factory.WithWebHostBuilder(b => b
            .UseSetting("Reports:SeverityAdjustment:ORS:Intercept", "11.5")
            .UseSetting("Reports:SeverityAdjustment:ORS:Slope", "-0.45")
            .UseSetting("Reports:SeverityAdjustment:ORS:ReferenceMeanChange", "5")
            .UseSetting("Reports:SeverityAdjustment:ORS:ReferenceSd", "6.5"));
        var evaluator = configured.CreateClient();
        evaluator.DefaultRequestHeaders.Authorization = new("Bearer", Factory.Token("evaluator"));

        var url = $"/api/v1/reports/outcomes/compare?firstFrom=2005-01&firstTo=2005-06&secondFrom=2005-07&secondTo=2005-12&departments={department}";
        var compare = await Json(await evaluator.GetAsync(url));
        Assert.True((bool)compare["severityAdjustment"]!["available"]!);
        var row = Assert.Single(compare["rows"]!.AsArray())!.AsObject();
        // Each period's row is the outcomes report's row of that span, SAES included: the comparison publishes nothing new.
        var firstSpan = await Json(await evaluator.GetAsync($"/api/v1/reports/outcomes?from=2005-01&to=2005-06&groupBy=department&departments={department}"));
        var secondSpan = await Json(await evaluator.GetAsync($"/api/v1/reports/outcomes?from=2005-07&to=2005-12&groupBy=department&departments={department}"));
        Assert.Equal(ReportData.Row(firstSpan, "cell", department, null).ToJsonString(), row["first"]!.ToJsonString());
        Assert.Equal(ReportData.Row(secondSpan, "cell", department, null).ToJsonString(), row["second"]!.ToJsonString());
        Assert.NotNull(row["second"]!["severityAdjustedEffectSize"]);

        // The SAES difference: Welch over the episodes' adjusted values, their SD from each published row's SDs.
        var model = new SeverityAdjustmentModel(11.5, -0.45, 5, 6.5, null);
        double Sd(JsonNode r) => SeverityAdjustedEffectSize.SdOfEpisodes((double)r["sdIntake"]!, (double)r["sdLast"]!, (double)r["sdChange"]!, model);
        var (a, b) = (row["first"]!, row["second"]!);
        var expected = PeriodComparison.WelchMeanDifference((long)a["changeSample"]!, (double)a["severityAdjustedEffectSize"]!["value"]!, Sd(a),
            (long)b["changeSample"]!, (double)b["severityAdjustedEffectSize"]!["value"]!, Sd(b));
        var difference = row["differences"]!["severityAdjustedEffectSize"]!;
        Assert.Equal(expected.Value, (double)difference["value"]!, 1e-12);
        Assert.Equal(expected.CiLow, (double)difference["ciLow"]!, 1e-12);
        Assert.Equal(expected.CiHigh, (double)difference["ciHigh"]!, 1e-12);

        // Collateral: each period's department-only collateral row, exactly as the outcomes report publishes it for the span.
        var collateral = Assert.Single(compare["collateral"]!["rows"]!.AsArray())!.AsObject();
        Assert.Equal(department, (string?)collateral["department"]);
        JsonNode CollateralOf(JsonObject report) => report["collateral"]!["rows"]!.AsArray().Single(r => (string?)r!["department"] == department)!;
        Assert.Equal(CollateralOf(firstSpan).ToJsonString(), collateral["first"]!.ToJsonString());
        Assert.Equal(CollateralOf(secondSpan).ToJsonString(), collateral["second"]!.ToJsonString());
        Assert.False((bool)collateral["first"]!["suppressed"]!);
        Assert.Equal(0, (long)collateral["second"]!["episodes"]!); // no collateral ratings in the second half: an empty group, shown as 0

        // The comparison CSV carries both, with the model on every line.
        var (header, lines) = await CsvAsync(evaluator, url + "&format=csv&lang=key");
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal("11,5 -0,45 5 6,5", Field(header, l, "severityAdjustmentModel")));
        Assert.All(lines, l => Assert.Equal(Csv(difference["value"]), Field(header, l, "diffSeverityAdjustedEffectSize")));
        Assert.Equal(Csv(a["severityAdjustedEffectSize"]!["value"]), Field(header, lines[0], "severityAdjustedEffectSize"));
        Assert.Equal(collateral["first"]!["episodes"]!.ToString(), Field(header, lines[0], "collateralEpisodes"));
        Assert.Equal(Csv(collateral["first"]!["meanLast"]), Field(header, lines[0], "collateralMeanLast"));
        Assert.Equal("0", Field(header, lines[1], "collateralEpisodes"));
        Assert.StartsWith("Cell-key perturbation", Field(header, lines[1], "disclosureControl"));
    }
}
