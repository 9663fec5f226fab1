using Dapper;
using FitService.Api.Instruments;
using FitService.Statistics;
using Npgsql;
using NpgsqlTypes;

namespace FitService.Api.Alerts;

/// <summary>A condition to hold as a live alert, at the stored session it was found at.</summary>
public sealed record AlertToHold(AlertCondition Condition, Guid SessionId);

/// <summary>
/// Keeps one live alert per episode, kind and item in step with the conditions that hold now: raised or refreshed
/// in one set-based upsert, and the live ones whose condition no longer holds cleared in one update.
/// </summary>
public static class AlertStore
{
    sealed record AlertRow(Guid Id, string Kind, string? ItemKey, string Severity, string Status, decimal? Value, decimal? Threshold,
        int SessionNumber, DateTime RaisedAt);

    /// <summary>
    /// Clears the live alerts (of the scope's kinds, when given) whose condition no longer holds, with the reason and
    /// the session that cleared them. A session 3 / 6 alert that clears because a calibration now exists says so,
    /// and the other way round.
    /// </summary>
    public static NpgsqlBatchCommand Clear(Guid episodeId, Guid latestSessionId, IReadOnlyList<AlertCondition> holding,
        bool trajectoryCalibrated, IReadOnlyCollection<string>? scope = null)
    {
        const string sql = """
            update alerts set status = 'cleared', cleared_at = now(), updated_at = now(), cleared_session_id = $2,
                cleared_reason = case
                    when $3 and kind = any($4) then 'replacedByTrajectory'
                    when not $3 and kind = $5 then 'replacedBySessionRules'
                    else 'conditionNoLongerHolds' end
            where episode_id = $1 and status in ('open', 'acknowledged')
              and ($6::text[] is null or kind = any($6))
              and not exists (select 1 from unnest($7::text[], $8::text[]) f(kind, key)
                              where f.kind = alerts.kind and f.key = coalesce(alerts.item_key, ''))
            """;
        return Command(sql, P(episodeId), P(latestSessionId), P(trajectoryCalibrated), P(SessionRuleKinds), P(AlertKinds.BelowExpectedTrajectory),
            P(scope?.ToArray()), P(holding.Select(c => AlertKinds.Of(c.Kind)).ToArray()), P(holding.Select(c => c.ItemKey ?? "").ToArray()));
    }

    /// <summary>
    /// Raises the conditions that have no live alert and refreshes those that have, in one statement; returns (the
    /// only rows it returns) each raised or kept alert. A condition a supervisor has already resolved at this very
    /// session is not raised again (by a later session without alliance scores, a correction of an earlier one, or
    /// a recalibration); new evidence raises it anew.
    /// </summary>
    public static NpgsqlBatchCommand Hold(Guid episodeId, string departmentCode, IReadOnlyList<AlertToHold> conditions, string raisedBy)
    {
        const string sql = """
            insert into alerts (episode_id, session_id, department_code, kind, item_key, severity, value, threshold, raised_by)
            select $1, c.session_id, $2, c.kind, nullif(c.item_key, ''), c.severity, c.value, c.threshold, $3
            from unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::numeric[])
                 as c(session_id, kind, item_key, severity, value, threshold)
            where not exists (select 1 from alerts r where r.episode_id = $1 and r.session_id = c.session_id
                              and r.kind = c.kind and coalesce(r.item_key, '') = c.item_key and r.status = 'resolved')
            on conflict (episode_id, kind, coalesce(item_key, '')) where status in ('open', 'acknowledged')
            do update set session_id = excluded.session_id, severity = excluded.severity, value = excluded.value,
                          threshold = excluded.threshold, updated_at = now()
            returning id, kind, item_key, severity, status, value, threshold, session_id, raised_at
            """;
        return Command(sql, P(episodeId), P(departmentCode), P(raisedBy),
            P(conditions.Select(c => c.SessionId).ToArray()),
            P(conditions.Select(c => AlertKinds.Of(c.Condition.Kind)).ToArray()),
            P(conditions.Select(c => c.Condition.ItemKey ?? "").ToArray()),
            P(conditions.Select(c => SeverityName(c.Condition.Severity)).ToArray()),
            P(conditions.Select(c => c.Condition.Value).ToArray()),
            P(conditions.Select(c => c.Condition.Threshold).ToArray()));
    }

    /// <summary>
    /// Reads what <see cref="Hold"/> returned, as views in the order they were first raised, each item named by the
    /// organisation's wording of the episode's alliance instrument where it has set one.
    /// </summary>
    public static async Task<IReadOnlyList<AlertView>> ReadHeldAsync(NpgsqlDataReader reader, IReadOnlyDictionary<Guid, int> sessionNumbers,
        IReadOnlyDictionary<string, ItemLabels> wording)
    {
        var rows = new List<AlertRow>();
        while (await reader.ReadAsync())
            rows.Add(new AlertRow(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5), reader.IsDBNull(6) ? null : reader.GetDecimal(6),
                sessionNumbers[reader.GetGuid(7)], reader.GetDateTime(8)));
        return rows.OrderBy(r => r.RaisedAt).ThenBy(r => r.Kind, StringComparer.Ordinal)
            .Select(r => ToView(r, r.ItemKey is null ? null : wording.GetValueOrDefault(r.ItemKey))).ToList();
    }

    /// <summary>
    /// Clears and raises in one round trip, for recalibration (the session write puts the same two commands in its own batch).
    /// </summary>
    public static async Task SyncAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid episodeId, string departmentCode,
        Guid latestSessionId, IReadOnlyList<AlertCondition> conditions, string raisedBy, bool trajectoryCalibrated,
        IReadOnlyCollection<string>? scope = null)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Clear(episodeId, latestSessionId, conditions, trajectoryCalibrated, scope));
        if (conditions.Count > 0)
            batch.BatchCommands.Add(Hold(episodeId, departmentCode, conditions.Select(c => new AlertToHold(c, latestSessionId)).ToList(), raisedBy));
        await batch.ExecuteNonQueryAsync();
    }

    static readonly string[] SessionRuleKinds = [AlertKinds.NoImprovementBySession3, AlertKinds.NoImprovementBySession6];

    /// <summary>The stored severity: the enum's name in lower case (one string per severity, not one per alert).</summary>
    static string SeverityName(Severity severity) => SeverityNames[(int)severity];

    static readonly string[] SeverityNames = Enum.GetValues<Severity>().OrderBy(s => (int)s).Select(s => s.ToString().ToLowerInvariant()).ToArray();

    /// <summary>A typed parameter: written as its type, not boxed, a null as NULL of that type.</summary>
    static NpgsqlParameter<T> P<T>(T value) => new() { TypedValue = value };

    static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }

    sealed record DetailRow(Guid Id, Guid EpisodeId, Guid ClientId, string Pseudonym, string DepartmentCode, string Kind, string? ItemKey,
        string Severity, string Status, decimal? Value, decimal? Threshold, int SessionNumber, DateTime RaisedAt, string? RaisedBy,
        DateTime? AcknowledgedAt, string? AcknowledgedBy, string? AcknowledgeNote, DateTime? ResolvedAt, string? ResolvedBy,
        string? ResolveNote, DateTime? ClearedAt, string? ClearedReason, string? WordingNb, string? WordingEn);

    /// <summary>One alert with its whole workflow; null when it does not exist.</summary>
    public static async Task<AlertDetail?> DetailAsync(NpgsqlConnection connection, Guid id, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select a.id, a.episode_id, e.client_id, c.pseudonym, a.department_code, a.kind, a.item_key, a.severity, a.status,
                   a.value, a.threshold, s.number as session_number, a.raised_at, a.raised_by, a.acknowledged_at, a.acknowledged_by,
                   a.acknowledge_note, a.resolved_at, a.resolved_by, a.resolve_note, a.cleared_at, a.cleared_reason,
            """ + AlertMessages.WordingColumns + "\n" + """
            from alerts a join episodes e on e.id = a.episode_id join clients c on c.id = e.client_id join sessions s on s.id = a.session_id
            where a.id = @id
            """;
        var r = await connection.QuerySingleOrDefaultAsync<DetailRow>(sql, new { id }, transaction);
        if (r is null) return null;
        var (nb, en) = AlertMessages.For(r.Kind, r.ItemKey, r.Value, r.Threshold, AlertMessages.Wording(r.WordingNb, r.WordingEn));
        var cleared = AlertMessages.Cleared(r.ClearedReason);
        return new AlertDetail(r.Id, r.EpisodeId, r.ClientId, r.Pseudonym, r.DepartmentCode, r.Kind, r.ItemKey, r.Severity, r.Status,
            r.Value, r.Threshold, r.SessionNumber,
            new AlertStep(new DateTimeOffset(r.RaisedAt), r.RaisedBy, nb, en),
            r.AcknowledgedAt is { } ack ? new AlertStep(new DateTimeOffset(ack), r.AcknowledgedBy, r.AcknowledgeNote) : null,
            r.ResolvedAt is { } res ? new AlertStep(new DateTimeOffset(res), r.ResolvedBy, r.ResolveNote) : null,
            r.ClearedAt is { } clr ? new AlertStep(new DateTimeOffset(clr), null, cleared?.Norwegian, cleared?.English) : null,
            r.ClearedReason, nb, en);
    }

    static AlertView ToView(AlertRow r, ItemLabels? wording)
    {
        var (nb, en) = AlertMessages.For(r.Kind, r.ItemKey, r.Value, r.Threshold, wording);
        return new AlertView(r.Id, r.Kind, r.ItemKey, r.Severity, r.Status, r.Value, r.Threshold, r.SessionNumber, new DateTimeOffset(r.RaisedAt), nb, en);
    }
}
