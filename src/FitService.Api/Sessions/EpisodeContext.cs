using Dapper;
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

    sealed record AllianceItemRow(Guid SessionId, string ItemKey, decimal Value);

    /// <summary>
    /// The context, or null when the episode does not exist. The lock is its own statement, ahead of the reads in the
    /// same round trip: each later statement takes its snapshot after the lock is held, so it sees a session that a
    /// concurrent write committed while this one waited (one statement that locks and reads would not).
    /// </summary>
    public static async Task<EpisodeContext?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id)
    {
        const string sql = """
            select id, client_id, department_code, started_on, ended_on, age_at_start, outcome_instrument, alliance_instrument
            from episodes where id = @id for update;
            select id, number, held_on, revision, outcome_total, alliance_total, change_from_intake, reliable_change, category, clinical_range
            from sessions where episode_id = @id order by number;
            select s.id as session_id, v.item_key, v.value
            from sessions s
            join session_revisions r on r.session_id = s.id and r.revision = s.revision
            join session_item_values v on v.revision_id = r.id and v.scale = 'alliance'
            where s.episode_id = @id;
            select version from instrument_catalogue;
            select t.id, t.instrument_code, t.min_age, t.max_age, t.method, t.calibrated_at, t.episodes_used, t.observations_used,
                   t.held_out_observations, t.share_worse_than_expected, t.share_worse_than_bound, t.mean_absolute_error
            from trajectory_calibrations t join episodes e on e.id = @id
            where t.instrument_code = e.outcome_instrument and e.age_at_start between t.min_age and t.max_age
            order by t.id desc limit 1;
            select p.* from trajectory_curve_points p
            where p.calibration_id = (select t.id from trajectory_calibrations t join episodes e on e.id = @id
                                      where t.instrument_code = e.outcome_instrument and e.age_at_start between t.min_age and t.max_age
                                      order by t.id desc limit 1)
            order by p.session_number;
            select kind, coalesce(item_key, '') as item_key from alerts where episode_id = @id and status in ('open', 'acknowledged');
            """;
        using var grid = await connection.QueryMultipleAsync(sql, new { id }, transaction);
        var episode = await grid.ReadSingleOrDefaultAsync<EpisodeRow>();
        var sessions = (await grid.ReadAsync<StoredSession>()).ToList();
        var items = (await grid.ReadAsync<AllianceItemRow>()).ToLookup(i => i.SessionId);
        var version = await grid.ReadSingleAsync<long>();
        var calibration = await grid.ReadSingleOrDefaultAsync<TrajectoryStore.CalibrationRow>();
        var points = (await grid.ReadAsync<TrajectoryStore.PointRow>()).ToList();
        var live = (await grid.ReadAsync<(string, string)>()).ToList();
        if (episode is null) return null;
        sessions = sessions.Select(s => items[s.Id].Any() ? s with { AllianceItems = items[s.Id].ToDictionary(i => i.ItemKey, i => i.Value) } : s)
            .ToList();
        return new EpisodeContext(episode, sessions, version, calibration, points, live);
    }

    /// <summary>The dates of the sessions before and after a session number, to keep sessions in date order.</summary>
    public (DateOnly? Previous, DateOnly? Next) NeighbourDates(int number) => (
        Sessions.FirstOrDefault(s => s.Number == number - 1)?.HeldOn,
        Sessions.FirstOrDefault(s => s.Number == number + 1)?.HeldOn);
}
