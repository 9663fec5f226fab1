using System.Text.RegularExpressions;
using System.Text;
using FitService.Api.Tests.Reports;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>The evaluator's report screens: a department × quarter report with a suppressed cell, the CSV, the comparison.</summary>
[Collection(BrowserCollection.Name)]
public class EvaluatorTests(WebUi ui) : IClassFixture<WebUi>
{
    ReportData Data => new(ui.Clinic);

    // The count the API publishes for a row (perturbed within ±2 of the seeded truth): the screen must show exactly it.
    async Task<string> PublishedEpisodesAsync(string query, string level, string department, string? period)
    {
        var report = await FitService.Api.Tests.Infrastructure.Clinic.Json(await ui.Service.As("evaluator").GetAsync($"/api/v1/reports/outcomes?{query}"));
        return ((long)ReportData.Row(report, level, department, period)["episodes"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    static ILocator Row(IPage page, string level, string department, string period) =>
        page.GetByTestId("report-table").Locator($"tbody tr[data-level={level}][data-department='{department}'][data-period='{period}']");

    /// <summary>Departments with these numbers of episodes (two sessions each) started on these dates.</summary>
    async Task<List<string>> DepartmentsAsync(params (int Count, string StartedOn)[][] departments)
    {
        var codes = new List<string>();
        foreach (var batches in departments)
        {
            var code = await ui.Clinic.DepartmentAsync();
            var clinician = ui.Service.As("clinician", code);
            foreach (var (count, startedOn) in batches) await Data.EpisodesAsync(clinician, code, count, startedOn);
            codes.Add(code);
        }
        return codes;
    }

    /// <summary>Chromium logs the intended 400 answer (a refused form) as a console error: exactly that one is expected.</summary>
    static async Task ExpectOneRefusedRequestAsync(UiPage browser)
    {
        for (var i = 0; i < 50 && !browser.Errors.Any(e => e.Contains("status of 400")); i++) await Task.Delay(100);
        Assert.Equal(1, browser.Errors.RemoveAll(e => e.Contains("status of 400")));
        browser.AssertNoErrors();
    }

    // A shown group of 9 whose change metrics rest on 4 finished episodes (5 still run): those cells say "withheld"
    // with the reason in their title, never a number; the counts stay. (4 is published as 2-4, never 0, so the
    // statistic is always withheld rather than empty: docs/reports.md, "Disclosure control".)
    [Fact]
    public async Task StatisticsOverFewerThanFiveEpisodesShowAsWithheld()
    {
        var code = await ui.Clinic.DepartmentAsync();
        var clinician = ui.Service.As("clinician", code);
        await Data.EpisodesAsync(clinician, code, 4, "2018-02-05");
        await Data.EpisodesAsync(clinician, code, 5, "2018-02-05", open: true);
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");

        await page.GetByLabel("Fra måned").FillAsync("2018-01");
        await page.GetByLabel("Til måned").FillAsync("2018-03");
        await page.GetByLabel("Periode", new() { Exact = true }).SelectOptionAsync("quarter");
        await page.GetByTestId("department-filter").SelectOptionAsync(code);              // only this department's rows
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis rapport" }).ClickAsync();

        await Expect(page.GetByTestId("report-table").Locator("tbody tr")).ToHaveCountAsync(1);
        var row = Row(page, "cell", code, "2018Q1");
        await Expect(row.Locator("td.period")).ToHaveTextAsync("1. kvartal 2018");         // a period in words, not "2018Q1"
        // Episodes: the published (perturbed) count, the same as the API gives.
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(await PublishedEpisodesAsync(
            $"from=2018-01&to=2018-03&groupBy=department,quarter&departments={code}", "cell", code, "2018Q1"));
        var meanIntake = row.Locator("td").Nth(3);
        await Expect(meanIntake).ToHaveTextAsync("holdt tilbake");
        await Expect(meanIntake.Locator(".withheld")).ToHaveAttributeAsync("title", "Bygger på færre enn 5 forløp og vises ikke");
        await Expect(row.Locator(".withheld")).Not.ToHaveCountAsync(0);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task AnEvaluatorRunsADepartmentByQuarterReportSeesHiddenCellsAndDownloadsTheCsv()
    {
        // A: 7 episodes in 2021Q1 and 2 in 2021Q2, the small cell; hiding it takes A's other quarter and B (the
        // smallest companions) with it; C stays shown.
        var codes = await DepartmentsAsync([(7, "2021-01-13"), (2, "2021-04-14")], [(6, "2021-02-10"), (8, "2021-05-12")],
            [(9, "2021-03-03"), (10, "2021-06-02")]);
        var (a, c) = (codes[0], codes[2]);
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");

        // Signing in lands on the report screen; the nav holds only the report links.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rapporter", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#nav a")).ToHaveTextAsync(["Rapporter", "Sammenlign perioder"]);

        // A month that does not start a quarter: the server's error is shown next to the field.
        await page.GetByLabel("Fra måned").FillAsync("2021-02");
        await page.GetByLabel("Til måned").FillAsync("2021-06");
        await page.GetByLabel("Periode", new() { Exact = true }).SelectOptionAsync("quarter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis rapport" }).ClickAsync();
        var fromField = page.Locator("[data-field=from]");
        await Expect(fromField.Locator(".error")).ToContainTextAsync("Må være første måned i en periode");
        await Expect(fromField.Locator("input")).ToHaveAttributeAsync("aria-invalid", "true");
        await ExpectOneRefusedRequestAsync(browser);

        await page.GetByLabel("Fra måned").FillAsync("2021-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis rapport" }).ClickAsync();
        var shown = Row(page, "cell", c, "2021Q1");
        const string query = "from=2021-01&to=2021-06&groupBy=department,quarter";
        // Episodes (td 0 is the period): 9 published within ±2, exactly as the API publishes it.
        await Expect(shown.Locator("td").Nth(1)).ToHaveTextAsync(await PublishedEpisodesAsync(query, "cell", c, "2021Q1"));
        await Expect(shown.Locator("td").Nth(3)).ToHaveTextAsync(new Regex(@"^\d+,\d$")); // mean intake, decimal comma
        var hidden = Row(page, "cell", a, "2021Q2");
        await Expect(hidden).ToContainTextAsync("Skjult: færre enn 5 forløp eller klienter");
        await Expect(hidden.Locator("td").Nth(1)).ToHaveTextAsync("Skjult: færre enn 5 forløp eller klienter"); // no numbers, only the text
        await Expect(hidden.Locator("td")).ToHaveCountAsync(2);                           // the period and the hidden text
        await Expect(hidden.Locator(".num")).ToHaveCountAsync(0);
        await Expect(Row(page, "cell", c, "2021Q2").Locator("td").Nth(1)).ToHaveTextAsync(await PublishedEpisodesAsync(query, "cell", c, "2021Q2"));
        await Expect(Row(page, "departmentTotal", a, "").Locator("td").Nth(1)).ToHaveTextAsync(await PublishedEpisodesAsync(query, "departmentTotal", a, null));
        await Expect(page.GetByTestId("definitions-version")).ToHaveTextAsync(FitService.Statistics.Reporting.OutcomeReport.DefinitionsVersion);
        await Expect(page.GetByTestId("report-norms")).ToContainTextAsync("terskel for pålitelig endring 5,0");

        await page.GetByTestId("report-form").ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "report-form.png") });
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "report-view.png"), FullPage = true });

        // The CSV is fetched with the token and saved through a blob: URL.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Last ned CSV" }).ClickAsync());
        Assert.StartsWith("fitservice-outcomes-ORS", download.SuggestedFilename);
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Definisjonsversjon;Instrument;", lines[0]);               // plain bokmål headings (docs/reports.md)
        Assert.Contains(lines, l => l.Contains($";cell;{a};2021Q2;TRUE;belowMinimum;"));

        // English: the same table with decimal points.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(hidden).ToContainTextAsync("Hidden: fewer than 5 episodes or clients");
        await Expect(shown.Locator("td").Nth(3)).ToHaveTextAsync(new Regex(@"^\d+\.\d$"));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task AnEvaluatorComparesTwoPeriodsPerDepartment()
    {
        // X is shown in both halves of 2022; Y (3 episodes) is hidden in the second, with Z as its companion.
        var codes = await DepartmentsAsync([(6, "2022-02-07"), (6, "2022-09-05")], [(3, "2022-09-05")], [(5, "2022-10-03")]);
        var (x, y) = (codes[0], codes[1]);
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Sammenlign perioder" }).ClickAsync();

        await page.GetByTestId("compare-form").Locator("[data-field=firstFrom] input").FillAsync("2022-01");
        await page.GetByTestId("compare-form").Locator("[data-field=firstTo] input").FillAsync("2022-06");
        await page.GetByTestId("compare-form").Locator("[data-field=secondFrom] input").FillAsync("2022-06");
        await page.GetByTestId("compare-form").Locator("[data-field=secondTo] input").FillAsync("2022-12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sammenlign", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-field=secondFrom] .error")).ToContainTextAsync("Periodene kan ikke overlappe");
        await ExpectOneRefusedRequestAsync(browser);

        await page.GetByTestId("compare-form").Locator("[data-field=secondFrom] input").FillAsync("2022-07");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sammenlign", Exact = true }).ClickAsync();
        var table = page.GetByTestId("compare-table");
        var rowX = table.Locator($"tbody tr[data-department='{x}']");
        // 6 episodes in each half, published within ±2: the screen shows exactly what the API publishes.
        var compared = (await FitService.Api.Tests.Infrastructure.Clinic.Json(await ui.Service.As("evaluator").GetAsync(
            "/api/v1/reports/outcomes/compare?firstFrom=2022-01&firstTo=2022-06&secondFrom=2022-07&secondTo=2022-12")))["rows"]!.AsArray()
            .Single(r => (string?)r!["department"] == x)!;
        await Expect(rowX.Locator("td").Nth(0)).ToHaveTextAsync(((long)compared["first"]!["episodes"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(rowX.Locator("td").Nth(2)).ToHaveTextAsync(((long)compared["second"]!["episodes"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(rowX.Locator("td").Nth(4)).ToContainTextAsync("(");               // mean change difference with its CI
        var rowY = table.Locator($"tbody tr[data-department='{y}']");
        await Expect(rowY).ToContainTextAsync("Skjult: færre enn 5 forløp eller klienter");
        // A hidden period gives no difference, and the row says it is hidden, never "no difference".
        await Expect(rowY.GetByTestId("hidden-difference")).ToHaveTextAsync("Skjult: minst én periode er skjult eller tom, så forskjellen vises ikke");
        await Expect(rowY).Not.ToContainTextAsync("Ingen forskjell");
        // The comparison's CSV, from the same form.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-compare-csv").ClickAsync());
        Assert.StartsWith("fitservice-compare-ORS", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Forskjell i gjennomsnittlig endring", lines[0]);
        Assert.Contains(lines, l => l.Contains(";" + y + ";", StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "compare-view.png"), FullPage = true });
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task ACliniciansNavHasNoReports()
    {
        var department = await ui.Clinic.DepartmentAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await Expect(page.Locator("#nav a")).ToHaveTextAsync(["Oversikt", "Ny klient og forløp"]);
        await Expect(page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Rapporter" })).ToHaveCountAsync(0);
        await page.GotoAsync("/#/reports");
        await Expect(page.Locator("main")).ToContainTextAsync("Rapportene er for evaluatorer og administratorer.");
        browser.AssertNoErrors();
    }
}
