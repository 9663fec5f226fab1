using FitService.Api.Alerts;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Trajectories;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Sessions;

/// <summary>
/// Persists one evaluated session in one batch (one round trip): the session (new, or a correction as a new revision
/// that keeps every earlier one) with its item values, the assessments that changed, the episode summary and its
/// on-track copy, the trajectory status, the alerts cleared and held, and whatever the caller adds (the access-log
/// entry). Returns the alerts raised or kept: the batch's only rows, their items named by the organisation's wording of
/// the alliance instrument (<paramref name="allianceWording"/>). The calibration id is the one the evaluation used
/// (null under the session rules).
/// </summary>
public static class SessionWrite
{
    public static async Task<IReadOnlyList<AlertView>> PersistAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        EpisodeContext context, int number, SessionScores scores, EpisodeEvaluation evaluation, long? calibrationId, string recordedBy,
        IReadOnlyDictionary<string, ItemLabels> allianceWording, params NpgsqlBatchCommand[] alsoWrite)
    {
        var episode = context.Episode;
        var sessionIds = context.Sessions.ToDictionary(s => s.Number, s => s.Id);
        var correcting = sessionIds.ContainsKey(number);
        if (!correcting) sessionIds[number] = Guid.CreateVersion7();
        var assessed = evaluation.Assessments.ToDictionary(a => a.Number);

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(correcting ? Correction(episode.Id, number, scores, recordedBy)
            : NewSession(sessionIds[number], episode.Id, number, scores, assessed[number], recordedBy));
        // Only the assessments that differ from the stored ones: a new session changes none of the earlier ones,
        // a corrected intake changes every later one.
        var stored = context.Sessions.ToDictionary(s => s.Number);
        var changed = evaluation.Assessments.Where(a => stored.TryGetValue(a.Number, out var was) && Differs(was, a)).ToList();
        if (changed.Count > 0) batch.BatchCommands.Add(Assessments(episode.Id, changed));

        var latest = evaluation.Sessions[^1].Number;
        var status = new EpisodeTrajectory(episode.Id, calibrationId, evaluation.Trajectory, latest);
        batch.BatchCommands.Add(Summary(episode.Id, evaluation.Summary, TrajectoryStore.OnTrack(status)));
        batch.BatchCommands.Add(TrajectoryStore.StatusCommand(status));

        var holding = evaluation.Conditions;
        var calibrated = calibrationId is not null;
        if (context.LiveAlerts.Any(a => !holding.Any(c => AlertKinds.Of(c.Kind) == a.Kind && (c.ItemKey ?? "") == a.ItemKey)))
            batch.BatchCommands.Add(AlertStore.Clear(episode.Id, sessionIds[latest], holding, calibrated));
        if (holding.Count == 0)
        {
            foreach (var command in alsoWrite) batch.BatchCommands.Add(command);
            await batch.ExecuteNonQueryAsync();
            return [];
        }
        batch.BatchCommands.Add(AlertStore.Hold(episode.Id, episode.DepartmentCode,
            holding.Select(c => new AlertToHold(c, sessionIds[c.SessionNumber])).ToList(), recordedBy));
        // The caller's commands (the access-log entry, which locks the client's hash chain) after every alert row is
        // locked: an alert's acknowledge or resolve locks its row and then the chain, and taking them in the other order
        // here deadlocked the two (found by the fuzz suite, 40P01 answered 503).
        foreach (var command in alsoWrite) batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync();
        return await AlertStore.ReadHeldAsync(reader, sessionIds.ToDictionary(kv => kv.Value, kv => kv.Key), allianceWording);
    }

    static bool Differs(EpisodeContext.StoredSession stored, SessionAssessment a) =>
        stored.ChangeFromIntake != a.ChangeFromIntake || stored.ReliableChange != Wire.Name(a.ReliableChange)
        || stored.Category != Wire.Name(a.Category) || stored.ClinicalRange != Wire.Name(a.ClinicalRange);

    static NpgsqlBatchCommand NewSession(Guid sessionId, Guid episodeId, int number, SessionScores scores, SessionAssessment assessed,
        string recordedBy)
    {
        const string sql = """
            with s as (
                insert into sessions (id, episode_id, number, held_on, outcome_total, alliance_total,
                                      change_from_intake, reliable_change, category, clinical_range,
                                      rated_by, alliance_rated_by, alliance_missing_reason)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $15, $16, $17) returning id),
            r as (
                insert into session_revisions (session_id, revision, held_on, outcome_total, alliance_total, recorded_by,
                                               rated_by, alliance_rated_by, alliance_missing_reason)
                select id, 1, $4, $5, $6, $11, $15, $16, $17 from s returning id)
            insert into session_item_values (revision_id, scale, item_key, value)
            select r.id, i.scale, i.item_key, i.value from r, unnest($12::text[], $13::text[], $14::numeric[]) as i(scale, item_key, value)
            """;
        return Command(sql, [P(sessionId), P(episodeId), P(number), P(scores.Date), P(scores.OutcomeTotal),
            P(scores.AllianceTotal), P(assessed.ChangeFromIntake), P(Wire.Name(assessed.ReliableChange)),
            P(Wire.Name(assessed.Category)), P(Wire.Name(assessed.ClinicalRange)), P(recordedBy),
            .. Items(scores), .. Rating(scores)]);
    }

    /// <summary>A correction: the session row takes the new values and the next revision number; the revision history grows.</summary>
    static NpgsqlBatchCommand Correction(Guid episodeId, int number, SessionScores scores, string recordedBy)
    {
        const string sql = """
            with s as (
                update sessions set revision = revision + 1, held_on = $3, outcome_total = $4, alliance_total = $5,
                    rated_by = $10, alliance_rated_by = $11, alliance_missing_reason = $12
                where episode_id = $1 and number = $2 returning id, revision),
            r as (
                insert into session_revisions (session_id, revision, held_on, outcome_total, alliance_total, recorded_by,
                                               rated_by, alliance_rated_by, alliance_missing_reason)
                select id, revision, $3, $4, $5, $6, $10, $11, $12 from s returning id)
            insert into session_item_values (revision_id, scale, item_key, value)
            select r.id, i.scale, i.item_key, i.value from r, unnest($7::text[], $8::text[], $9::numeric[]) as i(scale, item_key, value)
            """;
        return Command(sql, [P(episodeId), P(number), P(scores.Date), P(scores.OutcomeTotal), P(scores.AllianceTotal),
            P(recordedBy), .. Items(scores), .. Rating(scores)]);
    }

    /// <summary>Who rated the session and its alliance scale, and why the alliance is absent (migration 0100).</summary>
    static NpgsqlParameter[] Rating(SessionScores scores) =>
        [P(scores.RatedBy), P(scores.AllianceRatedBy), P(scores.AllianceMissingReason)];

    static NpgsqlParameter[] Items(SessionScores scores)
    {
        var count = scores.OutcomeItems.Count + (scores.AllianceItems?.Count ?? 0);
        var (scales, keys, values) = (new string[count], new string[count], new decimal[count]);
        var i = 0;
        foreach (var (key, value) in scores.OutcomeItems) (scales[i], keys[i], values[i++]) = ("outcome", key, value);
        if (scores.AllianceItems is { } alliance)
            foreach (var (key, value) in alliance) (scales[i], keys[i], values[i++]) = ("alliance", key, value);
        return [P(scales), P(keys), P(values)];
    }

    static NpgsqlBatchCommand Assessments(Guid episodeId, IReadOnlyList<SessionAssessment> assessed)
    {
        const string sql = """
            update sessions s set change_from_intake = a.change, reliable_change = a.reliable, category = a.category, clinical_range = a.range
            from unnest($2::int[], $3::numeric[], $4::text[], $5::text[], $6::text[]) as a(number, change, reliable, category, range)
            where s.episode_id = $1 and s.number = a.number
            """;
        return Command(sql, [P(episodeId), P(assessed.Select(a => a.Number).ToArray()), P(assessed.Select(a => a.ChangeFromIntake).ToArray()),
            P(assessed.Select(a => Wire.Name(a.ReliableChange)).ToArray()), P(assessed.Select(a => Wire.Name(a.Category)).ToArray()),
            P(assessed.Select(a => Wire.Name(a.ClinicalRange)).ToArray())]);
    }

    /// <summary>The per-episode outcome summary reports read, and its on-track copy of the trajectory status.</summary>
    static NpgsqlBatchCommand Summary(Guid episodeId, EpisodeSummary s, bool? onTrack)
    {
        const string sql = """
            update episodes set session_count = $2, intake_outcome = $3, last_outcome = $4, last_session_on = $5,
                reliable_change = $6, category = $7, intake_clinical = $8, intake_alliance = $9, alliance_count = $10,
                alliance_below_cutoff = $11, trajectory_on_track = $12
            where id = $1
            """;
        return Command(sql, [P(episodeId), P(s.SessionCount), P(s.IntakeOutcome), P(s.LastOutcome), P(s.LastSessionOn),
            P(Wire.Name(s.ReliableChange)), P(Wire.Name(s.Category)), P(s.IntakeClinical),
            P(s.IntakeAlliance), P(s.AllianceCount), P(s.AllianceBelowCutoff), P(onTrack)]);
    }

    static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>
    /// A typed parameter: the value is written as its type, neither boxed nor its type looked up by value (a null is
    /// written as NULL of the type's column type, e.g. a null decimal? as numeric).
    /// </summary>
    static NpgsqlParameter<T> P<T>(T value) => new() { TypedValue = value };
}
