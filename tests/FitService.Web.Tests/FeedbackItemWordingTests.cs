using System.Net;
using System.Net.Http.Json;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// The feedback graph's item view names each item by the organisation's wording where it set one (bokmål here; the
/// English page falls back to the neutral label, as the forms do). Own service and database: wording is service-wide.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FeedbackItemWordingTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task TheItemTableUsesTheOrganisationsWordingWhereItExists()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/instruments/SRS/wording")
        {
            Content = JsonContent.Create(new { language = "nb", items = new { relationship = new { label = "Test-Båndet oss imellom" } } }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var put = await ui.Service.As("admin").SendAsync(request);
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(8.0m, 9.5m, 9.5m, 9.5m));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");
        await page.GetByTestId("item-view").Locator("summary").ClickAsync();

        var table = page.GetByTestId("item-table");
        await Expect(table.Locator("tr[data-scale=alliance][data-item=relationship] th")).ToHaveTextAsync("SRS Test-Båndet oss imellom", Shown);
        await Expect(table.Locator("tr[data-scale=alliance][data-item=goalsAndTopics] th")).ToHaveTextAsync("SRS Mål og tema", Shown);
        await Expect(table.Locator("tr[data-scale=outcome][data-item=individually] th")).ToHaveTextAsync("ORS Meg selv", Shown);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(table.Locator("tr[data-scale=alliance][data-item=relationship] th")).ToHaveTextAsync("SRS The relationship", Shown);
        browser.AssertNoErrors();
    }

    static readonly LocatorAssertionsToHaveTextOptions Shown = new() { UseInnerText = true };
}
