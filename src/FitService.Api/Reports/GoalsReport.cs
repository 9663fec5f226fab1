using Dapper;
using FitService.Api.Infrastructure;
using FitService.Statistics.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Reports;

/// <summary>One goal's result: the department's half-year value and 95 % CI, or none when the report hides it.</summary>
public sealed record GoalResult(string Department, string HalfYear, string Metric, decimal Target, string Direction,
    double? Value, double? CiLow, double? CiHigh, GoalStatus Status);

public sealed record GoalsReportResponse(string DefinitionsVersion, string Instrument, string? HalfYear, string? Department,
    string PeriodOf, string DisclosureControl, IReadOnlyList<GoalResult> Rows, DisclosureControl Disclosure);

/// <summary>
/// How the departments' goals went (docs/reports.md, "Department goals"). Each goal is read from its department's row
/// of the department-only outcomes report of its half-year (<c>from=2026-01&amp;to=2026-06&amp;groupBy=department</c>),
/// suppressed exactly as that report is, so this report shows nothing that one does not.
/// </summary>
public static class GoalsReport
{
    public const string Instrument = "ORS"; // the outcomes report's default instrument

    public static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/goals", GetGoals)
            .WithSummary("Each department goal's result with its 95 % CI: met, notMet, uncertain or hidden")
            .WithDescription("Query: halfYear (e.g. 2026H1) for every department's goals of that half-year, and/or department (a code) " +
                "for that department's goals of every half-year (its history). See docs/reports.md.");

    static async Task<Results<Ok<GoalsReportResponse>, ValidationProblem, ProblemHttpResult>> GetGoals(string? halfYear, string? department,
        NpgsqlDataSource db)
    {
        var errors = new FieldErrors();
        if (halfYear is null && department is null)
            errors.Add("halfYear", "Oppgi halfYear (f.eks. 2026H1) eller department.", "Give halfYear (e.g. 2026H1) or department.");
        else if (halfYear is not null && HalfYears.Months(halfYear) is null)
            errors.Add("halfYear", "Bruk åååå H1 eller H2, f.eks. 2026H1.", "Use yyyyH1 or yyyyH2, e.g. 2026H1.");
        if (department is not null && !Codes.IsValid(department)) errors.Add("department", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        if (errors.Any) return errors.ToProblem();

        await using var connection = await db.OpenConnectionAsync();
        var departments = (await connection.QueryAsync<string>("select code from departments order by code")).ToList();
        if (department is not null && !departments.Contains(department))
            return TypedProblems.Field("department", $"Ukjent avdeling {department}.", $"Unknown department {department}.", 422);
        var rows = await ResultsAsync(connection, departments, halfYear, department);
        return TypedResults.Ok(new GoalsReportResponse(OutcomeReport.DefinitionsVersion, Instrument, halfYear, department,
            ReportsApi.PeriodOf, ReportsApi.DisclosureControl, rows, Reports.DisclosureControl.CellKey));
    }

    sealed record StoredGoal(string Department, string HalfYear, string Metric, decimal Target, string Direction);

    /// <summary>The results of the goals of one half-year and/or one department, by department and half-year.</summary>
    public static async Task<List<GoalResult>> ResultsAsync(NpgsqlConnection connection, IReadOnlyList<string> departments,
        string? halfYear, string? department)
    {
        const string sql = """
            select department_code as department, half_year as halfyear, metric, target, direction from department_goals
            where (@halfYear::text is null or half_year = @halfYear) and (@department::text is null or department_code = @department)
            order by department_code, half_year, id
            """;
        var goals = (await connection.QueryAsync<StoredGoal>(sql, new { halfYear, department })).ToList();
        var results = new List<GoalResult>();
        if (goals.Count == 0) return results;
        // One pass for every half-year at once (a department's history spans many): grouped by department × half-year, each
        // half-year's groups are exactly what that half-year's own department-only report aggregates (ForOneHalfYear).
        var halves = goals.Select(g => g.HalfYear).Distinct().Select(h => (Label: h, Months: HalfYears.Months(h)!.Value)).ToList();
        var span = new EpisodeFilter(Instrument, halves.Min(h => h.Months.From), halves.Max(h => h.Months.To), null);
        var groups = await OutcomeQuery.RunAsync(connection, span, (int)PeriodLength.HalfYear);
        foreach (var (half, (from, to)) in halves)
        {
            var rows = OutcomeTable.Rows(ForOneHalfYear(groups, (from - span.FromMonth) / (int)PeriodLength.HalfYear),
                new EpisodeFilter(Instrument, from, to, null), departments, byDepartment: true, period: null, visible: null);
            var byDepartment = rows.Where(r => r.Level == OutcomeTable.Cell).ToDictionary(r => r.Department!);
            foreach (var goal in goals.Where(g => g.HalfYear == half))
                results.Add(Judge(goal, byDepartment[goal.Department]));
        }
        return [.. results.OrderBy(r => r.Department, StringComparer.Ordinal).ThenBy(r => r.HalfYear, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The groups a department-only report of one half-year reads (its department rows and its total), taken from a query
    /// over several half-years grouped by half-year: a department's cell of that bucket counts its clients from the
    /// bucket's start and a bucket's margin over all departments likewise, which is what the one half-year's report counts
    /// in its department rows and total. Sums, counts and cell keys are those of the same episodes.
    /// </summary>
    static List<GroupTotals> ForOneHalfYear(IReadOnlyList<GroupTotals> groups, int bucket) =>
        [.. groups.Where(g => g.Bucket == bucket).Select(g => g with { Bucket = null })];

    static GoalResult Judge(StoredGoal goal, OutcomeRow row)
    {
        var metric = GoalMetrics.Find(goal.Metric);
        var shown = row as ShownOutcomeRow;
        // Hidden: the group is suppressed, or the statistic is withheld for a small denominator.
        var hidden = shown is null || metric is null || shown.Withheld.Contains(metric.WithheldName);
        var estimate = hidden ? null : metric!.Read(shown!);
        var direction = goal.Direction == "atMost" ? GoalDirection.AtMost : GoalDirection.AtLeast;
        var status = GoalJudgement.Judge(direction, (double)goal.Target, estimate?.Value, estimate?.CiLow, estimate?.CiHigh, hidden);
        return new GoalResult(goal.Department, goal.HalfYear, goal.Metric, goal.Target, goal.Direction,
            estimate?.Value, estimate?.CiLow, estimate?.CiHigh, status);
    }
}

/// <summary>Half-years as labels ("2026H1", the reports' own label) and spans of month numbers.</summary>
public static class HalfYears
{
    /// <summary>The first and last month number of a label such as 2026H1; null when it is not one.</summary>
    public static (int From, int To)? Months(string label)
    {
        if (label.Length != 6 || label[4] != 'H' || label[5] is not ('1' or '2') || !int.TryParse(label[..4], out var year)
            || year < 1900 || year > 2199 || !label[..4].All(char.IsAsciiDigit))
            return null;
        var from = ReportPeriods.MonthNumber(year, label[5] == '1' ? 1 : 7);
        return (from, from + 5);
    }

    /// <summary>The labels of the half-years a span of months touches.</summary>
    public static IEnumerable<string> Touched(int fromMonth, int toMonth)
    {
        for (var m = fromMonth - fromMonth % 6; m <= toMonth; m += 6) yield return ReportPeriods.Label(m, PeriodLength.HalfYear);
    }
}
