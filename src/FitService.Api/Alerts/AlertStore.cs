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

    /// <summary>Raises or refreshes the alerts whose condition holds, clears the live ones whose condition no longer does.</summary>
    public static async Task<IReadOnlyList<AlertView>> SyncAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid episodeId, string departmentCode, IReadOnlyDictionary<int, Guid> sessionIds, IReadOnlyList<AlertCondition> conditions)
    {
        const string clear = """
            update alerts set status = 'cleared', cleared_at = now(), updated_at = now()
            where episode_id = @episodeId and status in ('open', 'acknowledged')
              and not exists (select 1 from unnest(@kinds::text[], @keys::text[]) f(kind, key)
                              where f.kind = alerts.kind and f.key = coalesce(alerts.item_key, ''))
            """;
        const string upsert = """
            insert into alerts (episode_id, session_id, department_code, kind, item_key, severity, value, threshold)
            values (@episodeId, @sessionId, @departmentCode, @Kind, @ItemKey, @severity, @Value, @Threshold)
            on conflict (episode_id, kind, coalesce(item_key, '')) where status in ('open', 'acknowledged')
            do update set session_id = excluded.session_id, severity = excluded.severity, value = excluded.value,
                          threshold = excluded.threshold, updated_at = now()
            returning id
            """;
        await connection.ExecuteAsync(clear, new
        {
            episodeId,
            kinds = conditions.Select(c => c.Kind).ToArray(),
            keys = conditions.Select(c => c.ItemKey ?? "").ToArray(),
        }, transaction);
        var ids = new List<Guid>();
        foreach (var c in conditions)
            ids.Add(await connection.ExecuteScalarAsync<Guid>(upsert, new
            {
                episodeId, sessionId = sessionIds[c.SessionNumber], departmentCode, c.Kind, c.ItemKey,
                severity = c.Severity.ToString().ToLowerInvariant(), c.Value, c.Threshold,
            }, transaction));
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

    static AlertView ToView(AlertRow r)
    {
        var (nb, en) = AlertMessages.For(r.Kind, r.ItemKey, r.Value, r.Threshold);
        return new AlertView(r.Id, r.Kind, r.ItemKey, r.Severity, r.Status, r.Value, r.Threshold, r.SessionNumber, new DateTimeOffset(r.RaisedAt), nb, en);
    }
}
