using System.Globalization;
using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

/// <summary>
/// The severity-adjusted effect size of the outcomes report (docs/reports.md): its normative model is a setting per
/// instrument, <c>Reports:SeverityAdjustment:{instrument}:{Intercept, Slope, ReferenceMeanChange, ReferenceSd}</c>
/// (and optionally ReferenceEpisodes and Source). No default is made up: a missing number means no SAES, and the
/// response says why.
/// </summary>
public static class SeverityAdjustment
{
    static readonly string[] Required = ["Intercept", "Slope", "ReferenceMeanChange", "ReferenceSd"];

    /// <summary>The model the response shows, or why there is none.</summary>
    public static SeverityAdjustmentShown Read(IConfiguration configuration, string instrument)
    {
        var section = configuration.GetSection($"Reports:SeverityAdjustment:{instrument}");
        var values = new Dictionary<string, double>();
        var missing = new List<string>();
        foreach (var key in Required)
        {
            if (double.TryParse(section[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) values[key] = v;
            else missing.Add(key);
        }
        if (missing.Count == 0 && values["ReferenceSd"] <= 0) missing.Add("ReferenceSd");
        if (missing.Count > 0)
            return new(false, $"Not configured for {instrument}: Reports:SeverityAdjustment:{instrument}:{string.Join(", ", missing)} " +
                "missing or invalid (take the normative model from the benchmark you compare with; see docs/reports.md).",
                null, null, null, null, null, null, Covariates, Sample);
        long? episodes = long.TryParse(section["ReferenceEpisodes"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        return new(true, null, values["Intercept"], values["Slope"], values["ReferenceMeanChange"], values["ReferenceSd"], episodes,
            section["Source"], Covariates, Sample);
    }

    const string Covariates = "intake";
    const string Sample = "changeSample";

    /// <summary>The rows with the SAES of each shown row whose change statistics are shown.</summary>
    public static List<OutcomeRow> Apply(IEnumerable<OutcomeRow> rows, SeverityAdjustmentShown shown)
    {
        if (shown.Model is not { } model) return [.. rows];
        return [.. rows.Select(r => r is ShownOutcomeRow s ? Of(s, model) : r)];
    }

    static ShownOutcomeRow Of(ShownOutcomeRow row, SeverityAdjustmentModel model)
    {
        if (row.Withheld.Contains("meanChange"))
            return row with { Withheld = [.. row.Withheld, "severityAdjustedEffectSize"] };
        if (row is not { ChangeSample: >= 2, MeanIntake: { } x, MeanChange: { } d, SdIntake: { } sx, SdLast: { } sl, SdChange: { } sd })
            return row;
        return row with
        {
            SeverityAdjustedEffectSize = SeverityAdjustedEffectSize.FromSummary((int)row.ChangeSample, x, d, sx, sl, sd, model),
        };
    }
}

/// <summary>
/// The normative model of the severity-adjusted effect size as the response shows it: expected change =
/// intercept + slope·intake; SAES = (referenceMeanChange + mean(change − expected)) / referenceSd over the change
/// sample. <c>available</c> false with a <c>reason</c> when the setting is absent.
/// </summary>
public sealed record SeverityAdjustmentShown(bool Available, string? Reason, double? Intercept, double? Slope, double? ReferenceMeanChange,
    double? ReferenceSd, long? ReferenceEpisodes, string? Source, string Covariates, string Sample)
{
    internal SeverityAdjustmentModel? Model => Available
        ? new SeverityAdjustmentModel(Intercept!.Value, Slope!.Value, ReferenceMeanChange!.Value, ReferenceSd!.Value, ReferenceEpisodes)
        : null;
}
