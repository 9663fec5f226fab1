using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FitService.Api.Account;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>Sign-in through the development provider's own login page, the session cookie, sign-out, drafts.</summary>
[Collection(BrowserCollection.Name)]
public class SignInTests(WebUi ui) : IClassFixture<WebUi>
{
    async Task DemoDepartmentsAsync()
    {
        foreach (var code in new[] { "DEMO-A", "DEMO-B" })
        {
            var response = await ui.Clinic.Admin.PostAsJsonAsync("/api/v1/departments", new { code, name = $"Demo {code}" });
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
        }
    }

    HttpClient WithCookie(string cookie)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = ui.Service.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Theory]
    [InlineData("Kliniker A (demo)", "clinician", "Behandler · DEMO-A", "Oversikt|Ny klient og forløp")]
    [InlineData("Kliniker B (demo)", "clinician", "Behandler · DEMO-B", "Oversikt|Ny klient og forløp")]
    [InlineData("Veileder A (demo)", "supervisor", "Veileder · DEMO-A", "Oversikt|Ny klient og forløp|Varsler")]
    [InlineData("Evaluator (demo)", "evaluator", "Evaluator", "Rapporter|Sammenlign perioder")]
    [InlineData("Administrator (demo)", "admin", "Administrator", "Rapporter|Sammenlign perioder|Ordlyd")]
    public async Task EachDemoUserSignsInOnTheProvidersPageSeesOnlyTheirRolesPagesAndSignsOut(
        string user, string role, string who, string links)
    {
        await DemoDepartmentsAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsDemoUserAsync(user);
        await Expect(page.GetByTestId("who")).ToHaveTextAsync(who);
        await Expect(page.Locator("#nav a")).ToHaveTextAsync(links.Split('|'));
        Assert.Equal($"{role} cookie", await page.EvaluateAsync<string>("fetch('/account/me').then(r => r.json()).then(me => `${me.role} ${me.how}`)"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Logg ut" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, logg ut / Yes, sign out" }).ClickAsync(); // the provider's page
        await Expect(page).ToHaveURLAsync(new Regex("#/signin\\?signedout=1$"));
        await Expect(page.Locator("main")).ToContainTextAsync("Du er logget ut.");
        await Expect(page.GetByTestId("who")).ToHaveCountAsync(0);
        Assert.Equal(204, await page.EvaluateAsync<int>("fetch('/account/me').then(r => r.status)")); // no session
        // The provider's session ended too: signing in again asks who you are.
        await browser.StartSignInAsync();
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task TheBrowsersCookieWorksForMeButNotTamperedOrExpired()
    {
        var department = await ui.Clinic.DepartmentAsync();
        await using var browser = await ui.OpenAsync();
        await browser.SignInAsync("clinician", department);
        var cookie = $"{WebSignIn.CookieName}={await browser.SessionCookieAsync()}";

        var me = await Clinic.Json(await WithCookie(cookie).GetAsync("/api/v1/me"));
        Assert.Equal("cookie", (string)me["how"]!);
        Assert.Equal([department], me["departments"]!.AsArray().Select(d => (string)d!));

        var at = cookie.Length / 2;
        var tampered = cookie[..at] + (cookie[at] == 'x' ? 'y' : 'x') + cookie[(at + 1)..];
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(tampered).GetAsync("/api/v1/me")).StatusCode);
        var expired = await SessionCookies.MintAsync(ui.Service, "clinician", [department], expires: DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(expired).GetAsync("/api/v1/me")).StatusCode);

        // The browser with a tampered cookie is signed out: the UI asks to sign in.
        await browser.Context.AddCookiesAsync([new() { Name = WebSignIn.CookieName, Value = tampered[(WebSignIn.CookieName.Length + 1)..], Url = ui.Service.BaseAddress.ToString() }]);
        await browser.Page.ReloadAsync();
        await Expect(browser.Page).ToHaveURLAsync(new Regex("#/signin"));
    }

    [Fact]
    public async Task ACrossSitePostWithTheCookieButNoAntiforgeryTokenIsRefusedWith400()
    {
        var department = await ui.Clinic.DepartmentAsync();
        await using var browser = await ui.OpenAsync();
        await browser.SignInAsync("clinician", department);
        var client = WithCookie($"{WebSignIn.CookieName}={await browser.SessionCookieAsync()}");
        client.DefaultRequestHeaders.Add("Origin", "https://elsewhere.example");
        var pseudonym = Clinic.Pseudonym();
        var response = await client.PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear = 1990, departmentCode = department });
        await Clinic.AssertProblemAsync(response, HttpStatusCode.BadRequest, "X-CSRF-Token");

        // The UI's own call carries the token and is accepted.
        var status = await browser.Page.EvaluateAsync<int>(@"async ([pseudonym, department]) => {
            const { api } = await import('/js/api.js');
            const created = await api('/clients', { method: 'POST', body: { pseudonym, birthYear: 1990, departmentCode: department } });
            return created.id ? 201 : 0;
        }", new[] { pseudonym, department });
        Assert.Equal(201, status);
    }

    [Fact]
    public async Task ADraftSurvivesASessionThatEndedAndIsSavedAfterSigningInAgain()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}/record");
        await page.GetByLabel("Dato for timen").FillAsync("2025-01-06");
        await browser.FillScaleAsync("outcome", ("individually", "4,0"), ("interpersonally", "5,5"), ("socially", "4,5"), ("overall", "4,0"));
        await page.GetByLabel("Kommer via lenke").CheckAsync(); // why the SRS is missing: kept in the draft too

        // The session ends while the form is open (idle timeout, or the server's keys changed).
        await browser.Context.ClearCookiesAsync(new() { Name = WebSignIn.CookieName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/signin\\?expired=1"));
        await Expect(page.Locator("main")).ToContainTextAsync("Økten er utløpt");
        Assert.DoesNotContain("4,0", await page.EvaluateAsync<string>("JSON.stringify(localStorage)"));

        // The provider still knows the user: signing in comes straight back to the form, filled in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/episodes/{episode}/record$"));
        await Expect(page.GetByTestId("draft-restored")).ToBeVisibleAsync();
        await Expect(browser.Item("outcome", "interpersonally")).ToHaveValueAsync("5,5");
        await Expect(browser.Item("outcome", "interpersonally", "range")).ToHaveValueAsync("5.5");
        await Expect(page.GetByLabel("Dato for timen")).ToHaveValueAsync("2025-01-06");
        await Expect(page.GetByLabel("Kommer via lenke")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByTestId("result-outcome-total")).ToContainTextAsync("18,0");
        Assert.Equal(1, (int)(await Clinic.Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessionCount"]!);
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('fitservice.draft')"));
    }
}
