using System.Security.Claims;
using FitService.Api.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FitService.Api.Tests.Infrastructure;

/// <summary>
/// Session cookies as the service's own cookie handler writes them after an OpenID Connect sign-in (same keys,
/// same events), without a provider: for the API tests of cookie calls. The browser tests sign in for real.
/// </summary>
public static class SessionCookies
{
    /// <summary>"name=value" for a Cookie header.</summary>
    public static async Task<string> MintAsync(FitServiceFactory factory, string role, string[] departments,
        DateTimeOffset? expires = null, DateTimeOffset? absoluteExpires = null)
    {
        var claims = new List<Claim> { new("sub", $"test-cookie-{role}"), new("role", role) };
        claims.AddRange(departments.Select(d => new Claim("department", d)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, WebSignIn.CookieScheme, "sub", "role"));
        var properties = new AuthenticationProperties { ExpiresUtc = expires };
        if (expires < DateTimeOffset.UtcNow) properties.IssuedUtc = expires.Value.AddMinutes(-30);
        if (absoluteExpires is { } absolute) properties.Items[WebSignIn.AbsoluteExpiryItem] = absolute.ToString("O");

        await using var scope = factory.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        await context.SignInAsync(WebSignIn.CookieScheme, principal, properties);
        var setCookie = context.Response.Headers.SetCookie.Single(c => c!.StartsWith(WebSignIn.CookieName + "="))!;
        return setCookie[..setCookie.IndexOf(';')];
    }
}
