using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitService.Api.Infrastructure;

/// <summary>Field-level validation errors, collected and returned as one RFC 9457 problem.</summary>
public sealed class FieldErrors
{
    readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    /// <summary>Adds a message for a field; user-facing text is "bokmål / English".</summary>
    public void Add(string field, string norwegian, string english)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add($"{norwegian} / {english}");
    }

    public IResult ToResult(int status = StatusCodes.Status400BadRequest) => Results.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "Ugyldig forespørsel / Invalid request",
        statusCode: status);

    /// <summary>The errors as a typed 400 result, for handlers that declare <c>Results&lt;…, ValidationProblem, …&gt;</c>.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "Ugyldig forespørsel / Invalid request");
}

public static class Problems
{
    /// <summary>
    /// Every error as application/problem+json: unreadable bodies become 4xx naming the field, and a problem is
    /// written whatever the Accept header asks for (the built-in writer gives up unless Accept allows JSON).
    /// </summary>
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        // A body refused while it was being read (over the size limit, or arriving too slowly) is answered by the
        // endpoint's binding with a bare status; the problem written for it names the body, as every refusal names its field.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Status is not (StatusCodes.Status413PayloadTooLarge or StatusCodes.Status408RequestTimeout)
                || problem.Extensions.ContainsKey("errors")) return;
            var (title, detail) = problem.Status == StatusCodes.Status413PayloadTooLarge
                ? ("For stor / Too large", "Forespørselen er for stor. / The request body is too large.")
                : ("Tidsavbrudd / Request timeout", "Forespørselen kom for sakte. / The request body arrived too slowly.");
            problem.Title = title;
            problem.Detail = detail;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { ["body"] = [detail] };
        });
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>(); // after the built-in one: the fallback
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static IResult NotFound(string what) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Ikke funnet / Not found",
        detail: $"{what} finnes ikke, eller du har ikke tilgang. / {what} does not exist, or you have no access.");

    public static IResult Forbidden(string field, string detail) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Ingen tilgang / Forbidden",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>A department the caller does not work in, asked for by name (a query parameter or a field).</summary>
    public static IResult OtherDepartment(string field) =>
        Forbidden(field, "Du kan bare se egne avdelinger. / You can only see your own departments.");

    public static IResult Conflict(string field, string detail) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Konflikt / Conflict",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult Field(string field, string norwegian, string english, int status = StatusCodes.Status400BadRequest)
    {
        var errors = new FieldErrors();
        errors.Add(field, norwegian, english);
        return errors.ToResult(status);
    }
}

/// <summary>
/// Turns unreadable bodies (malformed JSON, wrong types, too large) into 4xx problems that name the field,
/// and constraint violations the validation missed into 409/422 instead of 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, field, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, JsonField(json.Path), $"Ugyldig JSON / Invalid JSON: {json.Message}"),
            BadHttpRequestException bad =>
                (bad.StatusCode, "body", bad.StatusCode == 413
                    ? "Forespørselen er for stor. / The request body is too large."
                    : $"Ugyldig forespørsel / Bad request: {bad.Message}"),
            // A NUL character or other text PostgreSQL cannot store, in a query parameter or a JSON string.
            PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
                (400, "body", "Teksten inneholder tegn som ikke kan lagres. / The text contains characters that cannot be stored."),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg =>
                (409, pg.ConstraintName ?? "body", "Finnes allerede. / Already exists."),
            PostgresException { SqlState: PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ForeignKeyViolation
                or PostgresErrorCodes.NotNullViolation or PostgresErrorCodes.NumericValueOutOfRange
                or PostgresErrorCodes.StringDataRightTruncation } pg =>
                (422, pg.ConstraintName ?? pg.ColumnName ?? "body", "Verdien ble avvist av databasen. / The value was rejected by the database."),
            _ => (0, "", ""),
        };
        if (status == 0) return false;
        // The caller's mistake, not the service's: a warning without a stack trace, and no values from the body.
        logger.LogWarning("Refused {Method} {Path} with {Status}: {Field} ({Reason})", context.Request.Method,
            context.Request.Path.Value, status, field, exception is PostgresException postgres ? postgres.SqlState : exception.GetType().Name);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = status == 413 ? "For stor / Too large" : "Ugyldig forespørsel / Invalid request",
                Detail = detail,
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
            },
        });
    }

    // "$.outcome.items.overall" -> "outcome.items.overall"
    static string JsonField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}

/// <summary>
/// Writes a problem as application/problem+json when the built-in writer declines because the Accept header excludes
/// JSON (text/html, text/csv): an error answer is always a problem, never an empty or plain-text body.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions,
            "application/problem+json", http.RequestAborted));
    }
}
