using System.Net;
using FitService.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FitService.Web.Tests;

/// <summary>The browser-facing headers, on the real server (Kestrel), and the API reference page under its own CSP.</summary>
[Collection(BrowserCollection.Name)]
public class SecurityHeadersTests(WebUi ui) : IClassFixture<WebUi>
{
    HttpClient Anonymous() => new() { BaseAddress = ui.Service.BaseAddress };

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/js/app.js", HttpStatusCode.OK)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/api/v1/departments", HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/no-such-thing", HttpStatusCode.Unauthorized)]
    [InlineData("/scalar/", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    public async Task EveryAnswerCarriesTheBrowserHeadersAndNoServerName(string path, HttpStatusCode status)
    {
        var response = await Anonymous().GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(",", response.Headers.Server)}");
        var permissions = response.Headers.GetValues("Permissions-Policy").Single();
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()" })
            Assert.Contains(feature, permissions);
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        // Plain http on loopback: HSTS would pin a developer's browser to https for 127.0.0.1.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task TheApiReferenceHasACspThatAllowsOnlyItsOwnBootstrapScript()
    {
        var response = await Anonymous().GetAsync("/scalar/");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches(@"script-src 'self' 'sha256-[A-Za-z0-9+/]{43}='(;| )", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("object-src 'none'", csp);
    }

    [Fact]
    public async Task TheApiReferenceRendersInChromiumWithoutCspErrorsOrOtherOrigins()
    {
        await using var ui1 = await ui.OpenAsync();
        var page = ui1.Page;
        var elsewhere = new List<string>();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        await page.RouteAsync("**/*", route =>
        {
            if (new Uri(route.Request.Url).Authority == ui.Service.BaseAddress.Authority) return route.ContinueAsync();
            elsewhere.Add(route.Request.Url);
            return route.AbortAsync();
        });

        await page.GotoAsync("/scalar/");

        // Scalar has rendered the document: the API's title and an operation of it are on the page. Scalar parses the
        // whole OpenAPI document in the page first, which took more than the default 10 s on a loaded two-core machine.
        await Assertions.Expect(page.GetByText("FitService.Api | v1").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // (Scalar renders the sections near the viewport only: look for the tag in the sidebar, which lists them all.)
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Departments", Exact = true })).ToBeVisibleAsync();
        Assert.True(violations.Count == 0, "CSP violations:\n" + string.Join("\n", violations));
        Assert.True(elsewhere.Count == 0, "Requests to other origins:\n" + string.Join("\n", elsewhere));
        ui1.AssertNoErrors();
    }
}
