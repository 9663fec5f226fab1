using Dapper;
using Npgsql;

namespace FitService.Benchmarks;

/// <summary>
/// What the outcomes report reads besides the episodes, added after the clinic is loaded (so a database loaded by an
/// earlier version of the benchmark gets them too): collateral ratings for the report's collateral section, and
/// department goals for the goals report. Both set-based in SQL; the ratings follow the client's own scores.
/// </summary>
public static class SyntheticExtras
{
    /// <summary>The half-years that have goals: every half-year the generator's episodes start in.</summary>
    public static readonly string[] HalfYears = [.. Enumerable.Range(2019, 8).SelectMany(y => new[] { $"{y}H1", $"{y}H2" })];

    public static async Task LoadAsync(NpgsqlConnection connection, Action<string> progress)
    {
        if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from collateral_ratings)"))
        {
            // A parent at every session of an adolescent's episode, a partner at every session of one adult episode in
            // twenty: the client's total moved by up to ±3 points, a fixed function of the session (hashtext).
            var rows = await connection.ExecuteAsync("""
                insert into collateral_ratings (id, episode_id, session_number, relation, instrument_code, total)
                select gen_random_uuid(), s.episode_id, s.number, case when e.age_at_start < 18 then 'parent' else 'partner' end, 'ORS',
                       least(40, greatest(0, round(s.outcome_total + ((hashtext(s.id::text) & 63) - 31) / 10.0, 1)))
                from sessions s join episodes e on e.id = s.episode_id
                where e.age_at_start < 18 or (hashtext(e.id::text) & 1023) < 51
                """, commandTimeout: 0);
            // The report's summary of the rated episodes, as the service's record would have kept it (migration 0170).
            await connection.ExecuteAsync("select refresh_episode_collateral(null)", commandTimeout: 0);
            await connection.ExecuteAsync("vacuum analyze collateral_ratings, episode_collateral", commandTimeout: 0);
            progress($"{rows:N0} collateral ratings");
        }
        if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from department_goals)"))
        {
            // Two goals per department and half-year, as a department would set them (docs/reports.md, "Department goals").
            var rows = await connection.ExecuteAsync("""
                insert into department_goals (department_code, half_year, metric, target, direction, description, created_by)
                select d.code, h, g.metric, g.target, g.direction, 'Syntetisk mål / synthetic goal', 'synthetic'
                from departments d cross join unnest(@HalfYears) as h
                     cross join (values ('reliablyImproved', 0.5, 'atLeast'), ('dropout', 0.15, 'atMost')) as g (metric, target, direction)
                """, new { HalfYears });
            progress($"{rows:N0} department goals");
        }
    }
}
