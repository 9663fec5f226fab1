using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>The client marks the forms on their own screen: the clinician's tablet, locked, or their own phone.</summary>
[Collection(BrowserCollection.Name)]
public class ClientRatingTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task TheClientMarksTheOrsInATabletHandOffAndTheClinicianGetsBackOnlyWithThePin()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        var pseudonym = (string)(await Clinic.Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["pseudonym"]!;
        await using var tablet = await OpenAsync(new() { Width = 820, Height = 1180 }, hasTouch: true);
        var page = tablet.Page;
        await tablet.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");

        await page.GetByTestId("give-to-client").ClickAsync();
        await page.GetByLabel("Kode for å låse opp (4–8 sifre)").FillAsync("2468");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gi til klienten", Exact = true }).ClickAsync();

        var handoff = page.GetByTestId("handoff");
        await Expect(handoff).ToBeVisibleAsync();
        await Expect(page.Locator("header.topbar")).ToBeHiddenAsync();
        await Expect(page.Locator("main#main")).ToBeHiddenAsync();
        Assert.True(await page.Locator("main#main").EvaluateAsync<bool>("m => m.inert"));
        await Expect(handoff).Not.ToContainTextAsync(pseudonym);
        await Expect(handoff.Locator("input.vas-number:visible")).ToHaveCountAsync(0); // no value shown
        await Expect(handoff.Locator("output.total")).ToHaveCountAsync(0); // no total
        var lines = handoff.Locator("input[type=range]");
        await Expect(lines).ToHaveCountAsync(4);
        for (var i = 0; i < 4; i++) await Expect(lines.Nth(i)).ToHaveClassAsync(new Regex(@"\bunset\b")); // no thumb yet

        await handoff.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync(); // the client's language
        await Expect(handoff.Locator("legend")).ToContainTextAsync("How have you been doing?");
        await handoff.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync(); // nothing marked yet
        await Expect(handoff.Locator(".form-errors")).ToContainTextAsync("Put a mark on every line");

        double[] marks = [0.2, 0.4, 0.5, 0.7];
        for (var i = 0; i < 4; i++) await TapLineAtAsync(lines.Nth(i), marks[i]);
        await Expect(lines.Nth(2)).Not.ToHaveClassAsync(new Regex(@"\bunset\b"));
        await handoff.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(handoff.GetByRole(AriaRole.Heading, new() { Name = "Please hand the tablet back to your clinician" })).ToBeVisibleAsync();
        await Expect(handoff).Not.ToContainTextAsync(pseudonym);
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "handoff-return-820.png") });
        var pin = handoff.GetByLabel("The code you chose");
        await pin.FillAsync("1111");
        await handoff.GetByRole(AriaRole.Button, new() { Name = "Unlock" }).ClickAsync();
        await Expect(handoff.Locator(".error")).ToContainTextAsync("Wrong code");
        await Expect(page.Locator("header.topbar")).ToBeHiddenAsync();
        await pin.FillAsync("2468");
        await handoff.GetByRole(AriaRole.Button, new() { Name = "Unlock" }).ClickAsync();

        await Expect(handoff).ToHaveCountAsync(0);
        await Expect(page.Locator("header.topbar")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = pseudonym })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("episode-sessions")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("sessions-table").GetByTestId("rated-by-client")).ToHaveTextAsync("klienten"); // back in bokmål
        var session = (await Clinic.Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessions"]![0]!;
        Assert.Equal("client", (string)session["ratedBy"]!);
        var values = session["outcome"]!["items"]!.AsObject().Select(kv => (double)kv.Value!).ToArray();
        for (var i = 0; i < 4; i++) Assert.InRange(values[i], marks[i] * 10 - 0.6, marks[i] * 10 + 0.6);
        tablet.AssertNoErrors();
    }

    [Fact]
    public async Task TheClientMarksTheSrsThroughAPhoneLinkWithoutSignInAndTheClinicianSeesItAtOnce()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await Clinic.SessionAsync(http, episode, "2025-01-06", Clinic.Ors(4.0m, 5.0m, 4.5m, 4.0m));
        var pseudonym = (string)(await Clinic.Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["pseudonym"]!;
        await using var clinician = await ui.OpenAsync();
        var page = clinician.Page;
        await clinician.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");

        await page.GetByTestId("send-link").ClickAsync();
        var panel = page.GetByTestId("link-panel");
        await panel.GetByLabel("SRS for time 1").CheckAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Lag lenke og QR-kode" }).ClickAsync();
        await Expect(panel.GetByTestId("link-qr")).ToBeVisibleAsync();
        Assert.True(await panel.GetByTestId("link-qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
        await Expect(panel).ToContainTextAsync("Virker én gang, til kl.");
        var url = await panel.GetByTestId("link-url").InputValueAsync();
        Assert.Matches(@"/rate\.html#[A-Za-z0-9_-]{43}$", url);

        // The client's phone: another browser context, no sign-in, no cookie of the clinician's.
        await using var phone = await OpenAsync(new() { Width = 390, Height = 844 }, hasTouch: true);
        await phone.Page.GotoAsync(url);
        var form = phone.Page.GetByTestId("client-form");
        await Expect(form.Locator("legend")).ToContainTextAsync("Hvordan var timen i dag?");
        await Expect(phone.Page.Locator("body")).Not.ToContainTextAsync(pseudonym);
        await Expect(phone.Page.Locator("body")).Not.ToContainTextAsync(department);
        await Expect(form.Locator("input.vas-number:visible")).ToHaveCountAsync(0);
        await Expect(form.Locator("output.total")).ToHaveCountAsync(0);
        var lines = form.Locator("input[type=range]");
        await Expect(lines).ToHaveCountAsync(4);
        for (var i = 0; i < 4; i++) await TapLineAtAsync(lines.Nth(i), 0.9);
        await form.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = "Takk!" })).ToBeVisibleAsync();
        await phone.Page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "client-link-thanks-phone.png") });

        // The clinician's page shows the answer without a reload.
        var row = page.GetByTestId("sessions-table").Locator("tr[data-session='1']");
        await Expect(row.GetByTestId("rated-by-client")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(row.Locator("td").Nth(3)).ToContainTextAsync(new Regex(@"3[5-7],\d"));
        var session = (await Clinic.Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessions"]![0]!;
        Assert.Equal("client", (string)session["allianceRatedBy"]!);
        Assert.Equal("clinician", (string)session["ratedBy"]!);
        clinician.AssertNoErrors();
        phone.AssertNoErrors();
    }

    [Fact]
    public async Task AReloadDuringAHandOffStaysLockedUntilTheClinicianSignsInAgain()
    {
        var (_, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var tablet = await OpenAsync(new() { Width = 820, Height = 1180 }, hasTouch: true);
        var page = tablet.Page;
        await tablet.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");
        await page.GetByTestId("give-to-client").ClickAsync();
        await page.GetByLabel("Kode for å låse opp (4–8 sifre)").FillAsync("2468");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gi til klienten", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("client-form")).ToBeVisibleAsync();

        await page.ReloadAsync(); // the PIN lived in the page's memory: gone
        await Expect(page.GetByTestId("handoff")).ToContainTextAsync("Behandleren må logge inn på nytt");
        await Expect(page.Locator("header.topbar")).ToBeHiddenAsync();
        await Expect(page.Locator("main#main")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Logg inn på nytt" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, logg ut / Yes, sign out" }).ClickAsync(); // the provider's page
        await Expect(page).ToHaveURLAsync(new Regex("#/signin\\?signedout=1$"));
        Assert.Equal(204, await page.EvaluateAsync<int>("fetch('/account/me').then(r => r.status)")); // no session
        await Expect(page.GetByTestId("handoff")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('fitservice.handoff')"));
    }

    [Fact]
    public async Task AUsedLinkSaysSoInWords()
    {
        var (http, _, episode) = await ui.Clinic.AdultEpisodeAsync();
        var link = await Clinic.Json(await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" }));
        var used = await ui.Service.CreateClient().PostAsJsonAsync($"/api/v1/client-ratings/{link["code"]}",
            new { items = new { individually = 5, interpersonally = 5, socially = 5, overall = 5 } });
        Assert.Equal(HttpStatusCode.Created, used.StatusCode);

        await using var phone = await OpenAsync(new() { Width = 390, Height = 844 }, hasTouch: true);
        var gone = phone.Page.WaitForResponseAsync(r => r.Url.Contains("/api/v1/client-ratings/"));
        await phone.Page.GotoAsync((string)link["url"]!);
        Assert.Equal(410, (await gone).Status);
        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = "Lenken virker ikke lenger" })).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("Be behandleren din om en ny lenke");
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("Ask your clinician for a new link");
        // The 410 is the page's answer, not a script error; nothing else failed.
        Assert.All(phone.Errors, e => Assert.Contains("410", e));
        var headers = (await phone.Page.APIRequest.GetAsync("/rate.html")).Headers; // names in lower case
        Assert.Equal("noindex, nofollow", headers["x-robots-tag"]);
        Assert.Contains("script-src 'self';", headers["content-security-policy"]);
    }

    [Fact]
    public async Task ANewSessionWithoutTheSrsIsSavedOnlyWithAReasonAndTheTableShowsIt()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}/record");
        await page.GetByLabel("Dato for timen").FillAsync("2025-01-06");
        await browser.FillScaleAsync("outcome", ("individually", "4"), ("interpersonally", "5"), ("socially", "6"), ("overall", "7"));
        var posts = 0;
        page.Request += (_, request) => { if (request.Method == "POST" && request.Url.EndsWith("/sessions")) posts++; };

        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByTestId("alliance-missing").Locator(".error")).ToContainTextAsync("velg hvorfor den mangler");
        Assert.Equal(0, posts);
        await page.GetByLabel("Klienten ønsket ikke").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByTestId("result-outcome-total")).ToContainTextAsync("22,0");

        var session = (await Clinic.Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessions"]![0]!;
        Assert.Equal("clientDeclined", (string)session["allianceMissingReason"]!);
        Assert.Equal("clinician", (string)session["ratedBy"]!);
        await page.GotoAsync($"/#/episodes/{episode}");
        await Expect(page.GetByTestId("sessions-table").Locator("tr[data-session='1']")).ToContainTextAsync("Klienten ønsket ikke");
        browser.AssertNoErrors();
    }

    /// <summary>A context of its own (a tablet or a phone), recording errors as WebUi.OpenAsync does.</summary>
    async Task<UiPage> OpenAsync(ViewportSize viewport, bool hasTouch)
    {
        var context = await ui.Browser.NewContextAsync(new()
        {
            BaseURL = ui.Service.BaseAddress.ToString(), Locale = "nb-NO", TimezoneId = "Europe/Oslo",
            ViewportSize = viewport, HasTouch = hasTouch, IsMobile = false,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var browser = new UiPage(context, page);
        page.Console += (_, message) => { if (message.Type == "error") browser.Errors.Add(message.Text); };
        page.PageError += (_, error) => browser.Errors.Add(error);
        return browser;
    }

    /// <summary>A tap at a fraction of the line's width (0 = far left, 1 = far right).</summary>
    static async Task TapLineAtAsync(ILocator line, double fraction)
    {
        var box = (await line.BoundingBoxAsync())!;
        var x = Math.Clamp(fraction * box.Width, 0, box.Width - 1);
        await line.TapAsync(new() { Position = new() { X = (float)x, Y = (float)(box.Height / 2) } });
    }
}
