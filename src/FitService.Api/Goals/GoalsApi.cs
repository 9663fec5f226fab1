using System.Text.RegularExpressions;
using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Goals;

/// <summary>A department's goal for a half-year on a report metric (a share 0–1), and the short text on how to get there.</summary>
public sealed record Goal(long Id, string Department, string HalfYear, string Metric, decimal Target, string Direction, string Description);

public sealed record SetGoalRequest(string? HalfYear, string? Metric, decimal? Target, string? Direction, string? Description);

/// <summary>
/// Department goals («målbare mål», docs/reports.md): anyone signed in reads them; an admin sets and removes them.
/// At most two per department and half-year. Goals are not client-level data.
/// </summary>
public static partial class GoalsApi
{
    public const int MaxPerHalfYear = 2;
    public const int MaxDescriptionLength = 500;

    public static RouteGroupBuilder MapGoals(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/departments/{code}/goals").WithTags("Goals").WithIdempotency();
        group.MapGet("/", ListGoals).WithSummary("A department's goals, all half-years or one (halfYear=2026H1)");
        group.MapPost("/", SetGoal).RequireAuthorization(Policies.Admin)
            .WithSummary("Set a goal (admin); at most two per department and half-year, one per metric");
        group.MapDelete("/{id:long}", RemoveGoal).RequireAuthorization(Policies.Admin).WithSummary("Remove a goal (admin)");
        return group;
    }

    const string SelectGoals = """
        select id, department_code as department, half_year as halfyear, metric, target, direction, description
        from department_goals where department_code = @code and (@halfYear::text is null or half_year = @halfYear)
        order by half_year, id
        """;

    static async Task<Results<Ok<List<Goal>>, ValidationProblem, NotFoundProblem>> ListGoals(string code, string? halfYear, NpgsqlDataSource db)
    {
        if (halfYear is not null && HalfYears.Months(halfYear) is null)
            return TypedProblems.Field("halfYear", "Bruk åååå H1 eller H2, f.eks. 2026H1.", "Use yyyyH1 or yyyyH2, e.g. 2026H1.");
        await using var connection = await db.OpenConnectionAsync();
        if (!await DepartmentExistsAsync(connection, code, null)) return TypedProblems.NotFound($"Avdeling {code} / Department {code}");
        return TypedResults.Ok((await connection.QueryAsync<Goal>(SelectGoals, new { code, halfYear })).ToList());
    }

    static async Task<Results<Created<Goal>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> SetGoal(
        string code, SetGoalRequest request, Actor actor, IdempotentWrite write)
    {
        var errors = Validate(request);
        if (errors.Any) return errors.ToProblem();

        // The department's row is locked, so two requests cannot both add the second goal.
        if (!await DepartmentExistsAsync(write.Connection, code, write.Transaction, forUpdate: true))
            return TypedProblems.NotFound($"Avdeling {code} / Department {code}");
        var existing = (await write.Connection.QueryAsync<Goal>(SelectGoals, new { code, halfYear = request.HalfYear }, write.Transaction)).ToList();
        if (existing.Any(g => g.Metric == request.Metric))
            return TypedProblems.Conflict("metric", $"Avdelingen har allerede et mål for {request.Metric} i {request.HalfYear}. / " +
                $"The department already has a goal on {request.Metric} in {request.HalfYear}.");
        if (existing.Count >= MaxPerHalfYear)
            return TypedProblems.Conflict("halfYear", $"Høyst {MaxPerHalfYear} mål per avdeling og halvår. / At most {MaxPerHalfYear} goals per department and half-year.");

        const string sql = """
            insert into department_goals (department_code, half_year, metric, target, direction, description, created_by)
            values (@code, @HalfYear, @Metric, @Target, @Direction, @Description, @createdBy)
            returning id, department_code as department, half_year as halfyear, metric, target, direction, description
            """;
        var goal = await write.Connection.QuerySingleAsync<Goal>(sql, new
        {
            code, request.HalfYear, request.Metric, request.Target, request.Direction, Description = request.Description!.Trim(),
            createdBy = actor.Subject,
        }, write.Transaction);
        return TypedResults.Created($"/api/v1/departments/{code}/goals/{goal.Id}", goal);
    }

    static async Task<Results<NoContent, NotFoundProblem>> RemoveGoal(string code, long id, IdempotentWrite write)
    {
        const string sql = "delete from department_goals where id = @id and department_code = @code";
        return await write.Connection.ExecuteAsync(sql, new { id, code }, write.Transaction) == 1
            ? TypedResults.NoContent()
            : TypedProblems.NotFound($"Mål {id} / Goal {id}");
    }

    static FieldErrors Validate(SetGoalRequest r)
    {
        var errors = new FieldErrors();
        if (r.HalfYear is null || HalfYears.Months(r.HalfYear) is null)
            errors.Add("halfYear", "Bruk åååå H1 eller H2, f.eks. 2026H1.", "Use yyyyH1 or yyyyH2, e.g. 2026H1.");
        if (GoalMetrics.Find(r.Metric) is null)
            errors.Add("metric", $"Må være et av rapportens felt: {GoalMetrics.Names}.", $"Must be one of the report's fields: {GoalMetrics.Names}.");
        if (r.Target is not (>= 0m and <= 1m))
            errors.Add("target", "Må være en andel fra 0 til 1 (0,5 = 50 %).", "Must be a share from 0 to 1 (0.5 = 50 %).");
        if (r.Direction is not ("atLeast" or "atMost"))
            errors.Add("direction", "Må være atLeast eller atMost.", "Must be atLeast or atMost.");
        // The text is about the department's work, never about a client: no identity numbers, no hidden characters.
        if (FreeText.Read(r.Description, "description", MaxDescriptionLength, errors, lineBreaks: true) is { } text
            && LongNumberPattern().IsMatch(text))
            errors.Add("description", "Bare vanlig tekst, uten lange tallrekker (ingen opplysninger om klienter).",
                "Plain text only, without long runs of digits (nothing about clients).");
        return errors;
    }

    static async Task<bool> DepartmentExistsAsync(NpgsqlConnection connection, string code, NpgsqlTransaction? transaction, bool forUpdate = false) =>
        await connection.ExecuteScalarAsync<int?>(
            forUpdate ? "select 1 from departments where code = @code for update" : "select 1 from departments where code = @code",
            new { code }, transaction) is not null;

    [GeneratedRegex("[0-9]{6,}")]
    private static partial Regex LongNumberPattern();
}
