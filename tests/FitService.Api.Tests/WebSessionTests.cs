using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FitService.Api.Tests;

/// <summary>The web UI's session cookie on the API: who is signed in, expiry, antiforgery; bearer calls unchanged.</summary>
public class WebSessionTests(FitServiceFactory factory) : ApiTest(factory)
{
    HttpClient WithCookie(params string[] cookies)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        if (cookies.Length > 0) client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        return client;
    }

    static HttpRequestMessage NewDepartment(string code) =>
        new(HttpMethod.Post, "/api/v1/departments") { Content = JsonContent.Create(new { code, name = $"Testavdeling {code}" }) };

    static string Code() => $"W-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    [Fact]
    public async Task MeSaysWhoIsSignedInWithTheCookie()
    {
        var cookie = await SessionCookies.MintAsync(Factory, "supervisor", ["DEMO-B", "DEMO-A"]);
        var me = await Clinic.Json(await WithCookie(cookie).GetAsync("/api/v1/me"));
        Assert.Equal("test-cookie-supervisor", (string)me["subject"]!);
        Assert.Equal("supervisor", (string)me["role"]!);
        Assert.Equal(["DEMO-A", "DEMO-B"], me["departments"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("cookie", (string)me["how"]!);
        var expires = DateTimeOffset.Parse((string)me["sessionExpires"]!);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31)); // the idle timeout
        Assert.StartsWith("/account/signout?sid=", (string)me["signOutUrl"]!);
    }

    [Fact]
    public async Task MeSaysWhoIsSignedInWithABearerToken()
    {
        var me = await Clinic.Json(await Factory.As("clinician", "DEMO-A").GetAsync("/api/v1/me"));
        Assert.Equal("test-clinician-DEMO-A", (string)me["subject"]!);
        Assert.Equal("clinician", (string)me["role"]!);
        Assert.Equal(["DEMO-A"], me["departments"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("bearer", (string)me["how"]!);
        Assert.InRange(DateTimeOffset.Parse((string)me["sessionExpires"]!), DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Null(me["signOutUrl"]);
    }

    [Fact]
    public async Task MeWithoutSignInIs401()
    {
        var response = await WithCookie().GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ATamperedCookieIsRefused()
    {
        var cookie = await SessionCookies.MintAsync(Factory, "admin", []);
        var at = cookie.Length - 20;
        var tampered = cookie[..at] + (cookie[at] == 'A' ? 'B' : 'A') + cookie[(at + 1)..];
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(cookie).GetAsync("/api/v1/departments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(tampered).GetAsync("/api/v1/departments")).StatusCode);
    }

    [Fact]
    public async Task ACookiePastItsIdleTimeoutIsRefused()
    {
        var cookie = await SessionCookies.MintAsync(Factory, "admin", [], expires: DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(cookie).GetAsync("/api/v1/departments")).StatusCode);
    }

    [Fact]
    public async Task ACookiePastItsAbsoluteLifetimeIsRefusedEvenWhileActive()
    {
        var cookie = await SessionCookies.MintAsync(Factory, "admin", [], absoluteExpires: DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(cookie).GetAsync("/api/v1/departments")).StatusCode);
    }

    [Fact]
    public async Task ACookiePostWithoutTheAntiforgeryTokenIsRefusedWith400AndWritesNothing()
    {
        var cookie = await SessionCookies.MintAsync(Factory, "admin", []);
        var code = Code();
        var response = await WithCookie(cookie).SendAsync(NewDepartment(code)); // what a foreign page's form would send
        await Clinic.AssertProblemAsync(response, HttpStatusCode.BadRequest, "X-CSRF-Token");
        var departments = await Clinic.JsonArray(await Clinic.Admin.GetAsync("/api/v1/departments"));
        Assert.DoesNotContain(departments, d => (string)d!["code"]! == code);
    }

    [Fact]
    public async Task ACookiePostWithAnotherSessionsAntiforgeryTokenIsRefusedWith400()
    {
        var (otherToken, otherCookie) = await AntiforgeryAsync(await SessionCookies.MintAsync(Factory, "evaluator", []));
        var cookie = await SessionCookies.MintAsync(Factory, "admin", []);
        var request = NewDepartment(Code());
        request.Headers.Add("X-CSRF-Token", otherToken);
        var response = await WithCookie(cookie, otherCookie).SendAsync(request);
        await Clinic.AssertProblemAsync(response, HttpStatusCode.BadRequest, "X-CSRF-Token");
    }

    [Fact]
    public async Task ACookiePostWithTheAntiforgeryTokenIsAccepted()
    {
        var cookie = await SessionCookies.MintAsync(Factory, "admin", []);
        var (token, antiforgeryCookie) = await AntiforgeryAsync(cookie);
        var request = NewDepartment(Code());
        request.Headers.Add("X-CSRF-Token", token);
        Assert.Equal(HttpStatusCode.Created, (await WithCookie(cookie, antiforgeryCookie).SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task ABearerPostNeedsNoAntiforgeryTokenEvenWithACookieBeside()
    {
        var cookie = await SessionCookies.MintAsync(Factory, "clinician", ["DEMO-A"]);
        var client = WithCookie(cookie);
        client.DefaultRequestHeaders.Authorization = new("Bearer", Factory.Token("admin"));
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(NewDepartment(Code()))).StatusCode);
    }

    [Fact]
    public async Task SignInWithoutAConfiguredProviderIs404AndSignOutNeedsTheSessionsOwnId()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await WithCookie().GetAsync("/account/signin")).StatusCode);
        var cookie = await SessionCookies.MintAsync(Factory, "admin", []);
        var me = await Clinic.Json(await WithCookie(cookie).GetAsync("/api/v1/me"));
        await Clinic.AssertProblemAsync(await WithCookie(cookie).GetAsync("/account/signout?sid=0000"), HttpStatusCode.BadRequest, "sid");
        var signOut = await WithCookie(cookie).GetAsync((string)me["signOutUrl"]!);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fitservice.session=;"));
    }

    async Task<(string Token, string Cookie)> AntiforgeryAsync(string sessionCookie)
    {
        var response = await WithCookie(sessionCookie).GetAsync("/api/v1/account/antiforgery");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Clinic.Json(response);
        Assert.Equal("X-CSRF-Token", (string)body["headerName"]!);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("fitservice.antiforgery="));
        return ((string)body["token"]!, setCookie[..setCookie.IndexOf(';')]);
    }
}
