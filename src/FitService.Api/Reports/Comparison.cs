using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

/// <summary>Differences second − first between two periods' totals, each with a 95 % CI (methods in docs/reports.md).</summary>
public static class Comparison
{
    public const string Method =
        "second minus first; mean change: Welch (1947) t interval; effect size: d2 - d1 ± 1.96·√(v1 + v2) with Bonett (2008) variances; " +
        "share reliably improved: Newcombe (1998) hybrid score interval";

    public static PeriodDifferences Differences(OutcomeTotals first, OutcomeTotals second)
    {
        var a = OutcomeReport.FromTotals(first);
        var b = OutcomeReport.FromTotals(second);
        var meanChange = a.ChangeSample >= 2 && b.ChangeSample >= 2
            ? PeriodComparison.WelchMeanDifference(a.ChangeSample, a.MeanChange!.Value, a.SdChange!.Value, b.ChangeSample, b.MeanChange!.Value, b.SdChange!.Value)
            : null;
        var effect = a.EffectSize is { } ea && b.EffectSize is { } eb ? PeriodComparison.EffectSizeDifference(ea, eb) : null;
        var improved = first.ChangeSample > 0 && second.ChangeSample > 0
            ? PeriodComparison.NewcombeDifference((int)first.ReliablyImproved, (int)first.ChangeSample, (int)second.ReliablyImproved, (int)second.ChangeSample)
            : null;
        return new PeriodDifferences(meanChange, effect, improved);
    }
}
