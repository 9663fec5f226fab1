using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// The organisation's licensed item wording: an admin enters it on the tablet, and the client then sees it in the
/// hand-off and on the phone link's page; items and languages without it keep their neutral dimension labels.
/// </summary>
[Collection(BrowserCollection.Name)]
public class WordingTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task AnAdminSetsTheWordingAndTheClientSeesItInTheHandOffAndThroughAPhoneLink()
    {
        await using var admin = await OpenAsync(new() { Width = 820, Height = 1180 });
        await admin.SignInAsync("admin");
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Ordlyd" }).ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Heading, new() { Name = "Ordlyd på skjemaene" })).ToBeVisibleAsync();
        await admin.Page.GetByLabel("Skjema", new() { Exact = true }).SelectOptionAsync("ORS");
        await admin.Page.GetByLabel("Språket ordlyden er på").SelectOptionAsync("nb");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Vis" }).ClickAsync();
        var item = admin.Page.GetByTestId("wording-individually");
        await Expect(item.Locator("legend")).ToContainTextAsync("Nøytralt navn: Meg selv");
        await item.GetByLabel("Tekst for leddet").FillAsync("Test-Livet mitt");
        await item.GetByLabel("Tekst ved venstre ende (lav)").FillAsync("Test-Svært dårlig");
        await item.GetByLabel("Tekst ved høyre ende (høy)").FillAsync("Test-Svært bra");
        var save = admin.Page.GetByRole(AriaRole.Button, new() { Name = "Lagre ordlyden" });
        Assert.True((await save.BoundingBoxAsync())!.X + (await save.BoundingBoxAsync())!.Width <= 820); // reachable at 820 px
        await save.ClickAsync();
        await Expect(admin.Page.GetByTestId("wording-status")).ToContainTextAsync("Lagret");
        await Expect(admin.Page.GetByTestId("wording-changed")).ToContainTextAsync("Sist endret");
        admin.AssertNoErrors();

        // The hand-off on the clinician's tablet.
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var tablet = await OpenAsync(new() { Width = 820, Height = 1180 });
        await tablet.SignInAsync("clinician", department);
        await tablet.Page.GotoAsync($"/#/episodes/{episode}");
        await tablet.Page.GetByTestId("give-to-client").ClickAsync();
        await tablet.Page.GetByLabel("Kode for å låse opp (4–8 sifre)").FillAsync("2468");
        await tablet.Page.GetByRole(AriaRole.Button, new() { Name = "Gi til klienten", Exact = true }).ClickAsync();
        var handoff = tablet.Page.GetByTestId("client-form");
        await AssertWordingAsync(handoff);
        await handoff.Page.GetByTestId("handoff").GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(handoff.Locator("label").First).ToHaveTextAsync("Myself", Shown); // no English wording: the neutral label
        await Expect(handoff.GetByTestId("vas-anchors")).ToBeHiddenAsync(); // and no anchors
        tablet.AssertNoErrors();

        // The client's phone: a second context, never signed in.
        var link = await Clinic.Json(await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" }));
        await using var phone = await OpenAsync(new() { Width = 390, Height = 844 });
        await phone.Page.GotoAsync((string)link["url"]!);
        await AssertWordingAsync(phone.Page.GetByTestId("client-form"));
        Assert.Empty(await phone.Context.CookiesAsync());
        phone.AssertNoErrors();

        // The clinician's own record form names the item the same way, with the note that the wording is the organisation's.
        await using var desk = await ui.OpenAsync();
        await desk.SignInAsync("clinician", department);
        await desk.Page.GotoAsync($"/#/episodes/{episode}/record");
        var outcome = desk.Page.GetByTestId("scale-outcome");
        await Expect(outcome.Locator("label").First).ToHaveTextAsync("Test-Livet mitt", Shown);
        await Expect(outcome).ToContainTextAsync("Organisasjonens lisensierte ordlyd.");
        await Expect(desk.Page.GetByTestId("scale-alliance")).ToContainTextAsync("Nøytrale navn på dimensjonene");
    }

    /// <summary>The first ORS item in the organisation's bokmål wording with its anchors; the others neutral.</summary>
    static async Task AssertWordingAsync(ILocator form)
    {
        var labels = form.Locator("label");
        await Expect(labels).ToHaveTextAsync(["Test-Livet mitt", "Nære relasjoner", "Hverdag og samfunn", "Alt i alt"], Shown);
        await Expect(form.GetByTestId("vas-anchors")).ToHaveCountAsync(1);
        await Expect(form.GetByTestId("vas-anchors")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Test-Svært dårlig\s*Test-Svært bra$"), Shown);
        var line = form.Locator("input[type=range][data-item=individually]");
        await Expect(line).ToHaveAccessibleNameAsync("Test-Livet mitt");
        await Expect(line).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("^Test-Svært dårlig"));
    }

    // The text a reader sees: a wording is kept in both languages, and the page shows the current one.
    static readonly LocatorAssertionsToHaveTextOptions Shown = new() { UseInnerText = true };

    async Task<UiPage> OpenAsync(ViewportSize viewport)
    {
        var context = await ui.Browser.NewContextAsync(new()
        {
            BaseURL = ui.Service.BaseAddress.ToString(), Locale = "nb-NO", TimezoneId = "Europe/Oslo", ViewportSize = viewport, HasTouch = true,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var browser = new UiPage(context, page);
        page.Console += (_, message) => { if (message.Type == "error") browser.Errors.Add(message.Text); };
        page.PageError += (_, error) => browser.Errors.Add(error);
        return browser;
    }
}
