using System.Text.Json;
using FitService.Api.Infrastructure;
using FitService.Statistics;

namespace FitService.Api.Instruments;

/// <summary>
/// Item values as a form sends them, checked in two steps: their JSON shape (each a number, or null for missing) before
/// anything is read, then against an instrument. Sessions and collateral ratings share it, so an error names its field
/// (<c>{prefix}.{key}</c>) and reads the same wherever the items were sent.
/// </summary>
public static class ItemInput
{
    /// <summary>The raw values, or null (with an error on <paramref name="field"/> when required) if there are none.</summary>
    public static Dictionary<string, decimal?>? Raw(IReadOnlyDictionary<string, JsonElement>? items, string field, FieldErrors errors, bool required)
    {
        if (items is null)
        {
            if (required) errors.Add(field, "Alle ledd må fylles ut.", "All items are required.");
            return null;
        }
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var (key, element) in items)
        {
            if (element.ValueKind == JsonValueKind.Null) values[key] = null;
            else if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var value)) values[key] = value;
            else errors.Add($"{field}.{key}", "Verdien må være et tall fra 0 til 10.", "The value must be a number from 0 to 10.");
        }
        return values;
    }

    /// <summary>The values scored on the instrument, or null with an error per refused item under <paramref name="field"/>.</summary>
    public static ScoreResult? Score(Instrument instrument, IReadOnlyDictionary<string, decimal?> values, string field, FieldErrors errors)
    {
        var result = ItemScoring.Score(instrument.Items, values);
        foreach (var e in result.Errors)
        {
            var range = instrument.Items.FirstOrDefault(i => i.Key == e.Key);
            var (nb, en) = e.Code switch
            {
                ItemScoring.Missing => ("Leddet mangler: alle ledd må fylles ut.", "The item is missing: all items are required."),
                ItemScoring.Unknown => ($"Ukjent ledd for {instrument.Code}.", $"Unknown item for {instrument.Code}."),
                ItemScoring.TooManyDecimals => ("Høyst én desimal (0,1 cm).", "At most one decimal (0.1 cm)."),
                _ when range is not null => ($"Verdien er utenfor skalaen ({range.Min}–{range.Max}).", $"The value is outside the scale ({range.Min}–{range.Max})."),
                _ => ("Verdien er utenfor skalaen.", "The value is outside the scale."),
            };
            errors.Add($"{field}.{e.Key}", nb, en);
        }
        return result.IsValid ? result : null;
    }
}
