using System.Net;
using System.Net.Http.Json;
using FitService.Api.ClientRatings;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.ClientRatings;

/// <summary>The service with links that live one second and a limit of a few anonymous requests a minute.</summary>
public sealed class ShortLinkFactory : FitServiceFactory
{
    public const int RequestsPerMinute = 4;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ClientLinks:Lifetime", "00:00:01");
        builder.UseSetting("ClientLinks:RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

// One test: the expiry and the limit share the anonymous callers' allowance (all from one address here).
public class ClientLinkLimitsTests(ShortLinkFactory factory) : IClassFixture<ShortLinkFactory>
{
    [Fact]
    public async Task AnExpiredLinkAnswers410AndTheAnonymousEndpointsAreLimitedPerAddress()
    {
        var clinic = new Clinic(factory);
        var (http, _, episode) = await clinic.AdultEpisodeAsync();
        var link = await ClientLinksTests.LinkAsync(http, episode, "outcome");
        var anonymous = factory.CreateClient();

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var expired = await anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{link["code"]}",
            new { items = new { individually = 5, interpersonally = 5, socially = 5, overall = 5 } });
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync($"/api/v1/client-ratings/{link["code"]}")).StatusCode);
        Assert.Equal(0, (int)(await Json(await http.GetAsync($"/api/v1/episodes/{episode}")))["sessionCount"]!);

        for (var i = 2; i < ShortLinkFactory.RequestsPerMinute; i++)
            Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync($"/api/v1/client-ratings/{ClientLinkCode.New()}")).StatusCode);
        var limited = await anonymous.GetAsync($"/api/v1/client-ratings/{ClientLinkCode.New()}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        // Signed-in work is not held up by the anonymous allowance.
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" })).StatusCode);
    }
}
