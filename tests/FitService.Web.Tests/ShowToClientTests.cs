using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// "Show to client" on a tablet (820 × 1180): the feedback graph full screen with the plain sentence for the client,
/// and nothing that is the clinician's: no prompt, no pseudonym, no department, no alerts or menu; back to the
/// clinician's view with the graph where it was.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ShowToClientTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task TheClientSeesTheGraphAndTheirSentenceWithoutThePromptOrAnyIdentifierAndTheClinicianGetsTheirViewBack()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(21m), Srs(8.0m, 8.5m, 9.0m, 9.0m)); // not yet; alliance low
        var pseudonym = (string)(await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["pseudonym"]!;
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(820, 1180);
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");
        await Expect(page.Locator("main h1")).ToHaveTextAsync(pseudonym);

        await page.GetByTestId("show-to-client").ClickAsync();

        var view = page.GetByTestId("client-view");
        await Expect(view).ToBeVisibleAsync();
        await Expect(view.Locator("h1")).ToHaveTextAsync("Slik går det");
        await Expect(view.Locator("h1")).ToBeFocusedAsync();
        var sentence = view.GetByTestId("client-view-sentence");
        await Expect(sentence).ToContainTextAsync("Det har ikke blitt bedre ennå. La oss snakke om hva som kan hjelpe mer.");
        await Expect(sentence).ToContainTextAsync("Du ga timen en lavere vurdering.");
        await Expect(view.GetByTestId("outcome-chart")).ToBeVisibleAsync();
        await Expect(view.GetByTestId("alliance-chart")).ToBeVisibleAsync();
        // Only one graph in the page (moved, not copied), and nothing of the clinician's is visible.
        await Expect(page.GetByTestId("trajectory-chart")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("clinician-prompt")).ToBeHiddenAsync();
        await Expect(page.Locator("main h1")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("send-link")).ToBeHiddenAsync();
        var visible = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(pseudonym, visible);
        Assert.DoesNotContain(department, visible);
        Assert.DoesNotContain("Til deg som behandler", visible);
        Assert.DoesNotContain("Status:", visible);
        Assert.DoesNotContain("Ikke bedre ennå", visible); // the clinician's status chip
        // The clinician's page is out of reach of the keyboard too.
        Assert.True(await page.Locator("body > :not(.show-client)").EvaluateAllAsync<bool>("els => els.every(e => e.inert)"));

        await view.GetByTestId("client-view-back").ClickAsync();

        await Expect(view).ToHaveCountAsync(0);
        await Expect(page.Locator("main h1")).ToHaveTextAsync(pseudonym);
        await Expect(page.GetByTestId("feedback").GetByTestId("trajectory-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("clinician-prompt")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("show-to-client")).ToBeFocusedAsync();
        Assert.False(await page.Locator("body > *").EvaluateAllAsync<bool>("els => els.some(e => e.inert)"));

        // Escape goes back too, in English as well.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.GetByTestId("show-to-client").ClickAsync();
        await Expect(view.Locator("h1")).ToHaveTextAsync("How things are going");
        await Expect(view.GetByTestId("client-view-sentence")).ToContainTextAsync("Things have not got better yet.");
        await page.Keyboard.PressAsync("Escape");
        await Expect(view).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("clinician-prompt")).ToContainTextAsync("What is not helping yet?");
        browser.AssertNoErrors();
    }
}
