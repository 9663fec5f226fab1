using FitService.Api.Infrastructure;
using FitService.Statistics.Reporting;
using Npgsql;

namespace FitService.Api.Reports;

/// <summary>Which episodes a report covers: one outcome instrument, a span of start months, optionally one age band
/// (its index in <see cref="ReportAgeBand.All"/>, as the episodes.age_band column numbers them).</summary>
public sealed record EpisodeFilter(string Instrument, int FromMonth, int ToMonth, int? AgeBand);

/// <summary>One group of the aggregation: department and/or period bucket (null when summed over), its exact totals and its
/// cell key (the sum of its episodes' record keys, migration 0130), from which its published noise is drawn.</summary>
public sealed record GroupTotals(string? Department, int? Bucket, OutcomeTotals Totals, CellKey Key = default);

/// <summary>
/// The report's one pass over the episode summary: the sufficient statistics of <see cref="OutcomeTotals"/> per
/// department × period bucket, in one GROUP BY that PostgreSQL can run as a parallel hash aggregate. No session is
/// read, and no other table is joined: each episode's trajectory status is a column of its own row (migration 0032).
/// The margins (per department, per bucket, in all) are sums of these groups; distinct clients too, counted
/// at each client's first episode in the group (migration 0021 explains how).
/// </summary>
public static class OutcomeQuery
{
    // Mapped by column name (Dapper); a positional record would need exact column types, nullable ones included.
    sealed class Row
    {
        public string? Department { get; init; }
        public int? Bucket { get; init; }
        public long ClientsInSpan { get; init; }
        public long ClientsAcrossDepartments { get; init; }
        public long ClientsAcrossDepartmentsInSpan { get; init; }
        public long Clients { get; init; }
        public long Episodes { get; init; }
        public long Sessions { get; init; }
        public long FewerThanTwoScores { get; init; }
        public long IntakeFunctional { get; init; }
        public long NoCutoff { get; init; }
        public long StillOpen { get; init; }
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
        public long DropoutsBeforeTarget { get; init; }
        public long ClosedSessions { get; init; }
        public long SumDays { get; init; }
        public long WithSessions { get; init; }
        public long SingleSession { get; init; }
        public long AllianceIntakes { get; init; }
        public decimal SumIntakeAlliance { get; init; }
        public long AllianceSessions { get; init; }
        public long AllianceBelowCutoff { get; init; }
        public long TrajectoryEvaluated { get; init; }
        public long OnExpectedTrajectory { get; init; }
        public long OpenChangeSample { get; init; }
        public decimal SumOpenChange { get; init; }
        public decimal SumOpenChangeSquared { get; init; }
        public long OpenReliablyImproved { get; init; }
        public long EffectSample { get; init; }
        public decimal SumEffectIntake { get; init; }
        public decimal SumEffectIntakeSquared { get; init; }
        public decimal SumEffectChange { get; init; }
        public decimal SumEffectChangeSquared { get; init; }
        public decimal KeySum { get; init; }
    }

    /// <summary>Aggregates episodes whose start month is in the filter's span; bucket = (start month − from) / period months.</summary>
    public static async Task<IReadOnlyList<GroupTotals>> RunAsync(NpgsqlConnection connection, EpisodeFilter filter, int periodMonths)
    {
        // Scores are summed as whole tenths (integer arithmetic) and scaled back to exact points per group.
        const string sql = """
            select department_code as department, bucket,
                count(*) filter (where previous_here is null or previous_here < bucket_start) as clients,
                count(*) filter (where previous_here is null or previous_here < @FromMonth) as clients_in_span,
                count(*) filter (where previous_any is null or previous_any < bucket_start) as clients_across_departments,
                count(*) filter (where previous_any is null or previous_any < @FromMonth) as clients_across_departments_in_span,
                count(*) as episodes,
                coalesce(sum(session_count), 0)::bigint as sessions,
                count(*) filter (where session_count < 2) as fewer_than_two_scores,
                count(*) filter (where closed_pair and not intake_clinical) as intake_functional,
                count(*) filter (where closed_pair and intake_clinical is null) as no_cutoff,
                count(*) filter (where session_count >= 2 and ended_on is null) as still_open,
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
                count(*) filter (where closed_pair and not intake_clinical and category = 'harmed') as harmed,
                count(ended_on) as closed,
                count(*) filter (where end_reason = 'dropout') as dropouts,
                count(*) filter (where end_reason = 'dropout' and category is distinct from 'recovered'
                                 and category is distinct from 'improved') as dropouts_before_target,
                coalesce(sum(session_count) filter (where ended_on is not null), 0)::bigint as closed_sessions,
                coalesce(sum(days), 0)::bigint as sum_days,
                count(*) filter (where ended_on is not null and session_count >= 1) as with_sessions,
                count(*) filter (where ended_on is not null and session_count = 1) as single_session,
                count(intake_alliance_tenths) as alliance_intakes,
                coalesce(sum(intake_alliance_tenths), 0)::numeric / 10 as sum_intake_alliance,
                coalesce(sum(alliance_count), 0)::bigint as alliance_sessions,
                coalesce(sum(alliance_below_cutoff), 0)::bigint as alliance_below_cutoff,
                count(*) filter (where in_sample and calibrated) as trajectory_evaluated,
                count(*) filter (where in_sample and calibrated and green) as on_expected_trajectory,
                count(*) filter (where in_open) as open_change_sample,
                coalesce(sum(last_tenths - intake_tenths) filter (where in_open), 0)::numeric / 10 as sum_open_change,
                coalesce(sum((last_tenths - intake_tenths)::bigint * (last_tenths - intake_tenths)) filter (where in_open), 0)::numeric / 100
                    as sum_open_change_squared,
                count(*) filter (where in_open and category in ('recovered', 'improved')) as open_reliably_improved,
                -- the effect sizes: closed, two scores, any intake (the standardiser is not truncated at the cutoff)
                count(*) filter (where closed_pair) as effect_sample,
                coalesce(sum(intake_tenths) filter (where closed_pair), 0)::numeric / 10 as sum_effect_intake,
                coalesce(sum(intake_tenths::bigint * intake_tenths) filter (where closed_pair), 0)::numeric / 100 as sum_effect_intake_squared,
                coalesce(sum(last_tenths - intake_tenths) filter (where closed_pair), 0)::numeric / 10 as sum_effect_change,
                coalesce(sum((last_tenths - intake_tenths)::bigint * (last_tenths - intake_tenths)) filter (where closed_pair), 0)::numeric / 100
                    as sum_effect_change_squared,
                -- the cell key (migration 0130): never returned, only used to draw the cell's noise
                coalesce(sum(record_key), 0) as key_sum
            from (
                select department_code, (start_month - @FromMonth) / @periodMonths as bucket,
                       @FromMonth + (start_month - @FromMonth) / @periodMonths * @periodMonths as bucket_start,
                       case when @banded then previous_start_month_here_band else previous_start_month_here end as previous_here,
                       case when @banded then previous_start_month_band else previous_start_month end as previous_any,
                       session_count, intake_clinical,
                       -- change metrics use closed episodes only; open ones are reported apart (their change so far)
                       session_count >= 2 and ended_on is not null as closed_pair,
                       session_count >= 2 and ended_on is not null and intake_clinical as in_sample,
                       session_count >= 2 and ended_on is null and intake_clinical as in_open,
                       intake_tenths, last_tenths, category, ended_on, end_reason, days,
                       intake_alliance_tenths, alliance_count, alliance_below_cutoff,
                       -- copied from episode_trajectories onto the episode row (migration 0032): no join
                       trajectory_on_track is not null as calibrated, trajectory_on_track as green,
                       record_key
                from episodes
                where outcome_instrument = @Instrument
                  and start_month between @FromMonth and @ToMonth
                  and (@AgeBand::int is null or age_band = @AgeBand)
            ) e
            group by department_code, bucket
            """;
        // Planned for its values and without JIT (ReportPlans: a generic plan of this prepared statement took 3× as long).
        var rows = await ReportPlans.QueryAsync<Row>(connection, sql,
            new { filter.Instrument, filter.FromMonth, filter.ToMonth, filter.AgeBand, banded = filter.AgeBand is not null, periodMonths });

        // Margins: counts and sums add up; distinct clients add up in the counter that matches the margin.
        // Keys of disjoint groups add up too: a margin's key is the sum of its groups' keys.
        var groups = rows.Select(r => new GroupTotals(r.Department, r.Bucket, Totals(r, r.Clients), CellKey.FromSum(r.KeySum))).ToList();
        foreach (var department in rows.GroupBy(r => r.Department))
            groups.Add(new GroupTotals(department.Key, null, Sum(department, r => r.ClientsInSpan), Key(department)));
        foreach (var bucket in rows.GroupBy(r => r.Bucket))
            groups.Add(new GroupTotals(null, bucket.Key, Sum(bucket, r => r.ClientsAcrossDepartments), Key(bucket)));
        groups.Add(new GroupTotals(null, null, Sum(rows, r => r.ClientsAcrossDepartmentsInSpan), Key(rows)));
        return groups;
    }

    static CellKey Key(IEnumerable<Row> rows) => rows.Aggregate(default(CellKey), (key, r) => key.Plus(CellKey.FromSum(r.KeySum)));

    static OutcomeTotals Sum(IEnumerable<Row> rows, Func<Row, long> clients) =>
        rows.Aggregate(OutcomeTotals.Empty, (sum, r) => sum.Add(Totals(r, 0), sum.Clients + clients(r)));

    static OutcomeTotals Totals(Row r, long clients) => new(clients, r.Episodes, r.Sessions,
        r.FewerThanTwoScores, r.IntakeFunctional, r.NoCutoff, r.StillOpen, r.ChangeSample,
        r.SumIntake, r.SumIntakeSquared, r.SumLast, r.SumLastSquared, r.SumIntakeTimesLast,
        r.Recovered, r.Improved, r.Unchanged, r.Deteriorated, r.Harmed,
        r.Closed, r.Dropouts, r.DropoutsBeforeTarget, r.ClosedSessions, r.SumDays, r.WithSessions, r.SingleSession,
        r.AllianceIntakes, r.SumIntakeAlliance, r.AllianceSessions, r.AllianceBelowCutoff,
        r.TrajectoryEvaluated, r.OnExpectedTrajectory,
        r.OpenChangeSample, r.SumOpenChange, r.SumOpenChangeSquared, r.OpenReliablyImproved,
        r.EffectSample, r.SumEffectIntake, r.SumEffectIntakeSquared, r.SumEffectChange, r.SumEffectChangeSquared);
}
