namespace FitService.Statistics;

/// <summary>One item of an instrument and the closed range its value must lie in.</summary>
/// <param name="Key">The item key, compared ordinally (case-sensitive), e.g. <c>individually</c>.</param>
/// <param name="Min">Lowest valid value, inclusive (0.0 for a 10 cm visual analogue line).</param>
/// <param name="Max">Highest valid value, inclusive (10.0 for a 10 cm visual analogue line).</param>
public sealed record ItemRange(string Key, decimal Min, decimal Max);

/// <summary>One problem with one submitted item.</summary>
/// <param name="Key">The item key the problem concerns.</param>
/// <param name="Code">One of <c>missing</c>, <c>unknown</c>, <c>out_of_range</c>, <c>too_many_decimals</c>.</param>
/// <param name="Message">A human-readable explanation in English.</param>
public sealed record ItemError(string Key, string Code, string Message);

/// <summary>The total of a complete, valid set of items, or the errors that prevent one.</summary>
/// <param name="Total">The exact decimal sum of the items; <c>null</c> when there are errors.</param>
/// <param name="Errors">Every problem found, ordered by key (ordinal); empty when valid.</param>
public sealed record ScoreResult(decimal? Total, IReadOnlyList<ItemError> Errors)
{
    /// <summary>True when no errors were found (and so <see cref="Total"/> has a value).</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Validates item values and sums them into a total (e.g. ORS/SRS 0–40).</summary>
public static class ItemScoring
{
    /// <summary>Error code: a defined item is absent or its value is null.</summary>
    public const string Missing = "missing";
    /// <summary>Error code: a submitted key is not an item of the instrument.</summary>
    public const string Unknown = "unknown";
    /// <summary>Error code: a value lies outside [Min, Max].</summary>
    public const string OutOfRange = "out_of_range";
    /// <summary>Error code: a value has more than one decimal (the scale is read in steps of 0.1).</summary>
    public const string TooManyDecimals = "too_many_decimals";

    /// <summary>
    /// Scores one administration. All items or none: every defined key must be present with a value
    /// (absent or null is <c>missing</c>, never 0); keys not defined are <c>unknown</c>; each value must lie in
    /// [Min, Max] inclusive and be a multiple of 0.1 (a 10 cm line read to the millimetre).
    /// Total = Σ values, exact decimal arithmetic, in the instrument's points.
    /// </summary>
    /// <param name="items">The instrument's items; keys must be unique (ordinal) and Min ≤ Max, with the sum of the
    /// maxima within <see cref="decimal.MaxValue"/>. Values outside their range are never summed, so any submitted
    /// value (even ±<see cref="decimal.MaxValue"/>) gives errors, not an overflow.</param>
    /// <param name="values">Submitted values by key; looked up with the dictionary's own comparer.</param>
    /// <returns>The total when valid; otherwise a null total and every error, ordered by key (ordinal), then by check.</returns>
    /// <exception cref="ArgumentNullException">Either argument (or an item) is null.</exception>
    /// <exception cref="ArgumentException">The item definitions are empty, repeat a key or have Min &gt; Max.</exception>
    public static ScoreResult Score(IReadOnlyList<ItemRange> items, IReadOnlyDictionary<string, decimal?> values)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(values);
        var defined = ValidateDefinitions(items);

        var errors = new List<ItemError>();
        decimal total = 0m;
        foreach (var item in items)
        {
            if (!values.TryGetValue(item.Key, out var value) || value is null)
            {
                errors.Add(new(item.Key, Missing, $"Item '{item.Key}' is required; all items or none."));
                continue;
            }
            var inRange = value >= item.Min && value <= item.Max;
            if (!inRange)
                errors.Add(new(item.Key, OutOfRange, $"Item '{item.Key}' must be between {item.Min} and {item.Max}; got {value}."));
            if (value % 0.1m != 0m)
                errors.Add(new(item.Key, TooManyDecimals, $"Item '{item.Key}' allows at most one decimal; got {value}."));
            // Only values in range are summed: one near decimal.MaxValue would overflow the total before it is refused.
            if (inRange) total += value.Value;
        }
        foreach (var key in values.Keys)
        {
            if (!defined.Contains(key))
                errors.Add(new(key, Unknown, $"'{key}' is not an item of this instrument."));
        }

        if (errors.Count == 0)
            return new ScoreResult(total, []);
        // Stable sort keeps the check order within one key.
        var ordered = errors.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        return new ScoreResult(null, ordered);
    }

    static HashSet<string> ValidateDefinitions(IReadOnlyList<ItemRange> items)
    {
        if (items.Count == 0)
            throw new ArgumentException("An instrument needs at least one item.", nameof(items));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            if (!keys.Add(item.Key))
                throw new ArgumentException($"Item key '{item.Key}' is defined twice.", nameof(items));
            if (item.Min > item.Max)
                throw new ArgumentException($"Item '{item.Key}' has Min {item.Min} > Max {item.Max}.", nameof(items));
        }
        return keys;
    }
}
