using System.Text.RegularExpressions;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>The episode page's "Skriv ut / PDF" link fetches the summary PDF with the signed-in session, in the page's language.</summary>
[Collection(BrowserCollection.Name)]
public class EpisodeSummaryPdfLinkTests(WebUi ui) : IClassFixture<WebUi>
{
    [Theory]
    [InlineData(false, "Skriv ut / PDF", "nb")]
    [InlineData(true, "Print / PDF", "en")]
    public async Task TheLinkOnTheEpisodePageReturnsThePdfInThePagesLanguage(bool english, string name, string lang)
    {
        var department = await ui.Clinic.DepartmentAsync();
        var clinician = ui.Service.As("clinician", department);
        var episode = await ui.Clinic.EpisodeAsync(clinician, await ui.Clinic.ClientAsync(clinician, department), department);
        await SessionAsync(clinician, episode, "2025-01-06", OrsTotal(15m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");
        if (english) await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        var link = page.GetByRole(AriaRole.Link, new() { Name = name });
        await Expect(link).ToBeVisibleAsync();
        // Checked before the click: Chromium's own PDF viewer then asks for a /favicon.ico that the service has not.
        browser.AssertNoErrors();
        var response = await page.RunAndWaitForResponseAsync(() => link.ClickAsync(),
            r => r.Url.Contains("/summary.pdf", StringComparison.Ordinal));

        Assert.Equal(200, response.Status);
        Assert.Matches(new Regex($"/api/v1/episodes/{episode}/summary\\.pdf\\?lang={lang}$"), response.Url);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        Assert.StartsWith("inline; filename=", response.Headers["content-disposition"]);
        // Chromium hands a PDF it opens inline to its own viewer, so the navigation's body is the viewer's page: read the
        // file again at the same address with the same session cookie.
        var file = await browser.Context.APIRequest.GetAsync(response.Url);
        Assert.Equal(200, file.Status);
        Assert.Equal("%PDF-"u8.ToArray(), (await file.BodyAsync())[..5]);
    }
}
