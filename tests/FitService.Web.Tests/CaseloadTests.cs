using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>The caseload on a tablet (820 px): by risk with overdue marks, "my clients", and a pseudonym search.</summary>
[Collection(BrowserCollection.Name)]
public class CaseloadTests(WebUi ui) : IClassFixture<WebUi>
{
    static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    static string DaysAgo(int days) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Oslo).DateTime).AddDays(-days).ToString("yyyy-MM-dd");

    async Task<(Guid Episode, string Pseudonym)> EpisodeAsync(HttpClient http, string department, int startedDaysAgo)
    {
        var pseudonym = Pseudonym();
        var created = await http.PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear = 1985, departmentCode = department });
        var episode = await ui.Clinic.EpisodeAsync(http, (Guid)(await Json(created))["id"]!, department, DaysAgo(startedDaysAgo));
        return (episode, pseudonym);
    }

    [Fact]
    public async Task TheCaseloadIsSortedByRiskWithOverdueMarksMineAndSearchAt820Pixels()
    {
        var department = await ui.Clinic.DepartmentAsync();
        // "Me" is the clinician the browser signs in as (the development provider's subject); the others are a colleague's.
        var me = ui.Service.WithToken(ui.Service.Token("clinician", $"demo-clinician-{department.ToLowerInvariant()}", [department]));
        var colleague = ui.Service.As("clinician", department);
        var rest = await EpisodeAsync(me, department, 5);
        await SessionAsync(me, rest.Episode, DaysAgo(3), OrsTotal(20m));
        var overdue = await EpisodeAsync(colleague, department, 40);
        await SessionAsync(colleague, overdue.Episode, DaysAgo(35), OrsTotal(20m));
        var orange = await EpisodeAsync(colleague, department, 10);
        await SessionAsync(colleague, orange.Episode, DaysAgo(10), OrsTotal(20m), Srs(9m, 9m, 9m, 8.9m));
        var red = await EpisodeAsync(me, department, 14);
        await SessionAsync(me, red.Episode, DaysAgo(14), OrsTotal(20m));
        await SessionAsync(me, red.Episode, DaysAgo(7), OrsTotal(14m));

        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(820, 1180);
        await browser.SignInAsync("clinician", department);

        var rows = page.GetByTestId("episode-list").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        Assert.Equal([red.Episode.ToString(), orange.Episode.ToString(), overdue.Episode.ToString(), rest.Episode.ToString()],
            await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.episode)"));
        await Expect(rows.Nth(0).Locator("td").Nth(0)).ToHaveTextAsync("Rød");
        await Expect(rows.Nth(1).Locator("td").Nth(0)).ToHaveTextAsync("Oransje");
        await Expect(rows.Nth(2).GetByTestId("overdue")).ToHaveTextAsync("Forfalt");
        await Expect(rows.Nth(2).Locator("td").Nth(1)).ToContainTextAsync(DaysAgo(35));
        await Expect(page.GetByTestId("overdue")).ToHaveCountAsync(1);
        await Expect(page.Locator("main")).ToContainTextAsync("Forfalt: ingen time på 4 uker eller mer.");
        // The table fits the tablet: nothing to scroll sideways, the last column in view.
        var wrap = page.Locator(".table-wrap");
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "caseload-820.png"), FullPage = true });
        Assert.True(await wrap.EvaluateAsync<bool>("w => w.scrollWidth <= w.clientWidth"), "the caseload scrolls sideways at 820 px");
        var lastCell = await rows.Nth(0).Locator("td").Last.BoundingBoxAsync();
        Assert.True(lastCell!.X + lastCell.Width <= 820, $"the open-alerts column ends at {lastCell.X + lastCell.Width}");

        await page.GetByLabel("Klienter").SelectOptionAsync("mine");
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Equal([red.Episode.ToString(), rest.Episode.ToString()], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.episode)"));

        await page.GetByLabel("Klienter").SelectOptionAsync("all");
        await Expect(rows).ToHaveCountAsync(4);
        await page.GetByLabel("Søk på pseudonym").FillAsync(orange.Pseudonym[^8..].ToUpperInvariant());
        await page.GetByLabel("Søk på pseudonym").PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(orange.Pseudonym);
        await page.GetByLabel("Søk på pseudonym").FillAsync("Test-Finnes-Ikke");
        await page.GetByRole(AriaRole.Button, new() { Name = "Søk", Exact = true }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Ingen forløp passer søket.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis alle" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);
        browser.AssertNoErrors();
    }
}
