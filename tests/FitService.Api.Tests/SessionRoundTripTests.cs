using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>The service on its own database, talking to PostgreSQL through a proxy that counts round trips.</summary>
public sealed class CountedFactory : FitServiceFactory
{
    CountingProxy? proxy;
    public CountingProxy Proxy => proxy ?? throw new InvalidOperationException("Not started.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var direct = new NpgsqlConnectionStringBuilder(ConnectionString);
        proxy = new CountingProxy(direct.Host!, direct.Port);
        builder.UseSetting("ConnectionStrings:FitService",
            new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (proxy is not null) await proxy.DisposeAsync();
    }
}

// The write path's budget: the idempotency claim with the episode's context, the batch (session, revision, items,
// assessments, summary, trajectory status, alerts, access log), and the idempotency completion with the commit.
public class SessionRoundTripTests(CountedFactory factory) : IClassFixture<CountedFactory>
{
    const int RoundTripsPerRecordedSession = 3;
    readonly Clinic clinic = new(factory);

    async Task<int> RoundTripsOfAsync(Func<Task<HttpResponseMessage>> request, HttpStatusCode expected)
    {
        factory.Proxy.Reset();
        var response = await request();
        Assert.True(expected == response.StatusCode, await response.Content.ReadAsStringAsync());
        return factory.Proxy.RoundTrips;
    }

    [Fact]
    public async Task RecordingASessionTakesThreeRoundTripsWhateverItRaises()
    {
        var (http, _, episode) = await clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m), Srs(9.5m, 9.5m, 9.5m, 9.5m)); // warms the pool and the instruments

        // Session 2: no alert. Session 3: no improvement, a low alliance item and a drop (three alerts raised).
        // Session 4: the same conditions kept, one cleared.
        Assert.Equal(RoundTripsPerRecordedSession, await RoundTripsOfAsync(() => PostSessionAsync(http, episode,
            new { date = "2025-01-13", outcome = OrsTotal(16m), alliance = Srs(9.5m, 9.5m, 9.5m, 9.5m) }), HttpStatusCode.Created));
        Assert.Equal(RoundTripsPerRecordedSession, await RoundTripsOfAsync(() => PostSessionAsync(http, episode,
            new { date = "2025-01-20", outcome = OrsTotal(16m), alliance = Srs(9.5m, 8.0m, 9.5m, 9.5m) }), HttpStatusCode.Created));
        Assert.Equal(RoundTripsPerRecordedSession, await RoundTripsOfAsync(() => PostSessionAsync(http, episode,
            new { date = "2025-01-27", outcome = OrsTotal(16m), alliance = Srs(9.5m, 9.5m, 9.5m, 9.5m) }), HttpStatusCode.Created));
    }

    [Fact]
    public async Task CorrectingASessionTakesTheSameRoundTripsWithOrWithoutAKey()
    {
        var (http, _, episode) = await clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m));
        await SessionAsync(http, episode, "2025-01-13", OrsTotal(21m));

        Assert.Equal(RoundTripsPerRecordedSession, await RoundTripsOfAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/episodes/{episode}/sessions/1")
            {
                Content = JsonContent.Create(new { date = "2025-01-06", outcome = OrsTotal(18m) }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            return http.SendAsync(request);
        }, HttpStatusCode.OK));
        // No key to claim or complete: the context, the batch and the commit, one round trip each as well.
        Assert.Equal(RoundTripsPerRecordedSession, await RoundTripsOfAsync(() => http.PutAsJsonAsync(
            $"/api/v1/episodes/{episode}/sessions/2", new { date = "2025-01-13", outcome = OrsTotal(22m) }), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AChangedInstrumentCostsOneRoundTripMoreOnce()
    {
        var (http, _, episode) = await clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(15m));
        var code = $"T{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var created = await clinic.Admin.PostAsJsonAsync("/api/v1/instruments", new
        {
            code, name = "Test-instrument", kind = "outcome", higherIsBetter = true, reliableChangeThreshold = 5,
            items = new[] { new { key = "a", min = 0, max = 10 } }, cutoffs = new[] { new { minAge = 0, maxAge = 130, cutoff = 5 } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Equal(RoundTripsPerRecordedSession + 1, await RoundTripsOfAsync(() => PostSessionAsync(http, episode,
            new { date = "2025-01-13", outcome = OrsTotal(16m) }), HttpStatusCode.Created));
        Assert.Equal(RoundTripsPerRecordedSession, await RoundTripsOfAsync(() => PostSessionAsync(http, episode,
            new { date = "2025-01-20", outcome = OrsTotal(16m) }), HttpStatusCode.Created));
    }
}
