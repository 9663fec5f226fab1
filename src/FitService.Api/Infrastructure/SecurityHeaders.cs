namespace FitService.Api.Infrastructure;

/// <summary>
/// Browser-facing headers for the web UI and the API. The UI loads only its own files: no inline script,
/// no third-party origin, no framing. Client-level answers are never stored in a browser or proxy cache.
/// </summary>
public static class SecurityHeaders
{
    const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Set when the response starts, so an error page written later still carries them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            // The API reference page (Scalar) runs an inline bootstrap script; it keeps its own rules.
            if (!path.StartsWithSegments("/scalar"))
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            if (path.StartsWithSegments("/api"))
                headers.CacheControl = "no-store";
            else if (string.IsNullOrEmpty(headers.CacheControl))
                headers.CacheControl = "no-cache"; // UI files: revalidate (ETag), so a new version shows at once
            return Task.CompletedTask;
        });
        await next();
    });
}
