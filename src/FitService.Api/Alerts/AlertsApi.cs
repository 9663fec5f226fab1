using Dapper;
using FitService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Alerts;

/// <summary>
/// The supervisor's flagged-case queue and the alert workflow open → acknowledged → resolved (each with who, when and a note).
/// Alerts clear themselves when their condition no longer holds. Supervisors see their own departments only.
/// </summary>
public static class AlertsApi
{
    static readonly string[] Statuses = ["open", "acknowledged", "resolved", "cleared"];
    static readonly string[] Severities = ["high", "medium", "low"];
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static RouteGroupBuilder MapAlerts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Policies.Supervisor).WithIdempotency();
        group.MapGet("/", ListAlerts)
            .WithSummary("The supervisor's queue: most severe first, then longest open; filters and cursor paging")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/episodes", ListByEpisode)
            .WithSummary("The queue by episode: one entry per episode with its reasons, most severe first; cursor paging")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/summary", Summary).WithSummary("Alert counts per department, by kind and severity")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{id:guid}", GetAlert).WithSummary("One alert with its whole workflow");
        group.MapPost("/{id:guid}/acknowledge", (Guid id, AlertNoteRequest request, Actor actor, IdempotentWrite write) =>
            Transition(id, request, actor, write, from: ["open"], to: "acknowledged"))
            .WithSummary("Acknowledge an open alert with a note").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/resolve", (Guid id, AlertNoteRequest request, Actor actor, IdempotentWrite write) =>
            Transition(id, request, actor, write, from: ["open", "acknowledged"], to: "resolved"))
            .WithSummary("Resolve an open or acknowledged alert with a note").ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    /// <summary>
    /// The queue: ?department=&amp;status=open&amp;severity=&amp;kind=&amp;clinician=&amp;limit=50&amp;cursor=. Lists may repeat or be
    /// comma-separated. Logs every client shown in the access log.
    /// </summary>
    static Task<Results<Ok<QueuePage>, ValidationProblem, ProblemHttpResult>> ListAlerts(string? department, string[]? status,
        string[]? severity, string[]? kind, string? clinician, int? limit, string? cursor, Actor actor, HttpContext http, NpgsqlDataSource db) =>
        ReadQueueAsync(department, status, severity, kind, clinician, limit, cursor, actor, db, async (connection, filter) =>
        {
            var (total, rows, next) = await AlertQueue.ReadAsync(connection, filter);
            await AccessLog.WriteManyAsync(connection, null, http, actor, "alert.queue.read",
                rows.Select(r => (r.ClientId, (Guid?)r.EpisodeId)).Distinct().ToList());
            return new QueuePage(total, filter.Limit, next?.Encode(), rows.Select(AlertQueue.ToWire).ToList());
        });

    /// <summary>
    /// The queue by episode, with the same query as the queue. One entry per episode, its matching alerts as reasons
    /// (the low SRS items as one). Logs every client shown in the access log.
    /// </summary>
    static Task<Results<Ok<EpisodeQueuePage>, ValidationProblem, ProblemHttpResult>> ListByEpisode(string? department, string[]? status,
        string[]? severity, string[]? kind, string? clinician, int? limit, string? cursor, Actor actor, HttpContext http, NpgsqlDataSource db) =>
        ReadQueueAsync(department, status, severity, kind, clinician, limit, cursor, actor, db, async (connection, filter) =>
        {
            var page = await EpisodeQueue.ReadAsync(connection, filter);
            await AccessLog.WriteManyAsync(connection, null, http, actor, "alert.queue.read",
                page.Episodes.Select(e => (e.ClientId, (Guid?)e.EpisodeId)).ToList());
            return page;
        });

    /// <summary>
    /// Reads the queue's filter from its query and answers with the page <paramref name="read"/> makes of it, or refuses the
    /// query (400 naming the field, 403 for another department).
    /// </summary>
    static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> ReadQueueAsync<T>(string? department, string[]? status,
        string[]? severity, string[]? kind, string? clinician, int? limit, string? cursor, Actor actor, NpgsqlDataSource db,
        Func<NpgsqlConnection, QueueFilter, Task<T>> read)
    {
        var errors = new FieldErrors();
        var statuses = Values(status, "status", Statuses, errors) ?? ["open"];
        var severities = Values(severity, "severity", Severities, errors);
        var kinds = Values(kind, "kind", AlertKinds.All, errors);
        if (clinician is { Length: 0 or > 200 })
            errors.Add("clinician", "Ugyldig kliniker (1–200 tegn).", "Invalid clinician (1–200 characters).");
        if (limit is < 1 or > MaxLimit)
            errors.Add("limit", $"Må være mellom 1 og {MaxLimit}.", $"Must be between 1 and {MaxLimit}.");
        var after = cursor is null ? null : QueueCursor.Decode(cursor);
        if (cursor is not null && after is null)
            errors.Add("cursor", "Ugyldig markør: bruk nextCursor fra forrige side.", "Invalid cursor: use nextCursor from the previous page.");
        if (errors.Any) return errors.ToProblem();
        if (department is not null && !actor.CanSeeDepartment(department))
            return TypedProblems.OtherDepartment("department");
        var filter = new QueueFilter(department is null ? actor.Departments.ToArray() : [department], statuses, severities, kinds,
            clinician, limit ?? DefaultLimit, after);
        await using var connection = await db.OpenConnectionAsync();
        return TypedResults.Ok(await read(connection, filter));
    }

    /// <summary>Counts per own department, by kind and severity (?status=open by default). No client-level data.</summary>
    static async Task<Results<Ok<AlertSummary>, ValidationProblem, ProblemHttpResult>> Summary(string? department, string[]? status,
        Actor actor, NpgsqlDataSource db)
    {
        var errors = new FieldErrors();
        var statuses = Values(status, "status", Statuses, errors) ?? ["open"];
        if (errors.Any) return errors.ToProblem();
        if (department is not null && !actor.CanSeeDepartment(department))
            return TypedProblems.OtherDepartment("department");
        await using var connection = await db.OpenConnectionAsync();
        var departments = department is null ? actor.Departments.ToArray() : [department];
        return TypedResults.Ok(new AlertSummary(statuses, await AlertQueue.CountAsync(connection, departments, statuses)));
    }

    static async Task<Results<Ok<AlertDetail>, NotFoundProblem>> GetAlert(Guid id, Actor actor, HttpContext http, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        var alert = await AlertStore.DetailAsync(connection, id);
        if (alert is null)
            return TypedProblems.NotFound("Varselet / The alert");
        if (!actor.CanSeeDepartment(alert.DepartmentCode))
        {
            // The same answer as for no such alert; the refused look is on the client's record.
            await AccessLog.WriteAsync(connection, null, http, actor, "alert.read.denied", alert.ClientId, alert.EpisodeId);
            return TypedProblems.NotFound("Varselet / The alert");
        }
        await AccessLog.WriteAsync(connection, null, http, actor, "alert.read", alert.ClientId, alert.EpisodeId);
        return TypedResults.Ok(alert);
    }

    static async Task<Results<Ok<AlertDetail>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> Transition(
        Guid id, AlertNoteRequest request, Actor actor, IdempotentWrite write, string[] from, string to)
    {
        if (string.IsNullOrWhiteSpace(request.Note) || request.Note.Length > 2000)
        {
            var errors = new FieldErrors();
            errors.Add("note", "Skriv et notat (1–2000 tegn).", "Write a note (1–2000 characters).");
            return errors.ToProblem();
        }
        const string find = """
            select a.id, a.department_code, a.status, a.episode_id, e.client_id
            from alerts a join episodes e on e.id = a.episode_id where a.id = @id for update of a
            """;
        var alert = await write.Connection.QuerySingleOrDefaultAsync<(Guid Id, string DepartmentCode, string Status, Guid EpisodeId, Guid ClientId)>(
            find, new { id }, write.Transaction);
        if (alert.Id == Guid.Empty || !actor.CanSeeDepartment(alert.DepartmentCode))
            return TypedProblems.NotFound("Varselet / The alert");
        if (!from.Contains(alert.Status))
            return TypedProblems.Conflict("status", $"Varselet har status {alert.Status}. / The alert's status is {alert.Status}.");
        var sql = to == "acknowledged"
            ? "update alerts set status = 'acknowledged', acknowledged_by = @Subject, acknowledged_at = now(), acknowledge_note = @note, updated_at = now() where id = @id"
            : "update alerts set status = 'resolved', resolved_by = @Subject, resolved_at = now(), resolve_note = @note, updated_at = now() where id = @id";
        await write.Connection.ExecuteAsync(sql, new { actor.Subject, note = request.Note.Trim(), id }, write.Transaction);
        await write.LogAsync($"alert.{to}", alert.DepartmentCode, alert.ClientId, alert.EpisodeId);
        return TypedResults.Ok((await AlertStore.DetailAsync(write.Connection, id, write.Transaction))!);
    }

    /// <summary>Accepts repeated and comma-separated values; null when none given.</summary>
    static string[]? Values(string[]? raw, string field, string[] allowed, FieldErrors errors)
    {
        var values = raw?.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct().ToArray();
        if (values is null || values.Length == 0) return null;
        foreach (var v in values.Where(v => !allowed.Contains(v)))
            errors.Add(field, $"Ukjent verdi «{v}». Gyldige: {string.Join(", ", allowed)}.", $"Unknown value '{v}'. Valid: {string.Join(", ", allowed)}.");
        return values;
    }
}
