using Dapper;
using FitService.Api.Alerts;
using FitService.Api.Episodes;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Trajectories;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Sessions;

public sealed record SessionScores(DateOnly Date, IReadOnlyDictionary<string, decimal> OutcomeItems, decimal OutcomeTotal,
    IReadOnlyDictionary<string, decimal>? AllianceItems, decimal? AllianceTotal);

/// <summary>
/// Writes a session (or a correction as a new revision) and, in the same transaction, re-evaluates the episode:
/// each session's change and category, the episode's outcome summary, and its alerts.
/// </summary>
public static class SessionRecorder
{
    sealed record CurrentRow(Guid Id, int Number, DateOnly HeldOn, int Revision, decimal OutcomeTotal, decimal? AllianceTotal);
    sealed record ItemRow(Guid SessionId, string ItemKey, decimal Value);

    public static async Task<SessionRecorded> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Actor actor, EpisodeReader.EpisodeRow episode, Instrument outcome, Instrument? alliance, int? correcting, SessionScores scores)
    {
        var number = correcting ?? episode.SessionCount + 1;
        Guid sessionId;
        int revision;
        if (correcting is null)
        {
            const string insert = """
                insert into sessions (episode_id, number, held_on, outcome_total, alliance_total)
                values (@Id, @number, @Date, @OutcomeTotal, @AllianceTotal) returning id
                """;
            sessionId = await connection.ExecuteScalarAsync<Guid>(insert,
                new { episode.Id, number, scores.Date, scores.OutcomeTotal, scores.AllianceTotal }, transaction);
            revision = 1;
        }
        else
        {
            const string update = """
                update sessions set revision = revision + 1, held_on = @Date, outcome_total = @OutcomeTotal, alliance_total = @AllianceTotal
                where episode_id = @Id and number = @number returning id, revision
                """;
            (sessionId, revision) = await connection.QuerySingleAsync<(Guid, int)>(update,
                new { episode.Id, number, scores.Date, scores.OutcomeTotal, scores.AllianceTotal }, transaction);
        }

        const string insertRevision = """
            insert into session_revisions (session_id, revision, held_on, outcome_total, alliance_total, recorded_by)
            values (@sessionId, @revision, @Date, @OutcomeTotal, @AllianceTotal, @Subject) returning id
            """;
        var revisionId = await connection.ExecuteScalarAsync<long>(insertRevision,
            new { sessionId, revision, scores.Date, scores.OutcomeTotal, scores.AllianceTotal, actor.Subject }, transaction);
        var items = scores.OutcomeItems.Select(kv => ("outcome", kv.Key, kv.Value))
            .Concat((scores.AllianceItems ?? new Dictionary<string, decimal>()).Select(kv => ("alliance", kv.Key, kv.Value))).ToList();
        const string insertItems = """
            insert into session_item_values (revision_id, scale, item_key, value)
            select @revisionId, * from unnest(@scales::text[], @keys::text[], @values::numeric[])
            """;
        await connection.ExecuteAsync(insertItems, new
        {
            revisionId,
            scales = items.Select(i => i.Item1).ToArray(),
            keys = items.Select(i => i.Key).ToArray(),
            values = items.Select(i => i.Value).ToArray(),
        }, transaction);

        var (alerts, intake, assessed) = await ReevaluateAsync(connection, transaction, episode, outcome, alliance, actor.Subject);

        var session = assessed.Single(a => a.Number == number);
        return new SessionRecorded(episode.Id, number, revision, scores.Date,
            new ScaleScores(outcome.Code, scores.OutcomeTotal, Ordered(scores.OutcomeItems, outcome)),
            scores.AllianceItems is null || alliance is null ? null
                : new ScaleScores(alliance.Code, scores.AllianceTotal!.Value, Ordered(scores.AllianceItems, alliance)),
            intake, session.ChangeFromIntake, Wire.Name(session.ReliableChange), Wire.Name(session.Category), Wire.Name(session.ClinicalRange),
            outcome.CutoffForAge(episode.AgeAtStart), outcome.ReliableChangeThreshold, alerts);
    }

    /// <summary>
    /// Recomputes every session's assessment, the episode summary and the live alerts from the current revisions;
    /// returns the alerts raised, the intake total and the assessments.
    /// </summary>
    static async Task<(IReadOnlyList<AlertView> Alerts, decimal Intake, IReadOnlyList<SessionAssessment> Assessed)> ReevaluateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction,
        EpisodeReader.EpisodeRow episode, Instrument outcome, Instrument? alliance, string recordedBy)
    {
        const string sql = """
            select id, number, held_on, revision, outcome_total, alliance_total from sessions where episode_id = @Id order by number;
            select s.id as session_id, v.item_key, v.value
            from sessions s
            join session_revisions r on r.session_id = s.id and r.revision = s.revision
            join session_item_values v on v.revision_id = r.id and v.scale = 'alliance'
            where s.episode_id = @Id;
            """;
        using var grid = await connection.QueryMultipleAsync(sql, new { episode.Id }, transaction);
        var rows = (await grid.ReadAsync<CurrentRow>()).ToList();
        var allianceItems = (await grid.ReadAsync<ItemRow>()).ToLookup(i => i.SessionId);
        var sessions = rows.Select(r => new ScoredSession(r.Number, r.HeldOn, r.OutcomeTotal, r.AllianceTotal,
            allianceItems[r.Id].Any() ? allianceItems[r.Id].ToDictionary(i => i.ItemKey, i => i.Value) : null)).ToList();

        var assessed = EpisodeEvaluation.Assess(outcome, episode.AgeAtStart, sessions);
        const string updateSessions = """
            update sessions s set change_from_intake = a.change, reliable_change = a.reliable, category = a.category, clinical_range = a.range
            from unnest(@numbers::int[], @changes::numeric[], @reliables::text[], @categories::text[], @ranges::text[])
                 as a(number, change, reliable, category, range)
            where s.episode_id = @Id and s.number = a.number
            """;
        await connection.ExecuteAsync(updateSessions, new
        {
            episode.Id,
            numbers = assessed.Select(a => a.Number).ToArray(),
            changes = assessed.Select(a => a.ChangeFromIntake).ToArray(),
            reliables = assessed.Select(a => Wire.Name(a.ReliableChange)).ToArray(),
            categories = assessed.Select(a => Wire.Name(a.Category)).ToArray(),
            ranges = assessed.Select(a => Wire.Name(a.ClinicalRange)).ToArray(),
        }, transaction);

        var withAlliance = sessions.Where(s => s.AllianceTotal is not null).ToList();
        var allianceCutoff = alliance?.CutoffForAge(episode.AgeAtStart) ?? new AllianceRules().Cutoff;
        var last = assessed[^1];
        const string updateEpisode = """
            update episodes set session_count = @count, intake_outcome = @intake, last_outcome = @lastOutcome, last_session_on = @lastOn,
                reliable_change = @reliable, category = @category, intake_clinical = @intakeClinical,
                intake_alliance = @intakeAlliance, alliance_count = @allianceCount, alliance_below_cutoff = @allianceBelow
            where id = @Id
            """;
        await connection.ExecuteAsync(updateEpisode, new
        {
            episode.Id,
            count = sessions.Count,
            intake = sessions[0].OutcomeTotal,
            lastOutcome = sessions[^1].OutcomeTotal,
            lastOn = sessions[^1].Date,
            reliable = Wire.Name(last.ReliableChange),
            category = Wire.Name(last.Category),
            intakeClinical = assessed[0].ClinicalRange is { } r ? r == ClinicalRange.Clinical : (bool?)null,
            intakeAlliance = withAlliance.FirstOrDefault()?.AllianceTotal,
            allianceCount = withAlliance.Count,
            allianceBelow = withAlliance.Count(s => s.AllianceTotal < allianceCutoff),
        }, transaction);

        // The expected trajectory (when calibrated) replaces the session 3 / 6 rules; the status is kept for the queue.
        var calibration = await TrajectoryStore.CurrentAsync(connection, transaction, outcome, episode.AgeAtStart);
        var (trajectory, conditions) = EpisodeEvaluation.CurrentAlerts(outcome, alliance, episode.AgeAtStart, sessions, assessed, calibration?.Model);
        await TrajectoryStore.SaveStatusesAsync(connection, transaction, [new EpisodeTrajectory(episode.Id, calibration?.Id, trajectory, sessions.Count)]);
        var alerts = await AlertStore.SyncAsync(connection, transaction, episode.Id, episode.DepartmentCode,
            rows.ToDictionary(r => r.Number, r => r.Id), conditions, recordedBy, trajectoryCalibrated: calibration is not null);
        return (alerts, sessions[0].OutcomeTotal, assessed);
    }

    /// <summary>The dates of the sessions before and after a session number, to keep sessions in date order.</summary>
    public static Task<(DateOnly? Previous, DateOnly? Next)> NeighbourDatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid episodeId, int number)
    {
        const string sql = """
            select (select held_on from sessions where episode_id = @episodeId and number = @number - 1),
                   (select held_on from sessions where episode_id = @episodeId and number = @number + 1)
            """;
        return connection.QuerySingleAsync<(DateOnly?, DateOnly?)>(sql, new { episodeId, number }, transaction);
    }

    public static async Task<IReadOnlyList<SessionRevision>> RevisionsAsync(NpgsqlConnection connection, Guid episodeId, int number)
    {
        const string sql = """
            select r.id, r.revision, r.held_on, r.outcome_total, r.alliance_total, r.recorded_by, r.recorded_at
            from sessions s join session_revisions r on r.session_id = s.id
            where s.episode_id = @episodeId and s.number = @number order by r.revision;
            select v.revision_id, v.scale, v.item_key, v.value
            from sessions s join session_revisions r on r.session_id = s.id join session_item_values v on v.revision_id = r.id
            where s.episode_id = @episodeId and s.number = @number;
            """;
        using var grid = await connection.QueryMultipleAsync(sql, new { episodeId, number });
        var revisions = (await grid.ReadAsync<(long Id, int Revision, DateOnly HeldOn, decimal OutcomeTotal, decimal? AllianceTotal,
            string RecordedBy, DateTime RecordedAt)>()).ToList();
        var values = (await grid.ReadAsync<(long RevisionId, string Scale, string ItemKey, decimal Value)>()).ToLookup(v => (v.RevisionId, v.Scale));
        return revisions.Select(r => new SessionRevision(r.Revision, r.HeldOn, r.OutcomeTotal, r.AllianceTotal,
            values[(r.Id, "outcome")].ToDictionary(v => v.ItemKey, v => v.Value),
            r.AllianceTotal is null ? null : values[(r.Id, "alliance")].ToDictionary(v => v.ItemKey, v => v.Value),
            r.RecordedBy, new DateTimeOffset(r.RecordedAt))).ToList();
    }

    static IReadOnlyDictionary<string, decimal> Ordered(IReadOnlyDictionary<string, decimal> items, Instrument instrument) =>
        instrument.Items.Where(i => items.ContainsKey(i.Key)).ToDictionary(i => i.Key, i => items[i.Key]);
}
