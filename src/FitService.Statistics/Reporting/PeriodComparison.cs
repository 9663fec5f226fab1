using MathNet.Numerics.Distributions;

namespace FitService.Statistics.Reporting;

/// <summary>A difference (second minus first) with a confidence interval.</summary>
/// <param name="Value">The point estimate of second − first.</param>
/// <param name="CiLow">Lower confidence limit.</param>
/// <param name="CiHigh">Upper confidence limit.</param>
public sealed record Difference(double Value, double CiLow, double CiHigh);

/// <summary>Differences between two independent groups of episodes (e.g. two plan periods of one department).</summary>
public static class PeriodComparison
{
    /// <summary>
    /// Difference of two means, Welch (1947): Δ = m2 − m1, SE = √(s1²/n1 + s2²/n2), CI Δ ± t·SE with t the
    /// two-sided (1 − alpha) quantile of Student's t with the Welch–Satterthwaite df
    /// (s1²/n1 + s2²/n2)²/((s1²/n1)²/(n1 − 1) + (s2²/n2)²/(n2 − 1)). As R's <c>t.test(var.equal = FALSE)</c>.
    /// When both SDs are 0 the interval has zero width.
    /// </summary>
    /// <param name="n1">Size of the first group; ≥ 2.</param>
    /// <param name="mean1">Mean of the first group.</param>
    /// <param name="sd1">SD (n − 1) of the first group; ≥ 0.</param>
    /// <param name="n2">Size of the second group; ≥ 2.</param>
    /// <param name="mean2">Mean of the second group.</param>
    /// <param name="sd2">SD (n − 1) of the second group; ≥ 0.</param>
    /// <param name="alpha">1 − confidence; 0.05 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A group has fewer than two values, an SD is negative or a value is not finite.</exception>
    public static Difference WelchMeanDifference(long n1, double mean1, double sd1, long n2, double mean2, double sd2, double alpha = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(n2, 2);
        foreach (var v in new[] { mean1, sd1, mean2, sd2, alpha })
            if (!double.IsFinite(v)) throw new ArgumentOutOfRangeException(nameof(mean1), v, "Values must be finite.");
        if (sd1 < 0 || sd2 < 0) throw new ArgumentOutOfRangeException(nameof(sd1), "An SD cannot be negative.");

        double v1 = sd1 * sd1 / n1, v2 = sd2 * sd2 / n2;
        double delta = mean2 - mean1;
        double se = Math.Sqrt(v1 + v2);
        if (se == 0) return new Difference(delta, delta, delta);
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
        double t = StudentT.InvCDF(0, 1, df, 1 - alpha / 2);
        return new Difference(delta, delta - t * se, delta + t * se);
    }

    /// <summary>
    /// Difference of two independent standardised effect sizes: Δ = d2 − d1, CI Δ ± z·√(v1 + v2), each variance
    /// recovered from its symmetric 95 % interval as v = ((high − low)/(2·z))² (the Becker 1988 variance of
    /// <see cref="Aggregates.PrePostEffectSize(int, double, double, double, double)"/>); independent groups add
    /// their variances (Borenstein, Hedges, Higgins &amp; Rothstein 2009, Introduction to Meta-Analysis, ch. 19).
    /// </summary>
    /// <param name="first">Effect size of the first group, with its 95 % CI.</param>
    /// <param name="second">Effect size of the second group, with its 95 % CI.</param>
    /// <exception cref="ArgumentNullException">An effect size is null.</exception>
    public static Difference EffectSizeDifference(EffectSize first, EffectSize second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        double v1 = Math.Pow((first.CiHigh - first.CiLow) / (2 * Aggregates.Z95), 2);
        double v2 = Math.Pow((second.CiHigh - second.CiLow) / (2 * Aggregates.Z95), 2);
        double delta = second.Value - first.Value;
        double half = Aggregates.Z95 * Math.Sqrt(v1 + v2);
        return new Difference(delta, delta - half, delta + half);
    }

    /// <summary>
    /// Difference of two independent proportions p2 − p1 with Newcombe's (1998) hybrid score interval
    /// (Stat Med 17:873–890, method 10), built from the two Wilson intervals (l, u):
    /// low = Δ − √((p2 − l2)² + (u1 − p1)²), high = Δ + √((u2 − p2)² + (p1 − l1)²), truncated to [−1, 1].
    /// As <c>Newcombe_hybrid_score_CI_2x2</c> in the R package contingencytables.
    /// </summary>
    /// <param name="x1">Successes in the first group.</param>
    /// <param name="n1">Size of the first group; ≥ 1.</param>
    /// <param name="x2">Successes in the second group.</param>
    /// <param name="n2">Size of the second group; ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is impossible (see <see cref="Aggregates.Wilson"/>).</exception>
    public static Difference NewcombeDifference(int x1, int n1, int x2, int n2)
    {
        var a = Aggregates.Wilson(x1, n1);
        var b = Aggregates.Wilson(x2, n2);
        double delta = b.Value - a.Value;
        double low = delta - Math.Sqrt(Math.Pow(b.Value - b.CiLow, 2) + Math.Pow(a.CiHigh - a.Value, 2));
        double high = delta + Math.Sqrt(Math.Pow(b.CiHigh - b.Value, 2) + Math.Pow(a.Value - a.CiLow, 2));
        return new Difference(delta, Math.Max(-1, low), Math.Min(1, high));
    }
}
