using Dapper;
using FitService.Api.Alerts;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitService.Api.Episodes;

public static class EpisodesApi
{
    static readonly string[] EndReasons = ["planned", "dropout", "referred", "other"];
    static readonly string[] ListStatuses = ["open", "closed", "all"];
    const int MaxPageSize = 200;

    public static RouteGroupBuilder MapEpisodes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/episodes").WithTags("Episodes").RequireAuthorization(Policies.Clinical).WithIdempotency();
        group.MapGet("/", ListEpisodes)
            .WithSummary("A department's episodes, the caseload (department=, status=, mine=, search=, sort=started|risk, limit=, offset=)")
            .WithQueryParameters(Caseload.Query)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateEpisode)
            .WithSummary("Start an episode; outcome and alliance instruments default by age at the start")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:guid}", GetEpisode)
            .WithSummary("An episode with its sessions, trajectory, category, expected-trajectory status and open alerts");
        group.MapPost("/{id:guid}/close", CloseEpisode)
            .WithSummary("Close an episode with its end reason; its live alerts are cleared and listed in clearedAlerts")
            .ProducesProblem(StatusCodes.Status409Conflict);
        EpisodeSummaryPdf.Map(group);
        return group;
    }

    /// <summary>
    /// One department's episodes for the overview, paged: newest start first, or by risk; "mine" and a pseudonym search
    /// narrow it (Caseload). Every listed client is access-logged.
    /// </summary>
    static async Task<Results<Ok<EpisodeList>, ValidationProblem, ProblemHttpResult>> ListEpisodes(string? department, string? status,
        string? limit, string? offset, Actor actor, HttpContext http, NpgsqlDataSource db, TimeProvider clock,
        IOptions<CaseloadSettings> settings)
    {
        var errors = new FieldErrors();
        if (!Codes.IsValid(department)) errors.Add("department", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        status ??= "open";
        if (!ListStatuses.Contains(status)) errors.Add("status", "Må være open, closed eller all.", "Must be open, closed or all.");
        // Paging numbers are parsed here, not bound, so a non-number is refused by its own name.
        var pageSize = limit is null ? 50 : int.TryParse(limit, out var l) && l is >= 1 and <= MaxPageSize ? l : -1;
        if (pageSize < 0) errors.Add("limit", $"Må være et heltall fra 1 til {MaxPageSize}.", $"Must be a whole number from 1 to {MaxPageSize}.");
        var skip = offset is null ? 0 : int.TryParse(offset, out var o) && o >= 0 ? o : -1;
        if (skip < 0) errors.Add("offset", "Må være et heltall fra 0.", "Must be a whole number from 0.");
        var query = http.Request.Query;
        var mine = query["mine"].ToString() switch { "" or "false" => false, "true" => (bool?)true, _ => null };
        if (mine is null || query["mine"].Count > 1) errors.Add("mine", "Må være true eller false.", "Must be true or false.");
        var search = query["search"].Count == 0 ? null : query["search"].ToString().Trim();
        if (search is not null && (search.Length is 0 or > Caseload.MaxSearchLength || search.Any(char.IsControl) || query["search"].Count > 1))
            errors.Add("search", $"Skriv 1–{Caseload.MaxSearchLength} tegn av pseudonymet.", $"Type 1–{Caseload.MaxSearchLength} characters of the pseudonym.");
        var sort = query["sort"].Count == 0 ? "started" : query["sort"].ToString();
        if (!Caseload.Sorts.Contains(sort)) errors.Add("sort", "Må være started eller risk.", "Must be started or risk.");
        if (errors.Any) return errors.ToProblem();
        if (!actor.CanSeeDepartment(department!))
            return TypedProblems.OtherDepartment("department");

        var weeks = settings.Value.OverdueWeeks;
        var filter = new CaseloadFilter(department!, status, mine!.Value, search, sort, pageSize, skip);
        await using var connection = await db.OpenConnectionAsync();
        var (total, items) = await Caseload.ReadAsync(connection, filter, actor.Subject, Dates.Today(clock).AddDays(-7 * weeks));
        await AccessLog.WriteManyAsync(connection, null, http, actor, "episode.list",
            items.Select(i => (i.ClientId, (Guid?)i.Id)).ToList());
        return TypedResults.Ok(new EpisodeList(total, items, weeks));
    }

    static async Task<Results<Created<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> CreateEpisode(
        CreateEpisodeRequest request, Actor actor, IdempotentWrite write, InstrumentCatalogue catalogue, TimeProvider clock)
    {
        var errors = new FieldErrors();
        if (request.ClientId is null) errors.Add("clientId", "Må oppgis.", "Is required.");
        if (!Codes.IsValid(request.DepartmentCode)) errors.Add("departmentCode", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        var startedOn = Dates.Parse(request.StartedOn, "startedOn", clock, errors);
        if (request.OutcomeInstrument is not null && !Codes.IsValid(request.OutcomeInstrument))
            errors.Add("outcomeInstrument", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        if (request.AllianceInstrument is not null && !Codes.IsValid(request.AllianceInstrument))
            errors.Add("allianceInstrument", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        if (errors.Any) return errors.ToProblem();
        if (!actor.CanSeeDepartment(request.DepartmentCode!))
            return TypedProblems.Forbidden("departmentCode", "Du kan bare opprette forløp i egne avdelinger. / You can only create episodes in your own departments.");

        var (connection, transaction) = (write.Connection, write.Transaction);
        var client = await connection.QuerySingleOrDefaultAsync<(Guid Id, int BirthYear, string DepartmentCode)>(
            "select id, birth_year, department_code from clients where id = @ClientId", request, transaction);
        if (client.Id == Guid.Empty || !actor.CanSeeDepartment(client.DepartmentCode))
            return TypedProblems.Field("clientId", "Ukjent klient.", "Unknown client.", StatusCodes.Status422UnprocessableEntity);
        if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from departments where code = @DepartmentCode)", request, transaction))
            return TypedProblems.Field("departmentCode", "Ukjent avdeling.", "Unknown department.", StatusCodes.Status422UnprocessableEntity);
        if (startedOn!.Value.Year < client.BirthYear)
            return TypedProblems.Field("startedOn", "Forløpet kan ikke starte før fødselsåret.", "The episode cannot start before the birth year.");

        var age = AgeBands.AgeAt(client.BirthYear, startedOn.Value);
        var instruments = await InstrumentStore.ListAsync(connection, null, transaction);
        var outcomeCode = request.OutcomeInstrument ?? AgeBands.DefaultOutcomeInstrument(age);
        var allianceCode = request.AllianceInstrument ?? AgeBands.DefaultAllianceInstrument(age);
        if (instruments.SingleOrDefault(i => i.Code == outcomeCode) is not { Kind: Instrument.Outcome })
            errors.Add("outcomeInstrument", $"Ukjent resultatinstrument {outcomeCode}.", $"Unknown outcome instrument {outcomeCode}.");
        if (instruments.SingleOrDefault(i => i.Code == allianceCode) is not { Kind: Instrument.Alliance })
            errors.Add("allianceInstrument", $"Ukjent allianseinstrument {allianceCode}.", $"Unknown alliance instrument {allianceCode}.");
        if (errors.Any) return errors.ToProblem();

        const string insert = """
            insert into episodes (client_id, department_code, outcome_instrument, alliance_instrument, started_on, age_at_start, created_by)
            values (@ClientId, @DepartmentCode, @outcomeCode, @allianceCode, @startedOn, @age, @Subject)
            returning id
            """;
        var id = await connection.ExecuteScalarAsync<Guid>(insert,
            new { request.ClientId, request.DepartmentCode, outcomeCode, allianceCode, startedOn, age, actor.Subject }, transaction);
        var episode = await EpisodeReader.FindAsync(connection, id, transaction);
        await write.LogAsync("episode.create", episode!.DepartmentCode, client.Id, id);
        return TypedResults.Created($"/api/v1/episodes/{id}", await EpisodeReader.ReadAsync(connection, catalogue, episode, transaction));
    }

    static async Task<Results<Ok<EpisodeResponse>, NotFoundProblem>> GetEpisode(Guid id, Actor actor, HttpContext http, NpgsqlDataSource db,
        InstrumentCatalogue catalogue)
    {
        await using var connection = await db.OpenConnectionAsync();
        var episode = await EpisodeReader.FindVisibleAsync(connection, http, actor, id, "episode.read.denied");
        if (episode is null)
            return TypedProblems.NotFound("Forløpet / The episode");
        var response = await EpisodeReader.ReadAsync(connection, catalogue, episode);
        await AccessLog.WriteAsync(connection, null, http, actor, "episode.read", episode.ClientId, id);
        return TypedResults.Ok(response);
    }

    /// <summary>
    /// Ends an episode; its live alerts are cleared, since a finished case does not belong in the queue. Returns the
    /// alerts it cleared.
    /// </summary>
    public static async Task<IReadOnlyList<AlertView>> CloseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id,
        DateOnly endedOn, string endReason)
    {
        const string sql = "update episodes set ended_on = @endedOn, end_reason = @endReason where id = @id";
        await connection.ExecuteAsync(sql, new { endedOn, endReason, id }, transaction);
        return await EpisodeAlertHistory.ClearOnCloseAsync(connection, transaction, id);
    }

    static async Task<Results<Ok<ClosedEpisodeResponse>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> CloseEpisode(
        Guid id, CloseEpisodeRequest request, Actor actor, IdempotentWrite write, InstrumentCatalogue catalogue, TimeProvider clock)
    {
        var errors = new FieldErrors();
        var endedOn = Dates.Parse(request.EndedOn, "endedOn", clock, errors);
        if (request.EndReason is null || !EndReasons.Contains(request.EndReason))
            errors.Add("endReason", "Må være planned, dropout, referred eller other.", "Must be planned, dropout, referred or other.");
        if (errors.Any) return errors.ToProblem();

        var (connection, transaction) = (write.Connection, write.Transaction);
        var episode = await EpisodeReader.FindAsync(connection, id, transaction);
        if (episode is null || !actor.CanSeeDepartment(episode.DepartmentCode))
            return TypedProblems.NotFound("Forløpet / The episode");
        if (episode.EndedOn is not null)
            return TypedProblems.Conflict("endedOn", "Forløpet er allerede avsluttet. / The episode is already closed.");
        if (endedOn < episode.StartedOn || (episode.LastSessionOn is { } last && endedOn < last))
            return TypedProblems.Field("endedOn", "Sluttdato kan ikke være før start eller siste time.",
                "The end date cannot be before the start or the last session.");
        var cleared = await CloseAsync(connection, transaction, id, endedOn!.Value, request.EndReason!);
        await write.LogAsync("episode.close", episode.DepartmentCode, episode.ClientId, id);
        var closed = await EpisodeReader.FindAsync(connection, id, transaction);
        return TypedResults.Ok(new ClosedEpisodeResponse(await EpisodeReader.ReadAsync(connection, catalogue, closed!, transaction), cleared));
    }
}
