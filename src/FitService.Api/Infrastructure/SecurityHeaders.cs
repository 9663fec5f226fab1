using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FitService.Api.Infrastructure;

/// <summary>
/// Browser-facing headers for the web UI and the API. The UI loads only its own files: no inline script,
/// no third-party origin, no framing, no powerful browser features. Client-level answers are never stored in a
/// browser or proxy cache. HSTS only over HTTPS, and never for a loopback host (a developer's http://127.0.0.1).
/// </summary>
public static partial class SecurityHeaders
{
    const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // The API reference page (Scalar) starts from one inline module script, allowed by its hash, and styles its
    // components at run time (inline styles); it loads nothing from another origin.
    const string ScalarPolicy =
        "default-src 'self'; script-src 'self' {0}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'";

    // Every feature the service never uses, switched off for its pages and anything they might embed.
    const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), " +
        "gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), " +
        "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";

    /// <summary>One year; preload and subdomains are the organisation's decision, not this service's.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>Kestrel names itself in a Server header by default; the service tells no one what it runs on.</summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Set when the response starts, so an error page written later still carries them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var request = context.Request;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (request.IsHttps && !IsLoopback(request.Host.Host))
                headers.StrictTransportSecurity = StrictTransportSecurity;
            headers.ContentSecurityPolicy = context.Items[ScalarPolicyKey] as string ?? ContentSecurityPolicy;
            // The client's rating page (anonymous; its code is in the fragment, which no request carries) is kept out of search engines.
            if (request.Path == "/rate.html") headers["X-Robots-Tag"] = "noindex, nofollow";
            if (request.Path.StartsWithSegments("/api"))
                headers.CacheControl = "no-store";
            else if (string.IsNullOrEmpty(headers.CacheControl))
                headers.CacheControl = "no-cache"; // UI files: revalidate (ETag), so a new version shows at once
            return Task.CompletedTask;
        });
        if (IsScalarPage(context.Request.Path)) await WithScalarPolicyAsync(context, next);
        else await next();
    });

    const string ScalarPolicyKey = "FitService.ScalarPolicy";

    // The page itself (/scalar/, /scalar/v1), not its script and style files.
    static bool IsScalarPage(PathString path) =>
        path.StartsWithSegments("/scalar", out var rest) && !Path.HasExtension(rest.Value);

    /// <summary>
    /// Holds the small HTML page back, hashes each inline script in it and allows exactly those: the bootstrap
    /// carries the path and configuration, so a fixed hash would break behind another path base.
    /// </summary>
    static async Task WithScalarPolicyAsync(HttpContext context, Func<Task> next)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next();
        }
        finally
        {
            context.Response.Body = original;
        }
        var hashes = "";
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            hashes = string.Join(' ', InlineScript().Matches(html)
                .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value)))}'"));
        }
        context.Items[ScalarPolicyKey] = string.Format(System.Globalization.CultureInfo.InvariantCulture, ScalarPolicy, hashes);
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    static bool IsLoopback(string host) =>
        host is "localhost" or "[::1]" || host.StartsWith("127.", StringComparison.Ordinal);

    // A <script> element without src, and its exact text (what the browser hashes).
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
