using System.Text.Json;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Statistics;

namespace FitService.Api.CollateralRatings;

/// <summary>
/// A collateral rating checked in two steps, as a session is: its shape before anything is read (the relation from
/// the fixed set, that each item value is a number, no other property), then the items against the episode's
/// outcome instrument. Each error names its field.
/// </summary>
public sealed record CollateralInput(int SessionNumber, string Relation, Dictionary<string, decimal?> Items)
{
    public static CollateralInput? Parse(CollateralRatingRequest request, FieldErrors errors)
    {
        if (request.SessionNumber is not { } number || number < 1)
            errors.Add("sessionNumber", "Må være nummeret på en registrert time (fra 1).", "Must be the number of a recorded session (from 1).");
        if (!CollateralRelations.IsValid(request.Relation))
            errors.Add("relation", CollateralRelations.InvalidNorwegian, CollateralRelations.InvalidEnglish);
        var items = RawItems(request.Items, errors);
        RefuseOther(request.Other, errors);
        return errors.Any ? null : new CollateralInput(request.SessionNumber!.Value, request.Relation!, items!);
    }

    public static Dictionary<string, decimal?>? ParseCorrection(string relation, CollateralCorrectionRequest request, FieldErrors errors)
    {
        if (!CollateralRelations.IsValid(relation))
            errors.Add("relation", CollateralRelations.InvalidNorwegian, CollateralRelations.InvalidEnglish);
        var items = RawItems(request.Items, errors);
        RefuseOther(request.Other, errors);
        return errors.Any ? null : items;
    }

    /// <summary>The items' values and total on the instrument, or null with the errors when refused.</summary>
    public static (IReadOnlyDictionary<string, decimal> Items, decimal Total)? Score(Instrument instrument, Dictionary<string, decimal?> values,
        FieldErrors errors)
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
                _ => ($"Verdien er utenfor skalaen ({range?.Min}–{range?.Max}).", $"The value is outside the scale ({range?.Min}–{range?.Max})."),
            };
            errors.Add($"items.{e.Key}", nb, en);
        }
        if (!result.IsValid) return null;
        // In the instrument's item order, as the episode read shows them.
        return (instrument.Items.ToDictionary(i => i.Key, i => values[i.Key]!.Value), result.Total!.Value);
    }

    static Dictionary<string, decimal?>? RawItems(Dictionary<string, JsonElement>? items, FieldErrors errors)
    {
        if (items is null)
        {
            errors.Add("items", "Alle ledd må fylles ut.", "All items are required.");
            return null;
        }
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var (key, element) in items)
        {
            if (element.ValueKind == JsonValueKind.Null) values[key] = null;
            else if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var value)) values[key] = value;
            else errors.Add($"items.{key}", "Verdien må være et tall fra 0 til 10.", "The value must be a number from 0 to 10.");
        }
        return values;
    }

    // A rater is never named and a rating carries no free text: any property but the known ones is refused.
    static void RefuseOther(Dictionary<string, JsonElement>? other, FieldErrors errors)
    {
        foreach (var name in other?.Keys.ToList() ?? [])
            errors.Add(name, "Ukjent felt: en kollateral vurdering har aldri navn eller fritekst.",
                "Unknown field: a collateral rating carries no name or free text.");
    }
}
