using System.Globalization;
using System.Text;
using Dapper;
using FitService.Api.Infrastructure;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Alerts;

/// <summary>The filters of one queue request, already validated.</summary>
public sealed record QueueFilter(string[] Departments, string[] Statuses, string[]? Severities, string[]? Kinds, string? Clinician,
    int Limit, QueueCursor? After);

/// <summary>Keyset position in the queue order: severity rank, raised_at, id. Opaque on the wire (base64url).</summary>
public sealed record QueueCursor(int SeverityRank, DateTime RaisedAt, Guid Id)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{SeverityRank}|{RaisedAt.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}|{Id:N}"))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static QueueCursor? Decode(string text)
    {
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank is >= 0 and <= 2
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && Guid.TryParseExact(parts[2], "N", out var id)
                ? new QueueCursor(rank, new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Reads the supervisor's queue and its counts.</summary>
public static class AlertQueue
{
    public sealed record Row(Guid Id, Guid EpisodeId, Guid ClientId, string Pseudonym, string DepartmentCode, string Clinician, string Kind,
        string? ItemKey, string Severity, int SeverityRank, string Status, decimal? Value, decimal? Threshold, int SessionNumber,
        int SessionCount, decimal? IntakeOutcome, decimal? LastOutcome, string? TrajectoryStatus, string? TrajectoryMethod,
        int? TrajectorySession, decimal? TrajectoryExpected, decimal? TrajectoryBound, DateTime RaisedAt, int OpenForDays,
        string? AcknowledgedBy, DateTime? AcknowledgedAt, string? AcknowledgeNote, string? WordingNb, string? WordingEn);

    // The clinician is the one who opened the episode (episodes.created_by).
    const string Filter = """
        a.department_code = any(@Departments) and a.status = any(@Statuses)
          and (@Severities::text[] is null or a.severity = any(@Severities))
          and (@Kinds::text[] is null or a.kind = any(@Kinds))
          and (@Clinician::text is null or e.created_by = @Clinician)
        """;
    const string Matched = "select a.id, case a.severity when 'high' then 0 when 'medium' then 1 else 2 end as severity_rank, a.raised_at "
        + "from alerts a join episodes e on e.id = a.episode_id where " + Filter;

    const string Sql = "select count(*) from (" + Matched + ") m;\nwith matched as (" + Matched + ")\n" + """
        , page as (
            select * from matched
            where @afterRank::int is null or (severity_rank, raised_at, id) > (@afterRank, @afterRaisedAt, @afterId)
            order by severity_rank, raised_at, id
            limit @take
        )
        select a.id, a.episode_id, e.client_id, c.pseudonym, a.department_code, e.created_by as clinician, a.kind, a.item_key,
               a.severity, p.severity_rank, a.status, a.value, a.threshold, s.number as session_number, e.session_count,
               e.intake_outcome, e.last_outcome, t.status as trajectory_status, t.method as trajectory_method,
               t.session_number as trajectory_session, t.expected as trajectory_expected, t.bound as trajectory_bound,
               a.raised_at, (current_date - a.raised_at::date) as open_for_days,
               a.acknowledged_by, a.acknowledged_at, a.acknowledge_note,
        """ + AlertMessages.WordingColumns + "\n" + """
        from page p
        join alerts a on a.id = p.id
        join episodes e on e.id = a.episode_id
        join clients c on c.id = e.client_id
        join sessions s on s.id = a.session_id
        left join episode_trajectories t on t.episode_id = a.episode_id
        order by p.severity_rank, p.raised_at, p.id
        """;

    public static async Task<(int Total, List<Row> Rows, QueueCursor? Next)> ReadAsync(NpgsqlConnection connection, QueueFilter filter)
    {
        using var grid = await connection.QueryMultipleAsync(Sql, new
        {
            filter.Departments, filter.Statuses, filter.Severities, filter.Kinds, filter.Clinician,
            afterRank = filter.After?.SeverityRank, afterRaisedAt = filter.After?.RaisedAt, afterId = filter.After?.Id,
            take = filter.Limit + 1,
        });
        var total = await grid.ReadSingleAsync<int>();
        var rows = (await grid.ReadAsync<Row>()).ToList();
        QueueCursor? next = null;
        if (rows.Count > filter.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = new QueueCursor(last.SeverityRank, last.RaisedAt, last.Id);
        }
        return (total, rows, next);
    }

    public static QueueRow ToWire(Row r)
    {
        var (nb, en) = AlertMessages.For(r.Kind, r.ItemKey, r.Value, r.Threshold, AlertMessages.Wording(r.WordingNb, r.WordingEn));
        return new QueueRow(r.Id, r.EpisodeId, r.ClientId, r.Pseudonym, r.DepartmentCode, r.Clinician, r.Kind, r.ItemKey, r.Severity,
            r.Status, r.Value, r.Threshold, r.SessionNumber, r.SessionCount, r.IntakeOutcome, r.LastOutcome,
            new TrajectoryStatusView(r.TrajectoryStatus ?? "grey", r.TrajectoryMethod ?? Wire.Name<TrajectoryMethod>(TrajectoryMethod.SessionRules)!, r.TrajectorySession,
                r.TrajectoryExpected, r.TrajectoryBound),
            new DateTimeOffset(r.RaisedAt), r.OpenForDays,
            r.AcknowledgedAt is { } at ? new AlertStep(new DateTimeOffset(at), r.AcknowledgedBy, r.AcknowledgeNote) : null, nb, en);
    }

    public static async Task<IReadOnlyList<DepartmentAlertCounts>> CountAsync(NpgsqlConnection connection, string[] departments, string[] statuses)
    {
        const string sql = """
            select department_code, kind, severity, count(*)::int as n from alerts
            where department_code = any(@departments) and status = any(@statuses)
            group by 1, 2, 3
            """;
        var rows = (await connection.QueryAsync<(string Department, string Kind, string Severity, int N)>(sql, new { departments, statuses }))
            .ToLookup(r => r.Department);
        return departments.Order(StringComparer.Ordinal).Select(d => new DepartmentAlertCounts(d, rows[d].Sum(r => r.N),
            rows[d].GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Sum(r => r.N)),
            rows[d].GroupBy(r => r.Severity).ToDictionary(g => g.Key, g => g.Sum(r => r.N)))).ToList();
    }
}
