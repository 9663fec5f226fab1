using System.Net;
using FitService.Api.ClientRatings;
using FitService.Api.Infrastructure;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FitService.Api.Tests;

/// <summary>
/// The real service on a loopback port (Kestrel, so requests have a remote address) with a small allowance for the
/// anonymous client-rating endpoints; <see cref="ProxiedFactory"/> names loopback as its reverse proxy.
/// </summary>
public class LoopbackLimitFactory : FitServiceFactory
{
    public const int RequestsPerMinute = 3;

    public LoopbackLimitFactory() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ClientLinks:RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public HttpClient Loopback() => new()
    {
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1")),
    };
}

public sealed class ProxiedFactory : LoopbackLimitFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForwardedHeaders:KnownProxies", "127.0.0.1, ::1");
    }
}

static class Forwarded
{
    // Addresses from the documentation ranges (RFC 5737), not anyone's.
    public const string ClientOne = "203.0.113.5";
    public const string ClientTwo = "203.0.113.6";

    public static Task<HttpResponseMessage> LookUpAsync(HttpClient http, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/client-ratings/{ClientLinkCode.New()}");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> OverHttpsAsync(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = "fit.kommune.example";
        request.Headers.Add("X-Forwarded-Proto", "https");
        return http.SendAsync(request);
    }
}

// Behind the proxy the service names, each client has its own allowance and HTTPS is the client's.
public class ProxyHeadersTests(ProxiedFactory factory) : IClassFixture<ProxiedFactory>
{
    [Fact]
    public async Task EachForwardedClientHasItsOwnAllowanceOnTheAnonymousEndpoints()
    {
        using var http = factory.Loopback();
        for (var i = 0; i < LoopbackLimitFactory.RequestsPerMinute; i++)
            Assert.Equal(HttpStatusCode.Gone, (await Forwarded.LookUpAsync(http, Forwarded.ClientOne)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Forwarded.LookUpAsync(http, Forwarded.ClientOne)).StatusCode);

        // Another phone behind the same proxy is not held up by the first one's requests.
        Assert.Equal(HttpStatusCode.Gone, (await Forwarded.LookUpAsync(http, Forwarded.ClientTwo)).StatusCode);
        // Only one hop is believed: a client that writes its own header before the proxy's is counted by the proxy's entry.
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await Forwarded.LookUpAsync(http, $"198.51.100.77, {Forwarded.ClientOne}")).StatusCode);
    }

    [Fact]
    public async Task HttpsAtTheProxyGetsHsts()
    {
        using var http = factory.Loopback();
        var response = await Forwarded.OverHttpsAsync(http);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Theory]
    [InlineData("KnownProxies", "not-an-address", "ForwardedHeaders:KnownProxies")]
    [InlineData("KnownNetworks", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks")]
    public void AMistypedProxySettingStopsTheStartNamingIt(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ForwardedHeaders:{key}"] = value }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => ProxyHeaders.Options(configuration));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void ProxiesAndNetworksAreReadAsAListOrOneCommaSeparatedValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "10.1.2.3",
            ["ForwardedHeaders:KnownProxies:1"] = "10.1.2.4",
            ["ForwardedHeaders:KnownNetworks"] = "192.168.10.0/24, fd00::/8",
        }).Build();
        var options = ProxyHeaders.Options(configuration)!;
        Assert.Equal(["10.1.2.3", "10.1.2.4"], options.KnownProxies.Select(a => a.ToString()));
        Assert.Equal(["192.168.10.0/24", "fd00::/8"], options.KnownIPNetworks.Select(n => n.ToString()));
        Assert.Null(ProxyHeaders.Options(new ConfigurationBuilder().Build()));
    }
}

// Without a named proxy the headers are the caller's own words and change nothing.
public class UnproxiedHeadersTests(LoopbackLimitFactory factory) : IClassFixture<LoopbackLimitFactory>
{
    [Fact]
    public async Task AForgedForwardedForDoesNotBuyAFreshAllowance()
    {
        using var http = factory.Loopback();
        for (var i = 0; i < LoopbackLimitFactory.RequestsPerMinute; i++)
            Assert.Equal(HttpStatusCode.Gone, (await Forwarded.LookUpAsync(http, $"203.0.113.{10 + i}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Forwarded.LookUpAsync(http, Forwarded.ClientTwo)).StatusCode);
    }

    [Fact]
    public async Task AForgedForwardedProtoGetsNoHsts()
    {
        using var http = factory.Loopback();
        var response = await Forwarded.OverHttpsAsync(http);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
