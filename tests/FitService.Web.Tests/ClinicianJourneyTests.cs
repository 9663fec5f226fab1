using System.Text.RegularExpressions;
using FitService.Api.Tests.Infrastructure;
using FitService.Api.Account;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

[Collection(BrowserCollection.Name)]
public class ClinicianJourneyTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task AClinicianCreatesAnEpisodeRecordsTwoSessionsAndSeesChangeAlertsAndTrajectory()
    {
        var department = await ui.Clinic.DepartmentAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await Expect(page.GetByTestId("who")).ToContainTextAsync($"Behandler · {department}");

        // New client and episode.
        var pseudonym = Clinic.Pseudonym();
        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Ny klient og forløp" }).ClickAsync();
        await page.GetByLabel("Pseudonym").FillAsync(pseudonym);
        await page.GetByLabel("Fødselsår").FillAsync("1990");
        await page.GetByLabel("Startdato for forløpet").FillAsync("2025-01-06");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett" }).ClickAsync();
        var episode = await browser.EpisodeIdFromUrlAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = pseudonym })).ToBeVisibleAsync();

        // Intake: typing a number moves its slider.
        await page.GetByRole(AriaRole.Link, new() { Name = "Registrer time" }).ClickAsync();
        await page.GetByLabel("Dato for timen").FillAsync("2025-01-06");
        await browser.FillScaleAsync("outcome", ("individually", "4,0"), ("interpersonally", "5"), ("socially", "4.5"), ("overall", "4"));
        await browser.FillScaleAsync("alliance", ("relationship", "9.5"), ("goalsAndTopics", "9.0"), ("approachOrMethod", "9.2"), ("overall", "9.4"));
        await Expect(browser.Item("outcome", "socially", "range")).ToHaveValueAsync("4.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        var result = page.GetByTestId("session-result");
        await Expect(result.GetByTestId("result-outcome-total")).ToContainTextAsync("17,5");
        await Expect(result.GetByTestId("result-reliable")).ToContainTextAsync("Inntakstime");

        // Second session: sliders by keyboard, the rest typed; submitted twice at once (a double click).
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer neste time" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Registrer time 2 for {pseudonym}" })).ToBeVisibleAsync();
        await page.GetByLabel("Dato for timen").FillAsync("2025-01-13");
        var slider = browser.Item("outcome", "individually", "range");
        await slider.FocusAsync();
        // The first arrow key places the mark at the middle (5.0), the next ten move it to 6.0.
        for (var i = 0; i < 11; i++) await slider.PressAsync("ArrowRight");
        await Expect(browser.Item("outcome", "individually")).ToHaveValueAsync("6,0");
        await browser.FillScaleAsync("outcome", ("interpersonally", "6.5"), ("socially", "6"), ("overall", "6"));
        await browser.Item("alliance", "relationship", "range").PressAsync("End"); // 10.0
        await Expect(browser.Item("alliance", "relationship")).ToHaveValueAsync("10,0");
        await browser.FillScaleAsync("alliance", ("goalsAndTopics", "8,4"), ("approachOrMethod", "9.3"), ("overall", "9.5"));
        await Expect(page.GetByTestId("scale-outcome").Locator("output.total")).ToHaveTextAsync("24,5");

        var posts = 0;
        page.Request += (_, request) => { if (request.Method == "POST" && request.Url.EndsWith("/sessions")) posts++; };
        await page.GetByTestId("session-form").EvaluateAsync("form => { form.requestSubmit(); form.requestSubmit(); }");
        await Expect(result.GetByTestId("result-outcome-total")).ToContainTextAsync("24,5");
        await Expect(result.GetByTestId("result-change")).ToContainTextAsync("+7,0");
        await Expect(result.GetByTestId("result-reliable").Locator("[data-value]")).ToHaveAttributeAsync("data-value", "improved");
        await Expect(result.GetByTestId("result-reliable")).ToContainTextAsync("Pålitelig bedring");
        await Expect(result.GetByTestId("result-category").Locator("[data-value]")).ToHaveAttributeAsync("data-value", "improved");
        await Expect(result.GetByTestId("result-range")).ToContainTextAsync("Klinisk område");
        var alert = result.Locator("li[data-kind=allianceLowItem]");
        // The server's own wording: a decimal comma and the form's item name in bokmål, a point in English.
        await Expect(alert).ToContainTextAsync("Leddet «Mål og tema» i allianseskjemaet er 8,4, under 9.");
        await Expect(alert).ToContainTextAsync("Alliance item 'Goals and topics' is 8.4, below 9.");

        // Both submissions went out with one key: the server wrote one session.
        Assert.Equal(2, posts);
        var stored = await Clinic.Json(await ui.Service.As("clinician", department).GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal(2, (int)stored["sessionCount"]!);

        // The episode view: the chart has both sessions of both series, the cutoffs and the reliable-change band.
        await page.GetByRole(AriaRole.Link, new() { Name = "Se forløpet" }).ClickAsync();
        var chart = page.GetByTestId("trajectory-chart");
        await Expect(chart.Locator("circle.point-outcome")).ToHaveCountAsync(2);
        Assert.Equal(["17.5", "24.5"], await chart.Locator("circle.point-outcome").EvaluateAllAsync<string[]>("ps => ps.map(p => p.dataset.value)"));
        await Expect(chart.Locator("rect.point-alliance")).ToHaveCountAsync(2);
        await Expect(chart.Locator("line.cutoff-outcome")).ToHaveAttributeAsync("data-value", "25");
        await Expect(chart.Locator("line.cutoff-alliance")).ToHaveAttributeAsync("data-value", "36");
        await Expect(chart.GetByTestId("rc-band")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("sessions-table").Locator("tbody tr[data-session]")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("episode-alerts").Locator("li[data-kind=allianceLowItem]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "episode-view.png"), FullPage = true });

        browser.AssertNoErrors();
    }

    [Fact]
    public async Task ACorrectionKeepsTheHistoryAndClosingEndsTheEpisode()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await Clinic.SessionAsync(http, episode, "2025-01-06", Clinic.Ors(4.0m, 5.0m, 4.5m, 4.0m));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");

        await page.GetByTestId("sessions-table").GetByRole(AriaRole.Link, new() { Name = "Korriger" }).ClickAsync();
        await Expect(browser.Item("outcome", "overall")).ToHaveValueAsync("4,0"); // prefilled with the current values
        await browser.Item("outcome", "overall").FillAsync("5,0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre korreksjon" }).ClickAsync();
        await Expect(page.GetByTestId("result-outcome-total")).ToContainTextAsync("18,5");

        await page.GetByRole(AriaRole.Link, new() { Name = "Se forløpet" }).ClickAsync();
        await page.GetByTestId("sessions-table").GetByRole(AriaRole.Button, new() { Name = "Historikk" }).ClickAsync();
        var revisions = page.Locator("ol.revisions li");
        await Expect(revisions).ToHaveCountAsync(2);
        await Expect(revisions.Nth(0)).ToContainTextAsync("17,5");
        await Expect(revisions.Nth(1)).ToContainTextAsync("18,5");

        await page.GetByText("Avslutt forløp").First.ClickAsync(); // opens the close form
        await page.GetByLabel("Sluttdato").FillAsync("2025-02-01");
        await page.GetByLabel("Årsak").SelectOptionAsync("planned");
        await page.GetByTestId("close-form").GetByRole(AriaRole.Button, new() { Name = "Avslutt forløp" }).ClickAsync();
        // "Planlagt avslutning" is also an option of the close form, so check the form is gone and the page says closed.
        await Expect(page.GetByTestId("close-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).ToContainTextAsync("Avsluttet");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Registrer time" })).ToHaveCountAsync(0);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task FieldErrorsFromTheServerAreShownNextToTheirFields()
    {
        var (_, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);

        await page.GotoAsync("/#/new");
        await page.GetByLabel("Pseudonym").FillAsync(Clinic.Pseudonym());
        await page.GetByLabel("Fødselsår").FillAsync("1850");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett" }).ClickAsync();
        var birthYear = page.Locator("[data-field=birthYear]");
        await Expect(birthYear.Locator(".error")).ToContainTextAsync("Fødselsår må være mellom 1900");
        await Expect(page.GetByLabel("Fødselsår")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-field=pseudonym] .error")).ToBeHiddenAsync();

        await page.GotoAsync($"/#/episodes/{episode}/record");
        await page.GetByLabel("Dato for timen").FillAsync("2025-01-06");
        await browser.FillScaleAsync("outcome", ("individually", "11"), ("interpersonally", "5"), ("socially", "5"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.Locator("[data-field='outcome.items.individually'] .error")).ToContainTextAsync("utenfor skalaen");
        await Expect(page.Locator("[data-field='outcome.items.overall'] .error")).ToContainTextAsync("Leddet mangler");
        await Expect(page.GetByTestId("session-form").Locator(".form-errors")).ToBeVisibleAsync();
        Assert.Equal(0, (int)(await Clinic.Json(await ui.Service.As("clinician", department).GetAsync($"/api/v1/episodes/{episode}")))["sessionCount"]!);
    }

    [Fact]
    public async Task TheBrowserHoldsOnlyAnHttpOnlyCookieAndTheLanguageCanBeSwitched()
    {
        var department = await ui.Clinic.DepartmentAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("supervisor", department);
        await Expect(page.GetByTestId("who")).ToContainTextAsync($"Veileder · {department}");
        var session = (await browser.Context.CookiesAsync()).Single(c => c.Name == WebSignIn.CookieName);
        Assert.True(session.HttpOnly, "the session cookie must be HttpOnly");
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.DoesNotContain(WebSignIn.CookieName, await page.EvaluateAsync<string>("document.cookie"));
        Assert.Equal("{}", await page.EvaluateAsync<string>("JSON.stringify(localStorage)"));
        Assert.Equal("{}", await page.EvaluateAsync<string>("JSON.stringify(sessionStorage)"));

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync($"Supervisor · {department}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Episodes in {department}" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Norsk" }).ClickAsync();
        browser.AssertNoErrors();
    }
}
