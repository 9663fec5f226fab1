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
}
