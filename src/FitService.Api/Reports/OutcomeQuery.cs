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
/// department × period bucket, in one GROUP BY that PostgreSQL runs as a parallel hash aggregate. No session is
/// read, and no other table is joined: each episode's trajectory status is a column of its own row (migration 0032).
/// The groups are department × bucket × the episode's report class (migration 0160), so every aggregate is a plain
/// count or sum and no per-episode condition is evaluated per aggregate; each figure is then the sum of the classes it
/// counts (<see cref="ReportClass"/>). The margins (per department, per bucket, in all) are sums of these groups; distinct
/// clients too, counted at each client's first episode in the group (migration 0021 explains how).
/// </summary>
public static class OutcomeQuery
{
    // One department × bucket's totals, summed from its classes; then the margins are sums of these.
    sealed class Row : DistinctClients.ICell
    {
        public string? Department { get; init; }
        public int? Bucket { get; init; }
        public long ClientsInSpan { get; set; }
        public long ClientsAcrossDepartments { get; set; }
        public long ClientsAcrossDepartmentsInSpan { get; set; }
        public long Clients { get; set; }
        public long Episodes { get; set; }
        public long Sessions { get; set; }
        public long FewerThanTwoScores { get; set; }
        public long IntakeFunctional { get; set; }
        public long NoCutoff { get; set; }
        public long StillOpen { get; set; }
        public long ChangeSample { get; set; }
        public decimal SumIntake { get; set; }
        public decimal SumIntakeSquared { get; set; }
        public decimal SumLast { get; set; }
        public decimal SumLastSquared { get; set; }
        public decimal SumIntakeTimesLast { get; set; }
        public long Recovered { get; set; }
        public long Improved { get; set; }
        public long Unchanged { get; set; }
        public long Deteriorated { get; set; }
        public long Harmed { get; set; }
        public long Closed { get; set; }
        public long Dropouts { get; set; }
        public long DropoutsBeforeTarget { get; set; }
        public long ClosedSessions { get; set; }
        public long SumDays { get; set; }
        public long WithSessions { get; set; }
        public long SingleSession { get; set; }
        public long AllianceIntakes { get; set; }
        public decimal SumIntakeAlliance { get; set; }
        public long AllianceSessions { get; set; }
        public long AllianceBelowCutoff { get; set; }
        public long TrajectoryEvaluated { get; set; }
        public long OnExpectedTrajectory { get; set; }
        public long OpenChangeSample { get; set; }
        public decimal SumOpenChange { get; set; }
        public decimal SumOpenChangeSquared { get; set; }
        public long OpenReliablyImproved { get; set; }
        public long EffectSample { get; set; }
        public decimal SumEffectIntake { get; set; }
        public decimal SumEffectIntakeSquared { get; set; }
        public decimal SumEffectChange { get; set; }
        public decimal SumEffectChangeSquared { get; set; }
        public decimal KeySum { get; set; }
    }

    // One department × bucket × class as the query returns it (mapped by column name). Scores are whole tenths.
    sealed class ClassRow
    {
        public string? Department { get; init; }
        public int BucketClass { get; init; }
        public long Clients { get; init; }
        public long ClientsInSpan { get; init; }
        public long ClientsAcrossDepartments { get; init; }
        public long ClientsAcrossDepartmentsInSpan { get; init; }
        public long Episodes { get; init; }
        public long? Sessions { get; init; }
        public long? SumDays { get; init; }
        public long AllianceIntakes { get; init; }
        public long? SumIntakeAlliance { get; init; }
        public long? AllianceSessions { get; init; }
        public long? AllianceBelowCutoff { get; init; }
        public long? SumIntake { get; init; }
        public decimal? SumIntakeSquared { get; init; }
        public long? SumLast { get; init; }
        public decimal? SumLastSquared { get; init; }
        public decimal? SumIntakeTimesLast { get; init; }
        public decimal? KeySum { get; init; }
    }

    /// <summary>
    /// The episode's report class (migration 0160): the conditions the report's figures count by, in one code.
    /// </summary>
    public readonly record struct ReportClass(int Code)
    {
        /// <summary>Classes per bucket in the query's combined key (bucket × <see cref="Span"/> + class).</summary>
        public const int Span = 1024;

        /// <summary>0: no session, 1: one, 2: two or more.</summary>
        public int Sessions => Code % 3;
        public bool Closed => Code / 3 % 2 == 1;
        /// <summary>intake_clinical: null (no cutoff for the age), false or true.</summary>
        public bool? IntakeClinical => (Code / 6 % 3) switch { 0 => null, 1 => false, _ => true };
        /// <summary>The category: 0 none, 1 recovered, 2 improved, 3 unchanged, 4 deteriorated, 5 harmed.</summary>
        public int Category => Code / 18 % 6;
        public bool Dropout => Code / 108 % 2 == 1;
        /// <summary>trajectory_on_track: null (not judged against a calibrated trajectory), false or true.</summary>
        public bool? OnTrack => (Code / 216 % 3) switch { 0 => null, 1 => false, _ => true };

        public const int Recovered = 1, Improved = 2, Unchanged = 3, Deteriorated = 4, Harmed = 5;

        // The subsets the figures are over (as the report's definitions say, docs/reports.md).
        /// <summary>Closed with two or more scores: the effect sizes' sample.</summary>
        public bool ClosedPair => Sessions == 2 && Closed;
        /// <summary>Closed, two or more scores, intake in the clinical range: the change sample.</summary>
        public bool InSample => ClosedPair && IntakeClinical == true;
        /// <summary>Open, two or more scores, intake in the clinical range: the change so far, reported apart.</summary>
        public bool InOpen => Sessions == 2 && !Closed && IntakeClinical == true;
    }

    /// <summary>Aggregates episodes whose start month is in the filter's span; bucket = (start month − from) / period months.</summary>
    public static async Task<IReadOnlyList<GroupTotals>> RunAsync(NpgsqlConnection connection, EpisodeFilter filter, int periodMonths)
    {
        // Per department × bucket × class, plain counts and sums; scores as whole tenths (integer arithmetic), scaled back
        // to exact points in C#. Only the distinct-client counters look at a row's values, as they depend on the span.
        const string sql = """
            select department_code as department, bucket * 1024 + report_class as bucket_class,
            """ + DistinctClients.Counters + ",\n" + """
                count(*) as episodes,
                sum(session_count) as sessions,
                sum(days) as sum_days,
                count(intake_alliance_tenths) as alliance_intakes,
                sum(intake_alliance_tenths) as sum_intake_alliance,
                sum(alliance_count) as alliance_sessions,
                sum(alliance_below_cutoff) as alliance_below_cutoff,
                sum(intake_tenths) as sum_intake,
                sum(intake_tenths::bigint * intake_tenths) as sum_intake_squared,
                sum(last_tenths) as sum_last,
                sum(last_tenths::bigint * last_tenths) as sum_last_squared,
                sum(intake_tenths::bigint * last_tenths) as sum_intake_times_last,
                -- the cell key (migration 0130): never returned, only used to draw the cell's noise
                sum(record_key) as key_sum
            from (
                select department_code, (start_month - @FromMonth) / @periodMonths as bucket,
                       @FromMonth + (start_month - @FromMonth) / @periodMonths * @periodMonths as bucket_start,
            """ + DistinctClients.PreviousMonths + ",\n" + """
                       report_class, session_count, days, intake_alliance_tenths, alliance_count, alliance_below_cutoff,
                       intake_tenths, last_tenths, record_key
                from episodes
                where outcome_instrument = @Instrument
                  and start_month between @FromMonth and @ToMonth
                  and (@AgeBand::int is null or age_band = @AgeBand)
            ) e
            group by department_code, bucket * 1024 + report_class
            """;
        // Planned for its values, without JIT and as a hash aggregate (ReportPlans: a generic plan of this prepared statement
        // took 3× as long; the planner, expecting far more groups than the few thousand there are, would sort a million rows).
        var classes = await ReportPlans.QueryAsync<ClassRow>(connection, sql,
            new { filter.Instrument, filter.FromMonth, filter.ToMonth, filter.AgeBand, banded = filter.AgeBand is not null, periodMonths },
            hashAggregate: true);
        var rows = classes.GroupBy(c => (c.Department, Bucket: c.BucketClass / ReportClass.Span))
            .Select(g => FromClasses(g.Key.Department, g.Key.Bucket, g)).ToList();

        // Margins: counts and sums add up; distinct clients add up in the counter that matches the margin.
        // Keys of disjoint groups add up too: a margin's key is the sum of its groups' keys.
        var groups = rows.Select(r => new GroupTotals(r.Department, r.Bucket, Totals(r, r.Clients), CellKey.FromSum(r.KeySum))).ToList();
        groups.AddRange(DistinctClients.Margins(rows, (department, bucket, cells, clients) =>
            new GroupTotals(department, bucket, Sum(cells, clients), Key(cells))));
        return groups;
    }

    // A department × bucket's totals from its classes: each figure sums the classes it is over (ReportClass), as the report's
    // definitions filter the episodes.
    static Row FromClasses(string? department, int bucket, IEnumerable<ClassRow> classes)
    {
        var t = new Row { Department = department, Bucket = bucket };
        foreach (var c in classes)
        {
            var k = new ReportClass(c.BucketClass % ReportClass.Span);
            long n = c.Episodes, sessions = c.Sessions ?? 0;
            long intake = c.SumIntake ?? 0, last = c.SumLast ?? 0;
            decimal intakeSquared = c.SumIntakeSquared ?? 0, lastSquared = c.SumLastSquared ?? 0, product = c.SumIntakeTimesLast ?? 0;
            // Σ(last − intake) and Σ(last − intake)² from the same exact sums.
            var change = last - intake;
            var changeSquared = lastSquared - 2 * product + intakeSquared;
            t.Clients += c.Clients;
            t.ClientsInSpan += c.ClientsInSpan;
            t.ClientsAcrossDepartments += c.ClientsAcrossDepartments;
            t.ClientsAcrossDepartmentsInSpan += c.ClientsAcrossDepartmentsInSpan;
            t.Episodes += n;
            t.Sessions += sessions;
            t.SumDays += c.SumDays ?? 0;
            t.AllianceIntakes += c.AllianceIntakes;
            t.SumIntakeAlliance += (c.SumIntakeAlliance ?? 0) / 10m;
            t.AllianceSessions += c.AllianceSessions ?? 0;
            t.AllianceBelowCutoff += c.AllianceBelowCutoff ?? 0;
            if (k.Sessions < 2) t.FewerThanTwoScores += n;
            if (k.Sessions == 2 && !k.Closed) t.StillOpen += n;
            if (k.Closed)
            {
                t.Closed += n;
                t.ClosedSessions += sessions;
                if (k.Sessions >= 1) t.WithSessions += n;
                if (k.Sessions == 1) t.SingleSession += n;
            }
            if (k.Dropout)
            {
                t.Dropouts += n;
                if (k.Category is not (ReportClass.Recovered or ReportClass.Improved)) t.DropoutsBeforeTarget += n;
            }
            if (k.ClosedPair)
            {
                t.EffectSample += n;
                t.SumEffectIntake += intake / 10m;
                t.SumEffectIntakeSquared += intakeSquared / 100m;
                t.SumEffectChange += change / 10m;
                t.SumEffectChangeSquared += changeSquared / 100m;
                if (k.IntakeClinical is null) t.NoCutoff += n;
                if (k.IntakeClinical == false)
                {
                    t.IntakeFunctional += n;
                    if (k.Category == ReportClass.Harmed) t.Harmed += n;
                }
            }
            if (k.InSample)
            {
                t.ChangeSample += n;
                t.SumIntake += intake / 10m;
                t.SumIntakeSquared += intakeSquared / 100m;
                t.SumLast += last / 10m;
                t.SumLastSquared += lastSquared / 100m;
                t.SumIntakeTimesLast += product / 100m;
                switch (k.Category)
                {
                    case ReportClass.Recovered: t.Recovered += n; break;
                    case ReportClass.Improved: t.Improved += n; break;
                    case ReportClass.Unchanged: t.Unchanged += n; break;
                    case ReportClass.Deteriorated: t.Deteriorated += n; break;
                }
                if (k.OnTrack is not null) t.TrajectoryEvaluated += n;
                if (k.OnTrack == true) t.OnExpectedTrajectory += n;
            }
            if (k.InOpen)
            {
                t.OpenChangeSample += n;
                t.SumOpenChange += change / 10m;
                t.SumOpenChangeSquared += changeSquared / 100m;
                if (k.Category is ReportClass.Recovered or ReportClass.Improved) t.OpenReliablyImproved += n;
            }
            t.KeySum += c.KeySum ?? 0;
        }
        return t;
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
