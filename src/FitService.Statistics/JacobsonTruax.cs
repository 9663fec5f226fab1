namespace FitService.Statistics;

/// <summary>Published norms of an instrument, from which the Jacobson–Truax thresholds are derived.</summary>
/// <param name="ClinicalMean">Mean of the clinical (help-seeking, pre-treatment) population, in points.</param>
/// <param name="ClinicalSd">SD of the clinical population (s1 in Jacobson &amp; Truax 1991), in points; &gt; 0.</param>
/// <param name="FunctionalMean">Mean of the functional (non-clinical) population, in points.</param>
/// <param name="FunctionalSd">SD of the functional population, in points; &gt; 0.</param>
/// <param name="Reliability">Reliability of the instrument (r_xx), in [0, 1).</param>
public sealed record Norms(double ClinicalMean, double ClinicalSd, double FunctionalMean, double FunctionalSd, double Reliability);

/// <summary>Thresholds derived from <see cref="Norms"/>.</summary>
/// <param name="ReliableChangeThreshold">Smallest change counted as reliable: 1.96·Sdiff, in points.</param>
/// <param name="ClinicalCutoff">Cutoff c between the clinical and functional ranges, in points.</param>
public sealed record DerivedThresholds(double ReliableChangeThreshold, double ClinicalCutoff);

/// <summary>
/// Reliable change and clinical cutoffs after Jacobson &amp; Truax (1991), J Consult Clin Psychol 59(1):12–19,
/// with the standard error of the difference of Christensen &amp; Mendoza (1986).
/// </summary>
public static class JacobsonTruax
{
    /// <summary>The two-sided 95 % normal quantile used by Jacobson &amp; Truax (1991).</summary>
    public const double Z95 = 1.96;

    /// <summary>Standard error of measurement SE = s1·√(1 − r), in the units of <paramref name="sd"/>.</summary>
    /// <param name="sd">Pre-treatment (clinical) SD s1; finite and &gt; 0.</param>
    /// <param name="reliability">Reliability r in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">sd ≤ 0 or not finite; reliability outside [0, 1).</exception>
    public static double StandardError(double sd, double reliability)
    {
        RequirePositive(sd, nameof(sd));
        if (!(reliability >= 0 && reliability < 1))
            throw new ArgumentOutOfRangeException(nameof(reliability), reliability, "Reliability must be in [0, 1).");
        return sd * Math.Sqrt(1 - reliability);
    }

    /// <summary>Standard error of the difference of two scores Sdiff = √2·SE = √(2·SE²), in points.</summary>
    /// <param name="sd">Pre-treatment (clinical) SD s1; finite and &gt; 0.</param>
    /// <param name="reliability">Reliability r in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">sd ≤ 0 or not finite; reliability outside [0, 1).</exception>
    public static double StandardErrorOfDifference(double sd, double reliability) =>
        Math.Sqrt(2) * StandardError(sd, reliability);

    /// <summary>Smallest reliable change z·Sdiff, in points (|x2 − x1| at or above it is reliable).</summary>
    /// <param name="sd">Pre-treatment (clinical) SD s1; finite and &gt; 0.</param>
    /// <param name="reliability">Reliability r in [0, 1).</param>
    /// <param name="z">Normal quantile; 1.96 (two-sided 95 %) by default; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">Invalid sd, reliability or z.</exception>
    public static double ReliableChangeThreshold(double sd, double reliability, double z = Z95)
    {
        RequirePositive(z, nameof(z));
        return z * StandardErrorOfDifference(sd, reliability);
    }

    /// <summary>Reliable change index RCI = (x2 − x1)/Sdiff, unitless; |RCI| ≥ 1.96 is reliable at 95 %.</summary>
    /// <param name="pre">Score before (x1), in points; finite.</param>
    /// <param name="post">Score after (x2), in points; finite.</param>
    /// <param name="sd">Pre-treatment (clinical) SD s1; finite and &gt; 0.</param>
    /// <param name="reliability">Reliability r in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A score is not finite, or invalid sd or reliability.</exception>
    public static double ReliableChangeIndex(double pre, double post, double sd, double reliability)
    {
        RequireFinite(pre, nameof(pre));
        RequireFinite(post, nameof(post));
        return (post - pre) / StandardErrorOfDifference(sd, reliability);
    }

    /// <summary>
    /// Cutoff c = (sdFun·mClin + sdClin·mFun)/(sdFun + sdClin): the point equally far, in SD units, from both
    /// population means. Direction-free.
    /// </summary>
    /// <param name="clinicalMean">Clinical mean; finite.</param>
    /// <param name="clinicalSd">Clinical SD; finite and &gt; 0.</param>
    /// <param name="functionalMean">Functional mean; finite.</param>
    /// <param name="functionalSd">Functional SD; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A mean is not finite or an SD is not positive.</exception>
    public static double CutoffC(double clinicalMean, double clinicalSd, double functionalMean, double functionalSd)
    {
        RequireFinite(clinicalMean, nameof(clinicalMean));
        RequireFinite(functionalMean, nameof(functionalMean));
        RequirePositive(clinicalSd, nameof(clinicalSd));
        RequirePositive(functionalSd, nameof(functionalSd));
        return (functionalSd * clinicalMean + clinicalSd * functionalMean) / (functionalSd + clinicalSd);
    }

    /// <summary>Cutoff a = mClin ± 2·sdClin: two SD beyond the clinical mean in the better direction.</summary>
    /// <param name="clinicalMean">Clinical mean; finite.</param>
    /// <param name="clinicalSd">Clinical SD; finite and &gt; 0.</param>
    /// <param name="higherIsBetter">True when higher scores mean better functioning (+), else (−).</param>
    /// <exception cref="ArgumentOutOfRangeException">The mean is not finite or the SD is not positive.</exception>
    public static double CutoffA(double clinicalMean, double clinicalSd, bool higherIsBetter)
    {
        RequireFinite(clinicalMean, nameof(clinicalMean));
        RequirePositive(clinicalSd, nameof(clinicalSd));
        return higherIsBetter ? clinicalMean + 2 * clinicalSd : clinicalMean - 2 * clinicalSd;
    }

    /// <summary>Cutoff b = mFun ∓ 2·sdFun: two SD from the functional mean in the worse direction.</summary>
    /// <param name="functionalMean">Functional mean; finite.</param>
    /// <param name="functionalSd">Functional SD; finite and &gt; 0.</param>
    /// <param name="higherIsBetter">True when higher scores mean better functioning (−), else (+).</param>
    /// <exception cref="ArgumentOutOfRangeException">The mean is not finite or the SD is not positive.</exception>
    public static double CutoffB(double functionalMean, double functionalSd, bool higherIsBetter)
    {
        RequireFinite(functionalMean, nameof(functionalMean));
        RequirePositive(functionalSd, nameof(functionalSd));
        return higherIsBetter ? functionalMean - 2 * functionalSd : functionalMean + 2 * functionalSd;
    }

    /// <summary>
    /// Derives the reliable change threshold 1.96·√2·s1·√(1 − r) from <see cref="Norms.ClinicalSd"/> (s1) and
    /// <see cref="Norms.Reliability"/>, and cutoff c from both populations.
    /// </summary>
    /// <param name="norms">The instrument's norms; not null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="norms"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A norm is out of range (see the other members).</exception>
    public static DerivedThresholds Derive(Norms norms)
    {
        ArgumentNullException.ThrowIfNull(norms);
        return new DerivedThresholds(
            ReliableChangeThreshold(norms.ClinicalSd, norms.Reliability),
            CutoffC(norms.ClinicalMean, norms.ClinicalSd, norms.FunctionalMean, norms.FunctionalSd));
    }

    /// <summary>
    /// The derived thresholds as stored, with two decimals, rounded so that classifying against the stored value gives
    /// the same answer as against the exact one for every total on the 0.01 grid (totals are sums of 0.1-step items):
    /// the reliable-change threshold is rounded up (change ≥ t ⇔ change ≥ ⌈t⌉₀.₀₁ for a change on the grid); the cutoff
    /// is rounded towards the functional side, up when higher is better (score &lt; c ⇔ score &lt; ⌈c⌉₀.₀₁) and down when
    /// lower is better (score &gt; c ⇔ score &gt; ⌊c⌋₀.₀₁). Half-to-even rounding would not be: 6.8031 would become 6.80
    /// and a change of 6.8 would count as reliable. Binary noise is removed first (the value is rounded to 10 decimals),
    /// so a cutoff of exactly 25 computed as 25.000000000000004 stays 25.
    /// </summary>
    /// <param name="derived">Thresholds from <see cref="Derive"/>; finite.</param>
    /// <param name="higherIsBetter">The instrument's direction.</param>
    /// <exception cref="ArgumentNullException"><paramref name="derived"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite.</exception>
    public static (decimal ReliableChangeThreshold, decimal ClinicalCutoff) ForStorage(DerivedThresholds derived, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(derived);
        RequireFinite(derived.ReliableChangeThreshold, nameof(derived));
        RequireFinite(derived.ClinicalCutoff, nameof(derived));
        static decimal Clean(double value) => Math.Round((decimal)value, 10);
        static decimal Up(decimal value) => Math.Ceiling(value * 100) / 100;
        static decimal Down(decimal value) => Math.Floor(value * 100) / 100;
        var cutoff = Clean(derived.ClinicalCutoff);
        return (Up(Clean(derived.ReliableChangeThreshold)), higherIsBetter ? Up(cutoff) : Down(cutoff));
    }

    static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite number.");
    }

    static void RequirePositive(double value, string name)
    {
        if (!(double.IsFinite(value) && value > 0))
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite number greater than 0.");
    }
}
