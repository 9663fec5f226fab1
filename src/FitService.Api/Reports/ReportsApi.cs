using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Statistics.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Reports;

/// <summary>
/// Anonymised outcome reports for evaluators and admins (docs/reports.md): aggregated in SQL from the per-episode
/// summary, small cells suppressed, JSON or CSV. Nothing here reads or returns client-level rows.
/// </summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Reports)
            .RequireRateLimiting(RateLimits.Reports);
        group.MapGet("/outcomes", GetOutcomes)
            .WithSummary("Outcomes per department and/or period, small groups suppressed")
            .WithDescription("Accept: text/csv gives CSV for Excel (Norwegian settings) and R. See docs/reports.md.")
            .WithQueryParameters(ReportRequest.OutcomesQuery)
            .Produces<OutcomesReportResponse>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem();
        group.MapGet("/outcomes/compare", CompareOutcomes)
            .WithSummary("Two periods per department: differences in mean change, effect size and share reliably improved, with 95 % CIs")
            .WithQueryParameters(ReportRequest.CompareQuery)
            .Produces<CompareReportResponse>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesValidationProblem();
        GoalsReport.Map(group);
        SummaryPage.Map(group);
        ReportDictionary.Map(group);
        return group;
    }

    static async Task<Results<Ok<OutcomesReportResponse>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetOutcomes(HttpContext http,
        NpgsqlDataSource db, IConfiguration configuration)
    {
        var errors = new FieldErrors();
        var request = ReportRequest.ParseOutcomes(http.Request, errors);
        if (request is null) return errors.ToProblem();
        var filter = request.Filter;
        var periodCount = (filter.ToMonth - filter.FromMonth + 1) / (request.Period is { } p ? (int)p : filter.ToMonth - filter.FromMonth + 1);

        await using var connection = await db.OpenConnectionAsync();
        var (norms, departments, problem) = await ContextAsync(connection, filter.Instrument, request.Departments, configuration);
        if (problem is not null) return problem;
        // Count at least one row, so a long span of months is refused even before any department exists.
        if ((request.ByDepartment ? Math.Max(1, departments.Count) : 1) * periodCount > ReportRequest.MaxCells)
            return TypedProblems.Field("groupBy", $"For mange celler (over {ReportRequest.MaxCells}); velg en grovere periode.",
                $"Too many cells (over {ReportRequest.MaxCells}); choose a coarser period.");

        var response = await OutcomesAsync(connection, request, norms!, departments, configuration);
        return request.Csv ? ReportCsv.Outcomes(response, ReportCsv.Language(http.Request)) : TypedResults.Ok(response);
    }

    /// <summary>
    /// The outcomes report of a valid request, short of JSON or CSV: the client rows (one SQL pass, suppression, perturbation,
    /// labels), the SAES and the collateral section with linked suppression. The handler and the benchmark both run exactly this.
    /// </summary>
    /// <param name="norms">The instrument's norms and <paramref name="departments"/> every department code (<see cref="ContextAsync"/>).</param>
    public static async Task<OutcomesReportResponse> OutcomesAsync(NpgsqlConnection connection, OutcomesRequest request, ReportNorms norms,
        IReadOnlyList<string> departments, IConfiguration configuration)
    {
        var filter = request.Filter;
        var (rows, clientHidden) = await OutcomeTable.TableAsync(connection, filter, departments, request.ByDepartment, request.Period,
            request.Departments, norms.NormativeSd);

        var severity = SeverityAdjustment.Read(configuration, filter.Instrument);
        rows = SeverityAdjustment.Apply(rows, severity);

        var groupBy = new List<string>();
        if (request.ByDepartment) groupBy.Add("department");
        if (request.Period is { } period) groupBy.Add(period.ToString().ToLowerInvariant());
        return new OutcomesReportResponse(OutcomeReport.DefinitionsVersion, filter.Instrument, norms,
            new ReportScope(ReportPeriods.Label(filter.FromMonth, PeriodLength.Month), ReportPeriods.Label(filter.ToMonth, PeriodLength.Month),
                groupBy, request.AgeBand, request.Departments, Suppression.MinimumCount, PeriodOf, DisclosureControl),
            rows, Reports.DisclosureControl.CellKey, severity)
        {
            // Linked suppression: a group hidden in the client figures is hidden in the collateral section too.
            Collateral = await CollateralTable.SectionAsync(connection, filter, departments, request.ByDepartment, request.Period, request.Departments,
                clientHidden),
        };
    }

    static async Task<Results<Ok<CompareReportResponse>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> CompareOutcomes(HttpContext http,
        NpgsqlDataSource db, IConfiguration configuration)
    {
        var errors = new FieldErrors();
        var request = ReportRequest.ParseCompare(http.Request, errors);
        if (request is not { } r) return errors.ToProblem();

        await using var connection = await db.OpenConnectionAsync();
        var (norms, departments, problem) = await ContextAsync(connection, r.First.Instrument, r.Departments, configuration);
        if (problem is not null) return problem;
        // Each period is the department-only report of its span, suppressed exactly as that report is.
        var first = await DepartmentTableAsync(connection, r.First, departments);
        var second = await DepartmentTableAsync(connection, r.Second, departments);
        // Each period's table says why its cells are hidden only when that pins no count (HiddenReason).
        var (firstSaid, secondSaid) = (HiddenReason.CanBeSaid([.. first.Values]), HiddenReason.CanBeSaid([.. second.Values]));
        static OutcomeRow Said(OutcomeRow row, bool said) => said || !row.Suppressed ? row : row with { HiddenBecause = HiddenReason.NotSaid };
        // The severity-adjusted effect size as in the outcomes report, when the instrument's model is set.
        var severity = SeverityAdjustment.Read(configuration, r.First.Instrument);
        OutcomeRow Row(OutcomeTable.Published p, bool said) =>
            SeverityAdjustment.Apply([Said(OutcomeTable.ToRow(p, _ => "", norms!.NormativeSd), said)], severity)[0];
        var rows = new List<ComparisonRow>();
        foreach (var key in departments.Select(d => (string?)d).Append(null))
        {
            if (r.Departments is not null && (key is null || !r.Departments.Contains(key))) continue;
            if (!first.TryGetValue(key ?? "", out var a) || !second.TryGetValue(key ?? "", out var b)) continue;
            var (rowA, rowB) = (Row(a, firstSaid), Row(b, secondSaid));
            var differences = a.Hidden || b.Hidden ? null
                : Comparison.WithSeverityAdjusted(Comparison.Differences(a.Totals, b.Totals), rowA, rowB, severity.Model);
            rows.Add(new ComparisonRow(key, rowA, rowB, differences));
        }
        var response = new CompareReportResponse(OutcomeReport.DefinitionsVersion, r.First.Instrument, norms!,
            new CompareScope(ReportPeriods.SpanLabel(r.First.FromMonth, r.First.ToMonth), ReportPeriods.SpanLabel(r.Second.FromMonth, r.Second.ToMonth),
                r.AgeBand, r.Departments, Suppression.MinimumCount, Comparison.Method, DisclosureControl),
            rows, Reports.DisclosureControl.CellKey, severity)
        {
            Collateral = await CollateralTable.ComparisonAsync(connection, r.First, r.Second, departments, r.Departments,
                HiddenReason.HiddenGroups([.. first.Values]), HiddenReason.HiddenGroups([.. second.Values])),
        };
        return r.Csv ? ReportCsv.Compare(response, ReportCsv.Language(http.Request)) : TypedResults.Ok(response);
    }

    public const string PeriodOf = "startMonth"; // an episode belongs to the period of the month it started

    /// <summary>What every response says was done to protect clients, in one line (docs/reports.md, "Disclosure control");
    /// the response's <c>disclosure</c> says it in full.</summary>
    public static readonly string DisclosureControl =
        $"Groups with {DisclosureFigures.SmallAscii} episodes or fewer than {DisclosureFigures.Minimum} clients are hidden, with complementary suppression over the table and its margins; " +
        $"inside a shown group, a statistic over {DisclosureFigures.SmallAscii} episodes is withheld (listed in the row's withheld). Every published number is " +
        $"perturbed by the cell-key method (ABS; Fraser & Wooton 2005): counts by at most {DisclosureFigures.CountNoise}, means by at most {DisclosureFigures.MeanBudget}/n points, shares and " +
        "intervals from the perturbed parts; the same group always gets the same noise, groups that differ by one client unrelated noise, " +
        "so differences between report calls give noise, not a hidden or single client's value. Totals are perturbed on their own.";

    static async Task<Dictionary<string, OutcomeTable.Published>> DepartmentTableAsync(NpgsqlConnection connection, EpisodeFilter filter,
        IReadOnlyList<string> departments)
    {
        var groups = await OutcomeQuery.RunAsync(connection, filter, filter.ToMonth - filter.FromMonth + 1);
        return OutcomeTable.Build(groups, departments, byDepartment: true, byPeriod: false, periodCount: 1)
            .ToDictionary(p => p.Department ?? "");
    }

    /// <summary>The instrument's norms and every department code; a problem when the instrument or a department is unknown.</summary>
    public static async Task<(ReportNorms? Norms, IReadOnlyList<string> Departments, ProblemHttpResult? Problem)> ContextAsync(NpgsqlConnection connection,
        string instrumentCode, IReadOnlyList<string>? requested, IConfiguration configuration)
    {
        var instruments = await InstrumentStore.ListAsync(connection);
        if (instruments.SingleOrDefault(i => i.Code == instrumentCode) is not { Kind: Instrument.Outcome } instrument)
            return (null, [], TypedProblems.Field("instrument", $"Ukjent resultatinstrument {instrumentCode}.", $"Unknown outcome instrument {instrumentCode}.", 422));
        var departments = (await connection.QueryAsync<string>("select code from departments order by code")).ToList();
        if (requested?.FirstOrDefault(d => !departments.Contains(d)) is { } unknown)
            return (null, [], TypedProblems.Field("departments", $"Ukjent avdeling {unknown}.", $"Unknown department {unknown}.", 422));
        static List<AgeCutoffDto> Cutoffs(Instrument i) => [.. i.Cutoffs.Select(c => new AgeCutoffDto(c.MinAge, c.MaxAge, c.Cutoff))];
        // The fixed normative SD of the normative effect size: a setting per instrument (docs/reports.md).
        var normativeSd = configuration.GetValue<double?>($"Reports:NormativeSd:{instrument.Code}");
        var norms = new ReportNorms(instrument.Code, instrument.HigherIsBetter, instrument.ReliableChangeThreshold, Cutoffs(instrument),
            instrument.Norms is { } n ? new NormsDto(n.ClinicalMean, n.ClinicalSd, n.FunctionalMean, n.FunctionalSd, n.Reliability) : null,
            [.. instruments.Where(i => i.Kind == Instrument.Alliance).Select(i => new AllianceNorms(i.Code, Cutoffs(i)))],
            normativeSd is > 0 ? normativeSd : null);
        return (norms, departments, null);
    }
}
