using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using FitService.Statistics.Reporting;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// The collateral section is read from a summary the collateral record and correction keep (migration 0170), not from the
/// ratings. Ratings are recorded, corrected and recorded again through the API, record keys are redrawn after the summary
/// exists, and after each step every row of the section must equal, to the last digit, its definition worked out here
/// from the ratings put in: per episode the mean total at its first and at its last rated session, per group the count,
/// the distinct clients and the sums, perturbed by the group's cell key (docs/reports.md, "Collateral ratings").
/// </summary>
public class ReportCollateralRecomputedTests(FitServiceFactory factory) : ApiTest(factory)
{
    // The collateral table's fingerprint seed (CollateralTable): part of its definition.
    const ulong CollateralFigures = 0x510E527FADE682D1UL;

    sealed record Planned(string Client, string Department, string StartedOn);

    sealed record Episode(Guid Id, Guid Client, string Department, DateOnly StartedOn);

    [Fact]
    public async Task EveryRowOfTheSectionEqualsItsDefinitionOverTheRatingsAfterRecordsCorrectionsAndNewRecords()
    {
        var (d1, d2) = (await Clinic.DepartmentAsync(), await Clinic.DepartmentAsync());
        var http = Factory.As("clinician", d1, d2);
        // 2011, by department and quarter: every non-empty cell has 5 or more rated episodes and clients. c1 has two episodes in
        // d1's first quarter, c2 one in each of d1's quarters, c3 one in each department in the first quarter, so the cells,
        // the department totals and the quarter totals each count some client once for two episodes. e11 is never rated.
        List<Planned> plan =
        [
            new("c1", d1, "2011-01-03"), new("c2", d1, "2011-01-10"), new("c3", d1, "2011-01-17"), new("c4", d1, "2011-01-24"),
            new("c5", d1, "2011-01-31"), new("c1", d1, "2011-03-07"),
            new("c6", d1, "2011-04-04"), new("c7", d1, "2011-04-11"), new("c8", d1, "2011-04-18"), new("c9", d1, "2011-04-25"),
            new("c10", d1, "2011-05-02"), new("c2", d1, "2011-05-09"),
            new("e1", d2, "2011-01-03"), new("e2", d2, "2011-01-10"), new("e3", d2, "2011-01-17"), new("e4", d2, "2011-01-24"),
            new("e5", d2, "2011-01-31"), new("c3", d2, "2011-02-14"),
            new("e6", d2, "2011-04-04"), new("e7", d2, "2011-04-11"), new("e8", d2, "2011-04-18"), new("e9", d2, "2011-04-25"),
            new("e10", d2, "2011-05-02"), new("e11", d2, "2011-05-09"),
        ];
        var clients = new Dictionary<string, Guid>();
        var episodes = new List<Episode>();
        foreach (var p in plan)
        {
            if (!clients.TryGetValue(p.Client, out var client))
                clients[p.Client] = client = await Clinic.ClientAsync(http, p.Client.StartsWith('c') ? d1 : d2, birthYear: 1985);
            var id = await Clinic.EpisodeAsync(http, client, p.Department, p.StartedOn);
            var start = DateOnly.Parse(p.StartedOn);
            for (var s = 0; s < 3; s++)
                await SessionAsync(http, id, start.AddDays(7 * s).ToString("yyyy-MM-dd"), OrsTotal(18m + s), Srs(9.5m, 9.5m, 9.0m, 9.2m));
            var closed = await http.PostAsJsonAsync($"/api/v1/episodes/{id}/close",
                new { endedOn = start.AddDays(21).ToString("yyyy-MM-dd"), endReason = "planned" });
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
            episodes.Add(new Episode(id, client, p.Department, start));
        }
        var rated = episodes.Where(e => e.Id != episodes[^1].Id).ToList();

        // The ratings as they stand: episode → (session, relation) → total.
        var ratings = episodes.ToDictionary(e => e.Id, _ => new Dictionary<(int Session, string Relation), decimal>());
        async Task Record(Guid episode, int session, string relation, decimal total)
        {
            var body = JsonSerializer.SerializeToNode(OrsTotal(total))!.AsObject();
            body["sessionNumber"] = session;
            body["relation"] = relation;
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var response = await http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            ratings[episode].Add((session, relation), total);
        }
        async Task Correct(Guid episode, int session, string relation, decimal total)
        {
            var response = await http.PutAsJsonAsync($"/api/v1/episodes/{episode}/collateral-ratings/{session}/{relation}", OrsTotal(total));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            Assert.True(ratings[episode].ContainsKey((session, relation)));
            ratings[episode][(session, relation)] = total;
        }

        // Recorded: a parent at the first session of every episode, with a teacher at every other one; a parent at the second
        // session of every third episode.
        for (var i = 0; i < rated.Count; i++)
        {
            await Record(rated[i].Id, 1, "parent", 10m + i * 0.5m);
            if (i % 2 == 0) await Record(rated[i].Id, 1, "teacher", 30m - i * 0.5m);
            if (i % 3 == 0) await Record(rated[i].Id, 2, "parent", 15m + i);
        }
        await SectionIsItsDefinitionAsync(d1, d2, episodes, ratings);

        // Record keys redrawn from a seed after the summary exists (as the disclosure tests do): the section follows them.
        await using (var owner = await Factory.OpenAsOwnerAsync())
        {
            var random = new Random(2011);
            foreach (var e in episodes)
                await owner.ExecuteAsync("update episodes set record_key = @key where id = @id",
                    new { key = random.NextInt64(long.MinValue, long.MaxValue), id = e.Id });
        }
        await SectionIsItsDefinitionAsync(d1, d2, episodes, ratings);

        // Corrected: the first session's parent of every odd episode, the second session's parent where there is one.
        for (var i = 0; i < rated.Count; i++)
        {
            if (i % 2 == 1) await Correct(rated[i].Id, 1, "parent", 25m - i * 0.5m);
            if (i % 3 == 0) await Correct(rated[i].Id, 2, "parent", 40m - i);
        }
        await SectionIsItsDefinitionAsync(d1, d2, episodes, ratings);

        // Recorded again: a partner at the third session of every other episode (a new last session), another rater at the first
        // session of every fourth (a new first mean), and a correction of a rating that is neither first nor last any more.
        for (var i = 0; i < rated.Count; i++)
        {
            if (i % 2 == 0) await Record(rated[i].Id, 3, "partner", 5m + i);
            if (i % 4 == 1) await Record(rated[i].Id, 1, "other", 35.5m - i);
        }
        await Correct(rated[0].Id, 2, "parent", 1.5m);
        await SectionIsItsDefinitionAsync(d1, d2, episodes, ratings);
    }

    async Task SectionIsItsDefinitionAsync(string d1, string d2, List<Episode> episodes,
        Dictionary<Guid, Dictionary<(int Session, string Relation), decimal>> ratings)
    {
        Dictionary<Guid, long> keys;
        await using (var connection = await Factory.OpenAsync())
            keys = (await connection.QueryAsync<(Guid Id, long Key)>("select id, record_key from episodes")).ToDictionary(r => r.Id, r => r.Key);
        var response = await Factory.As("evaluator").GetAsync("/api/v1/reports/outcomes?from=2011-01&to=2011-12&groupBy=department,quarter");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await Json(response))["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        // 2 departments × 4 quarters, 2 department totals, 4 quarter totals and the total, none of them hidden.
        Assert.Equal(15, rows.Count);
        foreach (var row in rows)
        {
            Assert.False((bool)row["suppressed"]!, row.ToJsonString());
            var (department, period) = ((string?)row["department"], (string?)row["period"]);
            var members = episodes.Where(e => ratings[e.Id].Count > 0 && (department is null || e.Department == department)
                && (period is null || ReportPeriods.Label(ReportPeriods.MonthNumber(e.StartedOn), PeriodLength.Quarter) == period)).ToList();
            if (members.Count == 0)
            {
                Assert.True(period is "2011Q3" or "2011Q4", row.ToJsonString());
                Assert.Equal(0, (long)row["episodes"]!);
                Assert.Null(row["meanFirst"]);
                Assert.Null(row["meanLast"]);
                continue;
            }
            // Per episode: the mean total at its first and at its last session with a rating, over the relations that rated it.
            decimal Mean(Guid episode, bool first)
            {
                var session = first ? ratings[episode].Keys.Min(k => k.Session) : ratings[episode].Keys.Max(k => k.Session);
                var totals = ratings[episode].Where(r => r.Key.Session == session).Select(r => r.Value).ToList();
                return totals.Sum() / totals.Count;
            }
            long n = members.Count, distinctClients = members.Select(e => e.Client).Distinct().Count();
            decimal sumFirst = members.Sum(e => Mean(e.Id, true)), sumLast = members.Sum(e => Mean(e.Id, false));
            var noise = new CellNoise(CellKey.Of(members.Select(e => keys[e.Id])),
                CellKeyPerturbation.Fingerprint(CollateralFigures, [distinctClients, n], [sumFirst, sumLast]));
            Assert.Equal(noise.Count(n), (long)row["episodes"]!);
            Assert.Equal(noise.Mean((double)(sumFirst / n), n), (double)row["meanFirst"]!);
            Assert.Equal(noise.Mean((double)(sumLast / n), n), (double)row["meanLast"]!);
        }
        // The groups the plan made to count some client once for two episodes are there.
        Assert.Contains(rows, r => (string?)r["department"] == d1 && (string?)r["period"] == "2011Q1");
        Assert.Contains(rows, r => (string?)r["department"] == d2 && r["period"] is null);
    }
}
