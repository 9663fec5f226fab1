using Dapper;
using FitService.Api.Infrastructure;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Alerts;

/// <summary>
/// The queue with one entry per episode: its alerts of the chosen statuses as reasons, most severe first, the low SRS items
/// folded into one reason. Episodes are paged in the queue's order (their most severe alert, then their oldest, then id),
/// so a page never splits an episode.
/// </summary>
public static class EpisodeQueue
{
    sealed record Row(Guid Id, Guid EpisodeId, Guid ClientId, string Pseudonym, string DepartmentCode, string Clinician, string Kind,
        string? ItemKey, string Severity, int SeverityRank, int EpisodeRank, DateTime EpisodeRaisedAt, string Status, decimal? Value,
        decimal? Threshold, int SessionNumber, int SessionCount, decimal? IntakeOutcome, decimal? LastOutcome, string? TrajectoryStatus,
        string? TrajectoryMethod, int? TrajectorySession, decimal? TrajectoryExpected, decimal? TrajectoryBound, DateTime RaisedAt,
        int OpenForDays, string? AcknowledgedBy, DateTime? AcknowledgedAt, string? AcknowledgeNote, string? ResolvedBy,
        DateTime? ResolvedAt, string? ResolveNote, string? WordingNb, string? WordingEn);

    // The queue's filter (AlertQueue's), on the alerts; the clinician is the one who opened the episode.
    const string AlertMatches = """
        a.status = any(@Statuses) and (@Severities::text[] is null or a.severity = any(@Severities))
          and (@Kinds::text[] is null or a.kind = any(@Kinds))
        """;
    const string Matched = """
        select a.episode_id as id, min(case a.severity when 'high' then 0 when 'medium' then 1 else 2 end) as severity_rank,
               min(a.raised_at) as raised_at
        from alerts a join episodes e on e.id = a.episode_id
        where a.department_code = any(@Departments) and (@Clinician::text is null or e.created_by = @Clinician) and
        """ + "\n  " + AlertMatches + "\ngroup by a.episode_id";

    const string Sql = "select count(*) from (" + Matched + ") m;\nwith matched as (" + Matched + ")\n" + """
        , page as (
            select * from matched
            where @afterRank::int is null or (severity_rank, raised_at, id) > (@afterRank, @afterRaisedAt, @afterId)
            order by severity_rank, raised_at, id
            limit @take
        )
        select a.id, a.episode_id, e.client_id, c.pseudonym, a.department_code, e.created_by as clinician, a.kind, a.item_key,
               a.severity, case a.severity when 'high' then 0 when 'medium' then 1 else 2 end as severity_rank,
               p.severity_rank as episode_rank, p.raised_at as episode_raised_at, a.status, a.value, a.threshold,
               s.number as session_number, e.session_count, e.intake_outcome, e.last_outcome, t.status as trajectory_status,
               t.method as trajectory_method, t.session_number as trajectory_session, t.expected as trajectory_expected,
               t.bound as trajectory_bound, a.raised_at, (current_date - a.raised_at::date) as open_for_days,
               a.acknowledged_by, a.acknowledged_at, a.acknowledge_note, a.resolved_by, a.resolved_at, a.resolve_note,
        """ + AlertMessages.WordingColumns + "\n" + """
        from page p
        join alerts a on a.episode_id = p.id and
        """ + "\n  " + AlertMatches + "\n" + """
        join episodes e on e.id = a.episode_id
        join clients c on c.id = e.client_id
        join sessions s on s.id = a.session_id
        left join episode_trajectories t on t.episode_id = a.episode_id
        order by p.severity_rank, p.raised_at, p.id, severity_rank, a.raised_at, a.kind, a.item_key
        """;

    public static async Task<EpisodeQueuePage> ReadAsync(NpgsqlConnection connection, QueueFilter filter)
    {
        using var grid = await connection.QueryMultipleAsync(Sql, new
        {
            filter.Departments, filter.Statuses, filter.Severities, filter.Kinds, filter.Clinician,
            afterRank = filter.After?.SeverityRank, afterRaisedAt = filter.After?.RaisedAt, afterId = filter.After?.Id,
            take = filter.Limit + 1,
        });
        var total = await grid.ReadSingleAsync<int>();
        var episodes = (await grid.ReadAsync<Row>()).GroupBy(r => r.EpisodeId).ToList(); // GroupBy keeps the page's order
        string? next = null;
        if (episodes.Count > filter.Limit)
        {
            episodes.RemoveAt(episodes.Count - 1);
            var last = episodes[^1].First();
            next = new QueueCursor(last.EpisodeRank, last.EpisodeRaisedAt, last.EpisodeId).Encode();
        }
        return new EpisodeQueuePage(total, filter.Limit, next, episodes.Select(ToWire).ToList());
    }

    static EpisodeAlerts ToWire(IGrouping<Guid, Row> alerts)
    {
        var e = alerts.First();
        // One reason per kind and status: the SRS items below 9 become one line, not one per item.
        var reasons = alerts.GroupBy(a => (a.Kind, a.Status)).Select(Reason)
            .OrderBy(r => r.Rank).ThenBy(r => r.RaisedAt).ThenBy(r => r.Reason.Kind, StringComparer.Ordinal)
            .Select(r => r.Reason).ToList();
        var rank = alerts.Min(a => a.SeverityRank);
        return new EpisodeAlerts(e.EpisodeId, e.ClientId, e.Pseudonym, e.DepartmentCode, e.Clinician, alerts.First(a => a.SeverityRank == rank).Severity,
            e.SessionCount, e.IntakeOutcome, e.LastOutcome,
            new TrajectoryStatusView(e.TrajectoryStatus ?? "grey", e.TrajectoryMethod ?? Wire.Name<TrajectoryMethod>(TrajectoryMethod.SessionRules)!,
                e.TrajectorySession, e.TrajectoryExpected, e.TrajectoryBound),
            new DateTimeOffset(alerts.Min(a => a.RaisedAt)), alerts.Max(a => a.OpenForDays), reasons);
    }

    static (int Rank, DateTime RaisedAt, AlertReason Reason) Reason(IGrouping<(string Kind, string Status), Row> group)
    {
        var rows = group.ToList();
        var first = rows[0];
        var (nb, en) = first.Kind == AlertKinds.AllianceLowItem
            ? AlertMessages.LowItems(rows.Select(r => (r.ItemKey ?? "", r.Value, AlertMessages.Wording(r.WordingNb, r.WordingEn))).ToList(),
                first.Threshold)
            : AlertMessages.For(first.Kind, first.ItemKey, first.Value, first.Threshold, AlertMessages.Wording(first.WordingNb, first.WordingEn));
        // The alerts of one reason are acknowledged and resolved together from the queue; the latest step is shown.
        var acknowledged = rows.Where(r => r.AcknowledgedAt is not null).MaxBy(r => r.AcknowledgedAt);
        var resolved = rows.Where(r => r.ResolvedAt is not null).MaxBy(r => r.ResolvedAt);
        var reason = new AlertReason(first.Kind, first.Severity, group.Key.Status, rows.Max(r => r.SessionNumber),
            rows.Select(r => r.Id).ToList(), rows.Where(r => r.ItemKey is not null).Select(r => r.ItemKey!).ToList(),
            new DateTimeOffset(rows.Min(r => r.RaisedAt)),
            acknowledged is null ? null : new AlertStep(new DateTimeOffset(acknowledged.AcknowledgedAt!.Value), acknowledged.AcknowledgedBy, acknowledged.AcknowledgeNote),
            resolved is null ? null : new AlertStep(new DateTimeOffset(resolved.ResolvedAt!.Value), resolved.ResolvedBy, resolved.ResolveNote),
            nb, en);
        return (rows.Min(r => r.SeverityRank), rows.Min(r => r.RaisedAt), reason);
    }
}
