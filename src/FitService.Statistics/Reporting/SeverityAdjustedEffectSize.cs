using MathNet.Numerics.Distributions;

namespace FitService.Statistics.Reporting;

/// <summary>
/// A normative adjustment model of one instrument (a setting, never estimated from the service's own data):
/// the expected change of an episode with intake x is <c>Intercept + Slope·x</c>, from a regression of change
/// (last − intake) on intake in a reference sample; <paramref name="ReferenceMeanChange"/> and
/// <paramref name="ReferenceSd"/> are that sample's mean change and SD, in points.
/// </summary>
/// <param name="Intercept">Expected change at intake 0, points.</param>
/// <param name="Slope">Expected change per intake point (negative for the ORS: the lower the intake, the more change).</param>
/// <param name="ReferenceMeanChange">Mean change of the reference sample, points; 0 gives the centred form (0 = as the reference).</param>
/// <param name="ReferenceSd">The reference sample's SD, points; the standardiser; &gt; 0.</param>
/// <param name="ReferenceEpisodes">Size of the reference sample, when its source says; shown, not used.</param>
public sealed record SeverityAdjustmentModel(double Intercept, double Slope, double ReferenceMeanChange, double ReferenceSd, long? ReferenceEpisodes);

/// <summary>
/// The severity-adjusted effect size (SAES) of Seidel, Miller &amp; Chow (2014), Psychotherapy Research 24(4):470–484,
/// in the residualised-gain form of the ACORN / Brown et al. benchmarking tools they describe (docs/statistics.md):
/// per episode <c>SAES_i = (ReferenceMeanChange + g_i) / ReferenceSd</c> with the residualised gain
/// <c>g_i = change_i − (Intercept + Slope·intake_i)</c>; a group's SAES is their mean.
/// </summary>
public static class SeverityAdjustedEffectSize
{
    /// <summary>
    /// The group's SAES from summary statistics, with a t 95 % CI over the episodes' SAES_i (the model is a constant):
    /// mean = (c + Δ̄ − a − b·x̄)/SD_ref; SD(SAES_i) = √(s_Δ² + b²·s_x² − 2b·cov(x, Δ))/SD_ref, where
    /// cov(x, Δ) = (s_last² − s_x² − s_Δ²)/2 because Δ = last − x. The interval (mean ± t(n − 1)·SD/√n) is the
    /// sampling error of the group only; the reference model's own uncertainty is not in it.
    /// </summary>
    /// <param name="n">Episodes; ≥ 2.</param>
    /// <param name="meanIntake">Mean intake total, points.</param>
    /// <param name="meanChange">Mean of last − intake, points.</param>
    /// <param name="sdIntake">SD (n − 1) of intake totals.</param>
    /// <param name="sdLast">SD (n − 1) of last totals.</param>
    /// <param name="sdChange">SD (n − 1) of last − intake.</param>
    /// <param name="model">The normative model.</param>
    /// <param name="confidence">Confidence level in (0, 1).</param>
    /// <returns>The SAES and its CI. A negative variance from rounded inputs counts as 0 (a zero-width interval).</returns>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 2, a value not finite or an SD negative, ReferenceSd ≤ 0.</exception>
    public static EffectSize FromSummary(int n, double meanIntake, double meanChange, double sdIntake, double sdLast, double sdChange,
        SeverityAdjustmentModel model, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        foreach (var (value, name) in new[] { (meanIntake, nameof(meanIntake)), (meanChange, nameof(meanChange)),
            (model.Intercept, "model.Intercept"), (model.Slope, "model.Slope"), (model.ReferenceMeanChange, "model.ReferenceMeanChange") })
            if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(name, value, "Must be finite.");
        foreach (var (value, name) in new[] { (sdIntake, nameof(sdIntake)), (sdLast, nameof(sdLast)), (sdChange, nameof(sdChange)) })
            if (!(double.IsFinite(value) && value >= 0)) throw new ArgumentOutOfRangeException(name, value, "An SD must be finite and not negative.");
        if (!(double.IsFinite(model.ReferenceSd) && model.ReferenceSd > 0))
            throw new ArgumentOutOfRangeException(nameof(model), model.ReferenceSd, "The reference SD must be finite and greater than 0.");
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level must be in (0, 1).");

        var meanResidual = meanChange - (model.Intercept + model.Slope * meanIntake);
        var t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - confidence) / 2);
        var half = t * SdOfEpisodes(sdIntake, sdLast, sdChange, model) / Math.Sqrt(n);
        var centre = (model.ReferenceMeanChange + meanResidual) / model.ReferenceSd;
        return new EffectSize(centre, centre - half, centre + half);
    }

    /// <summary>
    /// The SD (n − 1) of the episodes' SAES_i from summary statistics: √(s_Δ² + b²·s_x² − 2b·cov(x, Δ))/SD_ref with
    /// cov(x, Δ) = (s_last² − s_x² − s_Δ²)/2 (as in <see cref="FromSummary"/>); a negative variance from rounded inputs counts as 0.
    /// It is what a comparison of two groups' SAES needs (Welch's t interval over the SAES_i of two independent groups).
    /// </summary>
    /// <param name="sdIntake">SD (n − 1) of intake totals.</param>
    /// <param name="sdLast">SD (n − 1) of last totals.</param>
    /// <param name="sdChange">SD (n − 1) of last − intake.</param>
    /// <param name="model">The normative model; its ReferenceSd &gt; 0.</param>
    public static double SdOfEpisodes(double sdIntake, double sdLast, double sdChange, SeverityAdjustmentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var b = model.Slope;
        var covariance = (sdLast * sdLast - sdIntake * sdIntake - sdChange * sdChange) / 2;
        var variance = Math.Max(0, sdChange * sdChange + b * b * sdIntake * sdIntake - 2 * b * covariance);
        return Math.Sqrt(variance) / model.ReferenceSd;
    }

    /// <summary>One episode's SAES_i = (ReferenceMeanChange + change − Intercept − Slope·intake) / ReferenceSd.</summary>
    /// <param name="intake">Intake total, points.</param>
    /// <param name="last">Last total, points.</param>
    /// <param name="model">The normative model.</param>
    public static double OfEpisode(double intake, double last, SeverityAdjustmentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (model.ReferenceMeanChange + (last - intake) - (model.Intercept + model.Slope * intake)) / model.ReferenceSd;
    }
}
