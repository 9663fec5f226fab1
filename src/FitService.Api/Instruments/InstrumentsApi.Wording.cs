using System.Text;
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
            var label = Text(given.Label, $"{field}.label", MaxLabel, required: true, errors);
            var low = Text(given.Low, $"{field}.low", MaxAnchor, required: false, errors);
            var high = Text(given.High, $"{field}.high", MaxAnchor, required: false, errors);
            if (label is not null) items[item.Key] = new ItemWording(label, low, high);
        }
        return errors.Any ? null : items;
    }

    /// <summary>
    /// A text shown to clients: trimmed, at most <paramref name="max"/> characters, on one line, without control or
    /// bidirectional-override characters (they could hide or reorder what the client reads) and without broken
    /// UTF-16 (PostgreSQL would refuse it). Empty is "none" unless required.
    /// </summary>
    static string? Text(string? value, string field, int max, bool required, FieldErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) errors.Add(field, "Må fylles ut.", "Is required.");
            return null;
        }
        if (text.Length > max)
        {
            errors.Add(field, $"For lang (maks {max} tegn).", $"Too long (max {max} characters).");
            return null;
        }
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done
                || Rune.IsControl(rune) || IsBidiControl(rune.Value))
            {
                errors.Add(field, "Teksten har kontrolltegn eller linjeskift.", "The text has control characters or line breaks.");
                return null;
            }
            i += used;
        }
        return text;
    }

    static bool IsBidiControl(int c) => c is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069)
        or 0x2028 or 0x2029; // and the Unicode line and paragraph separators
}
