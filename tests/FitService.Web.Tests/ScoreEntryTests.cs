using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>Score entry that cannot be misread: an unmarked line shows nothing, any point sets it, the number follows.</summary>
[Collection(BrowserCollection.Name)]
public class ScoreEntryTests(WebUi ui) : IClassFixture<WebUi>
{
    [Fact]
    public async Task AClickAtTheExactMiddleRecordsFiveAndTheEndsRecordZeroAndTen()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await OpenRecordAsync(department, episode);
        var page = browser.Page;

        await ClickLineAtAsync(browser.Item("outcome", "individually", "range"), 0.5);
        await ClickLineAtAsync(browser.Item("outcome", "interpersonally", "range"), 0.0);
        await ClickLineAtAsync(browser.Item("outcome", "socially", "range"), 1.0);
        await Expect(browser.Item("outcome", "individually")).ToHaveValueAsync("5,0");
        await Expect(browser.Item("outcome", "interpersonally")).ToHaveValueAsync("0,0");
        await Expect(browser.Item("outcome", "socially")).ToHaveValueAsync("10,0");
        await Expect(browser.Item("outcome", "individually", "range")).ToHaveAttributeAsync("aria-valuetext", "5,0 av 10");
        Assert.True(await MarkShownAsync(browser.Item("outcome", "individually", "range")));
        await browser.Item("outcome", "overall").FillAsync("7,5");
        await Expect(page.GetByTestId("scale-outcome").Locator("output.total")).ToHaveTextAsync("22,5");
        await page.GetByLabel("Ikke gjort").CheckAsync(); // why the SRS is missing

        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByTestId("result-outcome-total")).ToContainTextAsync("22,5");
        var stored = await Clinic.Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        var items = stored["sessions"]![0]!["outcome"]!["items"]!.AsObject();
        Assert.Equal([5.0m, 0.0m, 10.0m, 7.5m],
            new[] { "individually", "interpersonally", "socially", "overall" }.Select(k => (decimal)items[k]!));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task AnUntouchedLineShowsNoMarkIsSentAsMissingAndTheServerNamesIt()
    {
        var (http, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await OpenRecordAsync(department, episode);
        var page = browser.Page;
        var untouched = browser.Item("outcome", "overall", "range");
        Assert.False(await MarkShownAsync(untouched));
        await Expect(untouched).ToHaveAttributeAsync("aria-valuetext", "ikke satt");
        await Expect(browser.Item("outcome", "overall")).ToHaveValueAsync("");

        await browser.FillScaleAsync("outcome", ("individually", "4"), ("interpersonally", "5"), ("socially", "6"));
        await Expect(page.GetByTestId("scale-outcome").Locator("output.total")).ToHaveTextAsync("15,0");
        await Expect(page.GetByTestId("missing-outcome")).ToContainTextAsync("1 ikke satt");
        Assert.False(await MarkShownAsync(untouched));
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebUi.ResultsDirectory(), "record-one-item-unset.png"), FullPage = true });

        string? sent = null;
        page.Request += (_, request) => { if (request.Method == "POST" && request.Url.EndsWith("/sessions")) sent = request.PostData; };
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.Locator("[data-field='outcome.items.overall'] .error")).ToContainTextAsync("Leddet mangler");
        var body = JsonNode.Parse(sent!)!;
        Assert.False(body["outcome"]!["items"]!.AsObject().ContainsKey("overall"), "an untouched line must not be sent");
        Assert.Equal(0, (int)(await Clinic.Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessionCount"]!);
    }

    [Fact]
    public async Task AnOutOfScaleNumberIsMarkedInvalidAndLeftOutOfTheTotal()
    {
        var (_, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await OpenRecordAsync(department, episode);
        var page = browser.Page;
        await browser.FillScaleAsync("outcome", ("individually", "4"), ("interpersonally", "5"), ("socially", "10.1"));

        await Expect(page.GetByTestId("scale-outcome").Locator("output.total")).ToHaveTextAsync("9,0");
        await Expect(browser.Item("outcome", "socially")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-field='outcome.items.socially'] .error")).ToContainTextAsync("høyst én desimal");
        await Expect(page.GetByTestId("missing-outcome")).ToContainTextAsync("1 ikke satt");
        await Expect(page.GetByTestId("missing-outcome")).ToContainTextAsync("1 ugyldige");
        Assert.False(await MarkShownAsync(browser.Item("outcome", "socially", "range")));

        await browser.Item("outcome", "socially").FillAsync("10"); // corrected: valid again, the line follows
        await Expect(browser.Item("outcome", "socially")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(browser.Item("outcome", "socially", "range")).ToHaveValueAsync("10");
        await Expect(page.GetByTestId("scale-outcome").Locator("output.total")).ToHaveTextAsync("19,0");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task EnterOnALineNeverSubmitsButEnterInTheNumberFieldMay()
    {
        var (_, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await OpenRecordAsync(department, episode);
        var page = browser.Page;
        await browser.FillScaleAsync("outcome", ("individually", "4"), ("interpersonally", "5"), ("socially", "6"), ("overall", "7"));
        await page.GetByLabel("Ikke gjort").CheckAsync(); // why the SRS is missing
        var posts = 0;
        page.Request += (_, request) => { if (request.Method == "POST" && request.Url.EndsWith("/sessions")) posts++; };

        await browser.Item("outcome", "socially", "range").PressAsync("Enter");
        await page.WaitForTimeoutAsync(500); // a submission would have gone out by now
        Assert.Equal(0, posts);
        await Expect(page.GetByTestId("session-form")).ToBeVisibleAsync();

        await browser.Item("outcome", "overall").PressAsync("Enter");
        await Expect(page.GetByTestId("result-outcome-total")).ToContainTextAsync("22,0");
        Assert.Equal(1, posts);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task TheFirstArrowKeyPlacesTheMarkAtTheMiddleAndTheNextMoveItByATenth()
    {
        var (_, department, episode) = await ui.Clinic.AdultEpisodeAsync();
        await using var browser = await OpenRecordAsync(department, episode);
        var page = browser.Page;
        var line = browser.Item("outcome", "individually", "range");

        await line.PressAsync("ArrowLeft");
        await Expect(browser.Item("outcome", "individually")).ToHaveValueAsync("5,0");
        Assert.True(await MarkShownAsync(line));
        await line.PressAsync("ArrowRight");
        await Expect(browser.Item("outcome", "individually")).ToHaveValueAsync("5,1");
        await Expect(line).ToHaveAttributeAsync("aria-valuetext", "5,1 av 10");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(line).ToHaveAttributeAsync("aria-valuetext", "5.1 of 10");

        await browser.Item("outcome", "interpersonally").FillAsync("3.3"); // typed: the line follows
        await Expect(browser.Item("outcome", "interpersonally", "range")).ToHaveValueAsync("3.3");
        await browser.Item("outcome", "interpersonally", "range").PressAsync("ArrowDown");
        await Expect(browser.Item("outcome", "interpersonally")).ToHaveValueAsync("3.2");
        browser.AssertNoErrors();
    }

    async Task<UiPage> OpenRecordAsync(string department, Guid episode)
    {
        var browser = await ui.OpenAsync();
        await browser.SignInAsync("clinician", department);
        await browser.Page.GotoAsync($"/#/episodes/{episode}/record");
        await browser.Page.GetByLabel("Dato for timen").FillAsync("2025-01-06");
        return browser;
    }

    /// <summary>A pointer click at a fraction of the line's width (0 = far left, 0.5 = the exact middle, 1 = far right).</summary>
    static async Task ClickLineAtAsync(ILocator line, double fraction)
    {
        var box = (await line.BoundingBoxAsync())!;
        var x = Math.Clamp(fraction * box.Width, 0, box.Width - 1);
        await line.ClickAsync(new() { Position = new() { X = (float)x, Y = (float)(box.Height / 2) } });
    }

    /// <summary>
    /// Whether the line shows a mark, from its pixels: a screenshot of the line, read back through a canvas, has the
    /// mark's colour (--accent, #1f5fa8). Styles of the thumb's pseudo-element cannot be read from script.
    /// </summary>
    static async Task<bool> MarkShownAsync(ILocator line)
    {
        var png = Convert.ToBase64String(await line.ScreenshotAsync());
        var markPixels = await line.Page.EvaluateAsync<int>("""
            async png => {
              const image = new Image();
              image.src = `data:image/png;base64,${png}`;
              await image.decode();
              const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
              const context = canvas.getContext('2d');
              context.drawImage(image, 0, 0);
              const data = context.getImageData(0, 0, image.width, image.height).data;
              let count = 0;
              for (let i = 0; i < data.length; i += 4)
                if (Math.abs(data[i] - 31) < 30 && Math.abs(data[i + 1] - 95) < 30 && Math.abs(data[i + 2] - 168) < 30) count++;
              return count;
            }
            """, png);
        return markPixels >= 50; // the mark is 6 × 32 px
    }
}
