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

    /// <summary>
    /// The organisation's label of each item it has worded (migration 0120), by item key; the alert messages name an item
    /// by it. An item or language without one keeps the neutral label.
    /// </summary>
    public IReadOnlyDictionary<string, ItemLabels> Labels { get; init; } = ItemLabels.None;

    public decimal? CutoffForAge(int age) => AgeBands.CutoffFor(Cutoffs, age);

    /// <summary>How an outcome instrument judges a client of this age.</summary>
    public OutcomeScale ScaleFor(int age) => new(HigherIsBetter, ReliableChangeThreshold, CutoffForAge(age));

    /// <summary>The alliance rules for a client of this age: the instrument's cutoff, or the SRS default.</summary>
    public AllianceRules AllianceRulesFor(int age) => new(Cutoff: CutoffForAge(age) ?? new AllianceRules().Cutoff);
}

/// <summary>The organisation's label of one item in bokmål and in English; null where it has set none.</summary>
public sealed record ItemLabels(string? Norwegian, string? English)
{
    public static readonly IReadOnlyDictionary<string, ItemLabels> None = new Dictionary<string, ItemLabels>();
}
