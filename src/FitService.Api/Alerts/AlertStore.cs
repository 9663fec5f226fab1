using Dapper;
using FitService.Api.Episodes;
using FitService.Api.Sessions;
using Npgsql;

namespace FitService.Api.Alerts;

/// <summary>Keeps one live alert per episode, kind and item in step with the conditions that hold now.</summary>
public static class AlertStore
{
    sealed record AlertRow(Guid Id, string Kind, string? ItemKey, string Severity, string Status, decimal? Value, decimal? Threshold,
        int SessionNumber, DateTime RaisedAt);

    const string SelectAlerts = """
        select a.id, a.kind, a.item_key, a.severity, a.status, a.value, a.threshold, s.number as session_number, a.raised_at
        from alerts a join sessions s on s.id = a.session_id
        """;

    /// <summary>
    /// Raises or refreshes the alerts whose condition holds, clears the live ones whose condition no longer does
    /// (with the reason and the session that cleared them). With a scope, only alerts of those kinds are touched.
    /// </summary>
    public static async Task<IReadOnlyList<AlertView>> SyncAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid episodeId, string departmentCode, IReadOnlyDictionary<int, Guid> sessionIds, IReadOnlyList<AlertCondition> conditions,
        string raisedBy, bool trajectoryCalibrated, IReadOnlyCollection<string>? scope = null)
    {
        // A session 3 / 6 alert that clears because a calibration now exists says so, and the other way round.
        const string clear = """
            update alerts set status = 'cleared', cleared_at = now(), updated_at = now(), cleared_session_id = @latestSessionId,
                cleared_reason = case
                    when @calibrated and kind = any(@sessionRuleKinds) then 'replacedByTrajectory'
                    when not @calibrated and kind = @trajectoryKind then 'replacedBySessionRules'
                    else 'conditionNoLongerHolds' end
            where episode_id = @episodeId and status in ('open', 'acknowledged')
              and (@scope::text[] is null or kind = any(@scope))
              and not exists (select 1 from unnest(@kinds::text[], @keys::text[]) f(kind, key)
                              where f.kind = alerts.kind and f.key = coalesce(alerts.item_key, ''))
            """;
        // A condition a supervisor has already resolved at this very session is not raised again (by a later session
        // without alliance scores, a correction of an earlier one, or a recalibration); new evidence raises it anew.
        const string upsert = """
            insert into alerts (episode_id, session_id, department_code, kind, item_key, severity, value, threshold, raised_by)
            select @episodeId, @sessionId, @departmentCode, @Kind, @ItemKey, @severity, @Value, @Threshold, @raisedBy
            where not exists (select 1 from alerts r where r.episode_id = @episodeId and r.session_id = @sessionId
                              and r.kind = @Kind and coalesce(r.item_key, '') = coalesce(@ItemKey, '') and r.status = 'resolved')
            on conflict (episode_id, kind, coalesce(item_key, '')) where status in ('open', 'acknowledged')
            do update set session_id = excluded.session_id, severity = excluded.severity, value = excluded.value,
                          threshold = excluded.threshold, updated_at = now()
            returning id
            """;
        await connection.ExecuteAsync(clear, new
        {
            episodeId,
            latestSessionId = sessionIds[sessionIds.Keys.Max()],
            calibrated = trajectoryCalibrated,
            sessionRuleKinds = new[] { AlertKinds.NoImprovementBySession3, AlertKinds.NoImprovementBySession6 },
            trajectoryKind = AlertKinds.BelowExpectedTrajectory,
            scope = scope?.ToArray(),
            kinds = conditions.Select(c => c.Kind).ToArray(),
            keys = conditions.Select(c => c.ItemKey ?? "").ToArray(),
        }, transaction);
        var ids = new List<Guid>();
        foreach (var c in conditions)
            ids.Add(await connection.ExecuteScalarAsync<Guid?>(upsert, new
            {
                episodeId, sessionId = sessionIds[c.SessionNumber], departmentCode, c.Kind, c.ItemKey,
                severity = c.Severity.ToString().ToLowerInvariant(), c.Value, c.Threshold, raisedBy,
            }, transaction) ?? Guid.Empty);
        var rows = await connection.QueryAsync<AlertRow>(SelectAlerts + " where a.id = any(@ids) order by a.raised_at, a.kind",
            new { ids = ids.ToArray() }, transaction);
        return rows.Select(ToView).ToList();
    }

    public static async Task<IReadOnlyList<AlertView>> LiveForEpisodeAsync(NpgsqlConnection connection, Guid episodeId,
        NpgsqlTransaction? transaction = null)
    {
        var rows = await connection.QueryAsync<AlertRow>(
            SelectAlerts + " where a.episode_id = @episodeId and a.status in ('open', 'acknowledged') order by a.raised_at, a.kind",
            new { episodeId }, transaction);
        return rows.Select(ToView).ToList();
    }

    sealed record DetailRow(Guid Id, Guid EpisodeId, Guid ClientId, string Pseudonym, string DepartmentCode, string Kind, string? ItemKey,
        string Severity, string Status, decimal? Value, decimal? Threshold, int SessionNumber, DateTime RaisedAt, string? RaisedBy,
        DateTime? AcknowledgedAt, string? AcknowledgedBy, string? AcknowledgeNote, DateTime? ResolvedAt, string? ResolvedBy,
        string? ResolveNote, DateTime? ClearedAt, string? ClearedReason);

    /// <summary>One alert with its whole workflow; null when it does not exist.</summary>
    public static async Task<AlertDetail?> DetailAsync(NpgsqlConnection connection, Guid id, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select a.id, a.episode_id, e.client_id, c.pseudonym, a.department_code, a.kind, a.item_key, a.severity, a.status,
                   a.value, a.threshold, s.number as session_number, a.raised_at, a.raised_by, a.acknowledged_at, a.acknowledged_by,
                   a.acknowledge_note, a.resolved_at, a.resolved_by, a.resolve_note, a.cleared_at, a.cleared_reason
            from alerts a join episodes e on e.id = a.episode_id join clients c on c.id = e.client_id join sessions s on s.id = a.session_id
            where a.id = @id
            """;
        var r = await connection.QuerySingleOrDefaultAsync<DetailRow>(sql, new { id }, transaction);
        if (r is null) return null;
        var (nb, en) = AlertMessages.For(r.Kind, r.ItemKey, r.Value, r.Threshold);
        var cleared = AlertMessages.Cleared(r.ClearedReason);
        return new AlertDetail(r.Id, r.EpisodeId, r.ClientId, r.Pseudonym, r.DepartmentCode, r.Kind, r.ItemKey, r.Severity, r.Status,
            r.Value, r.Threshold, r.SessionNumber,
            new AlertStep(new DateTimeOffset(r.RaisedAt), r.RaisedBy, nb, en),
            r.AcknowledgedAt is { } ack ? new AlertStep(new DateTimeOffset(ack), r.AcknowledgedBy, r.AcknowledgeNote) : null,
            r.ResolvedAt is { } res ? new AlertStep(new DateTimeOffset(res), r.ResolvedBy, r.ResolveNote) : null,
            r.ClearedAt is { } clr ? new AlertStep(new DateTimeOffset(clr), null, cleared?.Norwegian, cleared?.English) : null,
            r.ClearedReason, nb, en);
    }

    static AlertView ToView(AlertRow r)
    {
        var (nb, en) = AlertMessages.For(r.Kind, r.ItemKey, r.Value, r.Threshold);
        return new AlertView(r.Id, r.Kind, r.ItemKey, r.Severity, r.Status, r.Value, r.Threshold, r.SessionNumber, new DateTimeOffset(r.RaisedAt), nb, en);
    }
}
