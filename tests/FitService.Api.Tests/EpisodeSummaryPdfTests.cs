using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// The episode summary PDF: one A4 page that poppler's pdftotext reads back with the sessions, the category and the
/// open alerts in the chosen language; authorised and access-logged exactly as the episode read.
/// </summary>
public partial class EpisodeSummaryPdfTests(FitServiceFactory factory) : ApiTest(factory)
{
    /// <summary>Intake 15, then better by 7.5 (reliable, still under the cutoff 25: improved); a low SRS raises alerts.</summary>
    async Task<(HttpClient Http, string Department, Guid Episode)> ImprovedEpisodeWithAlertsAsync()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync("2025-01-06");
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(18.4m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await SessionAsync(http, episode, "2025-01-20", OrsTotal(22.5m), Srs(8.5m, 9.5m, 9.5m, 8m));
        return (http, department, episode);
    }

    [Theory]
    [InlineData(null, "Bedret", "06.01.2025", "13.01.2025", "20.01.2025", "15,0", "18,4", "22,5", "38,0", "35,5", "Skrevet ut")]
    [InlineData("en", "Improved", "2025-01-06", "2025-01-13", "2025-01-20", "15.0", "18.4", "22.5", "38.0", "35.5", "Printed")]
    public async Task TheSummaryIsOneA4PageWithTheSessionsTheCategoryAndEachOpenAlert(string? lang, string category,
        string date1, string date2, string date3, string ors1, string ors2, string ors3, string srs1, string srs3, string printed)
    {
        var (http, _, episode) = await ImprovedEpisodeWithAlertsAsync();
        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal("improved", (string?)read["category"]);
        var alerts = read["openAlerts"]!.AsArray().Select(a => (string)a![lang == "en" ? "messageEn" : "message"]!).ToList();
        Assert.True(alerts.Count >= 2, $"expected several open alerts, got {alerts.Count}");

        var response = await http.GetAsync($"/api/v1/episodes/{episode}/summary.pdf" + (lang is null ? "" : $"?lang={lang}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("inline", disposition.DispositionType);
        Assert.Matches(@"^""?(forlopssammendrag|episode-summary)-\d{4}-\d{2}-\d{2}\.pdf""?$", disposition.FileName);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);

        var (pages, size) = await PdfInfoAsync(pdf);
        Assert.Equal(1, pages);
        Assert.Contains("(A4)", size);
        var text = await PdfTextAsync(pdf);
        foreach (var expected in new[] { (string)read["pseudonym"]!, category, date1, date2, date3, ors1, ors2, ors3, srs1, srs3, printed, FitService.Statistics.Reporting.OutcomeReport.DefinitionsVersion })
            Assert.Contains(expected, text);
        Assert.All(alerts, alert => Assert.Contains(Words(alert), text));
    }

    [Theory]
    [InlineData(null, "Skåret av", "behandler", "klienten", "forelder", "lærer", "ORS fra forelder", "ORS fra lærer",
        "Statusen er basert på timereglene", "Grønn sone", "Rød sone", "Sonene:")]
    [InlineData("en", "Rated by", "clinician", "the client", "parent", "teacher", "ORS from parent", "ORS from teacher",
        "The status is based on the session rules", "Green zone", "Red zone", "The zones:")]
    public async Task TheTableSaysWhoRatedEachSessionAndEachRelationsRatingIsItsOwnRowAndLine(string? lang, string ratedBy,
        string clinician, string client, string parent, string teacher, string parentLine, string teacherLine, string basis,
        string green, string red, string zones)
    {
        // Session 1 typed from paper (the clinician), session 2 marked by the client; a parent at 1 and 2, a teacher at 2.
        var (http, _, episode) = await Clinic.AdultEpisodeAsync("2025-01-06");
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        var second = await PostSessionAsync(http, episode, new { date = "2025-01-13", outcome = OrsTotal(18.4m), ratedBy = "client" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        await CollateralAsync(http, episode, 1, "parent", 11.2m);
        await CollateralAsync(http, episode, 2, "parent", 13.6m);
        await CollateralAsync(http, episode, 2, "teacher", 21.7m);

        var pdf = await (await http.GetAsync($"/api/v1/episodes/{episode}/summary.pdf" + (lang is null ? "" : $"?lang={lang}")))
            .Content.ReadAsByteArrayAsync();

        Assert.Equal(1, (await PdfInfoAsync(pdf)).Pages);
        var lines = (await WithFileAsync(pdf, file => Tool.RunAsync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], Path.GetTempPath())))
            .Split('\n').Select(l => Words(l).Trim()).ToList();
        var text = string.Join(" ", lines);
        // Header row, then each session's row with its rater and each relation's row with the relation and its total only.
        var header = lines.FindIndex(l => l.EndsWith(ratedBy, StringComparison.Ordinal));
        Assert.True(header >= 0, text);
        var n = lang == "en" ? (Func<string, string>)(v => v) : v => v.Replace('.', ',');
        Assert.Equal([$"1 {Day(lang, 6)} {n("15.0")} {n("38.0")} {n("0.0")} {clinician}", $"{n("11.2")} {parent}",
            $"2 {Day(lang, 13)} {n("18.4")} – {n("+3.4")} {client}", $"{n("13.6")} {parent}", $"{n("21.7")} {teacher}"],
            lines.Skip(header + 1).Take(5));
        // Each relation's line in the graph's legend; what the status is based on; no zones without a calibration.
        Assert.Contains(parentLine, text);
        Assert.Contains(teacherLine, text);
        Assert.Contains(basis, text);
        Assert.DoesNotContain(green, text);
        Assert.DoesNotContain(red, text);
        Assert.DoesNotContain(zones, text);
    }

    static string Day(string? lang, int day) => lang == "en" ? $"2025-01-{day:00}" : $"{day:00}.01.2025";

    static async Task CollateralAsync(HttpClient http, Guid episode, int sessionNumber, string relation, decimal total)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(OrsTotal(total))!.AsObject();
        body["sessionNumber"] = sessionNumber;
        body["relation"] = relation;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnEpisodeWithoutSessionsStillPrintsOnePageThatSaysSo()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var pdf = await (await http.GetAsync($"/api/v1/episodes/{episode}/summary.pdf?lang=en")).Content.ReadAsByteArrayAsync();
        Assert.Equal(1, (await PdfInfoAsync(pdf)).Pages);
        var text = await PdfTextAsync(pdf);
        Assert.Contains("No sessions recorded yet.", text);
        Assert.Contains("No open alerts.", text);
        Assert.Contains("No category yet", text);
    }

    [Fact]
    public async Task ThirtySessionsFitOnOnePageAndSixtyShowTheLatestWithANote()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync("2024-01-01");
        var start = new DateOnly(2024, 1, 1);
        for (var n = 0; n < 60; n++)
        {
            await SessionAsync(http, episode, start.AddDays(7 * n).ToString("yyyy-MM-dd"), OrsTotal(10m + n % 20));
            if (n + 1 is not (30 or 60)) continue;
            var pdf = await (await http.GetAsync($"/api/v1/episodes/{episode}/summary.pdf")).Content.ReadAsByteArrayAsync();
            Assert.Equal(1, (await PdfInfoAsync(pdf)).Pages);
            var text = await PdfTextAsync(pdf);
            Assert.Contains(start.AddDays(7 * n).ToString("dd.MM.yyyy"), text); // the latest session is always listed
            if (n + 1 == 30)
            {
                Assert.Contains("01.01.2024", text); // ... and at 30, the first one too
                Assert.DoesNotContain("Viser de siste", text);
            }
            else
            {
                Assert.Matches(@"Viser de siste \d+ av 60 timene\.", text);
            }
        }
    }

    [Fact]
    public async Task ManyAlertsStayOnThePageOrAreCountedInAClosingLine()
    {
        // No change in six sessions and a falling alliance: progress alerts, the cutoff, every item and the drop.
        var (http, _, episode) = await Clinic.AdultEpisodeAsync("2025-01-06");
        for (var n = 0; n < 6; n++)
            await SessionAsync(http, episode, new DateOnly(2025, 1, 6).AddDays(7 * n).ToString("yyyy-MM-dd"), OrsTotal(15m),
                n < 5 ? Srs(8m, 8m, 8m, 8m) : Srs(6m, 6m, 6m, 6m));
        var alerts = (await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["openAlerts"]!.AsArray()
            .Select(a => Words((string)a!["message"]!)).ToList();
        Assert.True(alerts.Count >= 6, $"expected many open alerts, got {alerts.Count}");

        var pdf = await (await http.GetAsync($"/api/v1/episodes/{episode}/summary.pdf")).Content.ReadAsByteArrayAsync();

        Assert.Equal(1, (await PdfInfoAsync(pdf)).Pages);
        var text = await PdfTextAsync(pdf);
        var shown = alerts.Count(text.Contains);
        Assert.True(shown >= 3, $"only {shown} of {alerts.Count} alerts on the page");
        if (shown < alerts.Count) Assert.Contains($"… og {alerts.Count - shown} varsler til", text);
        Assert.Contains("15,0", text); // the sessions table is still there
    }

    [Fact]
    public async Task ALongDepartmentNameIsCutToItsHalfOfTheHeader()
    {
        var code = $"L-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var name = string.Concat(Enumerable.Repeat("Rus og psykisk helse ", 9)).Trim(); // 188 characters
        var created = await Clinic.Admin.PostAsJsonAsync("/api/v1/departments", new { code, name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var http = Factory.As("clinician", code);
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, code), code);

        var pdf = await (await http.GetAsync($"/api/v1/episodes/{episode}/summary.pdf")).Content.ReadAsByteArrayAsync();

        Assert.Equal(1, (await PdfInfoAsync(pdf)).Pages);
        var text = await PdfTextAsync(pdf);
        Assert.Contains("Rus og psykisk helse Rus og", text);
        Assert.Contains("…", text);
        Assert.DoesNotContain(name, text);
        Assert.Contains("Alder ved start", text); // the other half of the header is still there
    }

    [Fact]
    public async Task TheSummaryIsRefusedAsTheEpisodeReadIs()
    {
        var (http, department, episode) = await ImprovedEpisodeWithAlertsAsync();
        var url = $"/api/v1/episodes/{episode}/summary.pdf";

        Assert.Equal(HttpStatusCode.OK, (await Factory.As("supervisor", department).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Factory.As("evaluator", department).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Clinic.Admin.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync(url)).StatusCode);
        var outsider = Factory.As("clinician", await Clinic.DepartmentAsync());
        var refused = await outsider.GetAsync(url);
        var absent = await outsider.GetAsync($"/api/v1/episodes/{Guid.NewGuid()}/summary.pdf");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal((await Json(refused))["detail"]!.ToString(), (await Json(absent))["detail"]!.ToString());
        // The episode read answers the outsider the same way.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/episodes/{episode}")).StatusCode);
        await AssertProblemAsync(await http.GetAsync(url + "?lang=de"), HttpStatusCode.BadRequest, "lang");
    }

    [Fact]
    public async Task EachSummaryIsAccessLoggedAndARefusedOneIsLoggedAsDenied()
    {
        var (http, department, episode) = await ImprovedEpisodeWithAlertsAsync();
        var client = (await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["clientId"]!.GetValue<Guid>();
        var other = await Clinic.DepartmentAsync();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/episodes/{episode}/summary.pdf?lang=en")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Factory.As("supervisor", other).GetAsync($"/api/v1/episodes/{episode}/summary.pdf")).StatusCode);

        await using var db = await Factory.OpenAsync();
        var log = (await db.QueryAsync<(string Action, string Actor, string Role, Guid? Episode)>(
            "select action, actor, role, episode_id from access_log where client_id = @client and action like 'episode.summary%' order by id",
            new { client })).ToList();
        Assert.Equal([("episode.summary.read", $"test-clinician-{department}", "clinician", (Guid?)episode),
            ("episode.summary.read.denied", $"test-supervisor-{other}", "supervisor", episode)], log);
    }

    internal static async Task<(int Pages, string Size)> PdfInfoAsync(byte[] pdf)
    {
        var info = await WithFileAsync(pdf, file => Tool.RunAsync("pdfinfo", [file], Path.GetTempPath()));
        return (int.Parse(PagesLine().Match(info).Groups[1].Value), SizeLine().Match(info).Groups[1].Value);
    }

    /// <summary>The page's text with every run of white space as one space, so a wrapped sentence reads whole.</summary>
    internal static async Task<string> PdfTextAsync(byte[] pdf) =>
        Words(await WithFileAsync(pdf, file => Tool.RunAsync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], Path.GetTempPath())));

    internal static string Words(string text) => Whitespace().Replace(text, " ");

    internal static async Task<string> WithFileAsync(byte[] pdf, Func<string, Task<string>> run)
    {
        var file = Path.Combine(Path.GetTempPath(), $"fitservice-summary-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try { return await run(file); }
        finally { File.Delete(file); }
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"^Page size:\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex SizeLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>
/// A calibrated episode's summary draws the expected zones and names them in words, and says the status is based on
/// that calibration, with its number, date and size (own database: the calibration is the service's). Calibrated as <see cref="TrajectoryBoundaryTests"/>:
/// expected = intake + 5, bound (25th percentile) = intake.
/// </summary>
public class EpisodeSummaryPdfCalibratedTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData(null, "Statusen er basert på et kalibrert forventet forløp: {2} avsluttede forløp i tjenesten, kalibrert {0} (nr. {1}).",
        "Sonene: forventet (median) og 25-prosentilen for klienter med samme inntaksskår.",
        "Grønn sone: som forventet eller bedre", "Oransje sone: under forventet", "Rød sone: under 25-prosentilen", "Forventet (median)", "neste")]
    [InlineData("en", "The status is based on a calibrated expected trajectory: {2} closed episodes of the service, calibrated {0} (no. {1}).",
        "The zones: expected (median) and the 25th percentile for clients with the same intake score.",
        "Green zone: as expected or better", "Orange zone: below expected", "Red zone: below the 25th percentile", "Expected (median)", "next")]
    public async Task TheSummaryDrawsTheExpectedZonesAndSaysTheStatusIsBasedOnTheCalibration(string? lang, string basis, string help,
        string green, string orange, string red, string expected, string next)
    {
        var department = await TrajectoryBoundaryTests.CalibratedDepartmentAsync(Factory, Clinic);
        var http = Factory.As("clinician", department);
        var episode = await Clinic.EpisodeAsync(http, await Clinic.ClientAsync(http, department), department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(22m));
        var band = (await EpisodeGraphCalibratedTests.ReadAsync(http, episode))["expectedBand"]!;
        var calibratedOn = DateTimeOffset.Parse((string)band["calibratedAt"]!).UtcDateTime;

        var pdf = await (await http.GetAsync($"/api/v1/episodes/{episode}/summary.pdf" + (lang is null ? "" : $"?lang={lang}")))
            .Content.ReadAsByteArrayAsync();

        Assert.Equal(1, (await EpisodeSummaryPdfTests.PdfInfoAsync(pdf)).Pages);
        var text = await EpisodeSummaryPdfTests.PdfTextAsync(pdf);
        Assert.Contains(string.Format(basis, calibratedOn.ToString(lang == "en" ? "yyyy-MM-dd" : "dd.MM.yyyy"), (long)band["calibrationId"]!,
            (int)band["episodesUsed"]!), text);
        Assert.Contains(help, text);
        foreach (var legend in new[] { green, orange, red, expected, next })
            Assert.Contains(legend, text);
        Assert.DoesNotContain(lang == "en" ? "session rules" : "timereglene", text);
    }
}
