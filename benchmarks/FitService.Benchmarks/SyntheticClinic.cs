using Dapper;
using FitService.Statistics;
using Npgsql;
using NpgsqlTypes;

namespace FitService.Benchmarks;

/// <summary>
/// Loads a synthetic clinic with PostgreSQL COPY (binary): departments, clients with obviously fake pseudonyms
/// ("Test-Hare-123"), episodes with their outcome summary, sessions with the assessment the service stores, and each
/// episode's status against the expected trajectory (<see cref="SyntheticTrajectories"/>).
/// Session revisions and item values are not generated: reports never read them. Episodes are generated three times
/// (for the episodes, the sessions and the statuses), which determinism makes identical.
/// </summary>
public static class SyntheticClinic
{
    public const decimal AllianceCutoff = 36m;
    public static readonly string[] Departments = ["SYN-1", "SYN-2", "SYN-3", "SYN-4", "SYN-5", "SYN-6", "SYN-7", "SYN-8"];

    /// <summary>From this many episodes on, the previous-episode links are set in one pass after COPY.</summary>
    public const int BulkLinkFrom = 10_000;

    public static int ClientCount(int episodes) => Math.Max(1, episodes * 4 / 5);

    /// <summary>Loads <paramref name="episodes"/> episodes (of about 0.8 as many clients unless given); returns the number of sessions written.</summary>
    public static async Task<long> LoadAsync(NpgsqlConnection connection, int episodes, int seed, Action<string>? progress = null,
        int? clientCount = null)
    {
        var clients = clientCount ?? ClientCount(episodes);
        await connection.ExecuteAsync("""
            insert into departments (code, name) select code, 'Syntetisk avdeling ' || code from unnest(@Departments) as code
            on conflict do nothing
            """, new { Departments });

        // Client i belongs to department i mod 8, where most of its episodes are.
        var clientIds = new Guid[clients];
        var idRandom = new Random(seed);
        for (var i = 0; i < clients; i++) clientIds[i] = SyntheticEpisodes.NewGuid(idRandom);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy clients (id, pseudonym, birth_year, department_code, created_by) from stdin (format binary)"))
        {
            for (var i = 0; i < clients; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(clientIds[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync($"Test-Hare-{seed}-{i}", NpgsqlDbType.Text);
                await copy.WriteAsync(SyntheticEpisodes.ClientBirthYear(seed, i), NpgsqlDbType.Integer);
                await copy.WriteAsync(Departments[i % Departments.Length], NpgsqlDbType.Text);
                await copy.WriteAsync("synthetic", NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        progress?.Invoke($"{clients:N0} clients");

        // Small loads go through the insert trigger that links each client's episodes (as the API's inserts do);
        // large ones switch it off and link every client in one set-based pass afterwards.
        var bulk = episodes >= BulkLinkFrom;
        if (bulk) await connection.ExecuteAsync("alter table episodes disable trigger episodes_link_previous");
        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy episodes (id, client_id, department_code, outcome_instrument, alliance_instrument, started_on, age_at_start,
                ended_on, end_reason, created_by, session_count, intake_outcome, last_outcome, last_session_on, reliable_change,
                category, intake_clinical, intake_alliance, alliance_count, alliance_below_cutoff, trajectory_on_track)
                from stdin (format binary)
            """))
        {
            for (var i = 0; i < episodes; i++)
            {
                var e = SyntheticEpisodes.Generate(seed, i, clients, Departments);
                await copy.StartRowAsync();
                await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(clientIds[e.ClientIndex], NpgsqlDbType.Uuid);
                await copy.WriteAsync(e.Department, NpgsqlDbType.Text);
                await copy.WriteAsync("ORS", NpgsqlDbType.Text);
                await copy.WriteAsync("SRS", NpgsqlDbType.Text);
                await copy.WriteAsync(e.StartedOn, NpgsqlDbType.Date);
                await copy.WriteAsync(e.AgeAtStart, NpgsqlDbType.Integer);
                await WriteNullable(copy, e.EndedOn, NpgsqlDbType.Date);
                await WriteNullable(copy, e.EndReason, NpgsqlDbType.Text);
                await copy.WriteAsync("synthetic", NpgsqlDbType.Text);
                await copy.WriteAsync(e.Sessions.Count, NpgsqlDbType.Integer);
                await WriteNullable(copy, e.Intake?.Outcome, NpgsqlDbType.Numeric);
                await WriteNullable(copy, e.Last?.Outcome, NpgsqlDbType.Numeric);
                await WriteNullable(copy, e.Last?.HeldOn, NpgsqlDbType.Date);
                await WriteNullable(copy, Name(e.Last?.Reliable), NpgsqlDbType.Text);
                await WriteNullable(copy, Name(e.Last?.Category), NpgsqlDbType.Text);
                await WriteNullable(copy, e.Intake is { } first ? first.Range == ClinicalRange.Clinical : (bool?)null, NpgsqlDbType.Boolean);
                await WriteNullable(copy, e.IntakeAlliance, NpgsqlDbType.Numeric);
                await copy.WriteAsync(e.AllianceCount, NpgsqlDbType.Integer);
                await copy.WriteAsync(e.AllianceBelowCutoff, NpgsqlDbType.Integer);
                await WriteNullable(copy, SyntheticTrajectories.Of(e) is { Method: TrajectoryMethod.QuantileRegression } t
                    ? t.Status == TrajectoryStatus.Green : (bool?)null, NpgsqlDbType.Boolean);
                if (i % 100_000 == 99_999) progress?.Invoke($"{i + 1:N0} episodes");
            }
            await copy.CompleteAsync();
        }
        if (bulk)
        {
            await connection.ExecuteAsync("select link_previous_episodes(null)", commandTimeout: 0);
            await connection.ExecuteAsync("alter table episodes enable trigger episodes_link_previous");
            progress?.Invoke("linked each client's episodes");
        }

        long sessions = 0;
        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy sessions (id, episode_id, number, revision, held_on, outcome_total, alliance_total, change_from_intake,
                reliable_change, category, clinical_range) from stdin (format binary)
            """))
        {
            for (var i = 0; i < episodes; i++)
            {
                var e = SyntheticEpisodes.Generate(seed, i, clients, Departments);
                foreach (var s in e.Sessions)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(s.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(s.Number, NpgsqlDbType.Integer);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(s.HeldOn, NpgsqlDbType.Date);
                    await copy.WriteAsync(s.Outcome, NpgsqlDbType.Numeric);
                    await WriteNullable(copy, s.Alliance, NpgsqlDbType.Numeric);
                    await copy.WriteAsync(s.Change, NpgsqlDbType.Numeric);
                    await WriteNullable(copy, Name(s.Reliable), NpgsqlDbType.Text);
                    await WriteNullable(copy, Name(s.Category), NpgsqlDbType.Text);
                    await copy.WriteAsync(Name((ClinicalRange?)s.Range)!, NpgsqlDbType.Text);
                    sessions++;
                }
                if (i % 100_000 == 99_999) progress?.Invoke($"sessions of {i + 1:N0} episodes");
            }
            await copy.CompleteAsync();
        }
        await SyntheticTrajectories.LoadAsync(connection, episodes, seed, clients, Departments);
        progress?.Invoke("statuses against the expected trajectory");
        return sessions;
    }

    static string? Name<T>(T? value) where T : struct, Enum =>
        value is { } v ? char.ToLowerInvariant(v.ToString()[0]) + v.ToString()[1..] : null;

    static Task WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type) : copy.WriteNullAsync();

    static Task WriteNullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type) =>
        value is not null ? copy.WriteAsync(value, type) : copy.WriteNullAsync();
}
