using Dapper;
using FitService.Statistics.Reporting;
using Npgsql;

namespace FitService.Api.Reports;

/// <summary>Which episodes a report covers: one outcome instrument, a span of start months, an age band.</summary>
public sealed record EpisodeFilter(string Instrument, int FromMonth, int ToMonth, int MinAge, int MaxAge);

/// <summary>One group of the aggregation: department and/or period bucket (null when summed over), and its totals.</summary>
public sealed record GroupTotals(string? Department, int? Bucket, OutcomeTotals Totals);

/// <summary>
/// The report's one pass over the episode summary: the sufficient statistics of <see cref="OutcomeTotals"/> per
/// department × period bucket, per department, per bucket and in all, in one GROUPING SETS query. No session is read.
/// </summary>
public static class OutcomeQuery
{
    // Mapped by column name (Dapper); a positional record would need exact column types, nullable ones included.
    sealed class Row
    {
        public string? Department { get; init; }
        public int? Bucket { get; init; }
        public int Grouping { get; init; }
        public long Clients { get; init; }
        public long Episodes { get; init; }
        public long Sessions { get; init; }
        public long FewerThanTwoScores { get; init; }
        public long IntakeFunctional { get; init; }
        public long NoCutoff { get; init; }
        public long ChangeSample { get; init; }
        public decimal SumIntake { get; init; }
        public decimal SumIntakeSquared { get; init; }
        public decimal SumLast { get; init; }
        public decimal SumLastSquared { get; init; }
        public decimal SumIntakeTimesLast { get; init; }
        public long Recovered { get; init; }
        public long Improved { get; init; }
        public long Unchanged { get; init; }
        public long Deteriorated { get; init; }
        public long Harmed { get; init; }
        public long Closed { get; init; }
        public long Dropouts { get; init; }
        public long SumDays { get; init; }
        public long WithSessions { get; init; }
        public long SingleSession { get; init; }
        public long AllianceIntakes { get; init; }
        public decimal SumIntakeAlliance { get; init; }
        public long AllianceSessions { get; init; }
        public long AllianceBelowCutoff { get; init; }
    }

    /// <summary>Aggregates episodes whose start month is in the filter's span; bucket = (start month − from) / period months.</summary>
    public static async Task<IReadOnlyList<GroupTotals>> RunAsync(NpgsqlConnection connection, EpisodeFilter filter, int periodMonths)
    {
        // Scores are summed as whole tenths (integer arithmetic) and scaled back to exact points per group.
        const string sql = """
            select department_code as department, bucket, grouping(department_code, bucket) as grouping,
                count(distinct client_id) as clients,
                count(*) as episodes,
                coalesce(sum(session_count), 0)::bigint as sessions,
                count(*) filter (where session_count < 2) as fewer_than_two_scores,
                count(*) filter (where session_count >= 2 and not intake_clinical) as intake_functional,
                count(*) filter (where session_count >= 2 and intake_clinical is null) as no_cutoff,
                count(*) filter (where in_sample) as change_sample,
                coalesce(sum(intake_tenths) filter (where in_sample), 0)::numeric / 10 as sum_intake,
                coalesce(sum(intake_tenths::bigint * intake_tenths) filter (where in_sample), 0)::numeric / 100 as sum_intake_squared,
                coalesce(sum(last_tenths) filter (where in_sample), 0)::numeric / 10 as sum_last,
                coalesce(sum(last_tenths::bigint * last_tenths) filter (where in_sample), 0)::numeric / 100 as sum_last_squared,
                coalesce(sum(intake_tenths::bigint * last_tenths) filter (where in_sample), 0)::numeric / 100 as sum_intake_times_last,
                count(*) filter (where in_sample and category = 'recovered') as recovered,
                count(*) filter (where in_sample and category = 'improved') as improved,
                count(*) filter (where in_sample and category = 'unchanged') as unchanged,
                count(*) filter (where in_sample and category = 'deteriorated') as deteriorated,
                count(*) filter (where session_count >= 2 and not intake_clinical and category = 'harmed') as harmed,
                count(ended_on) as closed,
                count(*) filter (where end_reason = 'dropout') as dropouts,
                coalesce(sum(days), 0)::bigint as sum_days,
                count(*) filter (where session_count >= 1) as with_sessions,
                count(*) filter (where session_count = 1) as single_session,
                count(intake_alliance_tenths) as alliance_intakes,
                coalesce(sum(intake_alliance_tenths), 0)::numeric / 10 as sum_intake_alliance,
                coalesce(sum(alliance_count), 0)::bigint as alliance_sessions,
                coalesce(sum(alliance_below_cutoff), 0)::bigint as alliance_below_cutoff
            from (
                select department_code, client_id, (start_month - @FromMonth) / @periodMonths as bucket,
                       session_count, intake_clinical, session_count >= 2 and intake_clinical as in_sample,
                       intake_tenths, last_tenths, category, ended_on, end_reason, days,
                       intake_alliance_tenths, alliance_count, alliance_below_cutoff
                from episodes
                where outcome_instrument = @Instrument
                  and start_month between @FromMonth and @ToMonth
                  and age_at_start between @MinAge and @MaxAge
            ) e
            group by grouping sets ((department_code, bucket), (department_code), (bucket), ())
            """;
        var rows = await connection.QueryAsync<Row>(sql,
            new { filter.Instrument, filter.FromMonth, filter.ToMonth, filter.MinAge, filter.MaxAge, periodMonths });
        // grouping(): bit 2 = department summed over, bit 1 = bucket summed over.
        return [.. rows.Select(r => new GroupTotals(
            (r.Grouping & 2) == 0 ? r.Department : null,
            (r.Grouping & 1) == 0 ? r.Bucket : null,
            new OutcomeTotals(r.Clients, r.Episodes, r.Sessions, r.FewerThanTwoScores, r.IntakeFunctional, r.NoCutoff, r.ChangeSample,
                r.SumIntake, r.SumIntakeSquared, r.SumLast, r.SumLastSquared, r.SumIntakeTimesLast,
                r.Recovered, r.Improved, r.Unchanged, r.Deteriorated, r.Harmed,
                r.Closed, r.Dropouts, r.SumDays, r.WithSessions, r.SingleSession,
                r.AllianceIntakes, r.SumIntakeAlliance, r.AllianceSessions, r.AllianceBelowCutoff)))];
    }
}
