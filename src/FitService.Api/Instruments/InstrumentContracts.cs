namespace FitService.Api.Instruments;

public sealed record InstrumentItemDto(string Key, decimal Min, decimal Max);
public sealed record AgeCutoffDto(int MinAge, int MaxAge, decimal Cutoff);
public sealed record NormsDto(double ClinicalMean, double ClinicalSd, double FunctionalMean, double FunctionalSd, double Reliability);

/// <summary>
/// An instrument as the API shows it. <paramref name="Wording"/> is the organisation's licensed item wording by language
/// and item key (empty when none is set: the clients' screens then show neutral dimension labels).
/// </summary>
public sealed record InstrumentResponse(
    string Code, string Name, string Kind, bool HigherIsBetter, IReadOnlyList<InstrumentItemDto> Items,
    decimal? ReliableChangeThreshold, decimal? ClinicalCutoff, IReadOnlyList<AgeCutoffDto> Cutoffs, NormsDto? Norms, bool BuiltIn,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ItemWording>> Wording)
{
    static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, ItemWording>> NoWording =
        new Dictionary<string, IReadOnlyDictionary<string, ItemWording>>();

    public static InstrumentResponse From(Instrument i, IReadOnlyDictionary<string, IReadOnlyDictionary<string, ItemWording>>? wording) => new(
        i.Code, i.Name, i.Kind, i.HigherIsBetter,
        i.Items.Select(x => new InstrumentItemDto(x.Key, x.Min, x.Max)).ToList(),
        i.ReliableChangeThreshold,
        // A norm-derived instrument has one cutoff for all ages; an age-banded one lists its bands.
        i.Norms is not null && i.Cutoffs.Count == 1 ? i.Cutoffs[0].Cutoff : null,
        i.Cutoffs.Select(c => new AgeCutoffDto(c.MinAge, c.MaxAge, c.Cutoff)).ToList(),
        i.Norms is { } n ? new NormsDto(n.ClinicalMean, n.ClinicalSd, n.FunctionalMean, n.FunctionalSd, n.Reliability) : null,
        i.BuiltIn,
        wording ?? NoWording);
}

/// <summary>Either an explicit threshold and cutoffs, or norms to derive them from (Jacobson &amp; Truax 1991).</summary>
public sealed record CreateInstrumentRequest(
    string? Code, string? Name, string? Kind, bool? HigherIsBetter, List<InstrumentItemDto?>? Items,
    decimal? ReliableChangeThreshold, List<AgeCutoffDto?>? Cutoffs, NormsDto? Norms);
