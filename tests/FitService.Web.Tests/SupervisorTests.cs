using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

[Collection(BrowserCollection.Name)]
public class SupervisorTests(WebUi ui) : IClassFixture<WebUi>
{
    /// <summary>A clinician's episode with an intake and a second session whose SRS item "goalsAndTopics" is below 9.</summary>
    async Task<(string Department, Guid Episode, string Pseudonym)> FlaggedEpisodeAsync()
    {
        var department = await ui.Clinic.DepartmentAsync();
        var clinician = ui.Service.As("clinician", department);
        var pseudonym = Pseudonym();
        var created = await clinician.PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear = 1985, departmentCode = department });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var episode = await ui.Clinic.EpisodeAsync(clinician, (Guid)(await Json(created))["id"]!, department);
        await SessionAsync(clinician, episode, "2025-01-06", Ors(4.0m, 5.0m, 4.5m, 4.0m), Srs(9.5m, 9.0m, 9.2m, 9.4m));
        await SessionAsync(clinician, episode, "2025-01-13", Ors(6.0m, 6.5m, 6.0m, 6.0m), Srs(9.6m, 8.4m, 9.3m, 9.5m));
        return (department, episode, pseudonym);
    }

    [Fact]
    public async Task TheOverviewListsTheDepartmentsOpenEpisodesWithTheirSummary()
    {
        var (department, episode, pseudonym) = await FlaggedEpisodeAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("supervisor", department);

        // Signing in lands on the first department's overview: the caseload, by risk.
        var row = page.GetByTestId("episode-list").Locator("tbody tr").Filter(new() { HasText = pseudonym });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(1)).ToContainTextAsync("2025-01-13"); // last session
        await Expect(row.Locator("td").Nth(1)).ToContainTextAsync("Forfalt");    // long ago: overdue
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("2");      // sessions
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("17,5");   // intake
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("24,5");   // last
        await Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("Bedret"); // category
        await Expect(row.Locator("td").Nth(7)).ToHaveTextAsync("1");      // open alerts
        await Expect(page.Locator(".pager")).ToContainTextAsync("Viser 1–1 av 1");

        await row.GetByRole(AriaRole.Link, new() { Name = pseudonym }).ClickAsync();
        Assert.Equal(episode, await browser.EpisodeIdFromUrlAsync());
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task ASupervisorAcknowledgesAnAlertInTheQueue()
    {
        var (department, episode, pseudonym) = await FlaggedEpisodeAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("supervisor", department);

        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Varsler" }).ClickAsync();
        var item = page.GetByTestId("alert-queue").Locator("li.queue-item").Filter(new() { HasText = pseudonym });
        await Expect(item.Locator("li[data-kind=allianceLowItem]")).ToContainTextAsync("Leddet «Mål og tema» i allianseskjemaet er 8,4, under 9.");
        await item.GetByLabel("Notat").FillAsync("Tatt opp i veiledning");
        await item.GetByRole(AriaRole.Button, new() { Name = "Kvitter ut" }).ClickAsync();
        await Expect(item.GetByRole(AriaRole.Status)).ToHaveTextAsync("Kvittert ut. Tatt opp i veiledning");

        var supervisor = ui.Service.As("supervisor", department);
        var acknowledged = (await Json(await supervisor.GetAsync($"/api/v1/alerts?department={department}&status=acknowledged")))["rows"]!.AsArray();
        Assert.Contains(acknowledged, a => (Guid)a!["episodeId"]! == episode && (string?)a["kind"] == "allianceLowItem");
        Assert.Empty((await Json(await supervisor.GetAsync($"/api/v1/alerts?department={department}&status=open")))["rows"]!.AsArray());
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task AClinicianHasNoAlertQueue()
    {
        var department = await ui.Clinic.DepartmentAsync();
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await Expect(page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Varsler" })).ToHaveCountAsync(0);
        await page.GotoAsync("/#/alerts");
        await Expect(page.Locator("main")).ToContainTextAsync("Varselkøen er for veiledere.");
        browser.AssertNoErrors();
    }
}
