namespace FitService.Statistics;

/// <summary>Jacobson &amp; Truax (1991) outcome category of one episode, extended with "harmed".</summary>
public enum OutcomeCategory
{
    /// <summary>Reliable improvement, from the clinical range at intake into the functional range.</summary>
    Recovered,
    /// <summary>Reliable improvement without crossing from clinical into functional.</summary>
    Improved,
    /// <summary>No reliable change.</summary>
    Unchanged,
    /// <summary>Reliable deterioration without crossing from functional into clinical.</summary>
    Deteriorated,
    /// <summary>Reliable deterioration, from the functional range at intake into the clinical range.</summary>
    Harmed,
}

/// <summary>Which side of the clinical cutoff a score lies on.</summary>
public enum ClinicalRange
{
    /// <summary>Strictly on the worse side of the cutoff.</summary>
    Clinical,
    /// <summary>At the cutoff or on the better side of it.</summary>
    Functional,
}

/// <summary>Classifies change from intake against a reliable-change threshold and a clinical cutoff.</summary>
public static class ChangeClassification
{
    /// <summary>
    /// Reliable change from intake. d = current − intake (negated when lower is better);
    /// Improved when d ≥ threshold, Deteriorated when d ≤ −threshold, else Unchanged.
    /// A change exactly at the threshold IS reliable (the threshold is the smallest reliable change, in points,
    /// e.g. 5 for the ORS after Miller et al. 2003). Exact decimal comparison, no rounding.
    /// </summary>
    /// <param name="intake">Total at the first session, in points.</param>
    /// <param name="current">Total at the session being classified, in points.</param>
    /// <param name="threshold">Reliable change threshold in points; &gt; 0.</param>
    /// <param name="higherIsBetter">True when higher totals mean better functioning.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> ≤ 0.</exception>
    public static ReliableChange Classify(decimal intake, decimal current, decimal threshold, bool higherIsBetter)
    {
        if (threshold <= 0m)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The reliable change threshold must be greater than 0.");
        var better = higherIsBetter ? current - intake : intake - current;
        if (better >= threshold) return ReliableChange.Improved;
        if (better <= -threshold) return ReliableChange.Deteriorated;
        return ReliableChange.Unchanged;
    }

    /// <summary>
    /// Clinical when the score is strictly on the worse side of the cutoff (higher is better: score &lt; cutoff;
    /// lower is better: score &gt; cutoff); Functional otherwise. A score exactly AT the cutoff is Functional,
    /// as in the R package clinicalsignificance (R/calc_cutoff.R: clinical_pre = direction·pre &lt; direction·cutoff);
    /// see docs/statistics.md.
    /// </summary>
    /// <param name="score">Total, in points.</param>
    /// <param name="cutoff">Clinical cutoff, in points.</param>
    /// <param name="higherIsBetter">True when higher totals mean better functioning.</param>
    public static ClinicalRange RangeOf(decimal score, decimal cutoff, bool higherIsBetter)
    {
        var worse = higherIsBetter ? score < cutoff : score > cutoff;
        return worse ? ClinicalRange.Clinical : ClinicalRange.Functional;
    }

    /// <summary>
    /// Recovered = reliable improvement AND intake Clinical AND current Functional;
    /// Harmed = reliable deterioration AND intake Functional AND current Clinical;
    /// otherwise Improved / Deteriorated by the reliable change; else Unchanged.
    /// Uses <see cref="Classify"/> (threshold inclusive) and <see cref="RangeOf"/> (cutoff counts as functional).
    /// </summary>
    /// <param name="intake">Total at the first session, in points.</param>
    /// <param name="current">Total at the session being categorised, in points.</param>
    /// <param name="threshold">Reliable change threshold in points; &gt; 0.</param>
    /// <param name="cutoff">Clinical cutoff, in points.</param>
    /// <param name="higherIsBetter">True when higher totals mean better functioning.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> ≤ 0.</exception>
    public static OutcomeCategory Categorize(decimal intake, decimal current, decimal threshold, decimal cutoff, bool higherIsBetter)
    {
        var change = Classify(intake, current, threshold, higherIsBetter);
        var before = RangeOf(intake, cutoff, higherIsBetter);
        var after = RangeOf(current, cutoff, higherIsBetter);
        return change switch
        {
            ReliableChange.Improved when before == ClinicalRange.Clinical && after == ClinicalRange.Functional => OutcomeCategory.Recovered,
            ReliableChange.Improved => OutcomeCategory.Improved,
            ReliableChange.Deteriorated when before == ClinicalRange.Functional && after == ClinicalRange.Clinical => OutcomeCategory.Harmed,
            ReliableChange.Deteriorated => OutcomeCategory.Deteriorated,
            _ => OutcomeCategory.Unchanged,
        };
    }
}
