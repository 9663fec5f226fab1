namespace FitService.Statistics;

/// <summary>Why an alliance (SRS-type) score raised an alert.</summary>
public enum AllianceAlertKind
{
    /// <summary>The total is below the cutoff.</summary>
    BelowCutoff,
    /// <summary>One item is below the item minimum.</summary>
    LowItem,
    /// <summary>The total fell from the previous session by at least the drop.</summary>
    Drop,
}

/// <summary>Alliance alert rules; defaults follow the SRS (cutoff 36, item 9, drop 1).</summary>
/// <param name="Cutoff">Alert when the total is strictly below this, in points (SRS: 36).</param>
/// <param name="ItemMinimum">Alert when an item is strictly below this, in points (SRS: 9).</param>
/// <param name="Drop">Alert when the total fell by this much or more since the previous session, in points (1).</param>
public sealed record AllianceRules(decimal Cutoff = 36m, decimal ItemMinimum = 9m, decimal Drop = 1m);

/// <summary>One alliance alert.</summary>
/// <param name="Kind">Which rule fired.</param>
/// <param name="ItemKey">The item for <see cref="AllianceAlertKind.LowItem"/>; null otherwise.</param>
/// <param name="Value">The total (BelowCutoff), the item value (LowItem) or the size of the drop (Drop), in points.</param>
/// <param name="Threshold">The rule's threshold that was crossed, in points.</param>
public sealed record AllianceAlert(AllianceAlertKind Kind, string? ItemKey, decimal Value, decimal Threshold);

/// <summary>Evaluates an alliance score against <see cref="AllianceRules"/>.</summary>
public static class AllianceAlerts
{
    /// <summary>
    /// BelowCutoff when total &lt; Cutoff; one LowItem per item with value &lt; ItemMinimum (ordered by key, ordinal);
    /// Drop when previousTotal − total ≥ Drop (no previous total, no drop alert). Exactly at the cutoff or item
    /// minimum raises nothing; a fall of exactly Drop raises an alert. Alerts come in that order.
    /// </summary>
    /// <param name="items">Item values by key (already validated by <see cref="ItemScoring"/>); not null.</param>
    /// <param name="total">The session's total, in points.</param>
    /// <param name="previousTotal">The previous session's total, or null at the first alliance score.</param>
    /// <param name="rules">The rules; not null; Drop must be &gt; 0.</param>
    /// <returns>The alerts; empty when none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="rules"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rules"/>.Drop ≤ 0.</exception>
    public static IReadOnlyList<AllianceAlert> Evaluate(
        IReadOnlyDictionary<string, decimal> items, decimal total, decimal? previousTotal, AllianceRules rules)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Drop <= 0m)
            throw new ArgumentOutOfRangeException(nameof(rules), rules.Drop, "Drop must be greater than 0.");

        var alerts = new List<AllianceAlert>();
        if (total < rules.Cutoff)
            alerts.Add(new(AllianceAlertKind.BelowCutoff, null, total, rules.Cutoff));
        foreach (var (key, value) in items.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (value < rules.ItemMinimum)
                alerts.Add(new(AllianceAlertKind.LowItem, key, value, rules.ItemMinimum));
        }
        if (previousTotal is { } previous && previous - total >= rules.Drop)
            alerts.Add(new(AllianceAlertKind.Drop, null, previous - total, rules.Drop));
        return alerts;
    }
}
