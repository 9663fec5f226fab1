using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>A tablet in portrait (820 × 1180), one language on screen at a time, and another role's page in words.</summary>
[Collection(BrowserCollection.Name)]
public class TabletAndLanguageTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task AtTabletWidthTheCorrectAndHistoryLinksStayOnTheSessionsTable()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await Clinic.SessionAsync(http, episode, "2025-01-06", Clinic.Ors(4.0m, 5.0m, 4.5m, 4.0m), Clinic.Srs(9.5m, 8.4m, 9.2m, 9.4m));
        await Clinic.SessionAsync(http, episode, "2025-01-13", Clinic.Ors(6.0m, 6.5m, 6.0m, 6.0m), Clinic.Srs(10.0m, 9.0m, 9.3m, 9.5m));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(820, 1180);
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");

        var table = page.GetByTestId("sessions-table");
        var wrap = page.Locator(".table-wrap").Filter(new() { Has = table });
        await Expect(table.Locator("tbody tr[data-session]")).ToHaveCountAsync(2);
        Assert.True(await wrap.EvaluateAsync<bool>("el => el.scrollWidth <= el.clientWidth"), "the sessions table must fit without sideways scrolling");
        var wrapBox = (await wrap.BoundingBoxAsync())!;
        foreach (var action in new[] { table.GetByRole(AriaRole.Link, new() { Name = "Korriger" }).Last, table.GetByRole(AriaRole.Button, new() { Name = "Historikk" }).Last })
        {
            await Expect(action).ToBeVisibleAsync();
            var box = (await action.BoundingBoxAsync())!;
            Assert.True(box.X >= wrapBox.X && box.X + box.Width <= wrapBox.X + wrapBox.Width && box.X + box.Width <= 820,
                $"{await action.TextContentAsync()} falls outside the table ({box.X}+{box.Width} of {wrapBox.X}+{wrapBox.Width})");
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "episode-820.png"), FullPage = true });

        await table.GetByRole(AriaRole.Button, new() { Name = "Historikk" }).Last.ClickAsync();
        await Expect(page.Locator("ol.revisions li")).ToHaveCountAsync(1);
        await table.GetByRole(AriaRole.Link, new() { Name = "Korriger" }).Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sessions/2/correct$"));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task TheServersMessagesShowOnlyTheCurrentLanguage()
    {
        var (_, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}/record");
        await page.GetByLabel("Dato for timen").FillAsync("2025-01-06");
        await browser.FillScaleAsync("outcome", ("individually", "4"), ("interpersonally", "5"), ("socially", "6"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();

        var error = page.Locator("[data-field='outcome.items.overall'] .error");
        await Expect(error).ToHaveTextAsync("Leddet mangler: alle ledd må fylles ut.", new() { UseInnerText = true });
        var summary = page.GetByTestId("session-form").Locator(".form-errors");
        await Expect(summary).Not.ToContainTextAsync(" / ", new() { UseInnerText = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(error).ToHaveTextAsync("The item is missing: all items are required.", new() { UseInnerText = true });
        await Expect(summary).Not.ToContainTextAsync("Ugyldig", new() { UseInnerText = true });
        await Expect(page.Locator("main")).Not.ToContainTextAsync(" / ", new() { UseInnerText = true });
        // No AssertNoErrors: the browser logs the 400 answer itself.
    }

    [Fact]
    public async Task AnotherRolesPageSaysSoInWords()
    {
        var (_, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("evaluator");
        var main = page.Locator("main");

        await page.GotoAsync("/#/alerts");
        await Expect(main).ToContainTextAsync("Varselkøen er for veiledere.");
        await page.GotoAsync($"/#/episodes/{episode}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ikke tilgjengelig for rollen din" })).ToBeVisibleAsync();
        await Expect(main).ToContainTextAsync("Denne siden er for behandlere og veiledere. Du er logget inn som evaluator.");
        await page.GotoAsync("/#/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(main).ToContainTextAsync("This page is for clinicians and supervisors. You are signed in as evaluator.");
        await Expect(main).Not.ToContainTextAsync("Forbidden");

        await using var clinician = await ui.OpenAsync();
        await clinician.SignInAsync("clinician", department);
        await clinician.Page.GotoAsync("/#/reports");
        await Expect(clinician.Page.Locator("main")).ToContainTextAsync("Rapportene er for evaluatorer og administratorer.");
        browser.AssertNoErrors();
        clinician.AssertNoErrors();
    }
}
