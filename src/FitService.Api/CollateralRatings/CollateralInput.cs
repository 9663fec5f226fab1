using System.Text.Json;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;

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
        if (ItemInput.Score(instrument, values, "items", errors) is not { } result) return null;
        // In the instrument's item order, as the episode read shows them.
        return (instrument.Items.ToDictionary(i => i.Key, i => values[i.Key]!.Value), result.Total!.Value);
    }

    static Dictionary<string, decimal?>? RawItems(Dictionary<string, JsonElement>? items, FieldErrors errors) =>
        ItemInput.Raw(items, "items", errors, required: true);

    // A rater is never named and a rating carries no free text: any property but the known ones is refused.
    static void RefuseOther(Dictionary<string, JsonElement>? other, FieldErrors errors)
    {
        foreach (var name in other?.Keys.ToList() ?? [])
            errors.Add(name, "Ukjent felt: en kollateral vurdering har aldri navn eller fritekst.",
                "Unknown field: a collateral rating carries no name or free text.");
    }
}
