namespace FitService.Statistics.Reporting;

/// <summary>
/// The definition of the outcome report metrics (docs/reports.md). <see cref="Compute"/> states each metric over
/// episode rows with the plain list functions of <see cref="Aggregates"/>; <see cref="FromTotals"/> computes the
/// same numbers from the sufficient statistics the SQL aggregation returns. Tests hold the two to the same numbers.
/// </summary>
public static class OutcomeReport
{
    /// <summary>Version of these definitions; stated in every report. Bump it when a definition changes.</summary>
    public const string DefinitionsVersion = "2026-12.3";

    /// <summary>
    /// Metrics straight from episode rows. Change metrics (means, SDs, the four shares and reliably improved)
    /// use <see cref="ReportSample.ChangeSample"/> (closed episodes only); the effect sizes use
    /// <see cref="EpisodeOutcome.InEffectSample"/> (closed, any intake); harmed uses <see cref="ReportSample.IntakeFunctional"/>;
    /// dropout, ICCE dropout, single-session, mean sessions and mean days use closed episodes; the open episodes'
    /// change so far uses <see cref="EpisodeOutcome.InOpenChange"/>;
    /// on-expected-trajectory is green over the change-sample episodes evaluated against a calibrated trajectory
    /// (<see cref="EpisodeOutcome.TrajectoryEvaluated"/>; the session 3 / 6 rules are left out).
    /// </summary>
    /// <param name="episodes">The group's episodes; may be empty.</param>
    /// <param name="normativeSd">The instrument's normative SD for <see cref="OutcomeMetrics.NormativeEffectSize"/>; null: none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="episodes"/> is null.</exception>
    public static OutcomeMetrics Compute(IReadOnlyList<EpisodeOutcome> episodes, double? normativeSd = null)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        var effectSample = episodes.Where(e => e.InEffectSample).ToList();
        double[] effectIntake = [.. effectSample.Select(e => (double)e.Intake!.Value)];
        double[] effectChange = [.. effectSample.Select(e => (double)(e.Last!.Value - e.Intake!.Value))];
        var inputs = new EffectSizeInputs(effectSample.Count, MeanOrNull(effectChange), SdOrNull(effectIntake), SdOrNull(effectChange), normativeSd);
        var sample = episodes.Where(e => e.Sample == ReportSample.ChangeSample).ToList();
        var functional = episodes.Where(e => e.Sample == ReportSample.IntakeFunctional).ToList();
        var closed = episodes.Where(e => e.EndedOn is not null).ToList();
        var withSessions = closed.Where(e => e.SessionCount > 0).ToList();
        var open = episodes.Where(e => e.InOpenChange).ToList();
        double[] openChange = [.. open.Select(e => (double)(e.Last!.Value - e.Intake!.Value))];
        var evaluated = sample.Where(e => e.TrajectoryEvaluated).ToList();
        double[] intake = [.. sample.Select(e => (double)e.Intake!.Value)];
        double[] last = [.. sample.Select(e => (double)e.Last!.Value)];
        double[] change = [.. sample.Select(e => (double)(e.Last!.Value - e.Intake!.Value))];
        double[] alliance = [.. episodes.Where(e => e.IntakeAlliance is not null).Select(e => (double)e.IntakeAlliance!.Value)];
        long sessions = episodes.Sum(e => (long)e.SessionCount);
        long closedSessions = closed.Sum(e => (long)e.SessionCount);
        long allianceSessions = episodes.Sum(e => (long)e.AllianceCount);

        return new OutcomeMetrics(
            episodes.Select(e => e.ClientKey).Distinct().LongCount(), episodes.Count, sessions,
            episodes.LongCount(e => e.Sample == ReportSample.FewerThanTwoScores), functional.Count,
            episodes.LongCount(e => e.Sample == ReportSample.NoCutoff), episodes.LongCount(e => e.Sample == ReportSample.StillOpen), sample.Count,
            MeanOrNull(intake), SdOrNull(intake), MeanOrNull(last), SdOrNull(last), MeanOrNull(change), SdOrNull(change),
            PrePost(inputs), Normative(inputs), inputs,
            Share(sample.Count(e => e.Category == OutcomeCategory.Recovered), sample.Count),
            Share(sample.Count(e => e.Category == OutcomeCategory.Improved), sample.Count),
            Share(sample.Count(e => e.Category == OutcomeCategory.Unchanged), sample.Count),
            Share(sample.Count(e => e.Category == OutcomeCategory.Deteriorated), sample.Count),
            Share(sample.Count(e => e.Category is OutcomeCategory.Recovered or OutcomeCategory.Improved), sample.Count),
            Share(functional.Count(e => e.Category == OutcomeCategory.Harmed), functional.Count),
            closed.Count, Share(closed.Count(e => e.Dropout), closed.Count), Share(closed.Count(e => e.DropoutBeforeTarget), closed.Count),
            withSessions.Count, Share(withSessions.Count(e => e.SessionCount == 1), withSessions.Count),
            closed.Count == 0 ? null : (double)closedSessions / closed.Count,
            MeanOrNull([.. closed.Select(e => (double)(e.EndedOn!.Value.DayNumber - e.StartedOn.DayNumber))]),
            alliance.Length, MeanOrNull(alliance),
            allianceSessions == 0 ? null : (double)episodes.Sum(e => (long)e.AllianceBelowCutoff) / allianceSessions,
            sessions == 0 ? null : (double)allianceSessions / sessions,
            evaluated.Count, Share(evaluated.Count(e => e.Trajectory == TrajectoryStatus.Green), evaluated.Count),
            new OpenChange(open.Count, MeanOrNull(openChange), SdOrNull(openChange),
                Share(open.Count(e => e.Category is OutcomeCategory.Recovered or OutcomeCategory.Improved), open.Count)));
    }

    /// <summary>
    /// The same metrics from sufficient statistics: mean = Σx/n; SD = √((nΣx² − (Σx)²)/(n(n − 1))) with the moments
    /// combined exactly in decimal before one conversion to double; the effect sizes by
    /// <see cref="EffectSizes.PrePostBonett"/> and <see cref="EffectSizes.Normative"/> from the effect sample's moments.
    /// </summary>
    /// <param name="t">The group's totals; not null.</param>
    /// <param name="normativeSd">The instrument's normative SD for <see cref="OutcomeMetrics.NormativeEffectSize"/>; null: none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="t"/> is null.</exception>
    public static OutcomeMetrics FromTotals(OutcomeTotals t, double? normativeSd = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        long ne = t.EffectSample;
        var inputs = new EffectSizeInputs(ne, Mean(t.SumEffectChange, ne),
            Sd(ne, ne * t.SumEffectIntakeSquared - t.SumEffectIntake * t.SumEffectIntake),
            Sd(ne, ne * t.SumEffectChangeSquared - t.SumEffectChange * t.SumEffectChange), normativeSd);
        long n = t.ChangeSample;
        decimal sumChange = t.SumLast - t.SumIntake;
        decimal sumChangeSquared = t.SumLastSquared - 2 * t.SumIntakeTimesLast + t.SumIntakeSquared;
        decimal sxx = n * t.SumIntakeSquared - t.SumIntake * t.SumIntake;
        decimal syy = n * t.SumLastSquared - t.SumLast * t.SumLast;
        decimal sxy = n * t.SumIntakeTimesLast - t.SumIntake * t.SumLast;
        double? sdIntake = Sd(n, sxx);

        return new OutcomeMetrics(
            t.Clients, t.Episodes, t.Sessions, t.FewerThanTwoScores, t.IntakeFunctional, t.NoCutoff, t.StillOpen, n,
            Mean(t.SumIntake, n), sdIntake, Mean(t.SumLast, n), Sd(n, syy),
            Mean(sumChange, n), Sd(n, n * sumChangeSquared - sumChange * sumChange),
            PrePost(inputs), Normative(inputs), inputs,
            Share(t.Recovered, n), Share(t.Improved, n), Share(t.Unchanged, n), Share(t.Deteriorated, n),
            Share(t.ReliablyImproved, n), Share(t.Harmed, t.IntakeFunctional),
            t.Closed, Share(t.Dropouts, t.Closed), Share(t.DropoutsBeforeTarget, t.Closed),
            t.WithSessions, Share(t.SingleSession, t.WithSessions),
            t.Closed == 0 ? null : (double)t.ClosedSessions / t.Closed,
            t.Closed == 0 ? null : (double)t.SumDays / t.Closed,
            t.AllianceIntakes, Mean(t.SumIntakeAlliance, t.AllianceIntakes),
            t.AllianceSessions == 0 ? null : (double)t.AllianceBelowCutoff / t.AllianceSessions,
            t.Sessions == 0 ? null : (double)t.AllianceSessions / t.Sessions,
            t.TrajectoryEvaluated, Share(t.OnExpectedTrajectory, t.TrajectoryEvaluated),
            new OpenChange(t.OpenChangeSample, Mean(t.SumOpenChange, t.OpenChangeSample),
                Sd(t.OpenChangeSample, t.OpenChangeSample * t.SumOpenChangeSquared - t.SumOpenChange * t.SumOpenChange),
                Share(t.OpenReliablyImproved, t.OpenChangeSample)));
    }

    // d needs two episodes and intakes that vary; the normative one needs two episodes and a normative SD.
    static EffectSize? PrePost(EffectSizeInputs i) => i is { Episodes: >= 2, SdIntake: > 0 }
        ? EffectSizes.PrePostBonett((int)i.Episodes, i.MeanChange!.Value, i.SdIntake.Value, i.SdChange!.Value)
        : null;

    static EffectSize? Normative(EffectSizeInputs i) => i is { Episodes: >= 2, NormativeSd: > 0 }
        ? EffectSizes.Normative((int)i.Episodes, i.MeanChange!.Value, i.SdChange!.Value, i.NormativeSd.Value)
        : null;

    static Proportion? Share(long successes, long n) => n == 0 ? null : Aggregates.Wilson((int)successes, (int)n);

    static double? Mean(decimal sum, long n) => n == 0 ? null : (double)(sum / n);

    // S = nΣx² − (Σx)² is exact; variance = S/(n(n − 1)).
    static double? Sd(long n, decimal s) => n < 2 ? null : Math.Sqrt(Math.Max(0, (double)(s / n / (n - 1))));

    static double? MeanOrNull(double[] values) => values.Length == 0 ? null : Aggregates.Mean(values);

    static double? SdOrNull(double[] values) => values.Length < 2 ? null : Aggregates.SampleStandardDeviation(values);
}
