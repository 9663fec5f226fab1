using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Fuzz;

/// <summary>
/// A session that keeps an alert live and a supervisor acknowledging or resolving that alert, at the same moment: both
/// lock the alert's row and the client's access-log chain, and must take them in the same order. The session write once
/// took the chain first and the two deadlocked (40P01, answered 503); the fuzz suite found it.
/// </summary>
public class ConcurrentAlertWriteTests(FuzzServiceFactory factory) : IClassFixture<FuzzServiceFactory>
{
    const int Rounds = 25;
    readonly Clinic clinic = new(factory);

    [Fact]
    public async Task ASessionAndAnAlertTransitionAtOnceNeverDeadlock()
    {
        var (http, department, episode) = await clinic.AdultEpisodeAsync();
        var supervisor = factory.As("supervisor", department);
        await SessionAsync(http, episode, "2025-01-06", OrsTotal(30));
        var statuses = new List<(HttpStatusCode Session, HttpStatusCode Transition)>();
        for (var round = 0; round < Rounds; round++)
        {
            // Every session stays reliably below the intake: the reliable-deterioration alert is held (or raised anew).
            var held = await SessionAsync(http, episode, "2025-01-13", OrsTotal(12 + round % 3 * 0.1m));
            var alert = held["alerts"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).First();
            var transition = supervisor.PostAsJsonAsync($"/api/v1/alerts/{alert}/{(round % 2 == 0 ? "acknowledge" : "resolve")}", new { note = "Fuzz" });
            var session = PostSessionAsync(http, episode, new { date = "2025-01-13", outcome = OrsTotal(11.5m) });
            await Task.WhenAll(transition, session);
            statuses.Add(((await session).StatusCode, (await transition).StatusCode));
        }
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s.Session));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s.Transition));
    }
}
