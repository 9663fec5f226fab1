using System.Text;
using System.Text.RegularExpressions;
using FitService.Api.Tests.Reports;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>The service with the ORS severity-adjustment model set, so the comparison shows the severity-adjusted effect size.</summary>
public sealed class SeverityAdjustedWebUi() : WebUi(new DevIdentityProvider(), new Dictionary<string, string>
{
    ["Reports:SeverityAdjustment:ORS:Intercept"] = "11.5",
    ["Reports:SeverityAdjustment:ORS:Slope"] = "-0.45",
    ["Reports:SeverityAdjustment:ORS:ReferenceMeanChange"] = "5",
    ["Reports:SeverityAdjustment:ORS:ReferenceSd"] = "6.5",
});

/// <summary>
/// The evaluator's comparison in Chromium: the severity-adjusted effect size of each period and its Welch difference, and the
/// collateral section with hidden sides saying why (a group hidden in the client figures hidden with them), in both languages
/// and in the comparison's CSV. Numbers are not pinned here (the API tests do that): structure, labels, hidden and shown.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CompareScreenTests(SeverityAdjustedWebUi ui) : IClassFixture<SeverityAdjustedWebUi>
{
    ReportData Data => new(ui.Clinic);

    [Fact]
    public async Task TheComparisonShowsTheSeverityAdjustedEffectSizeAndTheCollateralSectionWithHiddenSidesSayingWhy()
    {
        // First half of 2005: only `shown` has episodes. Second half: shown 12, small 3 and companion 6, so the client figures
        // hide small and, to protect it, companion; the collateral section hides both with them.
        var (shown, small, companion) = (await ui.Clinic.DepartmentAsync(), await ui.Clinic.DepartmentAsync(), await ui.Clinic.DepartmentAsync());
        await Data.EpisodesAsync(ui.Service.As("clinician", shown), shown, 12, "2005-02-07", intake: 14m, last: 22m, collateral: 6);
        await Data.EpisodesAsync(ui.Service.As("clinician", shown), shown, 12, "2005-09-05", intake: 16m, last: 21m, collateral: 7);
        await Data.EpisodesAsync(ui.Service.As("clinician", small), small, 3, "2005-09-05", collateral: 3);
        await Data.EpisodesAsync(ui.Service.As("clinician", companion), companion, 6, "2005-10-03", collateral: 6);
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await EvaluatorScreenTests.CompareAsync(page, ("2005-01", "2005-06"), ("2005-07", "2005-12"), [shown, small, companion]);

        var table = page.GetByTestId("compare-table");
        await Expect(table.Locator("thead")).ToContainTextAsync("Alvorlighetsjustert effektstørrelse");
        await Expect(table.Locator("thead")).ToContainTextAsync("Alvorlighetsjustert effektstørrelse (Welch)");
        var shownRow = table.Locator($"tbody tr[data-department='{shown}']");
        var interval = new Regex(@"^[−-]?\d+,\d\d\s?\([−-]?\d+,\d\d( – |–)[−-]?\d+,\d\d\)$");
        await Expect(shownRow.GetByTestId("period-saes")).ToHaveCountAsync(2);
        await Expect(shownRow.GetByTestId("period-saes").First).ToHaveTextAsync(interval);
        await Expect(shownRow.GetByTestId("diff-saes")).ToHaveTextAsync(new Regex(@"^[+−-]?\d+,\d\d\s?\("));
        // A hidden period: its side says why over all three columns, and no difference is shown (over all four).
        var smallRow = table.Locator($"tbody tr[data-department='{small}']");
        await Expect(smallRow.Locator("td.suppressed-cell .hidden-small")).ToHaveTextAsync("Skjult: færre enn 5 forløp eller klienter");
        await Expect(smallRow.Locator("td.suppressed-cell").First).ToHaveAttributeAsync("colspan", "3");
        await Expect(smallRow.GetByTestId("hidden-difference")).ToHaveAttributeAsync("colspan", "4");
        await Expect(page.GetByTestId("saes-model")).ToContainTextAsync("Seidel, Miller & Chow 2014");

        // The collateral section: an accessible table beside the client figures, both periods per department.
        var collateral = page.GetByTestId("compare-collateral");
        await Expect(collateral.GetByRole(AriaRole.Heading, new() { Name = "Kollaterale vurderinger" })).ToBeVisibleAsync();
        var collateralTable = page.GetByTestId("compare-collateral-table");
        await Expect(collateralTable.Locator("caption")).ToHaveTextAsync("Kollaterale vurderinger i de to periodene per avdeling");
        await Expect(collateralTable.Locator("thead th[scope=col]").First).ToHaveTextAsync("Avdeling");
        await Expect(collateralTable.Locator("tbody tr")).ToHaveCountAsync(3);
        var shownCollateral = collateralTable.Locator($"tbody tr[data-department='{shown}'] td");
        await Expect(shownCollateral).ToHaveCountAsync(6);
        await Expect(shownCollateral.Nth(0)).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(shownCollateral.Nth(1)).ToHaveTextAsync(new Regex(@"^\d+,\d$"));
        var companionSecond = collateralTable.Locator($"tbody tr[data-department='{companion}'] td.suppressed-cell");
        await Expect(companionSecond).ToHaveCountAsync(1);                       // the first half-year is empty: shown as 0
        await Expect(companionSecond.Locator(".suppressed-text")).ToHaveAttributeAsync("data-hidden-because", "protectsAnotherCell");
        await Expect(companionSecond).ToHaveTextAsync("Skjult for å verne en annen skjult gruppe");
        await Expect(collateralTable.Locator($"tbody tr[data-department='{small}'] td.suppressed-cell .hidden-small"))
            .ToHaveTextAsync("Skjult: færre enn 5 forløp eller klienter");
        await Expect(collateralTable.Locator($"tbody tr[data-department='{companion}'] td").First).ToHaveTextAsync("0");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(collateral.GetByRole(AriaRole.Heading, new() { Name = "Collateral ratings" })).ToBeVisibleAsync();
        await Expect(companionSecond).ToHaveTextAsync("Hidden to protect another hidden group");
        await Expect(table.Locator("thead")).ToContainTextAsync("Severity-adjusted effect size (Welch)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "compare-collateral.png"), FullPage = true });

        // The comparison's CSV carries both, in the chosen heading language.
        await page.GetByTestId("csv-language").SelectOptionAsync("nb");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-compare-csv").ClickAsync());
        var lines = Encoding.UTF8.GetString((await File.ReadAllBytesAsync((await download.PathAsync())!))[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';').ToList();
        foreach (var heading in new[] { "Alvorlighetsjustert effektstørrelse", "Forskjell i alvorlighetsjustert effektstørrelse",
                     "Forløp med kollaterale vurderinger", "Grunn til at kollateral er skjult" })
            Assert.Contains(heading, header);
        string[] Line(string department, string span) => lines.Skip(1).Select(l => l.Split(';'))
            .Single(f => f[header.IndexOf("Avdeling")] == department && f[header.IndexOf("Periode")] == span);
        var shownLine = Line(shown, "2005M07/2005M12");
        Assert.NotEqual("", shownLine[header.IndexOf("Forskjell i alvorlighetsjustert effektstørrelse")]);
        Assert.NotEqual("", shownLine[header.IndexOf("Alvorlighetsjustert effektstørrelse")]);
        var companionLine = Line(companion, "2005M07/2005M12");
        Assert.Equal("protectsAnotherCell", companionLine[header.IndexOf("Grunn til at kollateral er skjult")]);
        Assert.Equal("", companionLine[header.IndexOf("Forløp med kollaterale vurderinger")]);
        browser.AssertNoErrors();
    }
}
