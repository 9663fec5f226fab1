using System.Text.Json;
using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.ClientRatings;

/// <summary>
/// A client's rating through a link, recorded by the clinicians' own session write (SessionsApi), so the assessments,
/// the episode summary and the alerts are exactly those of a session typed in by the clinician. An outcome rating is
/// the episode's next session; an alliance rating is a new revision of the session it names, its outcome unchanged.
/// The link is used up in the same transaction: a rating that is refused leaves it usable.
/// </summary>
public static class ClientRatingWrite
{
    /// <summary>The access log's actor for what happens through a link: the link itself, never a person's name.</summary>
    public static Actor LinkActor(Guid linkId) => new($"client-link:{linkId}", Raters.Client, new HashSet<string>());

    public static async Task<Results<Created<ClientRatingRecorded>, ValidationProblem, ProblemHttpResult>> RecordAsync(string code,
        ClientRatingRequest request, HttpContext http, NpgsqlDataSource db, InstrumentCatalogue catalogue, TimeProvider clock)
    {
        if (request.Items is null) return TypedProblems.Field("items", "Alle linjene må merkes.", "Every line must be marked.");

        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var link = await ClientLinks.UseAsync(connection, transaction, ClientLinkCode.Hash(code), clock.GetUtcNow());
        if (link is null || link.EndedOn is not null) return ClientRatingsApi.Gone;
        var context = await EpisodeContext.LoadAsync(connection, transaction, link.EpisodeId);
        var outcome = link.Scale == "outcome";
        var number = outcome ? context!.Sessions.Count + 1 : link.SessionNumber ?? context!.Sessions.Count;

        var errors = new FieldErrors();
        SessionInput input;
        if (outcome)
            input = SessionInput.Parse(new SessionRequest(Dates.Today(clock).ToString("yyyy-MM-dd"), new ScoresRequest(request.Items), null,
                Raters.Client), clock, errors);
        else
        {
            var session = await StoredOutcomeAsync(connection, transaction, link.EpisodeId, number);
            if (session is null || session.AllianceTotal is not null)
                return TypedProblems.Conflict("items", "Denne timen har allerede alliansen. / This session already has the alliance scale.");
            input = SessionInput.Parse(new SessionRequest(session.HeldOn.ToString("yyyy-MM-dd"), new ScoresRequest(session.OutcomeItems),
                new ScoresRequest(request.Items), session.RatedBy, Raters.Client), clock, errors);
        }
        if (errors.Any) return ForClient(errors.ToProblem());

        // The session write's transaction is this one, opened here rather than by the idempotency filter (no one is signed in).
        var actor = LinkActor(link.Id);
        var write = new IdempotentWrite();
        write.Open(http, actor, connection, transaction);
        var recorded = await SessionsApi.EvaluateAndPersistAsync(write, actor, catalogue, context!, input, number, "client-rating.record", errors);
        if (recorded is null) return ForClient(errors.ToProblem());
        await transaction.CommitAsync();
        return TypedResults.Created((string?)null, new ClientRatingRecorded(link.Scale, number));
    }

    sealed record StoredOutcome(DateOnly HeldOn, string RatedBy, decimal? AllianceTotal)
    {
        public Dictionary<string, JsonElement> OutcomeItems { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The session's current outcome items and who rated them, which an alliance rating keeps as they are.</summary>
    static async Task<StoredOutcome?> StoredOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid episodeId, int number)
    {
        const string sql = """
            select held_on, rated_by, alliance_total from sessions where episode_id = @episodeId and number = @number;
            select v.item_key, v.value
            from sessions s
            join session_revisions r on r.session_id = s.id and r.revision = s.revision
            join session_item_values v on v.revision_id = r.id and v.scale = 'outcome'
            where s.episode_id = @episodeId and s.number = @number;
            """;
        using var grid = await connection.QueryMultipleAsync(sql, new { episodeId, number }, transaction);
        var session = await grid.ReadSingleOrDefaultAsync<StoredOutcome>();
        foreach (var (key, value) in await grid.ReadAsync<(string, decimal)>())
            session?.OutcomeItems.Add(key, JsonSerializer.SerializeToElement(value));
        return session;
    }

    public static Task<bool> HasAllianceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid episodeId, int number) =>
        connection.ExecuteScalarAsync<bool>(
            "select exists (select 1 from sessions where episode_id = @episodeId and number = @number and alliance_total is not null)",
            new { episodeId, number }, transaction);

    /// <summary>The client sent {items}: the session write's "outcome.items.x" and "alliance.items.x" become "items.x".</summary>
    static ValidationProblem ForClient(ValidationProblem problem) => TypedResults.ValidationProblem(
        problem.ProblemDetails.Errors.ToDictionary(
            e => e.Key.StartsWith("outcome.", StringComparison.Ordinal) ? e.Key["outcome.".Length..]
                : e.Key.StartsWith("alliance.", StringComparison.Ordinal) ? e.Key["alliance.".Length..] : e.Key,
            e => e.Value),
        title: problem.ProblemDetails.Title);
}
