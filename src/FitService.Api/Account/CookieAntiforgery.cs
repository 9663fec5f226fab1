using Microsoft.AspNetCore.Antiforgery;

namespace FitService.Api.Account;

/// <summary>
/// A browser sends the session cookie with any request to this host, also one a foreign page starts. So every
/// state-changing request made with the cookie must carry the antiforgery token the UI fetched (header, or the
/// form field of the sign-out form); without it: 400. Bearer calls carry no cookie and need no token.
/// </summary>
public static class CookieAntiforgery
{
    public const string HeaderName = "X-CSRF-Token";

    public static IServiceCollection AddCookieAntiforgery(this IServiceCollection services) => services.AddAntiforgery(options =>
    {
        options.HeaderName = HeaderName;
        options.Cookie.Name = "fitservice.antiforgery";
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    });

    /// <summary>After authentication: refuses an unsafe cookie-authenticated request without a valid token.</summary>
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !HttpMethods.IsOptions(context.Request.Method) && context.User.Identity?.AuthenticationType == WebSignIn.CookieScheme)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Mangler vern mot forfalskning / Antiforgery token missing or invalid",
                    detail: $"Et skjema fra denne tjenesten sender {HeaderName}; last siden på nytt. / Requests made with the session cookie need the {HeaderName} header; reload the page.",
                    extensions: new Dictionary<string, object?> { ["field"] = HeaderName }).ExecuteAsync(context);
                return;
            }
        }
        await next();
    });
}
