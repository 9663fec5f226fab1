using Dapper;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace FitService.Api.Tests;

/// <summary>The service with the synthetic demo set loaded, as scripts/run starts it.</summary>
public sealed class DemoFactory : FitServiceFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Seed", "true");
    }
}

// The demo set is recorded through the same evaluation and batch as a recorded session, so its summaries, assessments,
// trajectory statuses and alerts must agree with its sessions exactly as a clinician's would.
public class DemoDataTests(DemoFactory factory) : IClassFixture<DemoFactory>
{
    [Fact]
    public async Task TheDemoSetIsRecordedThroughTheSessionWrite()
    {
        await using var db = await factory.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (await db.ExecuteScalarAsync<long>("select count(*) from episodes where created_by = 'demo-seed'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The demo set was not loaded within two minutes.");
            await Task.Delay(250);
        }

        Assert.Equal(150, await db.ExecuteScalarAsync<long>("select count(*) from episodes where created_by = 'demo-seed'"));
        const string disagreeing = """
            select count(*) from episodes e
            where e.created_by = 'demo-seed' and (
                e.session_count <> (select count(*) from sessions s where s.episode_id = e.id)
                or e.intake_outcome <> (select outcome_total from sessions s where s.episode_id = e.id and s.number = 1)
                or e.last_outcome <> (select outcome_total from sessions s where s.episode_id = e.id and s.number = e.session_count)
                or e.alliance_count <> (select count(alliance_total) from sessions s where s.episode_id = e.id)
                or not exists (select 1 from episode_trajectories t where t.episode_id = e.id and t.session_number = e.session_count))
            """;
        Assert.Equal(0, await db.ExecuteScalarAsync<long>(disagreeing));
        const string unassessed = """
            select count(*) from sessions s join episodes e on e.id = s.episode_id
            where e.created_by = 'demo-seed' and (s.change_from_intake is null or (s.number > 1) <> (s.reliable_change is not null))
            """;
        Assert.Equal(0, await db.ExecuteScalarAsync<long>(unassessed));
        // Every fifth client has a weak alliance: alliance alerts were raised for them.
        Assert.True(await db.ExecuteScalarAsync<long>(
            "select count(*) from alerts where kind = 'allianceBelowCutoff' and raised_by = 'demo-seed'") >= 10);
        // Some adolescents' parents rated too, each rating beside a recorded session of the client's.
        Assert.True(await db.ExecuteScalarAsync<long>("""
            select count(*) from collateral_ratings c join episodes e on e.id = c.episode_id
            where e.created_by = 'demo-seed' and c.relation = 'parent'
              and exists (select 1 from sessions s where s.episode_id = c.episode_id and s.number = c.session_number)
            """) >= 10);
    }
}
