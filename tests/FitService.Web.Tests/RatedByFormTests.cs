using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// The record form asks who rated what the clinician types in: the client on paper, the clinician, or a relation; the
/// choice is the session's ratedBy, the sessions table says "the client", and a correction starts at who rated it.
/// </summary>
[Collection(BrowserCollection.Name)]
public class RatedByFormTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task TheClinicianChoosesWhoRatedAndACorrectionStartsAtThatChoice()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(820, 1180);
        await browser.SignInAsync("clinician", department);

        // Session 1: marked by the client on paper, typed in by the clinician.
        await page.GotoAsync($"/#/episodes/{episode}/record");
        var rater = page.GetByTestId("rated-by");
        await Expect(rater.Locator("legend")).ToHaveTextAsync("Hvem har skåret skjemaet?");
        await Expect(rater.GetByLabel("Behandleren")).ToBeCheckedAsync(); // the API's default, as before
        await rater.GetByLabel("Klienten, på papir").CheckAsync();
        await page.GetByLabel("Dato for timen").FillAsync("2025-01-06");
        await browser.FillScaleAsync("outcome", ("individually", "4"), ("interpersonally", "5"), ("socially", "4.5"), ("overall", "4"));
        await browser.FillScaleAsync("alliance", ("relationship", "9.5"), ("goalsAndTopics", "9"), ("approachOrMethod", "9.2"), ("overall", "9.4"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByTestId("session-result")).ToBeVisibleAsync();

        // Session 2: left at the clinician; session 3: a relation rated it.
        foreach (var (date, choice) in new[] { ("2025-01-13", "Behandleren"), ("2025-01-20", "En pårørende eller annen (forelder, partner, lærer)") })
        {
            await page.GotoAsync($"/#/episodes/{episode}");
            await page.GotoAsync($"/#/episodes/{episode}/record");
            await page.GetByTestId("rated-by").GetByLabel(choice).CheckAsync();
            await page.GetByLabel("Dato for timen").FillAsync(date);
            await browser.FillScaleAsync("outcome", ("individually", "5"), ("interpersonally", "5"), ("socially", "5"), ("overall", "5"));
            await page.GetByTestId("alliance-missing").GetByLabel("Ikke gjort").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
            await Expect(page.GetByTestId("session-result")).ToBeVisibleAsync();
        }

        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal(["client", "clinician", "collateral"], read["sessions"]!.AsArray().Select(s => (string)s!["ratedBy"]!));
        Assert.Equal("client", (string?)read["sessions"]![0]!["allianceRatedBy"]);
        await page.GotoAsync($"/#/episodes/{episode}");
        await Expect(page.Locator("[data-testid=sessions-table] tr[data-session='1'] [data-testid=rated-by-client]")).ToHaveTextAsync("klienten");
        await Expect(page.Locator("[data-testid=sessions-table] tr[data-session='2'] [data-testid=rated-by-client]")).ToHaveCountAsync(0);

        // A correction of session 1 starts at the client; changed to the clinician, it says so (both scales).
        await page.GotoAsync($"/#/episodes/{episode}/sessions/1/correct");
        rater = page.GetByTestId("rated-by");
        await Expect(rater.GetByLabel("Klienten, på papir")).ToBeCheckedAsync();
        await rater.GetByLabel("Behandleren").CheckAsync();
        await browser.FillScaleAsync("outcome", ("overall", "4.5"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre korreksjon" }).ClickAsync();
        await Expect(page.GetByTestId("session-result")).ToBeVisibleAsync();
        var corrected = (await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessions"]![0]!;
        Assert.Equal("clinician", (string?)corrected["ratedBy"]);
        Assert.Equal("clinician", (string?)corrected["allianceRatedBy"]);
        Assert.Equal(2, (int)corrected["revision"]!);
        // The correction of session 3 starts at the relation.
        await page.GotoAsync($"/#/episodes/{episode}/sessions/3/correct");
        await Expect(page.GetByTestId("rated-by").GetByLabel("En pårørende eller annen (forelder, partner, lærer)")).ToBeCheckedAsync();
        browser.AssertNoErrors();
    }
}
