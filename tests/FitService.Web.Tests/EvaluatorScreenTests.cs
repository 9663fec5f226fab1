using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using FitService.Api.Tests.Reports;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// The evaluator's report screens in Chromium: why each hidden group is hidden, month names, rows without episodes
/// left out, the charts (axes, CIs, a table beside, hidden groups in words), the goals, the CSV headings and the data
/// dictionary. Report numbers are not pinned here (the API tests do that): structure, labels and hidden/shown states.
/// </summary>
[Collection(BrowserCollection.Name)]
public class EvaluatorScreenTests(WebUi ui) : IClassFixture<WebUi>
{
    ReportData Data => new(ui.Clinic);

    static ILocator Row(IPage page, string level, string department, string period) =>
        page.GetByTestId("report-table").Locator($"tbody tr[data-level={level}][data-department='{department}'][data-period='{period}']");

    async Task<string> DepartmentAsync(params (int Count, string StartedOn)[] batches)
    {
        var code = await ui.Clinic.DepartmentAsync();
        var clinician = ui.Service.As("clinician", code);
        foreach (var (count, startedOn) in batches) await Data.EpisodesAsync(clinician, code, count, startedOn);
        return code;
    }

    static async Task ShowAsync(IPage page, string from, string to, string period, params string[] departments)
    {
        await page.GetByLabel("Fra måned").FillAsync(from);
        await page.GetByLabel("Til måned").FillAsync(to);
        await page.GetByLabel("Periode", new() { Exact = true }).SelectOptionAsync(period);
        await page.GetByTestId("department-filter").SelectOptionAsync(departments);
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis rapport" }).ClickAsync();
        await Expect(page.GetByTestId("report-table")).ToBeVisibleAsync();
    }

    static async Task<string[]> DownloadLinesAsync(IPage page, ILocator button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task AHiddenGroupSaysWhetherItIsSmallOrHiddenToProtectAnother()
    {
        // A's 2 episodes in the second quarter are below the minimum; hiding them takes companions with them.
        var a = await DepartmentAsync((7, "2013-01-14"), (2, "2013-04-15"));
        var b = await DepartmentAsync((6, "2013-02-11"), (8, "2013-05-13"));
        var c = await DepartmentAsync((9, "2013-03-04"), (10, "2013-06-03"));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await ShowAsync(page, "2013-01", "2013-06", "quarter", a, b, c);

        var small = Row(page, "cell", a, "2013Q2");
        await Expect(small.Locator("td.suppressed-cell")).ToHaveTextAsync("Skjult: færre enn 5 forløp eller klienter");
        await Expect(small.Locator(".suppressed-text")).ToHaveAttributeAsync("data-hidden-because", "belowMinimum");
        await Expect(small.Locator(".suppressed-text")).ToHaveAttributeAsync("title", new Regex("enkeltklienter"));
        await Expect(small.Locator(".num")).ToHaveCountAsync(0);
        // Every other hidden group in the table is a companion, and says so; none claims to be small.
        var companions = page.GetByTestId("report-table").Locator("tbody tr.suppressed .hidden-companion");
        await Expect(companions.First).ToHaveTextAsync("Skjult for å verne en annen skjult gruppe");
        Assert.Equal(await page.GetByTestId("report-table").Locator("tbody tr.suppressed").CountAsync() - 1, await companions.CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(small.Locator("td.suppressed-cell")).ToHaveTextAsync("Hidden: fewer than 5 episodes or clients");
        await Expect(companions.First).ToHaveTextAsync("Hidden to protect another hidden group");
        browser.AssertNoErrors();
    }

    // 1 + 5 hidden beside a shown 10 and total 16: saying which is small would pin both, so the label says either.
    [Fact]
    public async Task WhereTheReasonWouldGiveACountAwayTheLabelSaysEither()
    {
        var small = await DepartmentAsync((1, "2007-03-05"));
        var companion = await DepartmentAsync((5, "2007-03-05"));
        var large = await DepartmentAsync((10, "2007-03-05"));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await ShowAsync(page, "2007-03", "2007-03", "", small, companion, large);

        foreach (var department in new[] { small, companion })
        {
            var label = Row(page, "cell", department, "").Locator(".suppressed-text");
            await Expect(label).ToHaveTextAsync("Skjult: under 5 forløp eller klienter, eller for å verne en annen gruppe");
            await Expect(label).ToHaveAttributeAsync("data-hidden-because", "notSaid");
        }
        await Expect(page.GetByTestId("report-table").Locator(".hidden-small, .hidden-companion")).ToHaveCountAsync(0);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task MonthsAreNamedAndRowsWithoutEpisodesAreLeftOutOnRequest()
    {
        var busy = await DepartmentAsync((6, "2012-01-09"), (5, "2012-02-06"), (5, "2012-03-05"));
        var empty = await ui.Clinic.DepartmentAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await ShowAsync(page, "2012-01", "2012-03", "month", busy, empty);

        await Expect(Row(page, "cell", busy, "2012M01").Locator("td.period")).ToHaveTextAsync("januar 2012");
        await Expect(Row(page, "cell", busy, "2012M03").Locator("td.period")).ToHaveTextAsync("mars 2012");
        await Expect(page.Locator(".report-result h2")).ToHaveTextAsync("ORS, januar 2012 – mars 2012");
        await Expect(page.Locator(".report-result")).Not.ToContainTextAsync("2012M");
        await Expect(page.Locator(".report-result")).Not.ToContainTextAsync("null");
        // The department without episodes: its rows are left out, and a note says how many.
        await Expect(page.GetByTestId("report-table").Locator($"tbody tr[data-department='{empty}']")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("empty-rows-note")).ToHaveTextAsync(new Regex(@"^\d+ rader uten forløp er ikke vist\.$"));
        await page.GetByTestId("hide-empty").UncheckAsync();
        await Expect(Row(page, "cell", empty, "2012M02").Locator("td").Nth(1)).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("empty-rows-note")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(Row(page, "cell", busy, "2012M01").Locator("td.period")).ToHaveTextAsync("January 2012");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task ChartsShowChangeAndSharesWithTheirIntervalsAxesAndATableBeside()
    {
        var a = await DepartmentAsync((8, "2011-01-10"), (2, "2011-07-11"));
        var b = await DepartmentAsync((9, "2011-02-07"), (7, "2011-08-08"));
        var c = await DepartmentAsync((6, "2011-03-07"), (6, "2011-09-05"));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await ShowAsync(page, "2011-01", "2011-12", "halfyear", a, b, c);

        var change = page.GetByTestId("chart-change-svg");
        await Expect(change).ToHaveAttributeAsync("role", "img");
        await Expect(change.Locator("title")).ToHaveTextAsync("Effektstørrelse per avdeling og periode, med 95 % konfidensintervall");
        await Expect(page.GetByTestId("chart-change-x-axis")).ToHaveTextAsync("Effektstørrelse");
        await Expect(page.GetByTestId("chart-change-y-axis")).ToHaveTextAsync("Avdeling og periode");
        // One chart row per table row; a shown group has its marker and CI line, a hidden one says so in words.
        var tableRows = await page.GetByTestId("report-table").Locator("tbody tr").CountAsync();
        await Expect(change.Locator("g.chart-row")).ToHaveCountAsync(tableRows);
        var shown = change.Locator("g.chart-row[data-level=cell][data-state=shown]").First;
        var (shownDepartment, shownPeriod) = (await shown.GetAttributeAsync("data-department"), await shown.GetAttributeAsync("data-period"));
        await Expect(shown.Locator("circle.marker")).ToHaveCountAsync(1);
        await Expect(shown.Locator("line.ci-line")).ToHaveCountAsync(3);
        await Expect(shown.Locator("text.value-label")).ToHaveTextAsync(new Regex(@"^-?\d+,\d\d \(-?\d+,\d\d–-?\d+,\d\d\)$"));
        var hidden = change.Locator($"g.chart-row[data-department='{a}'][data-period='2011H2']");
        await Expect(hidden).ToHaveAttributeAsync("data-state", "hidden");
        await Expect(hidden.Locator("text.hidden-label")).ToHaveTextAsync("Skjult: færre enn 5 forløp eller klienter");
        await Expect(hidden.Locator("circle, path.marker")).ToHaveCountAsync(0);
        var totals = change.Locator("g.chart-row[data-level=departmentTotal][data-state=shown]");   // a total is a diamond
        await Expect(totals.First.Locator("path.marker.total")).ToHaveCountAsync(1);
        await Expect(totals.First.Locator("circle")).ToHaveCountAsync(0);
        // The same numbers in a table beside the chart.
        var table = page.GetByTestId("chart-change-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(tableRows);
        await Expect(table.Locator($"tbody tr[data-department='{a}'][data-period='2011H2']")).ToContainTextAsync("Skjult: færre enn 5");
        await Expect(table.Locator($"tbody tr[data-level=cell][data-department='{shownDepartment}'][data-period='{shownPeriod}'] td")).ToHaveCountAsync(3);

        // Shares in per cent, another metric on request.
        var shares = page.GetByTestId("chart-shares-svg");
        await Expect(page.GetByTestId("chart-shares-x-axis")).ToHaveTextAsync("Pålitelig bedret, prosent");
        await Expect(shares.Locator("text.tick").First).ToHaveTextAsync("0");
        await Expect(shares.Locator("text.tick").Last).ToHaveTextAsync("100");
        await page.GetByTestId("chart-shares-metric").SelectOptionAsync("dropout");
        await Expect(page.GetByTestId("chart-shares-svg")).ToHaveAttributeAsync("data-metric", "dropout");
        await Expect(page.GetByTestId("chart-shares-x-axis")).ToHaveTextAsync("Frafall, prosent");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByTestId("chart-change-x-axis")).ToHaveTextAsync("Effect size");
        await Expect(page.GetByTestId("chart-change-svg").Locator($"g.chart-row[data-department='{a}'][data-period='2011H2'] text.hidden-label"))
            .ToHaveTextAsync("Hidden: fewer than 5 episodes or clients");
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "report-charts.png"), FullPage = true });
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task TheReportScreenShowsTheDepartmentsGoalsWithTheirStatus()
    {
        var improving = await ui.Clinic.DepartmentAsync();
        // 20 of 20 reliably improved: under the reports' cell-key noise (counts within ±2) the worst case, 18 of 22, still has a
        // Wilson lower bound above 0.5 (0.61), so the goal is met whatever the record keys are.
        await Data.EpisodesAsync(ui.Service.As("clinician", improving), improving, 20, "2010-02-01", intake: 15m, last: 24m);
        var small = await DepartmentAsync((3, "2010-03-01"));
        var other = await DepartmentAsync((6, "2010-04-05"));
        async Task GoalAsync(string department, string metric, decimal target, string direction)
        {
            var response = await ui.Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals",
                new { halfYear = "2010H1", metric, target, direction, description = "Tilbakemelding i hver time." });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        await GoalAsync(improving, "reliablyImproved", 0.5m, "atLeast");
        await GoalAsync(small, "reliablyImproved", 0.5m, "atLeast");
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await ShowAsync(page, "2010-01", "2010-06", "halfyear", improving, small, other);

        var goals = page.GetByTestId("goals-table");
        var met = goals.Locator($"tbody tr[data-department='{improving}'][data-half-year='2010H1']");
        await Expect(met.Locator("td").Nth(0)).ToHaveTextAsync("1. halvår 2010");
        await Expect(met.Locator("td").Nth(1)).ToContainTextAsync(new Regex(@"Andel pålitelig bedret minst 50\s%"));
        await Expect(met.Locator("td").Nth(1)).ToContainTextAsync("Tilbakemelding i hver time.");
        await Expect(met.Locator("td").Nth(2)).ToContainTextAsync("(");              // the result with its CI
        await Expect(met.GetByTestId("goal-status")).ToHaveTextAsync("✓ Nådd");
        var hidden = goals.Locator($"tbody tr[data-department='{small}']");
        await Expect(hidden.GetByTestId("goal-status")).ToHaveTextAsync("Skjult: for få forløp til å vise resultatet");
        await Expect(hidden.Locator("td").Nth(2)).ToHaveTextAsync("–");
        await Expect(goals.Locator($"tbody tr[data-department='{other}']")).ToHaveCountAsync(0);   // no goal set

        // With the filter on one department, only its goals.
        await page.GetByTestId("department-filter").SelectOptionAsync(improving);
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis rapport" }).ClickAsync();
        await Expect(page.GetByTestId("goals-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByTestId("goals-table").GetByTestId("goal-status")).ToHaveTextAsync("✓ Met");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task TheReportStillShowsWhenTheGoalsCannotBeFetched()
    {
        var a = await DepartmentAsync((6, "2006-01-09"), (7, "2006-02-06"));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        var goalRequests = 0;
        await page.RouteAsync(new Regex(@"/api/v1/reports/goals\?"), route =>
        {
            goalRequests++;
            return route.FulfillAsync(new()
            {
                Status = 500, ContentType = "application/problem+json",
                Body = """{"type":"about:blank","title":"Internal Server Error","status":500}""",
            });
        });
        await ShowAsync(page, "2006-01", "2006-06", "quarter", a);

        // The report, its notes and charts are there; where the goals would be, a short message says they could not be read.
        await Expect(Row(page, "cell", a, "2006Q1").Locator("td.n").First).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(page.GetByTestId("report-norms")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("chart-change-svg")).ToBeVisibleAsync();
        var message = page.GetByTestId("report-goals").GetByTestId("goals-unavailable");
        await Expect(message).ToHaveTextAsync(
            "Målene kunne ikke hentes akkurat nå. Rapporten over er likevel fullstendig; prøv igjen senere for å se målene.");
        await Expect(page.GetByTestId("goals-table")).ToHaveCountAsync(0);
        Assert.Equal(1, goalRequests);                                    // one half-year in the span

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(message).ToHaveTextAsync(
            "The goals could not be fetched just now. The report above is complete all the same; try again later to see the goals.");
        await Expect(Row(page, "cell", a, "2006Q1")).ToBeVisibleAsync();
        // The only browser error is the failed goals request itself (Chromium logs a 500 response as a console error).
        Assert.All(browser.Errors, e => Assert.Contains("500", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CsvHeadingsAreInPlainWordsInTheChosenLanguageWithADataDictionary()
    {
        var a = await DepartmentAsync((6, "2009-01-12"));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await ShowAsync(page, "2009-01", "2009-03", "quarter", a);

        var norwegian = await DownloadLinesAsync(page, page.GetByTestId("download-csv"));
        Assert.StartsWith("Definisjonsversjon;Instrument;", norwegian[0]);
        Assert.Contains("Gjennomsnittlig endring", norwegian[0].Split(';'));
        await page.GetByTestId("csv-language").SelectOptionAsync("en");
        var english = await DownloadLinesAsync(page, page.GetByTestId("download-csv"));
        Assert.Contains("Mean change", english[0].Split(';'));
        Assert.Contains("Why hidden", english[0].Split(';'));

        var dictionary = await DownloadLinesAsync(page, page.GetByTestId("download-dictionary"));
        Assert.StartsWith("Key;Heading (bokmål);Heading (English);", dictionary[0]);
        Assert.Contains(dictionary, l => l.StartsWith("meanChange;Gjennomsnittlig endring;Mean change;", StringComparison.Ordinal));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task AHiddenComparisonIsShownAsHiddenWithItsReasonAndItsCsvHasPlainHeadings()
    {
        var shown = await DepartmentAsync((6, "2008-02-04"), (6, "2008-09-01"));
        var small = await DepartmentAsync((3, "2008-09-01"));
        var companion = await DepartmentAsync((5, "2008-10-06"));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await EvaluatorScreenTests.CompareAsync(page, ("2008-01", "2008-06"), ("2008-07", "2008-12"), [shown, small, companion]);

        await Expect(page.Locator(".report-result h2")).ToHaveTextAsync("januar 2008 – juni 2008 mot juli 2008 – desember 2008");
        var table = page.GetByTestId("compare-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);                  // the filter: no all-department row
        var rowSmall = table.Locator($"tbody tr[data-department='{small}']");
        await Expect(rowSmall.Locator(".hidden-small")).ToHaveTextAsync("Skjult: færre enn 5 forløp eller klienter");
        await Expect(rowSmall.GetByTestId("hidden-difference")).ToHaveTextAsync("Skjult: minst én periode er skjult eller tom, så forskjellen vises ikke");
        await Expect(rowSmall).Not.ToContainTextAsync("Ingen forskjell");
        await Expect(table.Locator($"tbody tr[data-department='{shown}'] td").Nth(4)).ToContainTextAsync("(");

        // Without the filter, departments with no episodes in either period are left out unless asked for.
        var other = await ui.Clinic.DepartmentAsync();
        await page.GotoAsync("/#/reports");
        await CompareAsync(page, ("2008-01", "2008-06"), ("2008-07", "2008-12"), []);
        await Expect(table.Locator($"tbody tr[data-department='{small}']")).ToHaveCountAsync(1);
        await Expect(table.Locator($"tbody tr[data-department='{other}']")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("empty-rows-note")).ToBeVisibleAsync();
        await page.GetByTestId("compare-hide-empty").UncheckAsync();
        await Expect(table.Locator($"tbody tr[data-department='{other}'] td").Nth(0)).ToHaveTextAsync("0");
        await page.GetByTestId("compare-department-filter").SelectOptionAsync([shown, small, companion]);

        var lines = await DownloadLinesAsync(page, page.GetByTestId("download-compare-csv"));
        var header = lines[0].Split(';');
        Assert.Contains("Forskjell i gjennomsnittlig endring", header);
        Assert.Contains("Grunn til skjuling", header);
        var hiddenLine = lines.Single(l => l.Contains(";" + small + ";", StringComparison.Ordinal) && l.Contains(";TRUE;", StringComparison.Ordinal));
        Assert.Contains(";belowMinimum;", hiddenLine);
        browser.AssertNoErrors();
    }

    /// <summary>
    /// Opens the comparison screen and compares the two spans (yyyy-MM) for these departments (none: the filter as it is),
    /// signed in already.
    /// </summary>
    internal static async Task CompareAsync(IPage page, (string From, string To) first, (string From, string To) second, string[] departments)
    {
        await page.GotoAsync("/#/reports/compare");
        var form = page.GetByTestId("compare-form");
        await form.Locator("[data-field=firstFrom] input").FillAsync(first.From);
        await form.Locator("[data-field=firstTo] input").FillAsync(first.To);
        await form.Locator("[data-field=secondFrom] input").FillAsync(second.From);
        await form.Locator("[data-field=secondTo] input").FillAsync(second.To);
        if (departments.Length > 0) await page.GetByTestId("compare-department-filter").SelectOptionAsync(departments);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sammenlign", Exact = true }).ClickAsync();
    }
}
