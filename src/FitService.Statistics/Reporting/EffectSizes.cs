using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace FitService.Statistics.Reporting;

/// <summary>
/// Pre–post effect sizes of one group of episodes, in the forms an ICCE-trained reader knows (docs/statistics.md).
/// Every input is a summary statistic, so SQL sums and episode rows give the same numbers.
/// </summary>
public static class EffectSizes
{
    /// <summary>
    /// Standardised mean change with raw-score (pre SD) standardisation and the CI of Bonett (2008), Psychol Methods
    /// 13(2):99–109, equation 13, which does not assume equal pre and post SDs: d = mean change / SD(pre);
    /// v = SD(change)² / (SD(pre)²·(n − 1)) + d² / (2(n − 1)); CI d ± z·√v. metafor: <c>escalc(measure = "SMCRH",
    /// vtype = "LS")</c>. With <paramref name="smallSampleCorrection"/> d is multiplied by
    /// c(m) = Γ(m/2) / (√(m/2)·Γ((m − 1)/2)), m = n − 1, and the corrected value is used in v (as metafor does);
    /// the reports use the uncorrected d.
    /// </summary>
    /// <param name="n">Pairs; ≥ 2.</param>
    /// <param name="meanChange">Mean of post − pre, points; finite.</param>
    /// <param name="sdPre">SD (n − 1) of the pre scores: the standardiser; finite and &gt; 0.</param>
    /// <param name="sdChange">SD (n − 1) of post − pre; finite and ≥ 0.</param>
    /// <param name="z">Normal quantile; 95 % by default; finite and &gt; 0.</param>
    /// <param name="smallSampleCorrection">Apply c(n − 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 2, or a value out of its range.</exception>
    public static EffectSize PrePostBonett(int n, double meanChange, double sdPre, double sdChange, double z = Aggregates.Z95,
        bool smallSampleCorrection = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        RequireFinite(meanChange, nameof(meanChange));
        if (!(double.IsFinite(sdPre) && sdPre > 0))
            throw new ArgumentOutOfRangeException(nameof(sdPre), sdPre, "The pre SD must be finite and greater than 0.");
        if (!(double.IsFinite(sdChange) && sdChange >= 0))
            throw new ArgumentOutOfRangeException(nameof(sdChange), sdChange, "The SD of change must be finite and not negative.");
        RequirePositive(z, nameof(z));

        var m = n - 1;
        var d = meanChange / sdPre * (smallSampleCorrection ? Correction(m) : 1);
        var variance = sdChange * sdChange / (sdPre * sdPre * m) + d * d / (2.0 * m);
        var half = z * Math.Sqrt(variance);
        return new EffectSize(d, d - half, d + half);
    }

    /// <summary>
    /// Mean change standardised by a fixed normative SD of the instrument (a setting, not estimated from the group):
    /// d = mean change / SD_norm. Because SD_norm is a constant, the CI is the t interval of the mean change scaled by
    /// it: (mean change ± t(n − 1, 1 − α/2)·SD(change)/√n) / SD_norm (R: <c>t.test(change)$conf.int / sdNorm</c>).
    /// Groups and periods standardised by the same SD differ only by their mean change.
    /// </summary>
    /// <param name="n">Episodes; ≥ 2.</param>
    /// <param name="meanChange">Mean of post − pre, points; finite.</param>
    /// <param name="sdChange">SD (n − 1) of post − pre; finite and ≥ 0.</param>
    /// <param name="normativeSd">The instrument's normative SD, points; finite and &gt; 0.</param>
    /// <param name="confidence">Confidence level in (0, 1); 0.95 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 2, or a value out of its range.</exception>
    public static EffectSize Normative(int n, double meanChange, double sdChange, double normativeSd, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        RequireFinite(meanChange, nameof(meanChange));
        if (!(double.IsFinite(sdChange) && sdChange >= 0))
            throw new ArgumentOutOfRangeException(nameof(sdChange), sdChange, "The SD of change must be finite and not negative.");
        RequirePositive(normativeSd, nameof(normativeSd));
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level must be in (0, 1).");

        var t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - confidence) / 2);
        var half = t * sdChange / Math.Sqrt(n);
        return new EffectSize(meanChange / normativeSd, (meanChange - half) / normativeSd, (meanChange + half) / normativeSd);
    }

    /// <summary>Hedges' exact small-sample factor c(m) = Γ(m/2) / (√(m/2)·Γ((m − 1)/2)), via log-gamma (no overflow).</summary>
    /// <param name="m">Degrees of freedom; &gt; 1.</param>
    public static double Correction(int m)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 2);
        return Math.Exp(SpecialFunctions.GammaLn(m / 2.0) - Math.Log(Math.Sqrt(m / 2.0)) - SpecialFunctions.GammaLn((m - 1) / 2.0));
    }

    static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(name, value, "Must be finite.");
    }

    static void RequirePositive(double value, string name)
    {
        if (!(double.IsFinite(value) && value > 0)) throw new ArgumentOutOfRangeException(name, value, "Must be finite and greater than 0.");
    }
}
