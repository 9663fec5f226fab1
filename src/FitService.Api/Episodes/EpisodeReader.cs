using Dapper;
using FitService.Api.Alerts;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Trajectories;
using Npgsql;

namespace FitService.Api.Episodes;

/// <summary>Reads an episode with its sessions (current revisions), trajectory and live alerts.</summary>
public static class EpisodeReader
{
    public sealed record EpisodeRow(Guid Id, Guid ClientId, string Pseudonym, string DepartmentCode, DateOnly StartedOn, DateOnly? EndedOn,
        string? EndReason, int AgeAtStart, string OutcomeInstrument, string? AllianceInstrument, int SessionCount,
        decimal? IntakeOutcome, decimal? LastOutcome, string? ReliableChange, string? Category, DateOnly? LastSessionOn);

    sealed record SessionRow(Guid Id, int Number, DateOnly HeldOn, int Revision, decimal OutcomeTotal, decimal? AllianceTotal,
        decimal? ChangeFromIntake, string? ReliableChange, string? Category, string? ClinicalRange,
        string RatedBy, string? AllianceRatedBy, string? AllianceMissingReason);
    sealed record ItemRow(Guid SessionId, string Scale, string ItemKey, decimal Value);

    /// <summary>The episode's header row, locked for update when a transaction is given.</summary>
    public static Task<EpisodeRow?> FindAsync(NpgsqlConnection connection, Guid id, NpgsqlTransaction? transaction = null)
    {
        var sql = $"""
            select e.id, e.client_id, c.pseudonym, e.department_code, e.started_on, e.ended_on, e.end_reason, e.age_at_start,
                   e.outcome_instrument, e.alliance_instrument, e.session_count, e.intake_outcome, e.last_outcome,
                   e.reliable_change, e.category, e.last_session_on
            from episodes e join clients c on c.id = e.client_id
            where e.id = @id {(transaction is null ? "" : "for update of e")}
            """;
        return connection.QuerySingleOrDefaultAsync<EpisodeRow>(sql, new { id }, transaction);
    }

    /// <summary>
    /// The episode when the actor may see it; otherwise null, the same as for one that does not exist. A refused look
    /// at an existing episode is written to the access log under <paramref name="deniedAction"/>.
    /// </summary>
    public static async Task<EpisodeRow?> FindVisibleAsync(NpgsqlConnection connection, HttpContext http, Actor actor, Guid id,
        string deniedAction)
    {
        var episode = await FindAsync(connection, id);
        if (episode is null || actor.CanSeeDepartment(episode.DepartmentCode)) return episode;
        await AccessLog.WriteAsync(connection, null, http, actor, deniedAction, episode.ClientId, id);
        return null;
    }

    /// <summary>
    /// The episode with its sessions, trajectory, live alerts and what its graph needs (expected band, status basis, feedback);
    /// the instruments come from the catalogue in memory.
    /// </summary>
    public static async Task<EpisodeResponse> ReadAsync(NpgsqlConnection connection, InstrumentCatalogue catalogue, EpisodeRow e,
        NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select version from instrument_catalogue;
            select id, number, held_on, revision, outcome_total, alliance_total, change_from_intake, reliable_change, category, clinical_range,
                   rated_by, alliance_rated_by, alliance_missing_reason
            from sessions where episode_id = @Id order by number;
            select s.id as session_id, v.scale, v.item_key, v.value
            from sessions s
            join session_revisions r on r.session_id = s.id and r.revision = s.revision
            join session_item_values v on v.revision_id = r.id
            where s.episode_id = @Id;
            select status, method, session_number as session, expected, bound from episode_trajectories where episode_id = @Id;
            -- the calibration the status was judged against, with its curves: the graph's expected band
            select c.id, c.calibrated_at, c.episodes_used, c.observations_used, c.bound_quantile
            from episode_trajectories t join trajectory_calibrations c on c.id = t.calibration_id
            where t.episode_id = @Id and c.method = 'quantileRegression';
            select p.* from episode_trajectories t join trajectory_curve_points p on p.calibration_id = t.calibration_id
            where t.episode_id = @Id order by p.session_number;
            """ + CollateralLine.Sql;
        using var grid = await connection.QueryMultipleAsync(sql, new { e.Id }, transaction);
        var version = await grid.ReadSingleAsync<long>();
        var sessions = (await grid.ReadAsync<SessionRow>()).ToList();
        var items = (await grid.ReadAsync<ItemRow>()).ToLookup(i => (i.SessionId, i.Scale));
        var expected = await grid.ReadSingleOrDefaultAsync<TrajectoryStatusView>()
            ?? new TrajectoryStatusView("grey", TrajectoryStore.SessionRules, null, null, null);
        var calibration = await grid.ReadSingleOrDefaultAsync<EpisodeFeedback.CalibrationUsed>();
        var curve = (await grid.ReadAsync<TrajectoryStore.PointRow>()).ToList();
        var collateral = await CollateralLine.Read.FromAsync(grid);
        var (alerts, pastAlerts) = await EpisodeAlertHistory.ReadAsync(connection, e.Id, transaction);
        var instruments = await catalogue.AtVersionAsync(connection, transaction, version);
        var outcome = instruments.Single(i => i.Code == e.OutcomeInstrument);
        var alliance = instruments.SingleOrDefault(i => i.Code == e.AllianceInstrument);

        var views = sessions.Select(s => new SessionView(s.Number, s.HeldOn, s.Revision,
            new ScaleScores(outcome.Code, s.OutcomeTotal, Items(items[(s.Id, "outcome")], outcome)),
            s.AllianceTotal is { } at && alliance is not null ? new ScaleScores(alliance.Code, at, Items(items[(s.Id, "alliance")], alliance)) : null,
            s.ChangeFromIntake, s.ReliableChange, s.Category, s.ClinicalRange,
            s.RatedBy, s.AllianceTotal is null ? null : s.AllianceRatedBy ?? s.RatedBy, s.AllianceMissingReason)).ToList();
        var last = views.LastOrDefault();
        return new EpisodeResponse(e.Id, e.ClientId, e.Pseudonym, e.DepartmentCode, e.StartedOn, e.EndedOn, e.EndReason, e.AgeAtStart,
            new InstrumentUse(outcome.Code, outcome.HigherIsBetter, outcome.ReliableChangeThreshold, outcome.CutoffForAge(e.AgeAtStart),
                EpisodeFeedback.AgesOf(outcome, e.AgeAtStart)),
            alliance is null ? null : new InstrumentUse(alliance.Code, alliance.HigherIsBetter, null, alliance.CutoffForAge(e.AgeAtStart),
                EpisodeFeedback.AgesOf(alliance, e.AgeAtStart)),
            e.SessionCount, e.IntakeOutcome, e.LastOutcome, last?.ChangeFromIntake,
            e.ReliableChange, e.Category, last?.ClinicalRange,
            views, views.Select(v => new TrajectoryPoint(v.Number, v.Date, v.Outcome.Total, v.Alliance?.Total)).ToList(), alerts, expected,
            pastAlerts,
            EpisodeFeedback.Basis(expected), EpisodeFeedback.Band(calibration, curve, outcome, e, views), EpisodeFeedback.Feedback(e, expected, last, alliance))
        {
            Collateral = collateral.Views(outcome),
        };
    }

    static IReadOnlyDictionary<string, decimal> Items(IEnumerable<ItemRow> rows, Instrument instrument)
    {
        // In the instrument's item order, so every client shows the same layout.
        var byKey = rows.ToDictionary(r => r.ItemKey, r => r.Value);
        var ordered = new Dictionary<string, decimal>();
        foreach (var item in instrument.Items)
            if (byKey.TryGetValue(item.Key, out var value)) ordered[item.Key] = value;
        return ordered;
    }
}
