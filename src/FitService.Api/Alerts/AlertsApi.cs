using Dapper;
using FitService.Api.Infrastructure;
using Npgsql;

namespace FitService.Api.Alerts;

public sealed record AlertNoteRequest(string? Note);
public sealed record QueueRow(Guid Id, Guid EpisodeId, string Pseudonym, string DepartmentCode, string Kind, string? ItemKey, string Severity,
    string Status, decimal? Value, decimal? Threshold, int SessionNumber, int SessionCount, decimal? IntakeTotal, decimal? LastTotal,
    DateTimeOffset RaisedAt, string Message, string MessageEn);

public static class AlertsApi
{
    static readonly string[] Statuses = ["open", "acknowledged", "resolved", "cleared"];

    public static RouteGroupBuilder MapAlerts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Policies.Supervisor);
        group.MapGet("/", ListAlerts);
        group.MapPost("/{id:guid}/acknowledge", (Guid id, AlertNoteRequest request, HttpContext http, IdempotentWriter writer) =>
            Transition(id, request, http, writer, from: ["open"], to: "acknowledged"));
        group.MapPost("/{id:guid}/resolve", (Guid id, AlertNoteRequest request, HttpContext http, IdempotentWriter writer) =>
            Transition(id, request, http, writer, from: ["open", "acknowledged"], to: "resolved"));
        return group;
    }

    sealed record Row(Guid Id, Guid EpisodeId, Guid ClientId, string Pseudonym, string DepartmentCode, string Kind, string? ItemKey,
        string Severity, string Status, decimal? Value, decimal? Threshold, int SessionNumber, int SessionCount,
        decimal? IntakeOutcome, decimal? LastOutcome, DateTime RaisedAt);

    /// <summary>The supervisor's queue: their departments' alerts, most severe first, then longest open.</summary>
    static async Task<IResult> ListAlerts(string? department, string? status, HttpContext http, NpgsqlDataSource db)
    {
        var actor = Actor.From(http.User);
        status ??= "open";
        if (!Statuses.Contains(status))
            return Problems.Field("status", "Må være open, acknowledged, resolved eller cleared.", "Must be open, acknowledged, resolved or cleared.");
        if (department is not null && !actor.CanSeeDepartment(department))
            return Problems.Forbidden("department", "Du kan bare se egne avdelinger. / You can only see your own departments.");
        var departments = department is null ? actor.Departments.ToArray() : [department];
        const string sql = """
            select a.id, a.episode_id, e.client_id, c.pseudonym, a.department_code, a.kind, a.item_key, a.severity, a.status,
                   a.value, a.threshold, s.number as session_number, e.session_count, e.intake_outcome, e.last_outcome, a.raised_at
            from alerts a
            join episodes e on e.id = a.episode_id
            join clients c on c.id = e.client_id
            join sessions s on s.id = a.session_id
            where a.department_code = any(@departments) and a.status = @status
            order by case a.severity when 'high' then 0 when 'medium' then 1 else 2 end, a.raised_at
            limit 200
            """;
        await using var connection = await db.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<Row>(sql, new { departments, status })).ToList();
        foreach (var r in rows.DistinctBy(r => r.EpisodeId))
            await AccessLog.WriteAsync(connection, null, http, actor, "alert.queue.read", r.ClientId, r.EpisodeId);
        return Results.Ok(rows.Select(r =>
        {
            var (nb, en) = AlertMessages.For(r.Kind, r.ItemKey, r.Value, r.Threshold);
            return new QueueRow(r.Id, r.EpisodeId, r.Pseudonym, r.DepartmentCode, r.Kind, r.ItemKey, r.Severity, r.Status, r.Value,
                r.Threshold, r.SessionNumber, r.SessionCount, r.IntakeOutcome, r.LastOutcome, new DateTimeOffset(r.RaisedAt), nb, en);
        }));
    }

    static async Task<IResult> Transition(Guid id, AlertNoteRequest request, HttpContext http, IdempotentWriter writer, string[] from, string to)
    {
        var actor = Actor.From(http.User);
        if (request.Note is { Length: > 2000 })
            return Problems.Field("note", "Notatet er for langt (maks 2000 tegn).", "The note is too long (max 2000 characters).");
        return await writer.RunAsync(http, actor, new { id, request, to }, async (connection, transaction) =>
        {
            var alert = await connection.QuerySingleOrDefaultAsync<(Guid Id, string DepartmentCode, string Status, Guid EpisodeId, Guid ClientId)>(
                """
                select a.id, a.department_code, a.status, a.episode_id, e.client_id
                from alerts a join episodes e on e.id = a.episode_id where a.id = @id for update of a
                """, new { id }, transaction);
            if (alert.Id == Guid.Empty || !actor.CanSeeDepartment(alert.DepartmentCode))
                return (Problems.NotFound("Varselet / The alert"), null);
            if (!from.Contains(alert.Status))
                return (Problems.Conflict("status", $"Varselet har status {alert.Status}. / The alert's status is {alert.Status}."), null);
            var sql = to == "acknowledged"
                ? "update alerts set status = 'acknowledged', acknowledged_by = @Subject, acknowledged_at = now(), acknowledge_note = @Note, updated_at = now() where id = @id"
                : "update alerts set status = 'resolved', resolved_by = @Subject, resolved_at = now(), resolve_note = @Note, updated_at = now() where id = @id";
            await connection.ExecuteAsync(sql, new { actor.Subject, request.Note, id }, transaction);
            await AccessLog.WriteAsync(connection, transaction, http, actor, $"alert.{to}", alert.ClientId, alert.EpisodeId);
            var live = await AlertStore.LiveForEpisodeAsync(connection, alert.EpisodeId, transaction);
            return (null, new Written(200, new { id, status = to, liveAlerts = live }));
        });
    }
}
