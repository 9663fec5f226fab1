using System.Text.Json;
using Dapper;
using FitService.Api.Episodes;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Sessions;

public static class SessionsApi
{
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/episodes/{id:guid}/sessions").WithTags("Sessions").RequireAuthorization(Policies.Clinical);
        group.MapPost("/", RecordSession)
            .WithSummary("Record the next session: totals, change from intake, reliable change, category and alerts at once")
            .WithDescription("Requires an Idempotency-Key header: a retry with the same key returns the first response and writes nothing.")
            .Produces<SessionRecorded>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/{number:int}", CorrectSession)
            .WithSummary("Correct a recorded session: stored as a new revision, every earlier one kept")
            .Produces<SessionRecorded>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{number:int}/revisions", ListRevisions)
            .WithSummary("Every version of a session")
            .Produces<IReadOnlyList<SessionRevision>>().ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>Records the next session. Requires an Idempotency-Key: a retry returns the first result.</summary>
    static Task<IResult> RecordSession(Guid id, SessionRequest request, HttpContext http, IdempotentWriter writer, TimeProvider clock) =>
        Write(id, null, request, http, writer, clock);

    /// <summary>Corrects a recorded session: a new revision is stored and every earlier one kept.</summary>
    static Task<IResult> CorrectSession(Guid id, int number, SessionRequest request, HttpContext http, IdempotentWriter writer, TimeProvider clock) =>
        Write(id, number, request, http, writer, clock);

    static async Task<IResult> Write(Guid id, int? number, SessionRequest request, HttpContext http, IdempotentWriter writer, TimeProvider clock)
    {
        var actor = Actor.From(http.User);
        var errors = new FieldErrors();
        var date = Dates.Parse(request.Date, "date", clock, errors);
        var outcomeRaw = RawItems(request.Outcome, "outcome", errors, required: true);
        var allianceRaw = RawItems(request.Alliance, "alliance", errors, required: false);
        if (errors.Any) return errors.ToResult();

        return await writer.RunAsync(http, actor, new { id, number, request }, async (connection, transaction) =>
        {
            var episode = await EpisodeReader.FindAsync(connection, id, transaction);
            if (episode is null || !actor.CanSeeDepartment(episode.DepartmentCode))
                return (Problems.NotFound("Forløpet / The episode"), null);
            if (number is { } n && (n < 1 || n > episode.SessionCount))
                return (Problems.NotFound($"Time {n} / Session {n}"), null);
            var instruments = await InstrumentStore.ListAsync(connection, null, transaction);
            var outcome = instruments.Single(i => i.Code == episode.OutcomeInstrument);
            var alliance = instruments.SingleOrDefault(i => i.Code == episode.AllianceInstrument);

            var fieldErrors = new FieldErrors();
            var outcomeScore = Score(outcome, outcomeRaw!, "outcome", fieldErrors);
            ScoreResult? allianceScore = null;
            if (allianceRaw is not null)
            {
                if (alliance is null) fieldErrors.Add("alliance", "Forløpet har ikke allianseinstrument.", "The episode has no alliance instrument.");
                else allianceScore = Score(alliance, allianceRaw, "alliance", fieldErrors);
            }
            if (episode.EndedOn is { } ended && date > ended)
                fieldErrors.Add("date", "Datoen er etter at forløpet ble avsluttet.", "The date is after the episode was closed.");
            if (date < episode.StartedOn)
                fieldErrors.Add("date", "Datoen er før forløpet startet.", "The date is before the episode started.");
            var order = await SessionRecorder.NeighbourDatesAsync(connection, transaction, id, number ?? episode.SessionCount + 1);
            if (order.Previous is { } prev && date < prev)
                fieldErrors.Add("date", $"Datoen er før forrige time ({prev:yyyy-MM-dd}).", $"The date is before the previous session ({prev:yyyy-MM-dd}).");
            if (order.Next is { } next && date > next)
                fieldErrors.Add("date", $"Datoen er etter neste time ({next:yyyy-MM-dd}).", $"The date is after the next session ({next:yyyy-MM-dd}).");
            if (fieldErrors.Any) return (fieldErrors.ToResult(), null);

            var scores = new SessionScores(date!.Value, Values(outcomeRaw!), outcomeScore!.Total!.Value,
                allianceRaw is null ? null : Values(allianceRaw), allianceScore?.Total);
            var recorded = await SessionRecorder.RecordAsync(connection, transaction, actor, episode, outcome, alliance, number, scores);
            return (null, number is null
                ? new Written(201, recorded, $"/api/v1/episodes/{id}", new Logged("session.record", episode.ClientId, id))
                : new Written(200, recorded, Log: new Logged("session.correct", episode.ClientId, id)));
        }, keyRequired: number is null);
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
