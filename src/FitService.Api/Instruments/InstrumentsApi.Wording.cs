using FitService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Instruments;

/// <summary>
/// The organisation's licensed item wording (ORS, SRS and their versions are copyrighted; FitService ships neutral
/// labels): any staff member reads it, an admin replaces one language of one instrument at a time.
/// </summary>
public static partial class InstrumentsApi
{
    public static readonly string[] WordingLanguages = ["nb", "en"];
    const int MaxLabel = 200;
    const int MaxAnchor = 100;

    static async Task<Results<Ok<InstrumentWording>, NotFoundProblem>> GetWording(string code, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        if (await InstrumentStore.FindAsync(connection, code) is null) return TypedProblems.NotFound($"Instrument {code}");
        return TypedResults.Ok(await InstrumentWordingStore.WordingAsync(connection, code));
    }

    static async Task<Results<Ok<InstrumentWording>, ValidationProblem, NotFoundProblem>> SetWording(
        string code, WordingRequest request, Actor actor, IdempotentWrite write)
    {
        var instrument = await InstrumentStore.FindAsync(write.Connection, code, write.Transaction);
        if (instrument is null) return TypedProblems.NotFound($"Instrument {code}");
        var errors = new FieldErrors();
        var items = ValidateWording(instrument, request, errors);
        if (items is null) return errors.ToProblem();
        await InstrumentWordingStore.ReplaceAsync(write.Connection, write.Transaction, instrument.Code, request.Language!, items, actor.Subject);
        return TypedResults.Ok(await InstrumentWordingStore.WordingAsync(write.Connection, instrument.Code, write.Transaction));
    }

    /// <summary>The items in the instrument's order, trimmed; or null with an error per field.</summary>
    static Dictionary<string, ItemWording>? ValidateWording(Instrument instrument, WordingRequest request, FieldErrors errors)
    {
        if (request.Language is null || !WordingLanguages.Contains(request.Language))
            errors.Add("language", "Språket må være nb eller en.", "The language must be nb or en.");
        if (request.Items is null)
        {
            errors.Add("items", "Oppgi leddene (tomt {} fjerner ordlyden).", "Give the items ({} removes the wording).");
            return null;
        }
        foreach (var key in request.Items.Keys.Where(k => instrument.Items.All(i => i.Key != k)))
            errors.Add($"items.{key}", $"Ukjent ledd for {instrument.Code}.", $"Unknown item for {instrument.Code}.");
        var items = new Dictionary<string, ItemWording>(StringComparer.Ordinal);
        foreach (var item in instrument.Items)
        {
            if (!request.Items.TryGetValue(item.Key, out var given)) continue; // left out: the neutral label
            var field = $"items.{item.Key}";
            if (given is null)
            {
                errors.Add(field, "Oppgi minst label, eller utelat leddet.", "Give at least a label, or leave the item out.");
                continue;
            }
            var label = FreeText.Read(given.Label, $"{field}.label", MaxLabel, errors);
            var low = FreeText.Read(given.Low, $"{field}.low", MaxAnchor, errors, required: false);
            var high = FreeText.Read(given.High, $"{field}.high", MaxAnchor, errors, required: false);
            if (label is not null) items[item.Key] = new ItemWording(label, low, high);
        }
        return errors.Any ? null : items;
    }
}
