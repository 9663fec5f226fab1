using FitService.Statistics;

namespace FitService.Api.Instruments;

/// <summary>An instrument definition as the service uses it: items, direction, thresholds and cutoffs.</summary>
public sealed record Instrument(
    string Code,
    string Name,
    string Kind,
    bool HigherIsBetter,
    decimal? ReliableChangeThreshold,
    IReadOnlyList<ItemRange> Items,
    IReadOnlyList<AgeBandCutoff> Cutoffs,
    Norms? Norms,
    bool BuiltIn)
{
    public const string Outcome = "outcome";
    public const string Alliance = "alliance";

    public decimal? CutoffForAge(int age) => AgeBands.CutoffFor(Cutoffs, age);

    /// <summary>How an outcome instrument judges a client of this age.</summary>
    public OutcomeScale ScaleFor(int age) => new(HigherIsBetter, ReliableChangeThreshold, CutoffForAge(age));

    /// <summary>The alliance rules for a client of this age: the instrument's cutoff, or the SRS default.</summary>
    public AllianceRules AllianceRulesFor(int age) => new(Cutoff: CutoffForAge(age) ?? new AllianceRules().Cutoff);
}
