using System.Security.Claims;
using FitService.Api.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitService.Api.Account;

/// <summary>Who is signed in (<c>/api/v1/me</c>), the UI's antiforgery token, and the browser's sign-in and sign-out.</summary>
public static class AccountApi
{
    /// <summary>The signed-in caller, however they came: "cookie" (the web UI) or "bearer" (a token).</summary>
    public sealed record Me(string Subject, string Role, IReadOnlyList<string> Departments, string How,
        DateTimeOffset? SessionExpires, string? SignOutUrl);

    public sealed record AntiforgeryToken(string HeaderName, string Token);

    public static void MapAccount(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", GetMe).WithTags("Account").WithSummary("Who is signed in: subject, role, departments, cookie or bearer");
        api.MapGet("/account/antiforgery", GetAntiforgeryToken).WithTags("Account").WithSummary("The antiforgery token for cookie writes")
            .WithDescription("For the web UI: the token that state-changing calls made with the session cookie send in the X-CSRF-Token header.");
    }

    /// <summary>Browser navigation, outside /api/v1: starts the OpenID Connect flow, and signs out.</summary>
    public static void MapWebSignIn(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        account.MapGet("/me", GetBrowserSession);
        account.MapGet("/signin", SignIn);
        account.MapGet("/signout", SignOut);
    }

    static Ok<Me> GetMe(ClaimsPrincipal user, HttpContext context)
    {
        var actor = Actor.From(user);
        var cookie = user.Identity?.AuthenticationType == WebSignIn.CookieScheme;
        var properties = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties;
        var expires = cookie
            ? properties is null ? null : WebSignIn.SessionExpires(properties)
            : long.TryParse(user.FindFirstValue("exp"), out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;
        var session = cookie && properties is not null ? WebSignIn.SessionId(properties) : null;
        return TypedResults.Ok(new Me(actor.Subject, actor.Role, actor.Departments.Order(StringComparer.Ordinal).ToList(),
            cookie ? "cookie" : "bearer", expires, session is null ? null : $"/account/signout?sid={Uri.EscapeDataString(session)}"));
    }

    /// <summary>For the UI at page load: who is signed in, or 204 when nobody is (not an error to the browser).</summary>
    static Results<Ok<Me>, NoContent> GetBrowserSession(ClaimsPrincipal user, HttpContext context) =>
        user.Identity?.AuthenticationType == WebSignIn.CookieScheme ? GetMe(user, context) : TypedResults.NoContent();

    static Ok<AntiforgeryToken> GetAntiforgeryToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryToken(CookieAntiforgery.HeaderName, tokens.RequestToken!));
    }

    static Results<ChallengeHttpResult, ProblemHttpResult> SignIn(string? returnUrl, OidcSettings oidc)
    {
        if (!oidc.Enabled)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: "Innlogging er ikke satt opp / Sign-in is not configured",
                detail: "Set Auth:Oidc:Authority, Auth:Oidc:ClientId and a client secret or key (docs/operations.md).");
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }, [WebSignIn.OidcScheme]);
    }

    /// <summary>
    /// A top-level navigation (a form post could not follow the redirect to the provider under the UI's CSP
    /// form-action 'self'). The session's own id in the URL, which only /me tells the UI, keeps a foreign page
    /// from signing anyone out.
    /// </summary>
    static async Task<Results<SignOutHttpResult, RedirectHttpResult, ProblemHttpResult>> SignOut(
        string? sid, OidcSettings oidc, HttpContext context)
    {
        var signedIn = await context.AuthenticateAsync(WebSignIn.CookieScheme);
        if (!signedIn.Succeeded) return TypedResults.Redirect("/#/signin?signedout=1");
        if (sid is null || sid != WebSignIn.SessionId(signedIn.Properties!))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: "Ugyldig utlogging / Invalid sign-out", detail: "sid does not name this session.",
                extensions: new Dictionary<string, object?> { ["field"] = "sid" });
        var properties = new AuthenticationProperties { RedirectUri = "/#/signin?signedout=1" };
        // RP-initiated sign-out: the provider ends its session too, then sends the browser back here.
        return TypedResults.SignOut(properties, oidc.Enabled
            ? [CookieAuthenticationDefaults.AuthenticationScheme, WebSignIn.OidcScheme]
            : [CookieAuthenticationDefaults.AuthenticationScheme]);
    }

    /// <summary>Only a path on this host: an open redirect would hand a signed-in user to anyone's page.</summary>
    static string LocalOrRoot(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
