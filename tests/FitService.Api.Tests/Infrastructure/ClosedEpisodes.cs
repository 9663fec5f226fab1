using Dapper;

namespace FitService.Api.Tests.Infrastructure;

/// <summary>
/// Closed ORS episodes arranged directly in the database: calibration needs hundreds of them, and through the API
/// that would be thousands of requests. They fill the same columns the API writes (client, episode summary,
/// sessions by number); the calibration reads only those.
/// </summary>
public static class ClosedEpisodes
{
    public static async Task InsertAsync(FitServiceFactory factory, string department, IReadOnlyList<IReadOnlyList<double>> episodes,
        int birthYear = 1990)
    {
        await using var db = await factory.OpenAsync();
        await using var transaction = await db.BeginTransactionAsync();
        var start = new DateOnly(2024, 1, 8);
        foreach (var chunk in episodes.Chunk(500))
        {
            var clientIds = chunk.Select(_ => Guid.NewGuid()).ToArray();
            var episodeIds = chunk.Select(_ => Guid.NewGuid()).ToArray();
            await db.ExecuteAsync("""
                insert into clients (id, pseudonym, birth_year, department_code, created_by)
                select id, 'Test-Hare-' || left(replace(id::text, '-', ''), 12), @birthYear, @department, 'test-seed'
                from unnest(@clientIds::uuid[]) id
                """, new { clientIds, birthYear, department }, transaction);
            await db.ExecuteAsync("""
                insert into episodes (id, client_id, department_code, outcome_instrument, alliance_instrument, started_on, age_at_start,
                    ended_on, end_reason, created_by, session_count, intake_outcome, last_outcome)
                select e, c, @department, 'ORS', 'SRS', @start, @age, @start::date + 7 * n, 'planned', 'test-seed', n, intake, last
                from unnest(@episodeIds::uuid[], @clientIds::uuid[], @counts::int[], @intakes::numeric[], @lasts::numeric[])
                     as t(e, c, n, intake, last)
                """, new
            {
                episodeIds, clientIds, department, start, age = start.Year - birthYear,
                counts = chunk.Select(e => e.Count).ToArray(),
                intakes = chunk.Select(e => (decimal)e[0]).ToArray(),
                lasts = chunk.Select(e => (decimal)e[^1]).ToArray(),
            }, transaction);
            var sessions = chunk.SelectMany((e, i) => e.Select((score, n) => (Episode: episodeIds[i], Number: n + 1, Score: score))).ToList();
            await db.ExecuteAsync("""
                insert into sessions (episode_id, number, held_on, outcome_total)
                select e, n, @start::date + 7 * (n - 1), s from unnest(@episodes::uuid[], @numbers::int[], @scores::numeric[]) as t(e, n, s)
                """, new
            {
                start,
                episodes = sessions.Select(s => s.Episode).ToArray(),
                numbers = sessions.Select(s => s.Number).ToArray(),
                scores = sessions.Select(s => (decimal)s.Score).ToArray(),
            }, transaction);
        }
        await transaction.CommitAsync();
    }
}
