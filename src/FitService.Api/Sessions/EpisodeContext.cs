using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Trajectories;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Sessions;

/// <summary>
/// Everything a session's write needs to know about its episode, read in one round trip: the episode row (locked),
/// its sessions with their stored assessments and alliance items, the instruments' version (for the in-memory copy),
/// the calibration in use with its curve, and the kinds of its live alerts.
/// </summary>
public sealed record EpisodeContext(EpisodeContext.EpisodeRow Episode, IReadOnlyList<EpisodeContext.StoredSession> Sessions,
    long InstrumentsVersion, TrajectoryStore.CalibrationRow? Calibration, IReadOnlyList<TrajectoryStore.PointRow> CurvePoints,
    IReadOnlyList<(string Kind, string ItemKey)> LiveAlerts)
{
    public sealed record EpisodeRow(Guid Id, Guid ClientId, string DepartmentCode, DateOnly StartedOn, DateOnly? EndedOn,
        int AgeAtStart, string OutcomeInstrument, string? AllianceInstrument);

    public sealed record StoredSession(Guid Id, int Number, DateOnly HeldOn, int Revision, decimal OutcomeTotal, decimal? AllianceTotal,
        decimal? ChangeFromIntake, string? ReliableChange, string? Category, string? ClinicalRange)
    {
        public IReadOnlyDictionary<string, decimal>? AllianceItems { get; init; }

        public ScoredSession Scored => new(Number, HeldOn, OutcomeTotal, AllianceTotal, AllianceItems);
    }

    /// <summary>
    /// The context, or null when the episode does not exist. The lock is its own statement, ahead of the reads in the
    /// same round trip: each later statement takes its snapshot after the lock is held, so it sees a session that a
    /// concurrent write committed while this one waited (one statement that locks and reads would not).
    /// </summary>
    public static async Task<EpisodeContext?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id)
    {
        await using var batch = Queries(connection, transaction, id);
        await using var reader = await batch.ExecuteReaderAsync();
        return await ReadAsync(reader);
    }

    /// <summary>
    /// The same, for a write with the request's Idempotency-Key claimed in the same round trip (the claim goes first);
    /// null too when the key is taken, and then the idempotency filter answers.
    /// </summary>
    public static async Task<EpisodeContext?> LoadAsync(IdempotentWrite write, Guid id)
    {
        await using var batch = Queries(write.Connection, write.Transaction, id);
        var claiming = write.AddClaimTo(batch);
        await using var reader = await batch.ExecuteReaderAsync();
        if (claiming && !await write.ReadClaimAsync(reader)) return null;
        return await ReadAsync(reader);
    }

    static NpgsqlBatch Queries(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id)
    {
        const string episode = """
            select id, client_id, department_code, started_on, ended_on, age_at_start, outcome_instrument, alliance_instrument
            from episodes where id = $1 for update
            """;
        const string sessions = """
            select id, number, held_on, revision, outcome_total, alliance_total, change_from_intake, reliable_change, category, clinical_range
            from sessions where episode_id = $1 order by number
            """;
        const string allianceItems = """
            select s.id as session_id, v.item_key, v.value
            from sessions s
            join session_revisions r on r.session_id = s.id and r.revision = s.revision
            join session_item_values v on v.revision_id = r.id and v.scale = 'alliance'
            where s.episode_id = $1
            """;
        const string instrumentsVersion = "select version from instrument_catalogue";
        const string calibration = """
            select t.id, t.instrument_code, t.min_age, t.max_age, t.method, t.calibrated_at, t.episodes_used, t.observations_used,
                   t.held_out_observations, t.share_worse_than_expected, t.share_worse_than_bound, t.mean_absolute_error
            from trajectory_calibrations t join episodes e on e.id = $1
            where t.instrument_code = e.outcome_instrument and e.age_at_start between t.min_age and t.max_age
            order by t.id desc limit 1
            """;
        const string curve = """
            select p.* from trajectory_curve_points p
            where p.calibration_id = (select t.id from trajectory_calibrations t join episodes e on e.id = $1
                                      where t.instrument_code = e.outcome_instrument and e.age_at_start between t.min_age and t.max_age
                                      order by t.id desc limit 1)
            order by p.session_number
            """;
        const string liveAlerts = """
            select kind, coalesce(item_key, '') as item_key from alerts where episode_id = $1 and status in ('open', 'acknowledged')
            """;
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in (string[])[episode, sessions, allianceItems, instrumentsVersion, calibration, curve, liveAlerts])
        {
            var command = new NpgsqlBatchCommand(sql);
            if (sql != instrumentsVersion) command.Parameters.Add(new NpgsqlParameter { Value = id });
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    /// <summary>Reads the seven results in order, by column position (the statements above name them).</summary>
    static async Task<EpisodeContext?> ReadAsync(NpgsqlDataReader reader)
    {
        EpisodeRow? episode = null;
        if (await reader.ReadAsync())
            episode = new EpisodeRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4), reader.GetInt32(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7));
        await reader.NextResultAsync();
        var sessions = new List<StoredSession>();
        while (await reader.ReadAsync())
            sessions.Add(new StoredSession(reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3),
                reader.GetDecimal(4), NullableDecimal(reader, 5), NullableDecimal(reader, 6), NullableString(reader, 7),
                NullableString(reader, 8), NullableString(reader, 9)));
        await reader.NextResultAsync();
        var items = new Dictionary<Guid, Dictionary<string, decimal>>();
        while (await reader.ReadAsync())
        {
            var sessionId = reader.GetGuid(0);
            if (!items.TryGetValue(sessionId, out var values)) items[sessionId] = values = new Dictionary<string, decimal>(StringComparer.Ordinal);
            values[reader.GetString(1)] = reader.GetDecimal(2);
        }
        await reader.NextResultAsync();
        await reader.ReadAsync();
        var version = reader.GetInt64(0);
        await reader.NextResultAsync();
        TrajectoryStore.CalibrationRow? calibration = null;
        if (await reader.ReadAsync()) calibration = reader.GetRowParser<TrajectoryStore.CalibrationRow>()(reader);
        await reader.NextResultAsync();
        var points = new List<TrajectoryStore.PointRow>();
        if (await reader.ReadAsync())
        {
            var parse = reader.GetRowParser<TrajectoryStore.PointRow>();
            do points.Add(parse(reader));
            while (await reader.ReadAsync());
        }
        await reader.NextResultAsync();
        var live = new List<(string Kind, string ItemKey)>();
        while (await reader.ReadAsync()) live.Add((reader.GetString(0), reader.GetString(1)));
        if (episode is null) return null;
        sessions = sessions.Select(s => items.TryGetValue(s.Id, out var values) ? s with { AllianceItems = values } : s).ToList();
        return new EpisodeContext(episode, sessions, version, calibration, points, live);
    }

    static decimal? NullableDecimal(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDecimal(column);

    static string? NullableString(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>The dates of the sessions before and after a session number, to keep sessions in date order.</summary>
    public (DateOnly? Previous, DateOnly? Next) NeighbourDates(int number) => (
        Sessions.FirstOrDefault(s => s.Number == number - 1)?.HeldOn,
        Sessions.FirstOrDefault(s => s.Number == number + 1)?.HeldOn);
}
