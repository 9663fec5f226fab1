using System.Text.RegularExpressions;
using FitService.Api.Tests.Reports;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// The outcomes report screen's collateral section in Chromium: the ratings by a parent, partner, teacher or other, apart
/// from the client figures, for the groups the client table shows; a group hidden in the client figures is hidden here
/// too and says why, in both languages; no serious or critical axe violation. Numbers are pinned by the API tests.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ReportCollateralScreenTests(WebUi ui) : IClassFixture<WebUi>
{
    ReportData Data => new(ui.Clinic);

    [Fact]
    public async Task TheReportShowsTheCollateralRatingsApartWithHiddenGroupsSayingWhy()
    {
        // shown: 12 episodes, 6 of them rated by a parent; small: 3 (below the minimum of 5), so the client figures hide
        // it and, to protect it, companion (6); the collateral section hides both with them.
        var (shown, small, companion) = (await ui.Clinic.DepartmentAsync(), await ui.Clinic.DepartmentAsync(), await ui.Clinic.DepartmentAsync());
        await Data.EpisodesAsync(ui.Service.As("clinician", shown), shown, 12, "2006-02-06", collateral: 6);
        await Data.EpisodesAsync(ui.Service.As("clinician", small), small, 3, "2006-03-06", collateral: 3);
        await Data.EpisodesAsync(ui.Service.As("clinician", companion), companion, 6, "2006-04-03", collateral: 6);
        // A department without collateral ratings.
        var unrated = await ui.Clinic.DepartmentAsync();
        await Data.EpisodesAsync(ui.Service.As("clinician", unrated), unrated, 8, "2006-02-13");

        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        await page.GotoAsync("/#/reports");
        await page.GetByLabel("Fra måned").FillAsync("2006-01");
        await page.GetByLabel("Til måned").FillAsync("2006-06");
        await page.GetByLabel("Periode", new() { Exact = true }).SelectOptionAsync("");
        await page.GetByTestId("department-filter").SelectOptionAsync([shown, small, companion, unrated]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis rapport" }).ClickAsync();
        await Expect(page.GetByTestId("report-table")).ToBeVisibleAsync();

        var section = page.GetByTestId("report-collateral");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Kollaterale vurderinger" })).ToBeVisibleAsync();
        var table = page.GetByTestId("report-collateral-table");
        await Expect(table.Locator("caption")).ToHaveTextAsync("Kollaterale vurderinger per gruppe i rapporten");
        await Expect(table.Locator("thead th[scope=col]")).ToHaveTextAsync(
            ["Avdeling", "Periode", "Forløp med vurderinger", "Første vurdering (snitt)", "Siste vurdering (snitt)"]);

        var shownCells = table.Locator($"tbody tr[data-department='{shown}'] td");
        await Expect(shownCells).ToHaveCountAsync(4);
        await Expect(shownCells.Nth(1)).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(shownCells.Nth(2)).ToHaveTextAsync(new Regex(@"^\d+(,\d)?$"));
        await Expect(shownCells.Nth(3)).ToHaveTextAsync(new Regex(@"^\d+(,\d)?$"));
        var smallHidden = table.Locator($"tbody tr[data-department='{small}'] td.suppressed-cell");
        await Expect(smallHidden).ToHaveAttributeAsync("colspan", "3");
        await Expect(smallHidden.Locator(".suppressed-text")).ToHaveAttributeAsync("data-hidden-because", "belowMinimum");
        await Expect(smallHidden).ToHaveTextAsync("Skjult: færre enn 5 forløp eller klienter");
        var companionHidden = table.Locator($"tbody tr[data-department='{companion}'] td.suppressed-cell");
        await Expect(companionHidden.Locator(".suppressed-text")).ToHaveAttributeAsync("data-hidden-because", "protectsAnotherCell");
        // A department without collateral ratings: the client table shows it, and so does the section, with 0 rated episodes.
        await Expect(page.GetByTestId("report-table").Locator($"tbody tr[data-department='{unrated}']")).ToHaveCountAsync(1);
        var unratedRow = table.Locator($"tbody tr[data-department='{unrated}']");
        await Expect(unratedRow).ToHaveCountAsync(1);
        await Expect(unratedRow.Locator("td.suppressed-cell")).ToHaveCountAsync(0);
        await Expect(unratedRow.Locator("td").Nth(1)).ToHaveTextAsync("0");

        var violations = new List<string>();
        await AccessibilityTests.ScanAsync(page, "report with collateral", violations, ready: "[data-testid=report-collateral-table]");
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Collateral ratings" })).ToBeVisibleAsync();
        await Expect(table.Locator("caption")).ToHaveTextAsync("Collateral ratings per group of the report");
        await Expect(companionHidden).ToHaveTextAsync("Hidden to protect another hidden group");
    }
}
