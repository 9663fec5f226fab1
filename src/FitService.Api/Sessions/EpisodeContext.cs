using System.Text.Json;
using FitService.Api.Infrastructure;
using FitService.Api.Trajectories;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Sessions;

/// <summary>
/// Everything a session's write needs to know about its episode, read in one round trip of two statements: the episode
/// row (locked), then its sessions with their stored assessments and alliance items, the instruments' version (for the
/// in-memory copy), the calibration in use with its curve, and the kinds of its live alerts.
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
    /// The context, or null when the episode does not exist. Two statements in one round trip: the lock on the episode row,
    /// then one statement that reads the rest. The lock is its own statement so that the read takes its snapshot after the
    /// lock is held and sees a session that a concurrent write committed while this one waited (one statement that locks
    /// and reads would not: under read committed its subqueries keep the snapshot taken before the wait).
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

    const string LockEpisode = """
        select id, client_id, department_code, started_on, ended_on, age_at_start, outcome_instrument, alliance_instrument
        from episodes where id = $1 for update
        """;

    /// <summary>
    /// Everything else in one row: the instruments' version; the sessions as one JSON array of arrays (in the order of
    /// <see cref="StoredSession"/>, the current revision's alliance items last, as an object); the calibration in use for
    /// the episode's outcome instrument and age, its columns as they are; its curve points and the live alerts' kinds as
    /// JSON arrays of arrays. (JSON prints numeric exactly and double precision in its shortest exact form.)
    /// </summary>
    const string ReadContext = """
        select (select version from instrument_catalogue),
               coalesce((select json_agg(json_build_array(s.id, s.number, s.held_on, s.revision, s.outcome_total, s.alliance_total,
                                   s.change_from_intake, s.reliable_change, s.category, s.clinical_range,
                                   (select json_object_agg(v.item_key, v.value)
                                    from session_revisions r join session_item_values v on v.revision_id = r.id and v.scale = 'alliance'
                                    where r.session_id = s.id and r.revision = s.revision)) order by s.number)
                         from sessions s where s.episode_id = $1), '[]'),
               c.id, c.instrument_code, c.min_age, c.max_age, c.method, c.calibrated_at, c.episodes_used, c.observations_used,
               c.held_out_observations, c.share_worse_than_expected, c.share_worse_than_bound, c.mean_absolute_error,
               coalesce((select json_agg(json_build_array(p.session_number, p.observations, p.median_intercept, p.median_slope,
                                   p.bound_intercept, p.bound_slope, p.pseudo_r1) order by p.session_number)
                         from trajectory_curve_points p where p.calibration_id = c.id), '[]'),
               coalesce((select json_agg(json_build_array(a.kind, coalesce(a.item_key, '')))
                         from alerts a where a.episode_id = $1 and a.status in ('open', 'acknowledged')), '[]')
        from (select) as one
        left join lateral (
            select t.* from trajectory_calibrations t join episodes e on e.id = $1
            where t.instrument_code = e.outcome_instrument and e.age_at_start between t.min_age and t.max_age
            order by t.id desc limit 1) c on true
        """;

    static NpgsqlBatch Queries(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in (string[])[LockEpisode, ReadContext])
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new NpgsqlParameter<Guid> { TypedValue = id } } });
        return batch;
    }

    /// <summary>Reads the locked episode, then the context's one row, by column position (the statements above name them).</summary>
    static async Task<EpisodeContext?> ReadAsync(NpgsqlDataReader reader)
    {
        EpisodeRow? episode = null;
        if (await reader.ReadAsync())
            episode = new EpisodeRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4), reader.GetInt32(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7));
        await reader.NextResultAsync();
        await reader.ReadAsync();
        var version = reader.GetInt64(0);
        // The JSON columns as their UTF-8 bytes (Npgsql reads text types as byte[] too): parsed where they lie, no string between.
        var sessions = ReadSessions(reader.GetFieldValue<byte[]>(1));
        TrajectoryStore.CalibrationRow? calibration = reader.IsDBNull(2) ? null : new(reader.GetInt64(2), reader.GetString(3),
            reader.GetInt32(4), reader.GetInt32(5), reader.GetString(6), reader.GetDateTime(7), reader.GetInt32(8), reader.GetInt32(9),
            reader.IsDBNull(10) ? null : reader.GetInt32(10), NullableDouble(reader, 11), NullableDouble(reader, 12), NullableDouble(reader, 13));
        var points = calibration is null ? [] : ReadCurvePoints(calibration.Id, reader.GetFieldValue<byte[]>(14));
        var live = ReadLiveAlerts(reader.GetFieldValue<byte[]>(15));
        if (episode is null) return null;
        return new EpisodeContext(episode, sessions, version, calibration, points, live);
    }

    static List<StoredSession> ReadSessions(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var sessions = new List<StoredSession>(document.RootElement.GetArrayLength() + 1);
        foreach (var s in document.RootElement.EnumerateArray())
        {
            Dictionary<string, decimal>? items = null;
            if (s[10].ValueKind == JsonValueKind.Object)
            {
                items = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var item in s[10].EnumerateObject()) items[item.Name] = item.Value.GetDecimal();
            }
            // The stored names as the one string per name Wire keeps (no string per session read, and Differs
            // compares them by reference first); the date as ISO 8601 ("2026-01-05"), parsed without a string.
            sessions.Add(new StoredSession(s[0].GetGuid(), s[1].GetInt32(), DateOnly.FromDateTime(s[2].GetDateTime()),
                s[3].GetInt32(), s[4].GetDecimal(), NullableDecimal(s[5]), NullableDecimal(s[6]), Wire.Known<ReliableChange>(s[7]),
                Wire.Known<OutcomeCategory>(s[8]), Wire.Known<ClinicalRange>(s[9])) { AllianceItems = items });
        }
        return sessions;
    }

    static List<TrajectoryStore.PointRow> ReadCurvePoints(long calibrationId, byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(p => new TrajectoryStore.PointRow(calibrationId, p[0].GetInt32(), p[1].GetInt32(),
            p[2].GetDouble(), p[3].GetDouble(), p[4].GetDouble(), p[5].GetDouble(), p[6].GetDouble())).ToList();
    }

    static List<(string Kind, string ItemKey)> ReadLiveAlerts(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(a => (a[0].GetString()!, a[1].GetString()!)).ToList();
    }

    static decimal? NullableDecimal(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();

    static double? NullableDouble(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    /// <summary>The dates of the sessions before and after a session number, to keep sessions in date order.</summary>
    public (DateOnly? Previous, DateOnly? Next) NeighbourDates(int number) => (
        Sessions.FirstOrDefault(s => s.Number == number - 1)?.HeldOn,
        Sessions.FirstOrDefault(s => s.Number == number + 1)?.HeldOn);
}
