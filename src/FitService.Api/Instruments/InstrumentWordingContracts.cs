namespace FitService.Api.Instruments;

/// <summary>
/// An item's wording as the organisation's licence gives it: the label, and the anchors at the line's two ends
/// (left = <paramref name="Low"/>, right = <paramref name="High"/>). Without it an item shows its neutral label.
/// </summary>
public sealed record ItemWording(string Label, string? Low, string? High);

/// <summary>An instrument's wording per language ("nb", "en") and item key; a language without wording is left out.</summary>
public sealed record InstrumentWording(string Code, IReadOnlyDictionary<string, LanguageWording> Languages);

/// <summary>One language's wording, with who last changed it and when (every change is kept in instrument_wording_changes).</summary>
public sealed record LanguageWording(IReadOnlyDictionary<string, ItemWording> Items, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>
/// The whole wording of one language: the items listed replace what was there, items left out go back to their
/// neutral labels, and <c>{}</c> clears the language.
/// </summary>
public sealed record WordingRequest(string? Language, Dictionary<string, ItemWordingRequest?>? Items);

public sealed record ItemWordingRequest(string? Label, string? Low, string? High);
