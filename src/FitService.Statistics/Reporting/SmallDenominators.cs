namespace FitService.Statistics.Reporting;

/// <summary>
/// Inside a shown group, a statistic over fewer than <see cref="Suppression.MinimumCount"/> episodes is withheld: "1 of
/// 1 intake-functional episode harmed", or the mean days of two closed episodes, describes one or two clients even
/// when the group is large. Each statistic is judged by its own denominator (docs/reports.md lists them); an empty
/// denominator already gives null and is not listed.
/// </summary>
public static class SmallDenominators
{
    /// <summary>
    /// The metrics with every statistic whose denominator has 1 to <see cref="Suppression.MinimumCount"/> − 1 episodes
    /// set to null, and the wire names of those withheld (in a fixed order). Counts are left as they are.
    /// </summary>
    /// <param name="m">A shown group's metrics; not null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="m"/> is null.</exception>
    public static (OutcomeMetrics Metrics, IReadOnlyList<string> Withheld) Withhold(OutcomeMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var withheld = new List<string>();
        bool Small(long n, params string[] names)
        {
            var small = n is > 0 and < Suppression.MinimumCount;
            if (small) withheld.AddRange(names);
            return small;
        }

        if (Small(m.ChangeSample, "meanIntake", "sdIntake", "meanLast", "sdLast", "meanChange", "sdChange",
                "shares.recovered", "shares.improved", "shares.unchanged", "shares.deteriorated", "shares.reliablyImproved"))
            m = m with
            {
                MeanIntake = null, SdIntake = null, MeanLast = null, SdLast = null, MeanChange = null, SdChange = null,
                Recovered = null, Improved = null, Unchanged = null, Deteriorated = null, ReliablyImproved = null,
            };
        if (Small(m.EffectInputs.Episodes, "effectSize", "normativeEffectSize", "effectSizeInputs.meanChange",
                "effectSizeInputs.sdIntake", "effectSizeInputs.sdChange"))
            m = m with
            {
                EffectSize = null, NormativeEffectSize = null,
                EffectInputs = m.EffectInputs with { MeanChange = null, SdIntake = null, SdChange = null },
            };
        if (Small(m.IntakeFunctional, "shares.harmed")) m = m with { Harmed = null };
        if (Small(m.ClosedEpisodes, "dropout", "dropoutBeforeTarget", "meanSessions", "meanDays"))
            m = m with { Dropout = null, DropoutBeforeTarget = null, MeanSessions = null, MeanDays = null };
        if (Small(m.ClosedWithSessions, "singleSession")) m = m with { SingleSession = null };
        if (Small(m.AllianceIntakes, "meanIntakeAlliance", "allianceSessionsBelowCutoff"))
            m = m with { MeanIntakeAlliance = null, AllianceBelowCutoff = null };
        if (Small(m.TrajectoryEvaluated, "onExpectedTrajectory")) m = m with { OnExpectedTrajectory = null };
        if (Small(m.OpenChange.Episodes, "openChange.meanChange", "openChange.sdChange", "openChange.reliablyImproved"))
            m = m with { OpenChange = m.OpenChange with { MeanChange = null, SdChange = null, ReliablyImproved = null } };
        return (m, withheld);
    }
}
