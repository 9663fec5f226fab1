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
/// The aggregation runs in SQL and the pure module is the definition. On ~1,000 generated episodes every shown group
/// of the report must equal, to the last digit, the definition over that group's episode rows perturbed by the cell key
/// the test works out itself from the rows' record keys (<see cref="CellKeyPerturbation"/>, docs/reports.md).
/// </summary>
public class ReportsMatchTheDefinitionTests(FitServiceFactory factory) : ApiTest(factory)
{
    sealed record EpisodeRow(Guid ClientId, string DepartmentCode, int AgeAtStart, DateOnly StartedOn, DateOnly? EndedOn, string? EndReason,
        int SessionCount, decimal? IntakeOutcome, decimal? LastOutcome, bool? IntakeClinical, string? Category,
        decimal? IntakeAlliance, int AllianceCount, int AllianceBelowCutoff, string? TrajectoryStatus, string? TrajectoryMethod, long RecordKey);

    [Fact]
    public async Task EveryShownGroupEqualsThePureDefinitionOverItsEpisodes()
    {
        List<EpisodeRow> rows;
        await using (var connection = await Factory.OpenAsync())
        {
            // Few clients for many episodes, so clients often have several episodes in a group and across departments.
            await SyntheticClinic.LoadAsync(connection, episodes: 1000, seed: 42, clientCount: 250);
            rows = [.. await connection.QueryAsync<EpisodeRow>("""
                select client_id, department_code, age_at_start, started_on, ended_on, end_reason, session_count, intake_outcome, last_outcome,
                       intake_clinical, category, intake_alliance, alliance_count, alliance_below_cutoff,
                       t.status as trajectory_status, t.method as trajectory_method, record_key
                from episodes left join episode_trajectories t on t.episode_id = episodes.id
                where outcome_instrument = 'ORS'
                """)];
        }
        // The generator's statuses give the new share something to check: a mix of methods and statuses in the change sample.
        var sample = rows.Where(e => e.SessionCount >= 2 && e.IntakeClinical == true && e.EndedOn is not null).ToList();
        var evaluated = sample.Where(e => e.TrajectoryMethod == "quantileRegression").ToList();
        Assert.True(evaluated.Count > 200 && sample.Any(e => e.TrajectoryMethod == "sessionRules"));
        // Open episodes with a change so far, so the sample reported apart is checked too.
        var open = rows.Count(e => e.SessionCount >= 2 && e.IntakeClinical == true && e.EndedOn is null);
        Assert.True(open >= 5, $"only {open} open episodes with a change so far");
        Assert.InRange(evaluated.Count(e => e.TrajectoryStatus == "green"), evaluated.Count / 5, evaluated.Count * 4 / 5);
        var evaluator = Factory.As("evaluator");

        var cases = new (string GroupBy, PeriodLength Length, string? Band)[]
        {
            ("department,year", PeriodLength.Year, null), ("department,halfyear", PeriodLength.HalfYear, null), ("quarter", PeriodLength.Quarter, null),
            ("department,year", PeriodLength.Year, "adults"), ("year", PeriodLength.Year, "adolescents"),
        };
        foreach (var (groupBy, length, band) in cases)
        {
            var ageBand = ReportAgeBand.All.SingleOrDefault(b => b.Name == band);
            var response = await evaluator.GetAsync($"/api/v1/reports/outcomes?from=2019-01&to=2026-12&groupBy={groupBy}"
                + (band is null ? "" : $"&ageBand={band}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = await Json(response);
            var shown = 0;
            foreach (var row in report["rows"]!.AsArray().Select(r => r!.AsObject()))
            {
                var department = (string?)row["department"];
                var period = (string?)row["period"];
                var members = rows.Where(e => (department is null || e.DepartmentCode == department)
                    && (ageBand is null || (e.AgeAtStart >= ageBand.MinAge && e.AgeAtStart <= ageBand.MaxAge))
                    && (period is null || ReportPeriods.Label(ReportPeriods.MonthNumber(e.StartedOn), length) == period)).ToList();
                if ((bool)row["suppressed"]!)
                {
                    Assert.Null(row["episodes"]);
                    continue;
                }
                shown++;
                // The exact totals are the definition's; shown is their perturbation by the members' cell key, statistics
                // over 1-4 episodes withheld by the same rule.
                List<EpisodeOutcome> outcomes = [.. members.Select(Outcome)];
                var exact = FitService.Statistics.Tests.Reporting.SyntheticEpisodes.TotalsOf(outcomes);
                MetricsAssert.Same(OutcomeReport.Compute(outcomes), OutcomeReport.FromTotals(exact));
                var perturbed = CellKeyPerturbation.Perturb(exact, CellKey.Of(members.Select(e => e.RecordKey)));
                var (expected, withheld) = SmallDenominators.Withhold(OutcomeReport.FromTotals(perturbed));
                MetricsAssert.Same(expected, ReportJson.ToMetrics(row));
                Assert.Equal(withheld, row["withheld"]!.AsArray().Select(w => (string)w!));
            }
            Assert.True(shown > (band == "adolescents" ? 1 : 10), $"{groupBy} {band}: only {shown} groups shown");
        }
    }

    static EpisodeOutcome Outcome(EpisodeRow e) => new(e.ClientId, e.StartedOn, e.EndedOn, e.EndReason == "dropout", e.SessionCount,
        e.IntakeOutcome, e.LastOutcome, e.IntakeClinical,
        e.Category is null ? null : Enum.Parse<OutcomeCategory>(e.Category, ignoreCase: true),
        e.IntakeAlliance, e.AllianceCount, e.AllianceBelowCutoff,
        e.TrajectoryStatus is null ? null : Enum.Parse<TrajectoryStatus>(e.TrajectoryStatus, ignoreCase: true),
        e.TrajectoryMethod is null ? null : Enum.Parse<TrajectoryMethod>(e.TrajectoryMethod, ignoreCase: true));
}
