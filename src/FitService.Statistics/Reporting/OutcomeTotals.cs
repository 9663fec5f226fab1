namespace FitService.Statistics.Reporting;

/// <summary>
/// Sufficient statistics of one report group: counts and exact sums from which every metric follows.
/// This is what the SQL aggregation returns. Sums of scores are in points and exact (scores have one decimal),
/// so SDs and correlations are computed from exact integer-valued moments without cancellation error.
/// All sums and counts but <see cref="Clients"/> are additive over disjoint groups.
/// </summary>
/// <param name="Clients">Distinct clients (not additive: a client can have episodes in several groups).</param>
/// <param name="Episodes">Episodes.</param>
/// <param name="Sessions">Sessions (Σ session count).</param>
/// <param name="FewerThanTwoScores">Episodes with fewer than two outcome scores.</param>
/// <param name="IntakeFunctional">Closed episodes with ≥ 2 scores and a functional intake.</param>
/// <param name="NoCutoff">Closed episodes with ≥ 2 scores and no cutoff for the age.</param>
/// <param name="StillOpen">Open episodes with ≥ 2 scores.</param>
/// <param name="ChangeSample">Closed episodes with ≥ 2 scores and a clinical intake (n of the change metrics).</param>
/// <param name="SumIntake">Σ intake over the change sample.</param>
/// <param name="SumIntakeSquared">Σ intake² over the change sample.</param>
/// <param name="SumLast">Σ last over the change sample.</param>
/// <param name="SumLastSquared">Σ last² over the change sample.</param>
/// <param name="SumIntakeTimesLast">Σ intake·last over the change sample.</param>
/// <param name="Recovered">Change-sample episodes categorised recovered.</param>
/// <param name="Improved">Change-sample episodes categorised improved.</param>
/// <param name="Unchanged">Change-sample episodes categorised unchanged.</param>
/// <param name="Deteriorated">Change-sample episodes categorised deteriorated.</param>
/// <param name="Harmed">Intake-functional episodes categorised harmed.</param>
/// <param name="Closed">Closed episodes.</param>
/// <param name="Dropouts">Closed episodes that ended as dropout.</param>
/// <param name="DropoutsBeforeTarget">Of those, episodes not reliably improved at the latest session (ICCE dropout).</param>
/// <param name="ClosedSessions">Σ session count over closed episodes.</param>
/// <param name="SumDays">Σ (ended − started) in days over closed episodes.</param>
/// <param name="WithSessions">Closed episodes with at least one session.</param>
/// <param name="SingleSession">Closed episodes with exactly one session.</param>
/// <param name="AllianceIntakes">Episodes with an intake alliance score.</param>
/// <param name="SumIntakeAlliance">Σ intake alliance total.</param>
/// <param name="AllianceSessions">Sessions with an alliance score (= sessions with both scores).</param>
/// <param name="AllianceBelowCutoff">Sessions with an alliance total below the cutoff.</param>
/// <param name="TrajectoryEvaluated">Change-sample episodes evaluated against a calibrated expected trajectory.</param>
/// <param name="OnExpectedTrajectory">Of those, episodes with status green.</param>
/// <param name="EffectSample">Closed episodes with ≥ 2 scores, any intake (the effect sizes' sample).</param>
/// <param name="SumEffectIntake">Σ intake over the effect sample.</param>
/// <param name="SumEffectIntakeSquared">Σ intake² over the effect sample.</param>
/// <param name="SumEffectChange">Σ (last − intake) over the effect sample.</param>
/// <param name="SumEffectChangeSquared">Σ (last − intake)² over the effect sample.</param>
/// <param name="OpenChangeSample">Open episodes with ≥ 2 scores and a clinical intake.</param>
/// <param name="SumOpenChange">Σ (latest − intake) over them.</param>
/// <param name="SumOpenChangeSquared">Σ (latest − intake)² over them.</param>
/// <param name="OpenReliablyImproved">Of them, episodes recovered or improved so far.</param>
public sealed record OutcomeTotals(
    long Clients, long Episodes, long Sessions,
    long FewerThanTwoScores, long IntakeFunctional, long NoCutoff, long StillOpen, long ChangeSample,
    decimal SumIntake, decimal SumIntakeSquared, decimal SumLast, decimal SumLastSquared, decimal SumIntakeTimesLast,
    long Recovered, long Improved, long Unchanged, long Deteriorated, long Harmed,
    long Closed, long Dropouts, long DropoutsBeforeTarget, long ClosedSessions, long SumDays, long WithSessions, long SingleSession,
    long AllianceIntakes, decimal SumIntakeAlliance, long AllianceSessions, long AllianceBelowCutoff,
    long TrajectoryEvaluated, long OnExpectedTrajectory,
    long OpenChangeSample, decimal SumOpenChange, decimal SumOpenChangeSquared, long OpenReliablyImproved,
    long EffectSample, decimal SumEffectIntake, decimal SumEffectIntakeSquared, decimal SumEffectChange, decimal SumEffectChangeSquared)
{
    /// <summary>A group with no episodes.</summary>
    public static OutcomeTotals Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// The totals of two disjoint groups together: every count and sum added. Distinct clients do not add up (a
    /// client can be in both), so the caller states them.
    /// </summary>
    /// <param name="other">The other group; not null.</param>
    /// <param name="clients">Distinct clients of the union.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public OutcomeTotals Add(OutcomeTotals other, long clients)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new OutcomeTotals(clients, Episodes + other.Episodes, Sessions + other.Sessions,
            FewerThanTwoScores + other.FewerThanTwoScores, IntakeFunctional + other.IntakeFunctional, NoCutoff + other.NoCutoff,
            StillOpen + other.StillOpen, ChangeSample + other.ChangeSample,
            SumIntake + other.SumIntake, SumIntakeSquared + other.SumIntakeSquared, SumLast + other.SumLast,
            SumLastSquared + other.SumLastSquared, SumIntakeTimesLast + other.SumIntakeTimesLast,
            Recovered + other.Recovered, Improved + other.Improved, Unchanged + other.Unchanged, Deteriorated + other.Deteriorated,
            Harmed + other.Harmed, Closed + other.Closed, Dropouts + other.Dropouts,
            DropoutsBeforeTarget + other.DropoutsBeforeTarget, ClosedSessions + other.ClosedSessions, SumDays + other.SumDays,
            WithSessions + other.WithSessions, SingleSession + other.SingleSession,
            AllianceIntakes + other.AllianceIntakes, SumIntakeAlliance + other.SumIntakeAlliance,
            AllianceSessions + other.AllianceSessions, AllianceBelowCutoff + other.AllianceBelowCutoff,
            TrajectoryEvaluated + other.TrajectoryEvaluated, OnExpectedTrajectory + other.OnExpectedTrajectory,
            OpenChangeSample + other.OpenChangeSample, SumOpenChange + other.SumOpenChange,
            SumOpenChangeSquared + other.SumOpenChangeSquared, OpenReliablyImproved + other.OpenReliablyImproved,
            EffectSample + other.EffectSample, SumEffectIntake + other.SumEffectIntake, SumEffectIntakeSquared + other.SumEffectIntakeSquared,
            SumEffectChange + other.SumEffectChange, SumEffectChangeSquared + other.SumEffectChangeSquared);
    }

    /// <summary>Change-sample episodes with a reliable improvement (recovered + improved).</summary>
    public long ReliablyImproved => Recovered + Improved;
}
