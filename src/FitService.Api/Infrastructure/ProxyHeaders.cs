using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace FitService.Api.Infrastructure;

/// <summary>
/// Behind a reverse proxy (nginx, a load balancer) every request reaches the service from the proxy's address over
/// plain HTTP. Named proxies may say who the client is and which scheme it used (X-Forwarded-For,
/// X-Forwarded-Proto): the per-address limits of the anonymous client-rating endpoints then count each client apart,
/// and HSTS and secure cookies see the client's HTTPS. Only the addresses and networks in the settings
/// ForwardedHeaders:KnownProxies and ForwardedHeaders:KnownNetworks are believed, one hop; without either setting
/// the headers are ignored, so a caller cannot pick a fresh address for each request by sending the header itself.
/// </summary>
public static class ProxyHeaders
{
    public const string Section = "ForwardedHeaders";

    /// <summary>The proxies and networks from the settings, or null when none is named (the headers are then ignored).</summary>
    public static ForwardedHeadersOptions? Options(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = Values(section.GetSection("KnownProxies")).Select(text => IPAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidOperationException($"{Section}:KnownProxies: '{text}' is not an IP address.")).ToList();
        var networks = Values(section.GetSection("KnownNetworks")).Select(text => System.Net.IPNetwork.TryParse(text, out var network)
            ? network
            : throw new InvalidOperationException($"{Section}:KnownNetworks: '{text}' is not a network in CIDR notation (10.0.0.0/8).")).ToList();
        if (proxies.Count == 0 && networks.Count == 0) return null;

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1, // the proxy in front of the service; anything it was told further out is the client's word
        };
        // The framework trusts loopback by default; here only what the operator named.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
        foreach (var network in networks) options.KnownIPNetworks.Add(network);
        return options;
    }

    /// <summary>First in the pipeline, so the rate limits, HSTS and the sign-in all see the client's address and scheme.</summary>
    public static IApplicationBuilder UseProxyHeaders(this IApplicationBuilder app, IConfiguration configuration) =>
        Options(configuration) is { } options ? app.UseForwardedHeaders(options) : app;

    // A list (KnownProxies:0, KnownProxies:1, or an environment variable ForwardedHeaders__KnownProxies__0) or one
    // comma-separated value.
    static IEnumerable<string> Values(IConfigurationSection section) =>
        (section.Value is { } one ? one.Split(',') : section.GetChildren().Select(child => child.Value ?? ""))
        .Select(text => text.Trim()).Where(text => text.Length > 0);
}
