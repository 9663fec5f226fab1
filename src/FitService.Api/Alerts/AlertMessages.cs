using System.Globalization;

namespace FitService.Api.Alerts;

/// <summary>Why an alert was raised, in words a clinician understands (bokmål and English).</summary>
public static class AlertMessages
{
    public static (string Norwegian, string English) For(string kind, string? itemKey, decimal? value, decimal? threshold)
    {
        // Norwegian text writes decimals with a comma (8,4), English with a point (8.4).
        var (v, t, vEn, tEn) = (Norwegian(value), Norwegian(threshold), English(value), English(threshold));
        var (itemNb, itemEn) = ItemLabel(itemKey);
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
    public static (string Norwegian, string English) LowItems(IReadOnlyList<(string ItemKey, decimal? Value)> items, decimal? threshold)
    {
        if (items.Count == 1) return For(AlertKinds.AllianceLowItem, items[0].ItemKey, items[0].Value, threshold);
        var ordered = items.OrderBy(i => ItemOrder(i.ItemKey)).ThenBy(i => i.ItemKey, StringComparer.Ordinal).ToList();
        var nb = string.Join(", ", ordered.Select(i => $"{ItemLabel(i.ItemKey).Norwegian} {Norwegian(i.Value)}"));
        var en = string.Join(", ", ordered.Select(i => $"{ItemLabel(i.ItemKey).English} {English(i.Value)}"));
        return ($"Ledd i allianseskjemaet under {Norwegian(threshold)}: {nb}.", $"Alliance items below {English(threshold)}: {en}.");
    }

    // The built-in alliance items in their forms' order; a custom instrument's items follow by key.
    static readonly string[] ItemsInOrder = ["relationship", "goalsAndTopics", "approachOrMethod", "listening", "howImportant", "whatWeDid", "overall"];

    static int ItemOrder(string key) => Array.IndexOf(ItemsInOrder, key) is var i and >= 0 ? i : ItemsInOrder.Length;

    /// <summary>
    /// The item's neutral dimension label, the same as the web UI shows (its item.* texts): the licensed item wording of
    /// SRS and CSRS is the organisation's to set, so the service never writes it.
    /// </summary>
    static (string Norwegian, string English) ItemLabel(string? key) => key switch
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
