using System.Globalization;
using FitService.Api.Instruments;

namespace FitService.Api.Alerts;

/// <summary>
/// Why an alert was raised, in words a clinician understands (bokmål and English). An alliance item is named by the
/// organisation's wording of it where it has set one (<see cref="ItemLabels"/>), else by its neutral dimension label.
/// </summary>
public static class AlertMessages
{
    /// <summary>
    /// The organisation's label of an alert's item, as two columns (<c>wording_nb</c>, <c>wording_en</c>) of a query
    /// that has the alert as <c>a</c> and its episode as <c>e</c>: the wording of the episode's alliance instrument.
    /// </summary>
    public const string WordingColumns = """
        (select w.label from instrument_item_wording w where w.instrument_code = e.alliance_instrument
            and w.item_key = a.item_key and w.language = 'nb') as wording_nb,
        (select w.label from instrument_item_wording w where w.instrument_code = e.alliance_instrument
            and w.item_key = a.item_key and w.language = 'en') as wording_en
        """;

    public static (string Norwegian, string English) For(string kind, string? itemKey, decimal? value, decimal? threshold,
        ItemLabels? wording = null)
    {
        // Norwegian text writes decimals with a comma (8,4), English with a point (8.4).
        var (v, t, vEn, tEn) = (Norwegian(value), Norwegian(threshold), English(value), English(threshold));
        var (itemNb, itemEn) = ItemLabel(itemKey, wording);
        return kind switch
        {
            AlertKinds.AllianceBelowCutoff => (
                $"Alliansen (SRS {v}) er under grensen {t}. Snakk med klienten om hva som kan gjøres annerledes.",
                $"The alliance (SRS {vEn}) is below the cutoff {tEn}. Talk with the client about what could be done differently."),
            AlertKinds.AllianceLowItem => (
                $"Leddet «{itemNb}» i allianseskjemaet er {v}, under {t}.",
                $"Alliance item '{itemEn}' is {vEn}, below {tEn}."),
            AlertKinds.AllianceDrop => (
                $"Alliansen falt med {v} poeng siden forrige time.",
                $"The alliance fell by {vEn} points since the previous session."),
            AlertKinds.NoImprovementBySession3 => (
                $"Ingen pålitelig bedring etter 3 timer (endring {v}, krever {t}). Drøft saken.",
                $"No reliable improvement by session 3 (change {vEn}, needs {tEn}). Discuss the case."),
            AlertKinds.NoImprovementBySession6 => (
                $"Ingen pålitelig bedring etter 6 timer (endring {v}, krever {t}). Vurder å endre behandlingen.",
                $"No reliable improvement by session 6 (change {vEn}, needs {tEn}). Reconsider the treatment."),
            AlertKinds.ReliableDeterioration => (
                $"Pålitelig forverring siden inntak (endring {v}). Følg opp straks.",
                $"Reliable deterioration since intake (change {vEn}). Follow up at once."),
            AlertKinds.BelowExpectedTrajectory => (
                $"Skåren {v} er under nedre grense {t} for forventet utvikling (beregnet fra tjenestens egne avsluttede forløp). Saken er ikke på sporet: drøft den.",
                $"The score {vEn} is below the lower bound {tEn} of the expected trajectory (calibrated from the service's own closed episodes). The case is not on track: discuss it."),
            _ => (kind, kind),
        };
    }

    /// <summary>The labels a query read with <see cref="WordingColumns"/>; null when the organisation has set neither.</summary>
    public static ItemLabels? Wording(string? norwegian, string? english) =>
        norwegian is null && english is null ? null : new ItemLabels(norwegian, english);

    /// <summary>Why a live alert cleared itself.</summary>
    public static (string Norwegian, string English)? Cleared(string? reason) => reason switch
    {
        "conditionNoLongerHolds" => ("Betingelsen gjelder ikke lenger.", "The condition no longer holds."),
        "replacedByTrajectory" => ("Erstattet av forventet forløp: nok data til kalibrering.", "Replaced by the expected trajectory: enough data to calibrate."),
        "replacedBySessionRules" => ("Erstattet av reglene for time 3 og 6: for lite data til kalibrering.", "Replaced by the session 3 and 6 rules: too little data to calibrate."),
        "episodeClosed" => ("Forløpet er avsluttet.", "The episode was closed."),
        _ => null,
    };

    // Two decimals at most: norm-derived thresholds have two, and "change 4.9, needs 4.9" must not happen.
    static string English(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "–";

    static string Norwegian(decimal? value) => English(value).Replace('.', ',');

    /// <summary>
    /// Several alliance items below the threshold as one reason, in the instrument's item order:
    /// "Alliance items below 9: The relationship 8.4, Goals and topics 7.9." One item reads as its own message.
    /// </summary>
    public static (string Norwegian, string English) LowItems(IReadOnlyList<(string ItemKey, decimal? Value, ItemLabels? Wording)> items,
        decimal? threshold)
    {
        if (items.Count == 1) return For(AlertKinds.AllianceLowItem, items[0].ItemKey, items[0].Value, threshold, items[0].Wording);
        var ordered = items.OrderBy(i => ItemOrder(i.ItemKey)).ThenBy(i => i.ItemKey, StringComparer.Ordinal).ToList();
        var nb = string.Join(", ", ordered.Select(i => $"{ItemLabel(i.ItemKey, i.Wording).Norwegian} {Norwegian(i.Value)}"));
        var en = string.Join(", ", ordered.Select(i => $"{ItemLabel(i.ItemKey, i.Wording).English} {English(i.Value)}"));
        return ($"Ledd i allianseskjemaet under {Norwegian(threshold)}: {nb}.", $"Alliance items below {English(threshold)}: {en}.");
    }

    // The built-in alliance items in their forms' order; a custom instrument's items follow by key.
    static readonly string[] ItemsInOrder = ["relationship", "goalsAndTopics", "approachOrMethod", "listening", "howImportant", "whatWeDid", "overall"];

    static int ItemOrder(string key) => Array.IndexOf(ItemsInOrder, key) is var i and >= 0 ? i : ItemsInOrder.Length;

    /// <summary>The organisation's wording of the item in each language it has set, else the neutral dimension label.</summary>
    static (string Norwegian, string English) ItemLabel(string? key, ItemLabels? wording)
    {
        var (nb, en) = NeutralLabel(key);
        return (wording?.Norwegian ?? nb, wording?.English ?? en);
    }

    /// <summary>
    /// The item's neutral dimension label, the same as the web UI shows (its item.* texts): the licensed item wording of
    /// SRS and CSRS is the organisation's to set, so the service never writes it.
    /// </summary>
    static (string Norwegian, string English) NeutralLabel(string? key) => key switch
    {
        "relationship" => ("Relasjonen", "The relationship"),
        "goalsAndTopics" => ("Mål og tema", "Goals and topics"),
        "approachOrMethod" => ("Arbeidsmåten", "The way of working"),
        "overall" => ("Timen alt i alt", "The session overall"),
        "listening" => ("Å bli hørt", "Being heard"),
        "howImportant" => ("Det som var viktig", "What mattered"),
        "whatWeDid" => ("Det vi gjorde", "What we did"),
        _ => (key ?? "", key ?? ""),
    };
}
