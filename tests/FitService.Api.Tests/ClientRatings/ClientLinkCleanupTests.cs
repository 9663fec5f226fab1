using Dapper;
using FitService.Api.ClientRatings;
using FitService.Api.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace FitService.Api.Tests.ClientRatings;

/// <summary>
/// Links expired more than ClientLinks:KeepDays ago are removed from client_links, in PostgreSQL, to the second; newer
/// ones (used or not) stay, and the access log keeps its lines about them.
/// </summary>
public class ClientLinkCleanupTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task LinksExpiredMoreThanKeepDaysAgoAreRemovedAndNewerOnesStay()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var codes = new List<string>();
        for (var i = 0; i < 4; i++) codes.Add((string)(await ClientLinksTests.LinkAsync(http, episode, "outcome"))["code"]!);
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var before = now.AddDays(-30).UtcDateTime;
        // 30 days and a second before now: removed; exactly 30 days: kept (the cut is "more than"); 29 days; not yet expired.
        var expiries = new[] { before.AddSeconds(-1), before, now.AddDays(-29).UtcDateTime, now.AddMinutes(10).UtcDateTime };
        await using var db = await Factory.OpenAsync();
        for (var i = 0; i < codes.Count; i++)
            Assert.Equal(1, await db.ExecuteAsync("update client_links set expires_at = @at where code_hash = @hash",
                new { at = expiries[i], hash = ClientLinkCode.Hash(codes[i]) }));
        var logged = await db.ExecuteScalarAsync<long>("select count(*) from access_log where episode_id = @episode and action = 'client-link.create'", new { episode });

        Assert.Equal(1, await ClientLinkCleanup.DeleteExpiredAsync(db, now, 30));

        var left = (await db.QueryAsync<byte[]>("select code_hash from client_links where episode_id = @episode", new { episode }))
            .Select(Convert.ToHexString).Order().ToList();
        Assert.Equal(codes.Skip(1).Select(c => Convert.ToHexString(ClientLinkCode.Hash(c))).Order().ToList(), left);
        Assert.Equal(logged, await db.ExecuteScalarAsync<long>("select count(*) from access_log where episode_id = @episode and action = 'client-link.create'", new { episode }));
        Assert.Equal(4, logged);
        // Run again: nothing more to remove; with KeepDays 1, all but the one still open go.
        Assert.Equal(0, await ClientLinkCleanup.DeleteExpiredAsync(db, now, 30));
        Assert.Equal(2, await ClientLinkCleanup.DeleteExpiredAsync(db, now, 1));
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("select count(*) from client_links where episode_id = @episode", new { episode }));
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("1", 1)]
    [InlineData("3650", 3650)]
    public void KeepDaysIsASettingWithADefaultOf30(string? value, int expected) =>
        Assert.Equal(expected, ClientLinkSettings.From(Settings(value)).KeepDays);

    [Theory]
    [InlineData("0")]
    [InlineData("3651")]
    [InlineData("-5")]
    public void AKeepDaysOutOfRangeStopsTheServiceAtStartUp(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => ClientLinkSettings.From(Settings(value)));
        Assert.Contains("ClientLinks:KeepDays", e.Message);
    }

    static IConfiguration Settings(string? keepDays) => new ConfigurationBuilder()
        .AddInMemoryCollection(keepDays is null ? [] : [new("ClientLinks:KeepDays", keepDays)]).Build();
}
