using System.Text.RegularExpressions;
using Dapper;
using FitService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Clients;

public sealed record CreateClientRequest(string? Pseudonym, int? BirthYear, string? DepartmentCode);
public sealed record ClientEpisode(Guid Id, string DepartmentCode, DateOnly StartedOn, DateOnly? EndedOn, int SessionCount, string? Category);
public sealed record ClientResponse(Guid Id, string Pseudonym, int BirthYear, string DepartmentCode, IReadOnlyList<ClientEpisode> Episodes);
public sealed record AccessLogEntry(DateTime At, string Actor, string Role, string Action, Guid? EpisodeId, string? RequestId);

public static partial class ClientsApi
{
    public static RouteGroupBuilder MapClients(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/clients").WithTags("Clients").WithIdempotency();
        group.MapPost("/", CreateClient).RequireAuthorization(Policies.Clinical)
            .WithSummary("Create a pseudonymous client (pseudonym and birth year; never a national identity number)")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:guid}", GetClient).RequireAuthorization(Policies.Clinical)
            .WithSummary("A client and their episodes in your departments");
        // Any signed-in user reaches the handler, so that a refused attempt is logged; only admins are answered.
        group.MapGet("/{id:guid}/access-log", GetAccessLog).RequireAuthorization()
            .WithSummary("Who read or changed this client's data, when (admin)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    static async Task<Results<Created<ClientResponse>, ValidationProblem, ProblemHttpResult>> CreateClient(
        CreateClientRequest request, Actor actor, IdempotentWrite write, TimeProvider clock)
    {
        var errors = new FieldErrors();
        if (request.Pseudonym is null || !PseudonymPattern().IsMatch(request.Pseudonym))
            errors.Add("pseudonym", "Pseudonym må være 2–60 tegn: bokstaver, sifre, mellomrom, bindestrek eller understrek.",
                "Pseudonym must be 2–60 characters: letters, digits, spaces, hyphens or underscores.");
        else if (NationalIdentityNumber.LooksLikeOne(request.Pseudonym))
            errors.Add("pseudonym", "Pseudonymet ser ut som et fødselsnummer. Bruk aldri direkte identifikatorer.",
                "The pseudonym looks like a national identity number. Never use direct identifiers.");
        var thisYear = Dates.Today(clock).Year;
        if (request.BirthYear is not { } year || year < 1900 || year > thisYear)
            errors.Add("birthYear", $"Fødselsår må være mellom 1900 og {thisYear}.", $"Birth year must be between 1900 and {thisYear}.");
        if (!Codes.IsValid(request.DepartmentCode))
            errors.Add("departmentCode", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        if (errors.Any) return errors.ToProblem();
        if (!actor.CanSeeDepartment(request.DepartmentCode!))
            return TypedProblems.Forbidden("departmentCode", "Du kan bare opprette klienter i egne avdelinger. / You can only create clients in your own departments.");

        if (!await write.Connection.ExecuteScalarAsync<bool>("select exists (select 1 from departments where code = @DepartmentCode)", request, write.Transaction))
            return TypedProblems.Field("departmentCode", "Ukjent avdeling.", "Unknown department.", StatusCodes.Status422UnprocessableEntity);
        const string insert = """
            insert into clients (pseudonym, birth_year, department_code, created_by)
            values (@Pseudonym, @BirthYear, @DepartmentCode, @Subject)
            on conflict do nothing
            returning id
            """;
        var id = await write.Connection.ExecuteScalarAsync<Guid?>(insert,
            new { Pseudonym = request.Pseudonym!.Trim(), request.BirthYear, request.DepartmentCode, actor.Subject }, write.Transaction);
        if (id is null)
            return TypedProblems.Conflict("pseudonym", "Pseudonymet er allerede i bruk. / The pseudonym is already in use.");
        await write.LogAsync("client.create", request.DepartmentCode!, id.Value);
        return TypedResults.Created($"/api/v1/clients/{id}",
            new ClientResponse(id.Value, request.Pseudonym.Trim(), request.BirthYear!.Value, request.DepartmentCode!, []));
    }

    static async Task<Results<Ok<ClientResponse>, NotFoundProblem>> GetClient(Guid id, Actor actor, HttpContext http, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        var client = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Pseudonym, int BirthYear, string DepartmentCode)>(
            "select id, pseudonym, birth_year, department_code from clients where id = @id", new { id });
        if (client.Id == Guid.Empty)
            return TypedProblems.NotFound("Klienten / The client");
        if (!actor.CanSeeDepartment(client.DepartmentCode))
        {
            // The same answer as for a client that does not exist, but the attempt is on the client's record.
            await AccessLog.WriteAsync(connection, null, http, actor, "client.read.denied", id);
            return TypedProblems.NotFound("Klienten / The client");
        }
        const string episodes = """
            select id, department_code, started_on, ended_on, session_count, category
            from episodes where client_id = @id and department_code = any(@departments) order by started_on, created_at
            """;
        var rows = await connection.QueryAsync<ClientEpisode>(episodes, new { id, departments = actor.Departments.ToArray() });
        await AccessLog.WriteAsync(connection, null, http, actor, "client.read", id);
        return TypedResults.Ok(new ClientResponse(client.Id, client.Pseudonym, client.BirthYear, client.DepartmentCode, rows.ToList()));
    }

    static async Task<Results<Ok<IReadOnlyList<AccessLogEntry>>, ProblemHttpResult, NotFoundProblem>> GetAccessLog(Guid id, Actor actor,
        HttpContext http, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        var exists = await connection.ExecuteScalarAsync<bool>("select exists (select 1 from clients where id = @id)", new { id });
        if (actor.Role != Roles.Admin)
        {
            // 403 whether or not the client exists (nothing is revealed); a refused look at a real client is logged.
            if (exists) await AccessLog.WriteAsync(connection, null, http, actor, "access-log.read.denied", id);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Ingen tilgang / Forbidden",
                detail: "Bare administratorer kan lese tilgangsloggen. / Only admins can read the access log.");
        }
        if (!exists)
            return TypedProblems.NotFound("Klienten / The client");
        // Reading the log is itself a look at the client's data, so it is logged before it is read.
        await AccessLog.WriteAsync(connection, null, http, actor, "access-log.read", id);
        const string sql = """
            select at, actor, role, action, episode_id, request_id from access_log where client_id = @id order by at, id
            """;
        return TypedResults.Ok<IReadOnlyList<AccessLogEntry>>((await connection.QueryAsync<AccessLogEntry>(sql, new { id })).AsList());
    }

    [GeneratedRegex(@"^[\p{L}\p{Nd}][\p{L}\p{Nd} _-]{1,59}$")]
    private static partial Regex PseudonymPattern();
}
