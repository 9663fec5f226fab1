using Dapper;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// A clinician corrects a relation's rating on the episode page: the lines come filled in as stored, a refused line is
/// named and nothing is written, and a saved correction is a new revision with the earlier one kept.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CollateralCorrectionTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task AClinicianCorrectsAParentsRatingAsANewRevision()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(21m));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { sessionNumber = 2, relation = "parent",
                items = new { individually = 3m, interpersonally = 3m, socially = 3m, overall = 3m } }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(System.Net.HttpStatusCode.Created, (await http.SendAsync(request)).StatusCode);
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(820, 1180);
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");

        var row = page.GetByTestId("collateral-table").Locator("tr[data-session='2'][data-relation='parent']");
        await Expect(row).ToContainTextAsync("12,0");
        var toggle = row.GetByTestId("collateral-correct");
        await Expect(toggle).ToHaveTextAsync("Rett");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        var form = page.GetByTestId("collateral-correction-form");
        var scale = form.GetByTestId("scale-collateral-2-parent");
        await Expect(scale.Locator("legend")).ToContainTextAsync("Rett ORS fra forelder ved time 2");
        await Expect(scale.Locator("input.vas-number[data-item=overall]")).ToHaveValueAsync("3,0");

        // A line emptied: the server names it, and nothing is written.
        await scale.Locator("input.vas-number[data-item=overall]").FillAsync("");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lagre korreksjon" }).ClickAsync();
        await Expect(form.Locator("[data-field='collateral-2-parent.items.overall'] .error")).ToContainTextAsync("Leddet mangler");
        Assert.Equal(1, await RevisionAsync(episode));
        browser.Errors.Clear(); // the console reports the refused request's 400

        await scale.Locator("input.vas-number[data-item=overall]").FillAsync("6,5");
        await Expect(scale.Locator("output.total")).ToHaveTextAsync("15,5");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lagre korreksjon" }).ClickAsync();

        await Expect(page.GetByTestId("collateral-table").Locator("tr[data-session='2'][data-relation='parent']")).ToContainTextAsync("15,5");
        await Expect(page.GetByTestId("collateral-correction-form")).ToHaveCountAsync(0);
        var rating = Assert.Single((await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["collateral"]!.AsArray())!;
        Assert.Equal(15.5m, (decimal)rating["total"]!);
        Assert.Equal(6.5m, (decimal)rating["items"]!["overall"]!);
        Assert.Equal(2, await RevisionAsync(episode));
        await using var db = await ui.Service.OpenAsync();
        Assert.Equal([12.0m, 15.5m], await db.QueryAsync<decimal>("""
            select sum(v.value) from collateral_ratings c join collateral_rating_revisions r on r.rating_id = c.id
            join collateral_item_values v on v.revision_id = r.id where c.episode_id = @episode group by r.revision order by r.revision
            """, new { episode }));
        browser.AssertNoErrors();
    }

    async Task<int> RevisionAsync(Guid episode)
    {
        await using var db = await ui.Service.OpenAsync();
        return await db.ExecuteScalarAsync<int>("select revision from collateral_ratings where episode_id = @episode", new { episode });
    }
}
