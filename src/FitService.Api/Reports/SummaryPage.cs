using System.Text;
using Dapper;
using FitService.Api.Infrastructure;
using FitService.Statistics.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Reports;

/// <summary>
/// The user council's summary (docs/reports.md, "Summary for the user council"): one HTML page for a span of months,
/// every department, made only from the published rows of the department-only report of that span (suppressed and
/// withheld alike), the comparison with the same months a year earlier, and the goals report.
/// </summary>
public static class SummaryPage
{
    public static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/summary", GetSummary)
            .WithSummary("A plain-language page for the user council (HTML, printable), bokmål or English")
            .WithDescription("Query: from, to (yyyy-MM), lang (nb, the default, or en). See docs/reports.md.")
            .Produces<string>(StatusCodes.Status200OK, "text/html");

    /// <summary>One department's (or the whole service's) part of the page.</summary>
    public sealed record Section(string Heading, OutcomeRow Row, PeriodDifferences? SinceLastYear, bool LastYearShown,
        IReadOnlyList<GoalResult> Goals, bool IsService);

    static async Task<Results<ContentHttpResult, ValidationProblem>> GetSummary(string? from, string? to, string? lang, NpgsqlDataSource db)
    {
        var errors = new FieldErrors();
        var fromMonth = ReportRequest.Month(from, "from", errors);
        var toMonth = ReportRequest.Month(to, "to", errors);
        if (fromMonth > toMonth) errors.Add("to", "Til-måned kan ikke være før fra-måned.", "'to' cannot be before 'from'.");
        else if (toMonth - fromMonth >= 60) errors.Add("to", "Høyst fem år på én side.", "At most five years on one page.");
        if (lang is not (null or "nb" or "en")) errors.Add("lang", "Må være nb eller en.", "Must be nb or en.");
        if (errors.Any) return errors.ToProblem();
        var words = lang == "en" ? SummaryWords.English : SummaryWords.Norwegian;

        await using var connection = await db.OpenConnectionAsync();
        var sections = await SectionsAsync(connection, fromMonth!.Value, toMonth!.Value);
        var html = SummaryHtml.Render(words, fromMonth.Value, toMonth.Value, sections);
        return TypedResults.Content(html, "text/html", Encoding.UTF8);
    }

    static async Task<List<Section>> SectionsAsync(NpgsqlConnection connection, int fromMonth, int toMonth)
    {
        var departments = (await connection.QueryAsync<(string Code, string Name)>("select code, name from departments order by code")).ToList();
        var codes = departments.Select(d => d.Code).ToList();
        // "Than last year": the same months a year earlier (for a span over a year, the span of equal length just before).
        var shift = 12 * ((toMonth - fromMonth) / 12 + 1);
        var now = await TableAsync(connection, fromMonth, toMonth, codes);
        var before = await TableAsync(connection, fromMonth - shift, toMonth - shift, codes);
        var goals = new List<GoalResult>();
        foreach (var half in HalfYears.Touched(fromMonth, toMonth))
            goals.AddRange(await GoalsReport.ResultsAsync(connection, codes, half, null));

        Section Make(string key, string heading, bool isService)
        {
            var a = before[key];
            var b = now[key];
            var differences = a.Hidden || b.Hidden ? null : Comparison.Differences(a.Totals, b.Totals);
            return new Section(heading, OutcomeTable.ToRow(b, _ => "", null), differences, !a.Hidden,
                [.. goals.Where(g => g.Department == key)], isService);
        }

        var sections = new List<Section> { Make("", "", isService: true) };
        sections.AddRange(departments.Select(d => Make(d.Code, $"{d.Name} ({d.Code})", isService: false)));
        return sections;
    }

    /// <summary>The department-only table of a span, suppressed as the outcomes report with groupBy=department.</summary>
    static async Task<Dictionary<string, OutcomeTable.Published>> TableAsync(NpgsqlConnection connection, int fromMonth, int toMonth,
        IReadOnlyList<string> departments)
    {
        var filter = new EpisodeFilter(GoalsReport.Instrument, fromMonth, toMonth, null);
        var groups = await OutcomeQuery.RunAsync(connection, filter, toMonth - fromMonth + 1);
        var table = OutcomeTable.Build(groups, departments, byDepartment: true, byPeriod: false, periodCount: 1);
        var byKey = table.ToDictionary(p => p.Department ?? "");
        // One department: its cell is the total too (listed once); none yet: an empty total.
        if (!byKey.ContainsKey(""))
            byKey[""] = table.Count == 1 ? table[0] with { Level = OutcomeTable.Total, Department = null }
                : new OutcomeTable.Published(OutcomeTable.Total, null, null, OutcomeTotals.Empty, false);
        return byKey;
    }
}
