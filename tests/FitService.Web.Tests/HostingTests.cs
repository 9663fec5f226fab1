using System.Net;
using FitService.Web.Tests.Infrastructure;

namespace FitService.Web.Tests;

/// <summary>The UI's files load without a token and with strict headers; the data behind them does not.</summary>
[Collection(BrowserCollection.Name)]
public class HostingTests(WebUi ui) : IClassFixture<WebUi>
{
    HttpClient Anonymous() => new() { BaseAddress = ui.Service.BaseAddress };

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/css/app.css", "text/css")]
    public async Task TheUiIsServedWithoutATokenWithSecurityHeaders(string path, string mediaType)
    {
        var response = await Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task DataStaysBehindTheTokenAndIsNeverCached()
    {
        var anonymous = await Anonymous().GetAsync("/api/v1/departments");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var department = await ui.Clinic.DepartmentAsync();
        var response = await ui.Service.As("clinician", department).GetAsync($"/api/v1/episodes?department={department}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "client-level answers must carry Cache-Control: no-store");
    }

    [Theory]
    [InlineData("/app/episodes")]
    [InlineData("/js/missing.js")]
    public async Task AnythingButTheUiFilesNeedsAToken(string path) =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().GetAsync(path)).StatusCode);
}
