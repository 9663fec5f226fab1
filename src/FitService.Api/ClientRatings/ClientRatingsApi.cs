using FitService.Api.Episodes;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.ClientRatings;

/// <summary>
/// The client rates on their own phone: a clinician makes a one-time link (a long random code, minutes to live), the
/// client opens it without signing in, sees only the form, and sends the marks once. The rating is recorded through the
/// same write as a clinician's session (ClientRatingWrite). A used, expired or unknown code answers the same 410.
/// </summary>
public static class ClientRatingsApi
{
    public static IEndpointRouteBuilder MapClientRatings(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/episodes/{id:guid}/client-links", CreateLink).WithTags("Client ratings").RequireAuthorization(Policies.Clinical)
            .WithMetadata(new IdempotencyKeyAccepted())
            .WithSummary("Make a one-time link (and its QR code) for the client to rate the outcome or an alliance scale on their own phone")
            .WithDescription("The code is shown only in this answer. A retry with the same Idempotency-Key gives the same link a new code.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        routes.MapClientLinkState(); // the clinician's panel asks whether the client has rated yet

        var anonymous = routes.MapGroup("/client-ratings/{code}").WithTags("Client ratings").AllowAnonymous()
            .RequireRateLimiting(ClientLinkSettings.RateLimitPolicy);
        anonymous.MapGet("/", GetRatingForm)
            .WithSummary("What the client's rating page draws: the scale and its items, without any identifier (no sign-in)")
            .ProducesProblem(StatusCodes.Status410Gone);
        anonymous.MapPost("/", RecordClientRating)
            .WithSummary("The client's marks, once (no sign-in): an outcome becomes the next session, an alliance completes its session")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return routes;
    }

    static readonly string[] Scales = ["outcome", "alliance"];

    static async Task<Results<Created<ClientLink>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> CreateLink(
        Guid id, ClientLinkRequest request, HttpContext http, Actor actor, NpgsqlDataSource db, ClientLinkSettings settings, TimeProvider clock)
    {
        var errors = new FieldErrors();
        if (request.Scale is null || !Scales.Contains(request.Scale)) errors.Add("scale", "Må være outcome eller alliance.", "Must be outcome or alliance.");
        else if (request.Scale == "outcome" && request.SessionNumber is not null)
            errors.Add("sessionNumber", "Bare for alliance: en resultatskår blir alltid neste time.", "Only for alliance: an outcome rating is always the next session.");
        if (request.SessionNumber is < 1) errors.Add("sessionNumber", "Må være 1 eller mer.", "Must be 1 or more.");
        var key = http.Request.Headers[Idempotency.Header].ToString();
        if (key.Length > 200) errors.Add(Idempotency.Header, "Idempotency-Key er for lang (maks 200 tegn).", "Idempotency-Key is too long (max 200 characters).");
        if (errors.Any) return errors.ToProblem();

        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var episode = await EpisodeReader.FindAsync(connection, id, transaction);
        if (episode is null || !actor.CanSeeDepartment(episode.DepartmentCode))
        {
            if (episode is not null) await AccessLog.WriteAsync(connection, transaction, http, actor, "client-link.create.denied", episode.ClientId, id);
            await transaction.CommitAsync();
            return TypedProblems.NotFound("Forløpet / The episode");
        }
        if (episode.EndedOn is not null)
            return TypedProblems.Conflict("id", "Forløpet er avsluttet. / The episode is closed.");
        var number = request.Scale == "alliance" ? request.SessionNumber ?? episode.SessionCount : (int?)null;
        if (request.Scale == "alliance" && await AllianceProblemAsync(connection, transaction, episode, number!.Value) is { } refused)
            return refused;

        var code = ClientLinkCode.New();
        var expiresAt = clock.GetUtcNow() + settings.Lifetime;
        expiresAt = expiresAt.AddTicks(-(expiresAt.Ticks % TimeSpan.TicksPerMillisecond)); // as stored, so a retry shows the same time
        var linkId = Guid.CreateVersion7();
        var made = await ClientLinks.InsertAsync(connection, transaction, linkId, ClientLinkCode.Hash(code), id, request.Scale!,
            number, actor.Subject, key.Length > 0 ? key : null, expiresAt);
        var action = "client-link.create";
        if (!made)
        {
            var earlier = await ClientLinks.MadeWithKeyAsync(connection, transaction, actor.Subject, key);
            linkId = earlier.Id;
            if (earlier.EpisodeId != id || earlier.Scale != request.Scale || earlier.SessionNumber != number)
                return TypedProblems.Field(Idempotency.Header, "Denne Idempotency-Key er allerede brukt med en annen forespørsel.",
                    "This Idempotency-Key was already used with a different request.", StatusCodes.Status422UnprocessableEntity);
            expiresAt = new DateTimeOffset(DateTime.SpecifyKind(earlier.ExpiresAt, DateTimeKind.Utc));
            if (earlier.UsedAt is not null || expiresAt <= clock.GetUtcNow())
                return TypedProblems.Conflict(Idempotency.Header,
                    "Lenken fra denne forespørselen er brukt eller utløpt; lag en ny. / The link from this request has been used or has expired; make a new one.");
            await ClientLinks.NewCodeAsync(connection, transaction, earlier.Id, ClientLinkCode.Hash(code));
            http.Response.Headers[Idempotency.ReplayedHeader] = "true";
            action += ".replay";
        }
        await AccessLog.WriteAsync(connection, transaction, http, actor, action, episode.ClientId, id);
        await transaction.CommitAsync();
        var url = $"{PublicBase(http, settings)}/rate.html#{code}";
        return TypedResults.Created((string?)null, new ClientLink(code, url, expiresAt, request.Scale!, number, LinkQrCode.DataUrl(url), linkId));
    }

    /// <summary>An alliance link needs an alliance instrument and a recorded session that has no alliance scale yet.</summary>
    static async Task<ProblemHttpResult?> AllianceProblemAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        EpisodeReader.EpisodeRow episode, int number)
    {
        if (episode.AllianceInstrument is null)
            return TypedProblems.Field("scale", "Forløpet har ikke allianseinstrument.", "The episode has no alliance instrument.",
                StatusCodes.Status422UnprocessableEntity);
        if (number < 1 || number > episode.SessionCount)
            return TypedProblems.Field("sessionNumber", $"Det finnes ingen time {number} å fullføre.", $"There is no session {number} to complete.",
                StatusCodes.Status422UnprocessableEntity);
        if (await ClientRatingWrite.HasAllianceAsync(connection, transaction, episode.Id, number))
            return TypedProblems.Conflict("sessionNumber",
                $"Time {number} har allerede alliansen; korriger timen i stedet. / Session {number} already has the alliance scale; correct the session instead.");
        return null;
    }

    static string PublicBase(HttpContext http, ClientLinkSettings settings) =>
        settings.PublicBaseUrl?.ToString().TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    static async Task<Results<Ok<ClientRatingForm>, ProblemHttpResult>> GetRatingForm(string code, HttpContext http, NpgsqlDataSource db,
        TimeProvider clock)
    {
        await using var connection = await db.OpenConnectionAsync();
        var link = await ClientLinks.FindOpenAsync(connection, ClientLinkCode.Hash(code), clock.GetUtcNow());
        if (link is null || link.EndedOn is not null) return Gone;
        var instrumentCode = link.Scale == "outcome" ? link.OutcomeInstrument : link.AllianceInstrument!;
        var instrument = (await InstrumentStore.ListAsync(connection, instrumentCode)).Single();
        await AccessLog.WriteAsync(connection, null, http, ClientRatingWrite.LinkActor(link.Id), "client-rating.form.read", link.ClientId, link.EpisodeId);
        return TypedResults.Ok(new ClientRatingForm(link.Scale,
            new RatingInstrument(instrument.Code, instrument.Kind, instrument.Items.Select(i => new RatingItem(i.Key, i.Min, i.Max)).ToList(),
                await InstrumentWordingStore.TextsAsync(connection, instrument.Code)),
            link.AgeAtStart < 13, ["nb", "en"], new DateTimeOffset(DateTime.SpecifyKind(link.ExpiresAt, DateTimeKind.Utc))));
    }

    static Task<Results<Created<ClientRatingRecorded>, ValidationProblem, ProblemHttpResult>> RecordClientRating(string code,
        ClientRatingRequest request, HttpContext http, NpgsqlDataSource db, InstrumentCatalogue catalogue, TimeProvider clock) =>
        ClientRatingWrite.RecordAsync(code, request, http, db, catalogue, clock);

    /// <summary>Used, expired and unknown codes get this same answer, from the same single lookup.</summary>
    internal static ProblemHttpResult Gone => TypedResults.Problem(
        statusCode: StatusCodes.Status410Gone,
        title: "Lenken virker ikke lenger / The link no longer works",
        detail: "Lenken er allerede brukt, er utløpt eller finnes ikke. Be behandleren din om en ny. / "
            + "The link has been used, has expired or does not exist. Ask your clinician for a new one.");
}
