using Dapper;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Instruments;

/// <summary>
/// The instrument definitions in memory, for the session write. The database bumps instrument_catalogue.version
/// whenever a definition changes (a trigger, whoever changes it); the caller reads that version with its own context
/// and gets this copy when it is current, or a fresh one read now. So every process sees a change at its next write.
/// </summary>
public sealed class InstrumentCatalogue
{
    sealed record Snapshot(long Version, IReadOnlyList<Instrument> Instruments);
    volatile Snapshot? current;

    public async ValueTask<IReadOnlyList<Instrument>> AtVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long version)
    {
        if (current is { } snapshot && snapshot.Version == version) return snapshot.Instruments;
        var (read, instruments) = await InstrumentStore.VersionedListAsync(connection, transaction);
        current = new Snapshot(read, instruments);
        return instruments;
    }
}

/// <summary>Reads and writes instrument definitions (three small tables).</summary>
public static class InstrumentStore
{
    sealed record InstrumentRow(string Code, string Name, string Kind, bool HigherIsBetter, decimal? ReliableChangeThreshold,
        double? ClinicalMean, double? ClinicalSd, double? FunctionalMean, double? FunctionalSd, double? Reliability, bool BuiltIn);
    sealed record ItemRow(string InstrumentCode, string Key, decimal MinValue, decimal MaxValue);
    sealed record CutoffRow(string InstrumentCode, int MinAge, int MaxAge, decimal Cutoff);
    sealed record LabelRow(string InstrumentCode, string ItemKey, string Language, string Label);

    public static async Task<IReadOnlyList<Instrument>> ListAsync(NpgsqlConnection connection, string? code = null,
        NpgsqlTransaction? transaction = null) => (await ReadAsync(connection, code, transaction)).Instruments;

    /// <summary>
    /// Every instrument with the catalogue's version, in one round trip. The version is read first: a change
    /// committed between the statements leaves an older number on newer rows, which only costs one more reload.
    /// </summary>
    public static Task<(long Version, IReadOnlyList<Instrument> Instruments)> VersionedListAsync(NpgsqlConnection connection,
        NpgsqlTransaction? transaction) => ReadAsync(connection, null, transaction);

    static async Task<(long Version, IReadOnlyList<Instrument> Instruments)> ReadAsync(NpgsqlConnection connection, string? code,
        NpgsqlTransaction? transaction)
    {
        const string sql = """
            select version from instrument_catalogue;
            select code, name, kind, higher_is_better, reliable_change_threshold,
                   clinical_mean, clinical_sd, functional_mean, functional_sd, reliability, built_in
            from instruments where @code::text is null or code = @code order by built_in desc, code;
            select instrument_code, key, min_value, max_value from instrument_items
            where @code::text is null or instrument_code = @code order by instrument_code, position;
            select instrument_code, min_age, max_age, cutoff from instrument_cutoffs
            where @code::text is null or instrument_code = @code order by instrument_code, min_age;
            select instrument_code, item_key, language, label from instrument_item_wording
            where @code::text is null or instrument_code = @code;
            """;
        using var grid = await connection.QueryMultipleAsync(sql, new { code }, transaction);
        var version = await grid.ReadSingleAsync<long>();
        var rows = (await grid.ReadAsync<InstrumentRow>()).ToList();
        var items = (await grid.ReadAsync<ItemRow>()).ToLookup(i => i.InstrumentCode);
        var cutoffs = (await grid.ReadAsync<CutoffRow>()).ToLookup(c => c.InstrumentCode);
        var labels = (await grid.ReadAsync<LabelRow>()).ToLookup(l => l.InstrumentCode);
        return (version, rows.Select(r => new Instrument(
            r.Code, r.Name, r.Kind, r.HigherIsBetter, r.ReliableChangeThreshold,
            items[r.Code].Select(i => new ItemRange(i.Key, i.MinValue, i.MaxValue)).ToList(),
            cutoffs[r.Code].Select(c => new AgeBandCutoff(c.MinAge, c.MaxAge, c.Cutoff)).ToList(),
            r.ClinicalMean is { } cm ? new Norms(cm, r.ClinicalSd!.Value, r.FunctionalMean!.Value, r.FunctionalSd!.Value, r.Reliability!.Value) : null,
            r.BuiltIn) { Labels = LabelsOf(labels[r.Code]) }).ToList());
    }

    static IReadOnlyDictionary<string, ItemLabels> LabelsOf(IEnumerable<LabelRow> rows) =>
        rows.GroupBy(l => l.ItemKey).ToDictionary(g => g.Key, g => new ItemLabels(
            g.SingleOrDefault(l => l.Language == "nb")?.Label, g.SingleOrDefault(l => l.Language == "en")?.Label));

    public static async Task<Instrument?> FindAsync(NpgsqlConnection connection, string code, NpgsqlTransaction? transaction = null) =>
        (await ListAsync(connection, code, transaction)).SingleOrDefault();

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Instrument instrument)
    {
        const string insertInstrument = """
            insert into instruments (code, name, kind, higher_is_better, reliable_change_threshold,
                clinical_mean, clinical_sd, functional_mean, functional_sd, reliability)
            values (@Code, @Name, @Kind, @HigherIsBetter, @ReliableChangeThreshold,
                @ClinicalMean, @ClinicalSd, @FunctionalMean, @FunctionalSd, @Reliability)
            """;
        const string insertItem = """
            insert into instrument_items (instrument_code, position, key, min_value, max_value)
            values (@Code, @Position, @Key, @Min, @Max)
            """;
        const string insertCutoff = """
            insert into instrument_cutoffs (instrument_code, min_age, max_age, cutoff) values (@Code, @MinAge, @MaxAge, @Cutoff)
            """;
        var n = instrument.Norms;
        await connection.ExecuteAsync(insertInstrument, new
        {
            instrument.Code, instrument.Name, instrument.Kind, instrument.HigherIsBetter, instrument.ReliableChangeThreshold,
            ClinicalMean = n?.ClinicalMean, ClinicalSd = n?.ClinicalSd, FunctionalMean = n?.FunctionalMean,
            FunctionalSd = n?.FunctionalSd, Reliability = n?.Reliability,
        }, transaction);
        await connection.ExecuteAsync(insertItem,
            instrument.Items.Select((item, i) => new { instrument.Code, Position = i + 1, item.Key, item.Min, item.Max }), transaction);
        await connection.ExecuteAsync(insertCutoff,
            instrument.Cutoffs.Select(c => new { instrument.Code, c.MinAge, c.MaxAge, c.Cutoff }), transaction);
    }
}
