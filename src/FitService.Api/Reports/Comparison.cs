using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

/// <summary>Differences second − first between two periods' totals, each with a 95 % CI (methods in docs/reports.md).</summary>
public static class Comparison
{
    public const string Method =
        "second minus first; mean change: Welch (1947) t interval; effect size: d2 - d1 ± 1.96·√(v1 + v2) with Bonett (2008) variances; " +
        "share reliably improved: Newcombe (1998) hybrid score interval; severity-adjusted effect size (when the model is set): Welch (1947) " +
        "t interval over the episodes' adjusted values";

    public static PeriodDifferences Differences(OutcomeTotals first, OutcomeTotals second)
    {
        // A difference is given only where both sides show the statistic (withheld ones would come back as the difference).
        var a = SmallDenominators.Withhold(OutcomeReport.FromTotals(first)).Metrics;
        var b = SmallDenominators.Withhold(OutcomeReport.FromTotals(second)).Metrics;
        var meanChange = a.MeanChange is not null && b.MeanChange is not null && a.ChangeSample >= 2 && b.ChangeSample >= 2
            ? PeriodComparison.WelchMeanDifference(a.ChangeSample, a.MeanChange!.Value, a.SdChange!.Value, b.ChangeSample, b.MeanChange!.Value, b.SdChange!.Value)
            : null;
        var effect = a.EffectSize is { } ea && b.EffectSize is { } eb ? PeriodComparison.EffectSizeDifference(ea, eb) : null;
        var improved = a.ReliablyImproved is not null && b.ReliablyImproved is not null
            ? PeriodComparison.NewcombeDifference((int)first.ReliablyImproved, (int)first.ChangeSample, (int)second.ReliablyImproved, (int)second.ChangeSample)
            : null;
        return new PeriodDifferences(meanChange, effect, improved);
    }

    /// <summary>
    /// The differences with the severity-adjusted effect size's added, from the two published rows (SeverityAdjustment has put
    /// their SAES in): SAES₂ − SAES₁ with the Welch interval over the episodes' SAES_i, whose SD follows from the row's SDs.
    /// </summary>
    public static PeriodDifferences WithSeverityAdjusted(PeriodDifferences differences, OutcomeRow first, OutcomeRow second,
        SeverityAdjustmentModel? model)
    {
        if (model is null || first is not ShownOutcomeRow a || second is not ShownOutcomeRow b) return differences;
        if (a.SeverityAdjustedEffectSize is not { } sa || b.SeverityAdjustedEffectSize is not { } sb) return differences;
        double Sd(ShownOutcomeRow r) => SeverityAdjustedEffectSize.SdOfEpisodes(r.SdIntake!.Value, r.SdLast!.Value, r.SdChange!.Value, model);
        return differences with
        {
            SeverityAdjustedEffectSize = PeriodComparison.WelchMeanDifference(a.ChangeSample, sa.Value, Sd(a), b.ChangeSample, sb.Value, Sd(b)),
        };
    }
}
