using System.Text.Json;
using Dapper;
using Npgsql;

namespace FitService.Api.Instruments;

/// <summary>The organisation's item wording (migration 0120): read per instrument, replaced one language at a time.</summary>
public static class InstrumentWordingStore
{
    sealed record Row(string InstrumentCode, string Language, string ItemKey, string Label, string? LowAnchor, string? HighAnchor,
        string ChangedBy, DateTime ChangedAt);

    /// <summary>Language → item key → wording, in the items' order; an empty map when the organisation has set none.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, ItemWording>>> TextsAsync(NpgsqlConnection connection,
        string code, NpgsqlTransaction? transaction = null) =>
        (await TextsByInstrumentAsync(connection, code, transaction)).GetValueOrDefault(code) ?? Empty;

    /// <summary>The wording of every instrument (or of one), by instrument code.</summary>
    public static async Task<Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, ItemWording>>>> TextsByInstrumentAsync(
        NpgsqlConnection connection, string? code = null, NpgsqlTransaction? transaction = null) =>
        (await ReadAsync(connection, code, transaction))
            .GroupBy(r => r.InstrumentCode)
            .ToDictionary(byCode => byCode.Key, byCode => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, ItemWording>>)byCode
                .GroupBy(r => r.Language)
                .ToDictionary(byLanguage => byLanguage.Key, byLanguage => (IReadOnlyDictionary<string, ItemWording>)byLanguage
                    .ToDictionary(r => r.ItemKey, r => new ItemWording(r.Label, r.LowAnchor, r.HighAnchor))));

    /// <summary>The wording with who changed each language last and when, for the admin's screen.</summary>
    public static async Task<InstrumentWording> WordingAsync(NpgsqlConnection connection, string code, NpgsqlTransaction? transaction = null)
    {
        var languages = (await ReadAsync(connection, code, transaction))
            .GroupBy(r => r.Language)
            .ToDictionary(g => g.Key, g =>
            {
                var last = g.MaxBy(r => r.ChangedAt)!;
                return new LanguageWording(g.ToDictionary(r => r.ItemKey, r => new ItemWording(r.Label, r.LowAnchor, r.HighAnchor)),
                    last.ChangedBy, new DateTimeOffset(DateTime.SpecifyKind(last.ChangedAt, DateTimeKind.Utc)));
            });
        return new InstrumentWording(code, languages);
    }

    static async Task<IReadOnlyList<Row>> ReadAsync(NpgsqlConnection connection, string? code, NpgsqlTransaction? transaction)
    {
        const string sql = """
            select w.instrument_code, w.language, w.item_key, w.label, w.low_anchor, w.high_anchor, w.changed_by, w.changed_at
            from instrument_item_wording w
            join instrument_items i on i.instrument_code = w.instrument_code and i.key = w.item_key
            where @code::text is null or w.instrument_code = @code
            order by w.instrument_code, w.language, i.position
            """;
        return (await connection.QueryAsync<Row>(sql, new { code }, transaction)).ToList();
    }

    /// <summary>
    /// Replaces one language's wording of an instrument and records the change, in the caller's transaction. The
    /// instrument's row is locked first, so two admins saving at once write one after the other, never a mix.
    /// </summary>
    public static async Task ReplaceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code, string language,
        IReadOnlyDictionary<string, ItemWording> items, string changedBy)
    {
        const string sql = """
            select 1 from instruments where code = @code for no key update;
            delete from instrument_item_wording where instrument_code = @code and language = @language;
            insert into instrument_item_wording (instrument_code, item_key, language, label, low_anchor, high_anchor, changed_by)
            select @code, e.key, @language, e.value->>'label', e.value->>'low', e.value->>'high', @changedBy
            from jsonb_each(@items::jsonb) e;
            insert into instrument_wording_changes (instrument_code, language, items, changed_by)
            values (@code, @language, @items::jsonb, @changedBy);
            """;
        var json = JsonSerializer.Serialize(items, JsonOptions);
        await connection.ExecuteAsync(sql, new { code, language, items = json, changedBy }, transaction);
    }

    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, ItemWording>> Empty =
        new Dictionary<string, IReadOnlyDictionary<string, ItemWording>>();
}
