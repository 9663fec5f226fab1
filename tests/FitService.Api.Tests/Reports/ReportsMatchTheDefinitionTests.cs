using System.Net;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using FitService.Benchmarks;
using FitService.Statistics;
using FitService.Statistics.Reporting;
using FitService.Statistics.Tests.Reporting;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// DESIGN.md: the aggregation runs in SQL and the pure module is the definition. On ~1,000 generated episodes every
/// shown group of the report must equal <see cref="OutcomeReport.Compute"/> over that group's episode rows.
/// </summary>
public class ReportsMatchTheDefinitionTests(FitServiceFactory factory) : ApiTest(factory)
{
    sealed record EpisodeRow(Guid ClientId, string DepartmentCode, DateOnly StartedOn, DateOnly? EndedOn, string? EndReason,
        int SessionCount, decimal? IntakeOutcome, decimal? LastOutcome, bool? IntakeClinical, string? Category,
        decimal? IntakeAlliance, int AllianceCount, int AllianceBelowCutoff);

    [Fact]
    public async Task EveryShownGroupEqualsThePureDefinitionOverItsEpisodes()
    {
        List<EpisodeRow> rows;
        await using (var connection = await Factory.OpenAsync())
        {
            await SyntheticClinic.LoadAsync(connection, episodes: 1000, seed: 42);
            rows = [.. await connection.QueryAsync<EpisodeRow>("""
                select client_id, department_code, started_on, ended_on, end_reason, session_count, intake_outcome, last_outcome,
                       intake_clinical, category, intake_alliance, alliance_count, alliance_below_cutoff
                from episodes where outcome_instrument = 'ORS'
                """)];
        }
        var evaluator = Factory.As("evaluator");

        foreach (var (groupBy, length) in new[] { ("department,year", PeriodLength.Year), ("department,halfyear", PeriodLength.HalfYear), ("quarter", PeriodLength.Quarter) })
        {
            var response = await evaluator.GetAsync($"/api/v1/reports/outcomes?from=2019-01&to=2026-12&groupBy={groupBy}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = await Json(response);
            var shown = 0;
            foreach (var row in report["rows"]!.AsArray().Select(r => r!.AsObject()))
            {
                var department = (string?)row["department"];
                var period = (string?)row["period"];
                var members = rows.Where(e => (department is null || e.DepartmentCode == department)
                    && (period is null || ReportPeriods.Label(ReportPeriods.MonthNumber(e.StartedOn), length) == period)).ToList();
                if ((bool)row["suppressed"]!)
                {
                    Assert.Null(row["episodes"]);
                    continue;
                }
                shown++;
                MetricsAssert.Same(OutcomeReport.Compute([.. members.Select(Outcome)]), ReportJson.ToMetrics(row));
            }
            Assert.True(shown > 10, $"{groupBy}: only {shown} groups shown");
        }
    }

    static EpisodeOutcome Outcome(EpisodeRow e) => new(e.ClientId, e.StartedOn, e.EndedOn, e.EndReason == "dropout", e.SessionCount,
        e.IntakeOutcome, e.LastOutcome, e.IntakeClinical,
        e.Category is null ? null : Enum.Parse<OutcomeCategory>(e.Category, ignoreCase: true),
        e.IntakeAlliance, e.AllianceCount, e.AllianceBelowCutoff);
}
