using System.Text.Json;
using Dapper;
using FitService.Api.Episodes;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Sessions;

public static class SessionsApi
{
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/episodes/{id:guid}/sessions").WithTags("Sessions").RequireAuthorization(Policies.Clinical)
            .WithIdempotency();
        group.MapPost("/", RecordSession).RequireIdempotencyKey()
            .WithSummary("Record the next session: totals, change from intake, reliable change, category and alerts at once")
            .WithDescription("Requires an Idempotency-Key header: a retry with the same key returns the first response and writes nothing.");
        group.MapPut("/{number:int}", CorrectSession)
            .WithSummary("Correct a recorded session: stored as a new revision, every earlier one kept");
        group.MapGet("/{number:int}/revisions", ListRevisions)
            .WithSummary("Every version of a session")
            .Produces<IReadOnlyList<SessionRevision>>().ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>Records the next session. Requires an Idempotency-Key: a retry returns the first result.</summary>
    static async Task<Results<Created<SessionRecorded>, ValidationProblem, NotFoundProblem>> RecordSession(
        Guid id, SessionRequest request, Actor actor, IdempotentWrite write, TimeProvider clock)
    {
        var errors = new FieldErrors();
        var input = SessionInput.Parse(request, clock, errors);
        if (errors.Any) return errors.ToProblem();
        var episode = await EpisodeReader.FindAsync(write.Connection, id, write.Transaction);
        if (episode is null || !actor.CanSeeDepartment(episode.DepartmentCode)) return EpisodeNotFound;

        var recorded = await ScoreAndRecordAsync(write, actor, episode, null, input, errors);
        if (recorded is null) return errors.ToProblem();
        await write.LogAsync("session.record", episode.DepartmentCode, episode.ClientId, id);
        return TypedResults.Created($"/api/v1/episodes/{id}", recorded);
    }

    /// <summary>Corrects a recorded session: a new revision is stored and every earlier one kept.</summary>
    static async Task<Results<Ok<SessionRecorded>, ValidationProblem, NotFoundProblem>> CorrectSession(
        Guid id, int number, SessionRequest request, Actor actor, IdempotentWrite write, TimeProvider clock)
    {
        var errors = new FieldErrors();
        var input = SessionInput.Parse(request, clock, errors);
        if (errors.Any) return errors.ToProblem();
        var episode = await EpisodeReader.FindAsync(write.Connection, id, write.Transaction);
        if (episode is null || !actor.CanSeeDepartment(episode.DepartmentCode)) return EpisodeNotFound;
        if (number < 1 || number > episode.SessionCount) return TypedProblems.NotFound($"Time {number} / Session {number}");

        var recorded = await ScoreAndRecordAsync(write, actor, episode, number, input, errors);
        if (recorded is null) return errors.ToProblem();
        await write.LogAsync("session.correct", episode.DepartmentCode, episode.ClientId, id);
        return TypedResults.Ok(recorded);
    }

    static NotFoundProblem EpisodeNotFound => TypedProblems.NotFound("Forløpet / The episode");

    /// <summary>The request's date and raw item values, checked for shape before anything is read.</summary>
    sealed record SessionInput(DateOnly? Date, Dictionary<string, decimal?>? Outcome, Dictionary<string, decimal?>? Alliance)
    {
        public static SessionInput Parse(SessionRequest request, TimeProvider clock, FieldErrors errors) => new(
            Dates.Parse(request.Date, "date", clock, errors),
            RawItems(request.Outcome, "outcome", errors, required: true),
            RawItems(request.Alliance, "alliance", errors, required: false));
    }

    /// <summary>Scores the items against the episode's instruments, checks the date's place, and records; null with errors when refused.</summary>
    static async Task<SessionRecorded?> ScoreAndRecordAsync(IdempotentWrite write, Actor actor, EpisodeReader.EpisodeRow episode,
        int? number, SessionInput input, FieldErrors errors)
    {
        var (connection, transaction) = (write.Connection, write.Transaction);
        var instruments = await InstrumentStore.ListAsync(connection, null, transaction);
        var outcome = instruments.Single(i => i.Code == episode.OutcomeInstrument);
        var alliance = instruments.SingleOrDefault(i => i.Code == episode.AllianceInstrument);

        var outcomeScore = Score(outcome, input.Outcome!, "outcome", errors);
        ScoreResult? allianceScore = null;
        if (input.Alliance is not null)
        {
            if (alliance is null) errors.Add("alliance", "Forløpet har ikke allianseinstrument.", "The episode has no alliance instrument.");
            else allianceScore = Score(alliance, input.Alliance, "alliance", errors);
        }
        var date = input.Date!.Value;
        if (episode.EndedOn is { } ended && date > ended)
            errors.Add("date", "Datoen er etter at forløpet ble avsluttet.", "The date is after the episode was closed.");
        if (date < episode.StartedOn)
            errors.Add("date", "Datoen er før forløpet startet.", "The date is before the episode started.");
        var order = await SessionRecorder.NeighbourDatesAsync(connection, transaction, episode.Id, number ?? episode.SessionCount + 1);
        if (order.Previous is { } prev && date < prev)
            errors.Add("date", $"Datoen er før forrige time ({prev:yyyy-MM-dd}).", $"The date is before the previous session ({prev:yyyy-MM-dd}).");
        if (order.Next is { } next && date > next)
            errors.Add("date", $"Datoen er etter neste time ({next:yyyy-MM-dd}).", $"The date is after the next session ({next:yyyy-MM-dd}).");
        if (errors.Any) return null;

        var scores = new SessionScores(date, Values(input.Outcome!), outcomeScore!.Total!.Value,
            input.Alliance is null ? null : Values(input.Alliance), allianceScore?.Total);
        return await SessionRecorder.RecordAsync(connection, transaction, actor, episode, outcome, alliance, number, scores);
    }

    static async Task<IResult> ListRevisions(Guid id, int number, HttpContext http, NpgsqlDataSource db)
    {
        var actor = Actor.From(http.User);
        await using var connection = await db.OpenConnectionAsync();
        var episode = await EpisodeReader.FindVisibleAsync(connection, http, actor, id, "session.revisions.read.denied");
        if (episode is null)
            return Problems.NotFound("Forløpet / The episode");
        var revisions = await SessionRecorder.RevisionsAsync(connection, id, number);
        if (revisions.Count == 0) return Problems.NotFound($"Time {number} / Session {number}");
        await AccessLog.WriteAsync(connection, null, http, actor, "session.revisions.read", episode.ClientId, id);
        return Results.Ok(revisions);
    }

    /// <summary>Checks the JSON shape of item values: each must be a number (or null, which counts as missing).</summary>
    static Dictionary<string, decimal?>? RawItems(ScoresRequest? scores, string scale, FieldErrors errors, bool required)
    {
        if (scores?.Items is null)
        {
            if (required) errors.Add($"{scale}.items", "Alle ledd må fylles ut.", "All items are required.");
            return null;
        }
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var (key, element) in scores.Items)
        {
            if (element.ValueKind == JsonValueKind.Null) values[key] = null;
            else if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var value)) values[key] = value;
            else errors.Add($"{scale}.items.{key}", "Verdien må være et tall fra 0 til 10.", "The value must be a number from 0 to 10.");
        }
        return values;
    }

    static ScoreResult? Score(Instrument instrument, Dictionary<string, decimal?> values, string scale, FieldErrors errors)
    {
        var result = ItemScoring.Score(instrument.Items, values);
        foreach (var e in result.Errors)
        {
            var (nb, en) = e.Code switch
            {
                "missing" => ("Leddet mangler: alle ledd må fylles ut.", "The item is missing: all items are required."),
                "unknown" => ($"Ukjent ledd for {instrument.Code}.", $"Unknown item for {instrument.Code}."),
                "too_many_decimals" => ("Høyst én desimal (0,1 cm).", "At most one decimal (0.1 cm)."),
                _ => ("Verdien er utenfor skalaen.", "The value is outside the scale."),
            };
            var range = instrument.Items.FirstOrDefault(i => i.Key == e.Key);
            errors.Add($"{scale}.items.{e.Key}", range is null || e.Code != "out_of_range" ? nb : $"{nb} ({range.Min}–{range.Max})",
                range is null || e.Code != "out_of_range" ? en : $"{en} ({range.Min}–{range.Max})");
        }
        return result.IsValid ? result : null;
    }

    static IReadOnlyDictionary<string, decimal> Values(Dictionary<string, decimal?> raw) =>
        raw.ToDictionary(kv => kv.Key, kv => kv.Value!.Value);
}
