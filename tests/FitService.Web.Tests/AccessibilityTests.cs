using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static FitService.Api.Tests.Infrastructure.Clinic;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>
/// axe-core (tests/axe, pinned, installed by scripts/test with npm ci) on every page of the UI in both languages:
/// no serious or critical violation. The UI's CSP forbids inline scripts, so axe goes in through Playwright's
/// evaluate (the DevTools protocol), not a script tag; the CSP stays as served.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(WebUi ui) : IClassFixture<WebUi>
{
    static readonly Lazy<string> Axe = new(() =>
    {
        var path = Path.Combine(WebUi.RepositoryRoot(), "tests", "axe", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: run the tests through scripts/test, which runs npm ci in tests/axe.");
        return File.ReadAllText(path);
    });

    [Theory]
    [InlineData("nb")]
    [InlineData("en")]
    public async Task EveryPageHasNoSeriousOrCriticalViolation(string language)
    {
        var department = await ui.Clinic.DepartmentAsync();
        var http = ui.Service.As("clinician", department);
        var created = await http.PostAsJsonAsync("/api/v1/clients", new { pseudonym = Pseudonym(), birthYear = 1985, departmentCode = department });
        var episode = await ui.Clinic.EpisodeAsync(http, (Guid)(await Json(created))["id"]!, department);
        await SessionAsync(http, episode, "2025-01-06", Ors(4.0m, 5.0m, 4.5m, 4.0m), Srs(9.5m, 9.0m, 9.2m, 9.4m));
        await SessionAsync(http, episode, "2025-01-13", Ors(6.0m, 6.5m, 6.0m, 6.0m), Srs(9.6m, 8.4m, 9.3m, 9.5m));
        var violations = new List<string>();

        await using var supervisor = await ui.OpenAsync();
        var page = supervisor.Page;
        await page.GotoAsync("/#/signin");
        if (language == "en") await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await ScanAsync(page, "sign-in", violations);
        await SignInInAsync(supervisor, language, "supervisor", department);
        await ScanAsync(page, "overview", violations);
        foreach (var (name, route) in new[]
        {
            ("new client and episode", "#/new"), ("episode", $"#/episodes/{episode}"), ("record", $"#/episodes/{episode}/record"),
            ("correct", $"#/episodes/{episode}/sessions/1/correct"), ("alerts", "#/alerts"),
            ("acknowledged alerts", "#/alerts?status=acknowledged"), ("my clients", $"#/departments/{department}?status=open&sort=risk&mine=1"),
        })
        {
            await page.GotoAsync($"/{route}");
            await ScanAsync(page, name, violations);
        }

        // The client's own views: the graph shown to the client, the hand-off on the tablet (set up, then the locked
        // form) and the phone link's page.
        await page.GotoAsync($"/#/episodes/{episode}");
        await page.GetByTestId("show-to-client").ClickAsync();
        await ScanAsync(page, "shown to the client", violations, ready: "[data-testid=client-view] [data-testid=outcome-chart]");
        await page.GetByTestId("client-view-back").ClickAsync();
        await page.GetByTestId("give-to-client").ClickAsync();
        await ScanAsync(page, "hand-off set-up", violations);
        await page.Locator("[data-testid=handoff-setup] input[type=password]").FillAsync("2468");
        await page.Locator("[data-testid=handoff-setup] button[type=submit]").ClickAsync();
        await ScanAsync(page, "hand-off", violations, ready: "[data-testid=handoff] [data-testid=client-form]");
        var link = await Json(await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" }));
        await using var phone = await ui.OpenAsync();
        await phone.Page.GotoAsync((string)link["url"]!);
        if (language == "en") await phone.Page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await ScanAsync(phone.Page, "client link", violations, ready: "[data-testid=client-form]");

        await using var evaluator = await ui.OpenAsync();
        await SignInInAsync(evaluator, language, "evaluator");
        await evaluator.Page.GotoAsync("/#/reports");
        await ScanAsync(evaluator.Page, "reports", violations);
        await evaluator.Page.GotoAsync("/#/reports/compare");
        await ScanAsync(evaluator.Page, "compare", violations);
        // The screens with their results: the report's table, charts and goals, and a comparison.
        await evaluator.Page.GotoAsync("/#/reports");
        await Expect(evaluator.Page.Locator("main h1")).ToBeVisibleAsync();
        await evaluator.Page.GetByTestId("report-form").Locator("[data-field=from] input").FillAsync("2025-01");
        await evaluator.Page.GetByTestId("report-form").Locator("[data-field=to] input").FillAsync("2025-06");
        await evaluator.Page.GetByTestId("report-form").Locator("button[type=submit]").ClickAsync();
        await Expect(evaluator.Page.GetByTestId("chart-shares-svg")).ToBeVisibleAsync();
        await Expect(evaluator.Page.GetByTestId("report-goals")).ToBeVisibleAsync();
        await ScanAsync(evaluator.Page, "report with charts and goals", violations);
        await evaluator.Page.GotoAsync("/#/reports/compare");
        await Expect(evaluator.Page.Locator("main h1")).ToBeVisibleAsync();
        await evaluator.Page.GetByTestId("compare-form").Locator("button[type=submit]").ClickAsync();
        await Expect(evaluator.Page.GetByTestId("compare-table")).ToBeVisibleAsync();
        await ScanAsync(evaluator.Page, "comparison result", violations);

        // The admin's screen for the organisation's item wording, with a saved wording (its anchors on the form too).
        await using var admin = await ui.OpenAsync();
        await SignInInAsync(admin, language, "admin");
        await admin.Page.GotoAsync("/#/instruments/wording?instrument=ORS&language=nb");
        await admin.Page.GetByTestId("wording-overall").Locator("input").First.FillAsync("Test-Alt i alt");
        await admin.Page.GetByTestId("wording-form").Locator("button[type=submit]").ClickAsync();
        await Expect(admin.Page.GetByTestId("wording-status")).Not.ToBeEmptyAsync();
        await ScanAsync(admin.Page, "item wording", violations);

        Assert.True(violations.Count == 0, $"axe ({language}):\n" + string.Join("\n", violations));
        supervisor.AssertNoErrors();
        evaluator.AssertNoErrors();
        admin.AssertNoErrors();
    }

    /// <summary>Signs in (the shared step expects the bokmål sign-in button), then chooses the language.</summary>
    static async Task SignInInAsync(UiPage browser, string language, string role, params string[] departments)
    {
        var norsk = browser.Page.GetByRole(AriaRole.Button, new() { Name = "Norsk" });
        if (await norsk.CountAsync() > 0) await norsk.ClickAsync();
        await browser.SignInAsync(role, departments);
        if (language == "en") await browser.Page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
    }

    /// <summary>Waits for the view to be drawn, then runs axe on the whole document and keeps the serious and critical.</summary>
    internal static async Task ScanAsync(IPage page, string name, List<string> violations, string ready = "main h1")
    {
        await Expect(page.Locator(ready)).ToBeVisibleAsync();
        await Expect(page.Locator("main[aria-busy]")).ToHaveCountAsync(0);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync("() => {\n" + Axe.Value + "\n}");
        var found = await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              if (result.passes.length === 0) throw new Error('axe checked nothing');
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        violations.AddRange(found.Select(v => $"{name}: {v}"));
    }
}
