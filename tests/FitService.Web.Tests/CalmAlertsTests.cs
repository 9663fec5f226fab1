using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// A supervisor resolves an episode's alerts with one note and the clinician reads it on the episode page; closing an
/// episode with open alerts asks first.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CalmAlertsTests(WebUi ui) : IClassFixture<WebUi>
{
    const string Note = "Drøftet i veiledning, ny plan";

    /// <summary>Deterioration (high), alliance below 36 (medium) and three SRS items below 9 (low).</summary>
    async Task<(string Department, Guid Episode, string Pseudonym)> ManyReasonsAsync()
    {
        var department = await ui.Clinic.DepartmentAsync();
        var clinician = ui.Service.As("clinician", department);
        var pseudonym = Pseudonym();
        var created = await clinician.PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear = 1985, departmentCode = department });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var episode = await ui.Clinic.EpisodeAsync(clinician, (Guid)(await Json(created))["id"]!, department);
        await SessionAsync(clinician, episode, "2025-01-06", OrsTotal(20m), Srs(8.5m, 8.0m, 10m, 8.8m));
        await SessionAsync(clinician, episode, "2025-01-13", OrsTotal(14m), Srs(8.5m, 8.0m, 10m, 8.8m));
        return (department, episode, pseudonym);
    }

    [Fact]
    public async Task ASupervisorResolvesAnEpisodesAlertsWithANoteAndTheClinicianSeesTheNote()
    {
        var (department, episode, pseudonym) = await ManyReasonsAsync();
        await using var supervisor = await ui.OpenAsync();
        var page = supervisor.Page;
        await supervisor.SignInAsync("supervisor", department);

        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Varsler" }).ClickAsync();
        var entry = page.GetByTestId("alert-queue").Locator("li.queue-item");
        await Expect(entry).ToHaveCountAsync(1); // five alerts, one entry
        await Expect(entry).ToContainTextAsync(pseudonym);
        var reasons = entry.Locator("ul.reasons > li");
        await Expect(reasons).ToHaveCountAsync(3);
        Assert.Equal(["reliableDeterioration", "allianceBelowCutoff", "allianceLowItem"],
            await reasons.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.kind)"));
        await Expect(reasons.Nth(2)).ToContainTextAsync("Ledd i allianseskjemaet under 9: Relasjonen 8,5, Mål og tema 8, Timen alt i alt 8,8.",
            new() { UseInnerText = true });

        await entry.GetByLabel("Notat").FillAsync(Note);
        await entry.GetByRole(AriaRole.Button, new() { Name = "Løs" }).ClickAsync();
        await Expect(entry.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Løst. {Note}");

        var api = ui.Service.As("supervisor", department);
        Assert.Empty((await Json(await api.GetAsync("/api/v1/alerts/episodes")))["episodes"]!.AsArray());
        var resolved = (await Json(await api.GetAsync("/api/v1/alerts?status=resolved")))["rows"]!.AsArray();
        Assert.Equal(5, resolved.Count);

        // The resolved entry stays in the queue's "Løste" view, with the note, who and when.
        await page.GetByLabel("Vis").SelectOptionAsync("resolved");
        var done = page.GetByTestId("alert-queue").Locator("li.queue-item");
        await Expect(done.Locator(".alert-note").First).ToContainTextAsync($"Løst av demo-supervisor-{department.ToLowerInvariant()}");
        await Expect(done.Locator(".alert-note").First).ToContainTextAsync(Note);

        await using var clinician = await ui.OpenAsync();
        await clinician.SignInAsync("clinician", department);
        await clinician.Page.GotoAsync($"/#/episodes/{episode}");
        await Expect(clinician.Page.Locator("main")).ToContainTextAsync("Ingen åpne varsler.");
        var notes = clinician.Page.GetByTestId("episode-alert-notes");
        await Expect(notes.Locator("li")).ToHaveCountAsync(5);
        await Expect(notes.Locator("li").First).ToContainTextAsync(Note);
        await Expect(clinician.Page.GetByRole(AriaRole.Heading, new() { Name = "Håndterte varsler med notat" })).ToBeVisibleAsync();
        supervisor.AssertNoErrors();
        clinician.AssertNoErrors();
    }

    [Fact]
    public async Task ClosingAnEpisodeWithOpenAlertsAsksFirstAndSaysHowMany()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(20m), Srs(9m, 9m, 9m, 8.9m)); // below 36 and one item below 9
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await browser.SignInAsync("clinician", department);
        await page.GotoAsync($"/#/episodes/{episode}");

        await page.GetByText("Avslutt forløp").First.ClickAsync();
        await page.GetByLabel("Sluttdato").FillAsync("2025-02-01");
        await page.GetByTestId("close-form").GetByRole(AriaRole.Button, new() { Name = "Avslutt forløp" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Avslutte forløpet?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Forløpet har 2 åpne varsler. De fjernes fra varselkøen når forløpet avsluttes.");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Avbryt" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var open = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Null((string?)open["endedOn"]);
        Assert.Equal(2, open["openAlerts"]!.AsArray().Count);

        await page.GetByTestId("close-form").GetByRole(AriaRole.Button, new() { Name = "Avslutt forløp" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Avslutt og fjern varslene" }).ClickAsync();
        await Expect(page.GetByTestId("close-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).ToContainTextAsync("Avsluttet");
        var closed = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Equal("2025-02-01", (string?)closed["endedOn"]);
        Assert.Empty(closed["openAlerts"]!.AsArray());
        browser.AssertNoErrors();
    }
}
