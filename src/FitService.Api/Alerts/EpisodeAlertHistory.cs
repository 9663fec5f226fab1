using Dapper;
using Npgsql;

namespace FitService.Api.Alerts;

/// <summary>
/// An episode's alerts as its page shows them: the live ones (open or acknowledged, with the acknowledgement's note) and
/// the past ones that carry a note (resolved, or acknowledged before they cleared), so a supervisor's note reaches the clinician.
/// </summary>
public static class EpisodeAlertHistory
{
    sealed record Row(Guid Id, string Kind, string? ItemKey, string Severity, string Status, decimal? Value, decimal? Threshold,
        int SessionNumber, DateTime RaisedAt, string? AcknowledgedBy, DateTime? AcknowledgedAt, string? AcknowledgeNote,
        string? ResolvedBy, DateTime? ResolvedAt, string? ResolveNote, string? WordingNb, string? WordingEn);

    const string Select = """
        select a.id, a.kind, a.item_key, a.severity, a.status, a.value, a.threshold, s.number as session_number, a.raised_at,
               a.acknowledged_by, a.acknowledged_at, a.acknowledge_note, a.resolved_by, a.resolved_at, a.resolve_note,
        """ + AlertMessages.WordingColumns + "\n" + """
        from alerts a join sessions s on s.id = a.session_id join episodes e on e.id = a.episode_id
        """;

    public static async Task<(IReadOnlyList<AlertView> Live, IReadOnlyList<AlertView> Past)> ReadAsync(NpgsqlConnection connection,
        Guid episodeId, NpgsqlTransaction? transaction = null)
    {
        const string sql = Select + """
             where a.episode_id = @episodeId
              and (a.status in ('open', 'acknowledged') or a.resolved_at is not null or a.acknowledged_at is not null)
            order by a.raised_at, a.kind, a.item_key
            """;
        var rows = (await connection.QueryAsync<Row>(sql, new { episodeId }, transaction)).ToList();
        var live = rows.Where(r => r.Status is "open" or "acknowledged").Select(ToView).ToList();
        // Newest handled first: the latest word on the case is what the clinician looks for.
        var past = rows.Where(r => r.Status is not ("open" or "acknowledged"))
            .OrderByDescending(r => r.ResolvedAt ?? r.AcknowledgedAt).Select(ToView).ToList();
        return (live, past);
    }

    /// <summary>Clears the episode's live alerts because it closes, and returns them as they were (for the close's answer).</summary>
    public static async Task<IReadOnlyList<AlertView>> ClearOnCloseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid episodeId)
    {
        const string sql = """
            with cleared as (
                update alerts set status = 'cleared', cleared_at = now(), cleared_reason = 'episodeClosed', updated_at = now()
                where episode_id = @episodeId and status in ('open', 'acknowledged')
                returning id, kind, item_key, severity, session_id, value, threshold, raised_at,
                          acknowledged_by, acknowledged_at, acknowledge_note, resolved_by, resolved_at, resolve_note
            )
            select a.id, a.kind, a.item_key, a.severity, 'cleared' as status, a.value, a.threshold, s.number as session_number, a.raised_at,
                   a.acknowledged_by, a.acknowledged_at, a.acknowledge_note, a.resolved_by, a.resolved_at, a.resolve_note,
            """ + AlertMessages.WordingColumns + "\n" + """
            from cleared a join sessions s on s.id = a.session_id join episodes e on e.id = @episodeId
            order by a.raised_at, a.kind, a.item_key
            """;
        return (await connection.QueryAsync<Row>(sql, new { episodeId }, transaction)).Select(ToView).ToList();
    }

    static AlertView ToView(Row r)
    {
        var (nb, en) = AlertMessages.For(r.Kind, r.ItemKey, r.Value, r.Threshold, AlertMessages.Wording(r.WordingNb, r.WordingEn));
        return new AlertView(r.Id, r.Kind, r.ItemKey, r.Severity, r.Status, r.Value, r.Threshold, r.SessionNumber, new DateTimeOffset(r.RaisedAt),
            nb, en,
            r.AcknowledgedAt is { } ack ? new AlertStep(new DateTimeOffset(ack), r.AcknowledgedBy, r.AcknowledgeNote) : null,
            r.ResolvedAt is { } res ? new AlertStep(new DateTimeOffset(res), r.ResolvedBy, r.ResolveNote) : null);
    }
}
