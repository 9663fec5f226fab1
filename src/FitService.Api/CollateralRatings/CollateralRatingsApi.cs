using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitService.Api.CollateralRatings;

/// <summary>
/// Collateral ratings (docs/api.md, "Collateral ratings"): the episode's outcome instrument as rated by someone close
/// to the client, named by relation only. Stored apart from the sessions, so they never change the client's change,
/// category, trajectory or alerts; the episode read shows them as their own line, the outcomes report in its own section.
/// </summary>
public static class CollateralRatingsApi
{
    public static RouteGroupBuilder MapCollateralRatings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/episodes/{id:guid}/collateral-ratings").WithTags("Collateral ratings")
            .RequireAuthorization(Policies.Clinical).WithIdempotency();
        group.MapPost("/", RecordCollateralRating).RequireIdempotencyKey()
            .WithSummary("Record a collateral rating (parent, partner, teacher or other; never a name) that accompanies a session")
            .WithDescription("Requires an Idempotency-Key header: a retry with the same key returns the first response and writes nothing. " +
                "The rating never enters the client's change, category, trajectory, alerts or report figures.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{sessionNumber:int}/{relation}", CorrectCollateralRating)
            .WithSummary("Correct a collateral rating: stored as a new revision, every earlier one kept");
        return group;
    }

    static async Task<Results<Created<CollateralRatingRecorded>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> RecordCollateralRating(
        Guid id, CollateralRatingRequest request, Actor actor, IdempotentWrite write, InstrumentCatalogue catalogue)
    {
        var errors = new FieldErrors();
        var input = CollateralInput.Parse(request, errors);
        if (input is null) return errors.ToProblem();
        var context = await CollateralStore.LoadAsync(write.Connection, write.Transaction, id, input.SessionNumber, input.Relation);
        if (context is null || !actor.CanSeeDepartment(context.Episode.DepartmentCode)) return EpisodeNotFound;
        if (context.SessionDate is not { } date) return NoSuchSession(input.SessionNumber);
        if (context.Existing is not null)
            return TypedProblems.Conflict("relation",
                "Denne relasjonen har alt vurdert denne timen; rett vurderingen i stedet. / This relation has already rated this session; correct the rating instead.");

        var outcome = await OutcomeInstrumentAsync(write, catalogue, context);
        var scored = CollateralInput.Score(outcome, input.Items, errors);
        if (scored is not var (items, total)) return errors.ToProblem();
        await CollateralStore.InsertAsync(write.Connection, write.Transaction, id, input.SessionNumber, input.Relation, outcome.Code,
            items, total, actor.Subject);
        await write.LogAsync("collateral.record", context.Episode.DepartmentCode, context.Episode.ClientId, id);
        return TypedResults.Created($"/api/v1/episodes/{id}",
            new CollateralRatingRecorded(id, input.SessionNumber, date, input.Relation, outcome.Code, total, items, 1));
    }

    static async Task<Results<Ok<CollateralRatingRecorded>, ValidationProblem, NotFoundProblem>> CorrectCollateralRating(
        Guid id, int sessionNumber, string relation, CollateralCorrectionRequest request, Actor actor, IdempotentWrite write,
        InstrumentCatalogue catalogue)
    {
        var errors = new FieldErrors();
        var values = CollateralInput.ParseCorrection(relation, request, errors);
        if (values is null) return errors.ToProblem();
        var context = await CollateralStore.LoadAsync(write.Connection, write.Transaction, id, sessionNumber, relation);
        if (context is null || !actor.CanSeeDepartment(context.Episode.DepartmentCode)) return EpisodeNotFound;
        if (context is not { SessionDate: { } date, Existing: { } existing })
            return TypedProblems.NotFound($"Kollateral vurdering ({relation}, time {sessionNumber}) / The collateral rating ({relation}, session {sessionNumber})");

        var outcome = await OutcomeInstrumentAsync(write, catalogue, context);
        var scored = CollateralInput.Score(outcome, values, errors);
        if (scored is not var (items, total)) return errors.ToProblem();
        var revision = await CollateralStore.CorrectAsync(write.Connection, write.Transaction, existing.Id, items, total, actor.Subject);
        await write.LogAsync("collateral.correct", context.Episode.DepartmentCode, context.Episode.ClientId, id);
        return TypedResults.Ok(new CollateralRatingRecorded(id, sessionNumber, date, relation, outcome.Code, total, items, revision));
    }

    static NotFoundProblem EpisodeNotFound => TypedProblems.NotFound("Forløpet / The episode");

    static ValidationProblem NoSuchSession(int number) => TypedProblems.Field("sessionNumber",
        $"Time {number} er ikke registrert; en kollateral vurdering følger en registrert time.",
        $"Session {number} is not recorded; a collateral rating accompanies a recorded session.");

    static async Task<Instrument> OutcomeInstrumentAsync(IdempotentWrite write, InstrumentCatalogue catalogue, CollateralStore.Context context)
    {
        var instruments = await catalogue.AtVersionAsync(write.Connection, write.Transaction, context.InstrumentsVersion);
        return instruments.Single(i => i.Code == context.Episode.OutcomeInstrument);
    }
}
