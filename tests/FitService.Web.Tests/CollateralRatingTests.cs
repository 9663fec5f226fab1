using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>A clinician adds a collateral rating on the episode page: relation from a list, the ORS lines, its own rows.</summary>
[Collection(BrowserCollection.Name)]
public class CollateralRatingTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task AClinicianAddsAParentsRatingWhichIsShownApartAndLeavesTheClientsFiguresAlone()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(21m));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");
        var section = page.GetByTestId("collateral");
        await Expect(section).ToContainTextAsync("Ingen kollaterale vurderinger ennå.");

        await section.GetByText("Legg til en kollateral vurdering").ClickAsync();
        await section.GetByLabel("Hører til time").SelectOptionAsync("1");
        await section.GetByLabel("Hvem har vurdert").SelectOptionAsync("parent");
        // One line left unmarked: the server names it, and nothing is stored.
        await browser.FillScaleAsync("collateral", ("individually", "3"), ("interpersonally", "4,5"), ("socially", "5"));
        await section.GetByRole(AriaRole.Button, new() { Name = "Lagre kollateral vurdering" }).ClickAsync();
        await Expect(section.Locator("[data-field='collateral.items.overall'] .error")).ToContainTextAsync("Leddet mangler");
        Assert.Empty((await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["collateral"]!.AsArray());
        // The refused request is the browser's only error so far (the console reports the 400).
        Assert.All(browser.Errors, e => Assert.Contains("status of 400", e));
        browser.Errors.Clear();

        await browser.FillScaleAsync("collateral", ("overall", "6"));
        await Expect(page.GetByTestId("scale-collateral").Locator("output.total")).ToHaveTextAsync("18,5");
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "collateral-form.png"), FullPage = true });
        await section.GetByRole(AriaRole.Button, new() { Name = "Lagre kollateral vurdering" }).ClickAsync();

        var row = page.GetByTestId("collateral-table").Locator("tr[data-session='1'][data-relation='parent']");
        await Expect(row).ToContainTextAsync("Forelder");
        await Expect(row).ToContainTextAsync("18,5");
        await Expect(row).ToContainTextAsync("2025-01-06");
        var stored = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        var rating = Assert.Single(stored["collateral"]!.AsArray())!;
        Assert.Equal("parent", (string?)rating["relation"]);
        Assert.Equal(18.5m, (decimal)rating["total"]!);
        Assert.Equal(1, (int)rating["sessionNumber"]!);
        // The client's own figures are the client's: two sessions, intake 15, last 21.
        Assert.Equal(2, (int)stored["sessionCount"]!);
        Assert.Equal(21m, (decimal)stored["lastTotal"]!);
        await Expect(page.GetByTestId("episode-sessions")).ToHaveTextAsync("2");

        // The same page in English.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(section).ToContainTextAsync("Collateral ratings");
        await Expect(row).ToContainTextAsync("Parent");
        browser.AssertNoErrors();
    }
}
