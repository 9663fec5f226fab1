using System.Net.Http.Json;
using FitService.Api.Tests.Reports;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>The user council's summary in a real browser: its stylesheet loads under the CSP, and printing hides the language link.</summary>
[Collection(BrowserCollection.Name)]
public class SummaryPageTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task AnEvaluatorOpensThePrintableSummaryWithItsStylesAndNoBrowserErrors()
    {
        var code = await ui.Clinic.DepartmentAsync();
        await new ReportData(ui.Clinic).EpisodesAsync(ui.Service.As("clinician", code), code, 6, "2013-02-04");
        await ui.Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{code}/goals", new
        {
            halfYear = "2013H1", metric = "reliablyImproved", target = 0.5m, direction = "atLeast", description = "Tilbakemelding i hver time.",
        });
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");

        await page.GotoAsync("/api/v1/reports/summary?from=2013-01&to=2013-06");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Resultater fra behandlingen", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Målet er nådd.")).ToBeVisibleAsync();                     // 6 of 6: Wilson low 0.61
        // The stylesheet applied (the CSP allows styles from the service only, and it is one): main is a narrow column.
        Assert.Equal("672px", await page.Locator("main").EvaluateAsync<string>("e => getComputedStyle(e).maxWidth"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "English" })).ToBeVisibleAsync();

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "English" })).ToBeHiddenAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Results of treatment", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("The goal was met.")).ToBeVisibleAsync();
        browser.AssertNoErrors();
    }
}
