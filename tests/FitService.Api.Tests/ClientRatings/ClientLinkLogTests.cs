using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;

namespace FitService.Api.Tests.ClientRatings;

/// <summary>A link's code works for whoever holds it, so it never goes into a log line.</summary>
public class ClientLinkLogTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public async Task NoLogLineCarriesALinksCode()
    {
        var (http, _, episode) = await new Clinic(factory).AdultEpisodeAsync();
        var code = (string)(await ClientLinksTests.LinkAsync(http, episode, "outcome"))["code"]!;
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/client-ratings/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync($"/api/v1/client-ratings/{code}",
            new { items = new { individually = 5, interpersonally = 5, socially = 5, overall = 5 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync($"/api/v1/client-ratings/{code}")).StatusCode);

        var text = string.Join("\n", factory.Events.SelectMany(e => e.Properties.Select(p => p.Value.ToString()))
            .Concat(factory.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.DoesNotContain(code, text);
        Assert.Contains("/api/v1/client-ratings/{code}", text); // the requests were logged, without the code
    }
}
