using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace FitService.Api.ClientRatings;

/// <summary>
/// ClientLinks:Lifetime (how long a link works, default 15 minutes, from 1 second to 24 hours),
/// ClientLinks:PublicBaseUrl (the address a phone reaches the service at, when it is not the one the clinician's
/// browser used), ClientLinks:RequestsPerMinute (per remote address, on the anonymous endpoints; default 60) and
/// ClientLinks:KeepDays (how long a link's row is kept after it expired, default 30 days, from 1 to 3650; see
/// <see cref="ClientLinkCleanup"/>).
/// </summary>
public sealed record ClientLinkSettings(TimeSpan Lifetime, Uri? PublicBaseUrl, int RequestsPerMinute)
{
    public const int DefaultKeepDays = 30;

    /// <summary>Days a link's row stays after its expiry, then the cleanup removes it.</summary>
    public int KeepDays { get; init; } = DefaultKeepDays;

    public const string RateLimitPolicy = "client-ratings";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);
    public const int DefaultRequestsPerMinute = 60;

    public static ClientLinkSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("ClientLinks");
        var lifetimeText = section["Lifetime"];
        var lifetime = DefaultLifetime;
        if (!string.IsNullOrEmpty(lifetimeText)
            && (!TimeSpan.TryParse(lifetimeText, CultureInfo.InvariantCulture, out lifetime)
                || lifetime < TimeSpan.FromSeconds(1) || lifetime > TimeSpan.FromHours(24)))
            throw new InvalidOperationException($"ClientLinks:Lifetime must be a time span from 00:00:01 to 24:00:00 (got '{lifetimeText}').");
        var baseText = section["PublicBaseUrl"];
        Uri? publicBase = null;
        if (!string.IsNullOrEmpty(baseText) && (!Uri.TryCreate(baseText, UriKind.Absolute, out publicBase) || publicBase.Scheme is not ("https" or "http")))
            throw new InvalidOperationException($"ClientLinks:PublicBaseUrl must be an absolute http(s) URL (got '{baseText}').");
        var perMinute = section.GetValue("RequestsPerMinute", DefaultRequestsPerMinute);
        if (perMinute < 1) throw new InvalidOperationException($"ClientLinks:RequestsPerMinute must be at least 1 (got {perMinute}).");
        var keepDays = section.GetValue("KeepDays", DefaultKeepDays);
        if (keepDays is < 1 or > 3650) throw new InvalidOperationException($"ClientLinks:KeepDays must be from 1 to 3650 (got {keepDays}).");
        return new ClientLinkSettings(lifetime, publicBase, perMinute) { KeepDays = keepDays };
    }
}

public static class ClientRatingServices
{
    /// <summary>The settings, and the rate limit of the anonymous endpoints: per remote address, since no one is signed in.</summary>
    public static IServiceCollection AddClientRatings(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = ClientLinkSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddHostedService<ClientLinkCleanup>();
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(ClientLinkSettings.RateLimitPolicy, http =>
            RateLimitPartition.GetFixedWindowLimiter($"client-rating:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }
}
