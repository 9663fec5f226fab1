using System.Net;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// The episode graph as a feedback tool, on a tablet (820 × 1180) in both languages: the expected zones and what the
/// status is based on, the cutoffs, dates on the axis, the numbers and every item beside the graph, and a sentence for
/// the client and a prompt for the clinician. The calibration applies to adults (18+) of this class's database only;
/// the session-rules episode is an adolescent's (13–17: never calibrated here), so the tests do not depend on order.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FeedbackGraphTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task ACalibratedEpisodeShowsTheZonesAndSaysItsStatusIsBasedOnTheCalibratedTrajectory()
    {
        var department = await CalibratedDepartmentAsync();
        var http = ui.Service.As("clinician", department);
        var episode = await ui.Clinic.EpisodeAsync(http, await ui.Clinic.ClientAsync(http, department), department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(22m), Srs(8.5m, 9.0m, 9.0m, 9.0m)); // orange; SRS 35.5
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(820, 1180);
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");

        var feedback = page.GetByTestId("feedback");
        var chart = page.GetByTestId("outcome-chart");
        // Zones for session 2 and for the next session (3), each named in words beside the graph.
        await Expect(chart.Locator("rect.zone-green")).ToHaveCountAsync(2);
        await Expect(chart.Locator("rect.zone-red")).ToHaveCountAsync(2);
        Assert.Equal(["grønn", "oransje", "rød"], (await chart.Locator("text.zone-label").AllTextContentsAsync()).Order());
        await Expect(chart.Locator("circle.point-outcome[data-session='2']")).ToHaveAttributeAsync("data-zone", "orange");
        await Expect(chart.GetByTestId("rc-band")).ToHaveCountAsync(0);
        var basis = page.GetByTestId("status-basis");
        await Expect(basis).ToHaveAttributeAsync("data-basis", "calibratedTrajectory");
        await Expect(basis).ToContainTextAsync("Statusen er basert på et kalibrert forventet forløp: 100 avsluttede forløp i tjenesten");
        await Expect(page.GetByTestId("chart-legend")).ToContainTextAsync("Oransje sone: under forventet");
        await Expect(page.GetByTestId("chart-legend")).ToContainTextAsync("Rød sone: under 25-prosentilen");

        // Dates on the axis, the cutoff for an adult, and the SRS with its cutoff (35.5 is below it).
        Assert.Equal(["1", "6. jan", "2", "13. jan", "3", "neste"],
            (await chart.GetByTestId("session-ticks").Locator("text").AllTextContentsAsync()).ToArray());
        await Expect(chart.Locator("text.cutoff-label.cutoff-outcome")).ToHaveTextAsync("ORS-grense 25");
        await Expect(chart.Locator("text.cutoff-ages")).ToHaveTextAsync("18 år og eldre");
        var srs = page.GetByTestId("alliance-chart");
        await Expect(srs.Locator("line.cutoff-alliance")).ToHaveAttributeAsync("data-value", "36");
        await Expect(srs.Locator("text.cutoff-label.cutoff-alliance")).ToHaveTextAsync("SRS-grense 36");
        await Expect(srs.Locator("rect.point-alliance[data-below]")).ToHaveCountAsync(1);

        // The status and what to talk about: not better yet, and a low alliance.
        await Expect(page.GetByTestId("feedback-status")).ToHaveTextAsync("Status: Ikke bedre ennå · Lav allianse");
        await Expect(page.GetByTestId("client-sentence")).ToContainTextAsync("Det har ikke blitt bedre ennå. La oss snakke om hva som kan hjelpe mer.");
        await Expect(page.GetByTestId("client-sentence")).ToContainTextAsync("Du ga timen en lavere vurdering.");
        await Expect(page.GetByTestId("clinician-prompt")).ToContainTextAsync("Hva hjelper ikke ennå?");
        await Expect(page.GetByTestId("clinician-prompt")).ToContainTextAsync("Hva kunne vært bedre i timen");

        // The numbers beside the graph: expected, bound and the zone in words.
        await page.GetByTestId("graph-table").Locator("summary").ClickAsync();
        var row = page.GetByTestId("graph-table").Locator("tr[data-session='2']");
        Assert.Equal(["2", "2025-01-13", "22,0", "25,0", "20,0", "Oransje sone: under forventet", "35,5"],
            (await row.Locator("th, td").AllInnerTextsAsync()).ToArray());
        await Expect(page.GetByTestId("graph-table").Locator("tr[data-session='3'] td").Nth(0)).ToHaveTextAsync("neste");

        // Every item per session; the low SRS item is said in words.
        await page.GetByTestId("item-view").Locator("summary").ClickAsync();
        var items = page.GetByTestId("item-table");
        await Expect(items.Locator("tr[data-scale=outcome][data-item=individually] td[data-session='1']")).ToHaveTextAsync("5,0");
        await Expect(items.Locator("tr[data-scale=alliance][data-item=relationship] td[data-session='2']")).ToHaveTextAsync("8,5 lav");
        await Expect(items.Locator("tbody tr")).ToHaveCountAsync(8);

        // The whole section fits the tablet's width.
        foreach (var part in new[] { chart, srs, page.GetByTestId("client-sentence"), page.GetByTestId("clinician-prompt") })
        {
            var box = (await part.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 820, $"{box.X}+{box.Width} falls outside 820 px");
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "feedback-graph-calibrated-820.png"), FullPage = true });

        var violations = new List<string>();
        await AccessibilityTests.ScanAsync(page, "feedback graph (nb)", violations);

        // One language at a time: English throughout, bokmål gone.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(basis).ToContainTextAsync("The status is based on a calibrated expected trajectory: 100 closed episodes of the service");
        await Expect(page.GetByTestId("feedback-status")).ToHaveTextAsync("Status: Not better yet · Alliance low");
        await Expect(page.GetByTestId("client-sentence")).ToContainTextAsync("Things have not got better yet.");
        await Expect(page.GetByTestId("clinician-prompt")).ToContainTextAsync("What is not helping yet?");
        Assert.Equal(["1", "6 Jan", "2", "13 Jan", "3", "next"],
            (await chart.GetByTestId("session-ticks").Locator("text").AllTextContentsAsync()).ToArray());
        await Expect(chart.Locator("text.cutoff-label.cutoff-outcome")).ToHaveTextAsync("ORS cutoff 25");
        await Expect(chart.Locator("text.cutoff-ages")).ToHaveTextAsync("ages 18+");
        await Expect(srs.Locator("text.cutoff-label.cutoff-alliance")).ToHaveTextAsync("SRS cutoff 36");
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("Orange zone: below expected");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("22.0");
        await Expect(page.GetByTestId("chart-legend")).ToContainTextAsync("Red zone: below the 25th percentile");
        await Expect(items.Locator("tr[data-scale=alliance][data-item=relationship] td[data-session='2']")).ToHaveTextAsync("8.5 low");
        await Expect(feedback).Not.ToContainTextAsync("forventet", new() { UseInnerText = true });
        await AccessibilityTests.ScanAsync(page, "feedback graph (en)", violations);
        Assert.True(violations.Count == 0, "axe:\n" + string.Join("\n", violations));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task AnUncalibratedEpisodeSaysItsStatusIsBasedOnTheSessionRulesAndTheAxisFitsTheEpisode()
    {
        // An adolescent (15 at the start): the ORS cutoff is 28 for 13–17.
        var department = await ui.Clinic.DepartmentAsync();
        var http = ui.Service.As("clinician", department);
        var episode = await ui.Clinic.EpisodeAsync(http, await ui.Clinic.ClientAsync(http, department, birthYear: 2010), department);
        var totals = new[] { 18m, 21m, 24m, 25m, 26m, 27m, 28m, 29m };
        for (var i = 0; i < totals.Length; i++)
            await SessionAsync(http, episode, new DateOnly(2025, 1, 6).AddDays(7 * i).ToString("yyyy-MM-dd"), OrsTotal(totals[i]), Srs(9.5m, 9.5m, 9.5m, 9.5m));
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(820, 1180);
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");

        var chart = page.GetByTestId("outcome-chart");
        await Expect(chart.Locator("circle.point-outcome")).ToHaveCountAsync(8);
        // Eight sessions and the next one on the axis, not a fixed 1–6; the last date is 24 February.
        var ticks = chart.GetByTestId("session-ticks").Locator("g.session-tick");
        await Expect(ticks).ToHaveCountAsync(9);
        await Expect(ticks.Nth(7)).ToHaveTextAsync("824. feb");
        await Expect(chart.GetByTestId("expected-zones")).ToHaveCountAsync(0);
        await Expect(chart.GetByTestId("rc-band")).ToHaveCountAsync(1);
        await Expect(chart.Locator("text.cutoff-label.cutoff-outcome")).ToHaveTextAsync("ORS-grense 28");
        await Expect(chart.Locator("text.cutoff-ages")).ToHaveTextAsync("13–17 år");
        await Expect(page.GetByTestId("chart-legend")).ToContainTextAsync("ORS-grense 28 (13–17 år)");
        var basis = page.GetByTestId("status-basis");
        await Expect(basis).ToHaveAttributeAsync("data-basis", "sessionRules");
        await Expect(basis).ToContainTextAsync("Statusen er basert på timereglene");
        await Expect(page.GetByTestId("feedback-status")).ToHaveTextAsync("Status: Bedring");
        await Expect(page.GetByTestId("client-sentence")).ToContainTextAsync("Det går i riktig retning.");
        await Expect(page.GetByTestId("clinician-prompt")).ToContainTextAsync("Hva har hjulpet");
        await Expect(page.GetByTestId("client-sentence")).Not.ToContainTextAsync("lavere vurdering");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(basis).ToContainTextAsync("The status is based on the session rules");
        await Expect(page.GetByTestId("feedback-status")).ToHaveTextAsync("Status: Improving");
        await Expect(page.GetByTestId("client-sentence")).ToContainTextAsync("Things are going the right way.");
        await Expect(page.GetByTestId("clinician-prompt")).ToContainTextAsync("What has helped");
        await Expect(chart.Locator("text.cutoff-ages")).ToHaveTextAsync("ages 13–17");
        await Expect(page.GetByTestId("chart-legend")).ToContainTextAsync("ORS cutoff 28 (ages 13–17)");
        await Expect(ticks.Nth(7)).ToHaveTextAsync("824 Feb");
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "feedback-graph-rules-820.png"), FullPage = true });
        browser.AssertNoErrors();
    }

    /// <summary>
    /// 100 closed adult episodes whose session 2 is intake + 5 for 70 % and the intake for 30 %: the median line is
    /// intake + 5 and the 25th percentile the intake (the crafted curves of the API's TrajectoryBoundaryTests).
    /// </summary>
    async Task<string> CalibratedDepartmentAsync()
    {
        var department = await ui.Clinic.DepartmentAsync();
        var episodes = Enumerable.Range(0, 100)
            .Select(i => (IReadOnlyList<double>)[10 + 0.2 * i, 10 + 0.2 * i + (i % 10 < 3 ? 0 : 5)]).ToList();
        await ClosedEpisodes.InsertAsync(ui.Service, department, episodes);
        var recalibrated = await ui.Service.As("admin").PostAsync("/api/v1/trajectories/recalibrate", null);
        Assert.True(recalibrated.StatusCode == HttpStatusCode.OK, await recalibrated.Content.ReadAsStringAsync());
        return department;
    }
}
