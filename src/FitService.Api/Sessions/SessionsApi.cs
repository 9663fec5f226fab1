using FitService.Api.Episodes;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Trajectories;
using FitService.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Sessions;

/// <summary>
/// A session's write is one straight line: check the request, load the episode's context (one round trip), evaluate
/// it (one pure function), persist (one batch), and answer with the result built here.
/// </summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/episodes/{id:guid}/sessions").WithTags("Sessions").RequireAuthorization(Policies.Clinical)
            .WithIdempotency();
        group.MapPost("/", RecordSession).RequireIdempotencyKey().ClaimsKeyInItsFirstQuery()
            .WithSummary("Record the next session: totals, change from intake, reliable change, category and alerts at once")
            .WithDescription("Requires an Idempotency-Key header: a retry with the same key returns the first response and writes nothing.");
        group.MapPut("/{number:int}", CorrectSession).ClaimsKeyInItsFirstQuery()
            .WithSummary("Correct a recorded session: stored as a new revision, every earlier one kept");
        group.MapGet("/{number:int}/revisions", ListRevisions)
            .WithSummary("Every version of a session");
        return group;
    }

    /// <summary>
    /// Records the next session. Requires an Idempotency-Key: a retry returns the first result. The key is claimed with the
    /// context's reads; when it is taken the context is null and the idempotency filter answers instead of the handler.
    /// </summary>
    static async Task<Results<Created<SessionRecorded>, ValidationProblem, NotFoundProblem>> RecordSession(
        Guid id, SessionRequest request, Actor actor, IdempotentWrite write, InstrumentCatalogue catalogue, TimeProvider clock)
    {
        var errors = new FieldErrors();
        var input = SessionInput.Parse(request, clock, errors);
        if (errors.Any) return errors.ToProblem();
        var context = await EpisodeContext.LoadAsync(write, id);
        if (context is null || !actor.CanSeeDepartment(context.Episode.DepartmentCode)) return EpisodeNotFound;

        var number = context.Sessions.Count + 1;
        var recorded = await EvaluateAndPersistAsync(write, actor, catalogue, context, input, number, "session.record", errors);
        if (recorded is null) return errors.ToProblem();
        return TypedResults.Created($"/api/v1/episodes/{id}", recorded);
    }

    /// <summary>Corrects a recorded session: a new revision is stored and every earlier one kept.</summary>
    static async Task<Results<Ok<SessionRecorded>, ValidationProblem, NotFoundProblem>> CorrectSession(
        Guid id, int number, SessionRequest request, Actor actor, IdempotentWrite write, InstrumentCatalogue catalogue, TimeProvider clock)
    {
        var errors = new FieldErrors();
        var input = SessionInput.Parse(request, clock, errors);
        if (errors.Any) return errors.ToProblem();
        var context = await EpisodeContext.LoadAsync(write, id);
        if (context is null || !actor.CanSeeDepartment(context.Episode.DepartmentCode)) return EpisodeNotFound;
        if (number < 1 || number > context.Sessions.Count) return TypedProblems.NotFound($"Time {number} / Session {number}");

        var recorded = await EvaluateAndPersistAsync(write, actor, catalogue, context, input, number, "session.correct", errors);
        if (recorded is null) return errors.ToProblem();
        return TypedResults.Ok(recorded);
    }

    static NotFoundProblem EpisodeNotFound => TypedProblems.NotFound("Forløpet / The episode");

    /// <summary>
    /// Checks the scores against the episode, evaluates, persists with the access-log entry; null with errors when refused.
    /// A client's rating through a one-time link takes the same path (ClientRatings).
    /// </summary>
    internal static async Task<SessionRecorded?> EvaluateAndPersistAsync(IdempotentWrite write, Actor actor, InstrumentCatalogue catalogue, EpisodeContext context,
        SessionInput input, int number, string action, FieldErrors errors)
    {
        var episode = context.Episode;
        var instruments = await catalogue.AtVersionAsync(write.Connection, write.Transaction, context.InstrumentsVersion);
        var (outcome, alliance) = EpisodeInstruments(instruments, episode);
        var scores = input.Check(context, outcome, alliance, number, errors);
        if (scores is null) return null;

        var calibration = TrajectoryStore.InUse(context.Calibration, context.CurvePoints, outcome);
        var evaluation = SessionEvaluation.Evaluate(outcome.ScaleFor(episode.AgeAtStart), alliance?.AllianceRulesFor(episode.AgeAtStart),
            context.Sessions.Select(s => s.Scored).ToList(), scores.At(number), calibration?.Model);
        var alerts = await SessionWrite.PersistAsync(write.Connection, write.Transaction, context, number, scores, evaluation,
            calibration?.Id, actor.Subject, alliance?.Labels ?? ItemLabels.None, write.Logged(action, episode.DepartmentCode, episode.ClientId, episode.Id));

        var revision = context.Sessions.FirstOrDefault(s => s.Number == number)?.Revision + 1 ?? 1;
        var assessed = evaluation.Assessments.Single(a => a.Number == number);
        return new SessionRecorded(episode.Id, number, revision, scores.Date,
            new ScaleScores(outcome.Code, scores.OutcomeTotal, Ordered(scores.OutcomeItems, outcome)),
            scores.AllianceItems is null || alliance is null ? null
                : new ScaleScores(alliance.Code, scores.AllianceTotal!.Value, Ordered(scores.AllianceItems, alliance)),
            evaluation.Summary.IntakeOutcome, assessed.ChangeFromIntake, Wire.Name(assessed.ReliableChange), Wire.Name(assessed.Category),
            Wire.Name(assessed.ClinicalRange), outcome.CutoffForAge(episode.AgeAtStart), outcome.ReliableChangeThreshold, alerts,
            scores.RatedBy, scores.AllianceRatedBy, scores.AllianceMissingReason);
    }

    /// <summary>The episode's outcome instrument and its alliance instrument, if any.</summary>
    public static (Instrument Outcome, Instrument? Alliance) EpisodeInstruments(IReadOnlyList<Instrument> instruments, EpisodeContext.EpisodeRow episode) =>
        (instruments.Single(i => i.Code == episode.OutcomeInstrument), instruments.SingleOrDefault(i => i.Code == episode.AllianceInstrument));

    static async Task<Results<Ok<IReadOnlyList<SessionRevision>>, NotFoundProblem>> ListRevisions(Guid id, int number, HttpContext http, NpgsqlDataSource db)
    {
        var actor = Actor.From(http.User);
        await using var connection = await db.OpenConnectionAsync();
        var episode = await EpisodeReader.FindVisibleAsync(connection, http, actor, id, "session.revisions.read.denied");
        if (episode is null)
            return EpisodeNotFound;
        var revisions = await SessionRevisions.ListAsync(connection, id, number);
        if (revisions.Count == 0) return TypedProblems.NotFound($"Time {number} / Session {number}");
        await AccessLog.WriteAsync(connection, null, http, actor, "session.revisions.read", episode.ClientId, id);
        return TypedResults.Ok(revisions);
    }

    static IReadOnlyDictionary<string, decimal> Ordered(IReadOnlyDictionary<string, decimal> items, Instrument instrument) =>
        instrument.Items.Where(i => items.ContainsKey(i.Key)).ToDictionary(i => i.Key, i => items[i.Key]);
}
