using MathNet.Numerics.Statistics;

namespace FitService.Statistics;

/// <summary>A proportion with a confidence interval, all in [0, 1].</summary>
/// <param name="Value">The observed proportion successes/n.</param>
/// <param name="CiLow">Lower confidence limit.</param>
/// <param name="CiHigh">Upper confidence limit.</param>
public sealed record Proportion(double Value, double CiLow, double CiHigh);

/// <summary>A standardised effect size with a confidence interval, in SD units.</summary>
/// <param name="Value">The point estimate.</param>
/// <param name="CiLow">Lower confidence limit.</param>
/// <param name="CiHigh">Upper confidence limit.</param>
public sealed record EffectSize(double Value, double CiLow, double CiHigh);

/// <summary>Group statistics for outcome reports. Every input must be finite; nothing is skipped silently.</summary>
public static class Aggregates
{
    /// <summary>The two-sided 95 % standard normal quantile, Φ⁻¹(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson (1927) score interval without continuity correction (R: <c>prop.test(x, n, correct = FALSE)</c>):
    /// p = x/n; centre = (p + z²/2n)/(1 + z²/n); half-width = z/(1 + z²/n)·√(p(1−p)/n + z²/4n²).
    /// Limits are clamped to [0, 1] (exactly 0 when x = 0, exactly 1 when x = n).
    /// </summary>
    /// <param name="successes">Number of successes x; 0 ≤ x ≤ n.</param>
    /// <param name="n">Number of trials; ≥ 1. n = 0 throws (a proportion of nothing is undefined).</param>
    /// <param name="z">Normal quantile; 1.95996… (95 %) by default; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1, successes outside [0, n], or z not finite and positive.</exception>
    public static Proportion Wilson(int successes, int n, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        RequirePositiveZ(z);

        double p = (double)successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        double low = successes == 0 ? 0 : Math.Max(0, centre - half);
        double high = successes == n ? 1 : Math.Min(1, centre + half);
        return new Proportion(p, low, high);
    }

    /// <summary>Arithmetic mean Σx/n.</summary>
    /// <param name="values">At least one finite value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">Empty, or a value is NaN or infinite.</exception>
    public static double Mean(IReadOnlyList<double> values)
    {
        RequireFinite(values, 1, nameof(values));
        return values.Mean();
    }

    /// <summary>Sample standard deviation √(Σ(x − x̄)²/(n − 1)), the n − 1 (Bessel) normaliser.</summary>
    /// <param name="values">At least two finite values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two values, or a value is NaN or infinite.</exception>
    public static double SampleStandardDeviation(IReadOnlyList<double> values)
    {
        RequireFinite(values, 2, nameof(values));
        return values.StandardDeviation();
    }

    /// <summary>
    /// Pre–post standardised mean change with raw-score (intake SD) standardisation:
    /// d = mean(last − intake)/SD(intake), SD with n − 1; positive when scores rose (for a lower-is-better
    /// instrument a positive d is a worsening, so flip the sign at the caller). No small-sample bias correction.
    /// CI: d ± z·√v with the large-sample variance of Becker (1988), v = 2(1 − r)/n + d²/(2n), where r is the
    /// Pearson correlation of intake and last (as metafor's <c>escalc(measure = "SMCR")</c> computes it;
    /// see also Morris &amp; DeShon 2002). When the last scores have no variance r is undefined and 0 is used,
    /// which widens the interval.
    /// </summary>
    /// <param name="intake">Intake scores, one per episode; at least two, finite, not all equal.</param>
    /// <param name="last">Last scores of the same episodes in the same order; same length; finite.</param>
    /// <param name="z">Normal quantile; 95 % by default; finite and &gt; 0.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two pairs, a value is not finite, or the intake SD is 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="z"/> is not finite and positive.</exception>
    public static EffectSize PrePostEffectSize(IReadOnlyList<double> intake, IReadOnlyList<double> last, double z = Z95)
    {
        RequireFinite(intake, 2, nameof(intake));
        RequireFinite(last, 2, nameof(last));
        if (intake.Count != last.Count)
            throw new ArgumentException($"intake has {intake.Count} values but last has {last.Count}; they must be paired.", nameof(last));
        RequirePositiveZ(z);

        double sdIntake = intake.StandardDeviation();
        if (sdIntake == 0)
            throw new ArgumentException("The intake scores have no variance; d is undefined.", nameof(intake));
        double r = last.StandardDeviation() == 0 ? 0 : Math.Clamp(Correlation.Pearson(intake, last), -1, 1);
        return PrePostEffectSize(intake.Count, last.Mean() - intake.Mean(), sdIntake, r, z);
    }

    /// <summary>
    /// The same pre–post effect size from summary statistics (what SQL aggregates deliver):
    /// d = meanChange/sdIntake, CI d ± z·√(2(1 − r)/n + d²/(2n)) (Becker 1988). Identical to the list overload
    /// when given the mean change, the intake SD (n − 1) and the Pearson r of the same pairs (0 when the last
    /// scores have no variance).
    /// </summary>
    /// <param name="n">Number of pairs; ≥ 2.</param>
    /// <param name="meanChange">Mean of last − intake, in points; finite.</param>
    /// <param name="sdIntake">Sample SD of the intake scores; finite and &gt; 0.</param>
    /// <param name="r">Pearson correlation of intake and last, in [−1, 1].</param>
    /// <param name="z">Normal quantile; 95 % by default; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 2, a value not finite, sdIntake ≤ 0, r outside [−1, 1], or z not positive.</exception>
    public static EffectSize PrePostEffectSize(int n, double meanChange, double sdIntake, double r, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        if (!double.IsFinite(meanChange))
            throw new ArgumentOutOfRangeException(nameof(meanChange), meanChange, "Must be finite.");
        if (!(double.IsFinite(sdIntake) && sdIntake > 0))
            throw new ArgumentOutOfRangeException(nameof(sdIntake), sdIntake, "The intake SD must be finite and greater than 0.");
        if (!(r >= -1 && r <= 1))
            throw new ArgumentOutOfRangeException(nameof(r), r, "r must be in [-1, 1].");
        RequirePositiveZ(z);

        double d = meanChange / sdIntake;
        double variance = 2 * (1 - r) / n + d * d / (2.0 * n);
        double half = z * Math.Sqrt(Math.Max(0, variance));
        return new EffectSize(d, d - half, d + half);
    }

    static void RequireFinite(IReadOnlyList<double> values, int minimumCount, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count < minimumCount)
            throw new ArgumentException($"Needs at least {minimumCount} value(s); got {values.Count}.", name);
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
                throw new ArgumentException($"Values must be finite; got {value}.", name);
        }
    }

    static void RequirePositiveZ(double z)
    {
        if (!(double.IsFinite(z) && z > 0))
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must be a finite number greater than 0.");
    }
}
