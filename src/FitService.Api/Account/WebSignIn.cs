using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace FitService.Api.Account;

/// <summary>
/// Staff sign-in for the web UI, server side (backend-for-frontend): the OpenID Connect code flow with PKCE runs
/// here, and the browser keeps only an HttpOnly session cookie, never a token. The API takes either: a request
/// with an Authorization header is a bearer call (integrations, scripts/dev-token), any other a cookie call.
/// </summary>
public static class WebSignIn
{
    public const string ApiScheme = "FitService";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string CookieName = "fitservice.session";
    public const string AbsoluteExpiryItem = ".absoluteExpires";
    public const string SessionIdItem = ".sid";

    public static AuthenticationBuilder AddWebSignIn(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        var oidc = configuration.GetSection("Auth:Oidc").Get<OidcSettings>() ?? new OidcSettings();
        var session = configuration.GetSection("Auth:Session").Get<SessionSettings>() ?? new SessionSettings();
        builder.Services.AddSingleton(oidc);
        builder.Services.AddSingleton(session);
        builder.Services.AddCookieAntiforgery();

        builder.AddPolicyScheme(ApiScheme, "Bearer token or session cookie", options =>
            options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? JwtBearerDefaults.AuthenticationScheme : CookieScheme);

        builder.AddCookie(CookieScheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax; // Strict would drop the cookie on the provider's redirect back
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CookieManager = new HostPrefixedCookieManager();
            options.ExpireTimeSpan = session.IdleTimeout;
            options.SlidingExpiration = true;
            options.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
            options.Events.OnSigningIn = context =>
            {
                var now = context.Options.TimeProvider!.GetUtcNow();
                context.Properties.Items.TryAdd(AbsoluteExpiryItem, (now + session.Lifetime).ToString("O"));
                context.Properties.Items[SessionIdItem] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                return Task.CompletedTask;
            };
            options.Events.OnValidatePrincipal = async context =>
            {
                var absolute = AbsoluteExpiry(context.Properties);
                if (absolute is null || absolute <= context.Options.TimeProvider!.GetUtcNow())
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieScheme);
                }
            };
        });

        if (oidc.Enabled) builder.AddOpenIdConnect(OidcScheme, options => ConfigureOidc(options, oidc));
        return builder;
    }

    /// <summary>When the session ends at the latest: the idle expiry or the absolute lifetime, whichever is first.</summary>
    public static DateTimeOffset? SessionExpires(AuthenticationProperties properties)
    {
        var absolute = AbsoluteExpiry(properties);
        var idle = properties.ExpiresUtc;
        return absolute is null ? idle : idle is null ? absolute : idle < absolute ? idle : absolute;
    }

    /// <summary>A random id per sign-in; the sign-out link carries it.</summary>
    public static string? SessionId(AuthenticationProperties properties) => properties.Items.TryGetValue(SessionIdItem, out var id) ? id : null;

    static DateTimeOffset? AbsoluteExpiry(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(AbsoluteExpiryItem, out var text) && DateTimeOffset.TryParse(text, out var at) ? at : null;

    static void ConfigureOidc(OpenIdConnectOptions options, OidcSettings oidc)
    {
        options.SignInScheme = CookieScheme;
        options.SignOutScheme = CookieScheme;
        options.Authority = oidc.Authority;
        options.ClientId = oidc.ClientId;
        options.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query; // a top-level GET back: the Lax cookies come along
        options.UsePkce = true;
        options.PushedAuthorizationBehavior = oidc.PushedAuthorization;
        options.MapInboundClaims = false;
        options.SaveTokens = false; // the provider's tokens stay out of the cookie (only the ID token, for sign-out)
        options.GetClaimsFromUserInfoEndpoint = false;
        options.RequireHttpsMetadata = !IsLoopbackHttp(oidc.Authority);
        options.Scope.Clear();
        foreach (var scope in oidc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) options.Scope.Add(scope);
        options.TokenValidationParameters.NameClaimType = "sub";
        options.TokenValidationParameters.RoleClaimType = "role";
        // The handler's short-lived cookies (nonce, correlation) ride the same top-level redirect back.
        options.CorrelationCookie.SameSite = options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        var assertion = ClientAssertion.FromSettings(oidc);
        options.Events.OnPushAuthorization = context => assertion?.OnPushAuthorization(context) ?? Task.CompletedTask;
        options.Events.OnAuthorizationCodeReceived = context => assertion?.OnAuthorizationCodeReceived(context) ?? Task.CompletedTask;
        options.Events.OnTokenValidated = context =>
        {
            var (identity, refusal) = StaffClaims.From(context.Principal!, oidc);
            if (identity is null)
            {
                context.Fail(refusal!);
                return Task.CompletedTask;
            }
            context.Principal = new(identity);
            context.Properties!.StoreTokens([new AuthenticationToken { Name = "id_token", Value = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage.IdToken }]);
            return Task.CompletedTask;
        };
        options.Events.OnRemoteFailure = context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebSignIn))
                .LogWarning("Sign-in through {Authority} failed: {Reason}", oidc.Authority, context.Failure?.Message);
            context.Response.Redirect("/#/signin?failed=1");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    static bool IsLoopbackHttp(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;

    // The API answers with a status, never a redirect to a login page; sign-in starts at /account/signin.
    static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>Over HTTPS the session cookie is named __Host-…: Secure, path /, no Domain, so no sibling host can set it.</summary>
sealed class HostPrefixedCookieManager : ICookieManager
{
    readonly ChunkingCookieManager inner = new();

    static string Name(HttpContext context, string key) => context.Request.IsHttps ? "__Host-" + key : key;

    public string? GetRequestCookie(HttpContext context, string key) => inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options)
    {
        if (context.Request.IsHttps)
        {
            options.Secure = true;
            options.Path = "/";
            options.Domain = null;
        }
        inner.AppendResponseCookie(context, Name(context, key), value, options);
    }

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        inner.DeleteCookie(context, Name(context, key), options);
}
