namespace FitService.Statistics.Reporting;

/// <summary>
/// Cell-key perturbation of a report group (docs/reports.md, "Disclosure control"), after the ABS TableBuilder method
/// (Fraser &amp; Wooton 2005; Thompson, Broadfoot &amp; Elazar 2013, "Methodology for the automatic confidentialisation of
/// statistical outputs from remote servers at the Australian Bureau of Statistics"; the ONS used the same for Census 2021).
/// Every number a group publishes is computed from perturbed sufficient statistics: each count gets a small integer
/// noise from the perturbation table (<see cref="Count"/>), each mean and SD a bounded continuous noise whose bound
/// shrinks as 1/n (<see cref="MeanBudget"/>), and shares, CIs and effect sizes follow from the perturbed parts. All
/// draws come from the group's <see cref="CellKey"/> and a fingerprint of its exact content, so the same group always
/// publishes the same numbers, and two groups that differ by one episode (or by one session) publish unrelated noise.
/// </summary>
public static class CellKeyPerturbation
{
    /// <summary>The largest change the perturbation table makes to a count.</summary>
    public const int MaximumCountNoise = 2;

    /// <summary>
    /// Noise bound of a mean score over n episodes: ± <see cref="MeanBudget"/> / n points (1 point at n = 30). The bound
    /// of the group's perturbed sum is then 30 points whatever n, about the whole range of one client's change, so the
    /// difference of two groups that differ by one client says little about that client.
    /// </summary>
    public const double MeanBudget = 30;

    /// <summary>Noise bound of an SD of scores: ± <see cref="SdBudget"/> / n points (0.5 at n = 30).</summary>
    public const double SdBudget = 15;

    /// <summary>Noise bound of mean days per closed episode: ± <see cref="DaysBudget"/> / n days (a week at n = 30).</summary>
    public const double DaysBudget = 210;

    /// <summary>Noise bound of mean sessions per closed episode: ± <see cref="SessionsBudget"/> / n (0.25 at n = 30).</summary>
    public const double SessionsBudget = 7.5;

    // The perturbation table: noise −2 … +2 with probabilities 0.1, 0.2, 0.4, 0.2, 0.1 (cumulative below).
    static readonly double[] Cumulative = [0.1, 0.3, 0.7, 0.9, 1.0];

    /// <summary>
    /// The published value of a count of a non-empty group from the perturbation table: c + e with e ∈ {−2, …, 2} drawn by
    /// <paramref name="draw"/>, kept in the count's band: a count of 0–4 stays in 0–4 and a count of 5 or more stays at 5
    /// or more (a noise that would cross the band's edge is mirrored). So a published count of 5 or more always stands for
    /// 5 or more, the threshold means the same before and after, and a 0 is no proof that nobody is in a group: a 0 and a 1
    /// are told apart by noise, not by the difference of two reports.
    /// </summary>
    /// <param name="count">The exact count; ≥ 0.</param>
    /// <param name="draw">A number in (0, 1) from the cell key.</param>
    /// <exception cref="ArgumentOutOfRangeException">count &lt; 0 or draw outside (0, 1).</exception>
    public static long Count(long count, double draw)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(draw > 0 && draw < 1)) throw new ArgumentOutOfRangeException(nameof(draw), draw, "A draw is in (0, 1).");
        var noise = Array.FindIndex(Cumulative, c => draw < c) - MaximumCountNoise;
        long low = count < Suppression.MinimumCount ? 0 : Suppression.MinimumCount;
        long high = count < Suppression.MinimumCount ? Suppression.MinimumCount - 1 : long.MaxValue;
        var value = count + noise;
        if (value < low) value = 2 * low - value;
        if (value > high) value = 2 * high - value;
        return Math.Clamp(value, low, high);
    }

    /// <summary>A value in (−1, 1) with a triangular density (most noise small), from a draw in (0, 1).</summary>
    /// <param name="draw">A number in (0, 1).</param>
    public static double Triangular(double draw) => draw < 0.5 ? Math.Sqrt(2 * draw) - 1 : 1 - Math.Sqrt(2 * (1 - draw));

    /// <summary>
    /// The perturbed sufficient statistics of a group; every metric of <see cref="OutcomeReport.FromTotals"/> follows from
    /// them. A share is perturbed numerator over perturbed denominator (never above 1); a mean, the perturbed sum over the
    /// perturbed count; an empty group stays empty.
    /// </summary>
    /// <param name="t">The group's exact totals; not null.</param>
    /// <param name="key">The group's cell key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="t"/> is null.</exception>
    public static OutcomeTotals Perturb(OutcomeTotals t, CellKey key)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Episodes == 0) return t; // an empty group describes nobody: shown as it is
        var noise = new CellNoise(key, Fingerprint(t));
        long C(long count) => noise.Count(count);
        long AtMost(long count, long limit) => Math.Min(C(count), limit);
        double Noise(double budget, long n) => noise.Noise(budget, n);

        var n = C(t.ChangeSample);
        var reliablyImproved = AtMost(t.ReliablyImproved, n);
        var recovered = AtMost(t.Recovered, reliablyImproved);
        var closed = C(t.Closed);
        var dropouts = AtMost(t.Dropouts, closed);
        var withSessions = C(t.WithSessions);
        var intakeFunctional = C(t.IntakeFunctional);
        var sessions = C(t.Sessions);
        var allianceSessions = AtMost(t.AllianceSessions, sessions);
        var trajectoryEvaluated = C(t.TrajectoryEvaluated);
        var openN = C(t.OpenChangeSample);
        var effectN = C(t.EffectSample);
        var allianceIntakes = C(t.AllianceIntakes);

        // The change sample: mean intake, mean change and three SDs perturbed, then the sums that give exactly those.
        var m = Moments(t.ChangeSample, t.SumIntake, t.SumIntakeSquared);
        var c = Moments(t.ChangeSample, t.SumLast - t.SumIntake,
            t.SumLastSquared - 2 * t.SumIntakeTimesLast + t.SumIntakeSquared);
        var l = Moments(t.ChangeSample, t.SumLast, t.SumLastSquared);
        var intake = (Mean: m.Mean + Noise(MeanBudget, t.ChangeSample), Sd: Sd(m.Sd, Noise(SdBudget, t.ChangeSample)));
        var change = (Mean: c.Mean + Noise(MeanBudget, t.ChangeSample), Sd: Sd(c.Sd, Noise(SdBudget, t.ChangeSample)));
        var lastSd = Sd(l.Sd, Noise(SdBudget, t.ChangeSample));
        var (sumIntake, sumIntakeSquared) = Sums(n, intake.Mean, intake.Sd);
        var (sumLast, sumLastSquared) = Sums(n, intake.Mean + change.Mean, lastSd);
        var (_, sumChangeSquared) = Sums(n, change.Mean, change.Sd);

        var e = Moments(t.EffectSample, t.SumEffectIntake, t.SumEffectIntakeSquared);
        var ec = Moments(t.EffectSample, t.SumEffectChange, t.SumEffectChangeSquared);
        var (sumEffectIntake, sumEffectIntakeSquared) = Sums(effectN, e.Mean, Sd(e.Sd, Noise(SdBudget, t.EffectSample)));
        var (sumEffectChange, sumEffectChangeSquared) = Sums(effectN, ec.Mean + Noise(MeanBudget, t.EffectSample),
            Sd(ec.Sd, Noise(SdBudget, t.EffectSample)));

        var o = Moments(t.OpenChangeSample, t.SumOpenChange, t.SumOpenChangeSquared);
        var (sumOpenChange, sumOpenChangeSquared) = Sums(openN, o.Mean + Noise(MeanBudget, t.OpenChangeSample),
            Sd(o.Sd, Noise(SdBudget, t.OpenChangeSample)));

        var meanAlliance = t.AllianceIntakes == 0 ? 0 : (double)(t.SumIntakeAlliance / t.AllianceIntakes) + Noise(MeanBudget, t.AllianceIntakes);
        var meanSessions = t.Closed == 0 ? 0 : (double)t.ClosedSessions / t.Closed + Noise(SessionsBudget, t.Closed);
        var meanDays = t.Closed == 0 ? 0 : (double)t.SumDays / t.Closed + Noise(DaysBudget, t.Closed);

        var episodes = C(t.Episodes);
        return new OutcomeTotals(
            Math.Min(C(t.Clients), episodes), episodes, sessions,
            C(t.FewerThanTwoScores), intakeFunctional, C(t.NoCutoff), C(t.StillOpen), n,
            sumIntake, sumIntakeSquared, sumLast, sumLastSquared,
            // Σ intake·last from Σ(last − intake)² = Σ last² − 2 Σ intake·last + Σ intake²: the SD of change comes out as drawn.
            (sumLastSquared + sumIntakeSquared - sumChangeSquared) / 2,
            recovered, reliablyImproved - recovered, AtMost(t.Unchanged, n), AtMost(t.Deteriorated, n), AtMost(t.Harmed, intakeFunctional),
            closed, dropouts, AtMost(t.DropoutsBeforeTarget, dropouts),
            (long)Math.Round(Math.Max(0, meanSessions) * closed), (long)Math.Round(Math.Max(0, meanDays) * closed),
            withSessions, AtMost(t.SingleSession, withSessions),
            allianceIntakes, (decimal)meanAlliance * allianceIntakes, allianceSessions, AtMost(t.AllianceBelowCutoff, allianceSessions),
            trajectoryEvaluated, AtMost(t.OnExpectedTrajectory, trajectoryEvaluated),
            openN, sumOpenChange, sumOpenChangeSquared, AtMost(t.OpenReliablyImproved, openN),
            effectN, sumEffectIntake, sumEffectIntakeSquared, sumEffectChange, sumEffectChangeSquared);
    }

    /// <summary>
    /// A 64-bit hash of every exact total of a group (sums in hundredths of a point, exact): the cell's content in the
    /// draws, so changed values draw fresh noise even when the episodes are the same.
    /// </summary>
    /// <param name="t">The group's exact totals; not null.</param>
    public static ulong Fingerprint(OutcomeTotals t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Fingerprint(ClientFigures,
            [t.Clients, t.Episodes, t.Sessions, t.FewerThanTwoScores, t.IntakeFunctional, t.NoCutoff, t.StillOpen,
             t.ChangeSample, t.Recovered, t.Improved, t.Unchanged, t.Deteriorated, t.Harmed, t.Closed, t.Dropouts,
             t.DropoutsBeforeTarget, t.ClosedSessions, t.SumDays, t.WithSessions, t.SingleSession, t.AllianceIntakes,
             t.AllianceSessions, t.AllianceBelowCutoff, t.TrajectoryEvaluated, t.OnExpectedTrajectory, t.OpenChangeSample,
             t.OpenReliablyImproved, t.EffectSample],
            [t.SumIntake, t.SumIntakeSquared, t.SumLast, t.SumLastSquared, t.SumIntakeTimesLast, t.SumIntakeAlliance,
             t.SumOpenChange, t.SumOpenChangeSquared, t.SumEffectIntake, t.SumEffectIntakeSquared, t.SumEffectChange,
             t.SumEffectChangeSquared]);
    }

    /// <summary>The fingerprint seed of the client figures' tables (<see cref="Fingerprint(OutcomeTotals)"/>).</summary>
    public const ulong ClientFigures = 0x6A09E667F3BCC908UL;

    /// <summary>
    /// A 64-bit hash of a cell's exact content for <see cref="CellNoise"/>: its counts, then its sums in hundredths (rounded
    /// half to even), mixed by SplitMix64 from a seed of the table's own, so two tables over the same episodes (the
    /// client figures and the collateral ratings) draw unrelated noise.
    /// </summary>
    /// <param name="table">The table's seed (<see cref="ClientFigures"/>, or another table's constant).</param>
    /// <param name="counts">The cell's exact counts.</param>
    /// <param name="sums">The cell's exact sums.</param>
    public static ulong Fingerprint(ulong table, ReadOnlySpan<long> counts, ReadOnlySpan<decimal> sums)
    {
        var h = table;
        void Add(long v) => h = CellKey.Mix(h ^ (ulong)v) + 0x9E3779B97F4A7C15UL;
        foreach (var v in counts) Add(v);
        foreach (var v in sums) Add((long)decimal.Round(v * 100));
        return h;
    }

    // Mean and SD (n − 1) from exact sums; 0 where undefined.
    static (double Mean, double Sd) Moments(long n, decimal sum, decimal sumSquared)
    {
        if (n == 0) return (0, 0);
        var mean = (double)(sum / n);
        var sd = n < 2 ? 0 : Math.Sqrt(Math.Max(0, (double)((n * sumSquared - sum * sum) / n / (n - 1))));
        return (mean, sd);
    }

    // A perturbed SD stays ≥ 0 (mirrored at 0); an SD of exactly 0 (all values equal) stays 0 rather than turn into a
    // tiny standardiser that would blow an effect size up.
    static double Sd(double sd, double noise) => sd == 0 ? 0 : Math.Abs(sd + noise);

    // The sums of n values with this mean and SD: Σx = n·mean, Σx² = (n − 1)·sd² + n·mean².
    static (decimal Sum, decimal SumSquared) Sums(long n, double mean, double sd) =>
        n == 0 ? (0, 0) : ((decimal)(n * mean), (decimal)((n - 1) * sd * sd + n * mean * mean));
}
