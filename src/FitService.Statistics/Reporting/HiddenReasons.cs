namespace FitService.Statistics.Reporting;

/// <summary>
/// Whether a published table may say why each hidden cell is hidden (docs/reports.md, "Why a group is hidden").
/// The reason is knowledge: a cell hidden for its own sake (primary) holds 1 to <see cref="Suppression.MinimumCount"/> − 1
/// episodes, or at least the minimum with fewer clients than that; a companion holds none or at least the minimum. In a
/// line whose hidden parts sum to 6 with one small cell and one companion, the small one must hold 1. So the reasons are
/// said only when an observer who knows them pins no hidden cell that the published numbers alone leave open.
/// </summary>
public static class HiddenReasons
{
    /// <summary>
    /// Interval propagation along the sum lines (as <see cref="Suppression.Pinned"/>) with what the reasons add. Each hidden
    /// cell's kind comes from its exact counts (<see cref="Suppression.IsPrimary"/>), and the observer is credited with
    /// knowing it, which is more than the label says, so the check errs on the side of saying nothing: a cell below the
    /// minimum by its episodes starts at [1, minimum − 1]; one below it only by its clients at [minimum, ∞); a companion at
    /// [0, ∞), moved to 0 when its bound falls below the minimum and to at least the minimum once it is known to be above 0.
    /// True when no hidden cell ends pinned that <see cref="Suppression.Pinned"/> leaves open.
    /// </summary>
    /// <param name="table">The layout and its sum lines.</param>
    /// <param name="episodes">Exact episodes per cell (a shown cell's as an observer sees it; a hidden cell's only for its kind).</param>
    /// <param name="clients">Exact distinct clients per cell (only for the hidden cells' kinds).</param>
    /// <param name="hidden">Hidden flags per cell.</param>
    /// <param name="minimum">Smallest group that may be shown.</param>
    /// <exception cref="ArgumentException">The lists do not have one entry per cell.</exception>
    public static bool CanBeSaid(CrossTable table, IReadOnlyList<long> episodes, IReadOnlyList<long> clients, IReadOnlyList<bool> hidden,
        int minimum = Suppression.MinimumCount)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(hidden);
        if (episodes.Count != table.CellCount || clients.Count != table.CellCount || hidden.Count != table.CellCount)
            throw new ArgumentException("episodes, clients and hidden must have one entry per cell.");
        var open = Suppression.Pinned(episodes, hidden, table.Lines);
        var low = new long[table.CellCount];
        var high = new long[table.CellCount];
        var companion = new bool[table.CellCount];
        for (var i = 0; i < table.CellCount; i++)
        {
            companion[i] = hidden[i] && !Suppression.IsPrimary(episodes[i], clients[i], minimum);
            (low[i], high[i]) = !hidden[i] ? (episodes[i], episodes[i])
                : companion[i] ? (0, Suppression.Unbounded)
                : episodes[i] < minimum ? (1, minimum - 1)
                : (minimum, Suppression.Unbounded); // below the minimum by its clients only
        }

        for (var (changed, pass) = (true, 0); changed && pass < 1000; pass++)
        {
            changed = false;
            foreach (var line in table.Lines)
            {
                long partsLow = line.Parts.Sum(p => low[p]), partsHigh = line.Parts.Sum(p => high[p]);
                changed |= Narrow(low, high, line.Total, partsLow, partsHigh);
                foreach (var p in line.Parts)
                    changed |= Narrow(low, high, p, low[line.Total] - (partsHigh - high[p]), high[line.Total] - (partsLow - low[p]));
            }
            // The bounds start from the truth, so they never cross; kept within [0, Unbounded] so that sums cannot overflow.
            for (var i = 0; i < table.CellCount; i++) (low[i], high[i]) = (Math.Clamp(low[i], 0, Suppression.Unbounded), Math.Clamp(high[i], 0, Suppression.Unbounded));
            for (var i = 0; i < table.CellCount; i++)
            {
                if (!companion[i]) continue;
                if (high[i] < minimum) changed |= Narrow(low, high, i, low[i], 0);
                else if (low[i] > 0) changed |= Narrow(low, high, i, minimum, high[i]);
            }
        }
        return Enumerable.Range(0, table.CellCount).All(i => !hidden[i] || open[i] || low[i] < high[i]);
    }

    static bool Narrow(long[] low, long[] high, int i, long lo, long hi)
    {
        var changed = false;
        if (lo > low[i]) { low[i] = lo; changed = true; }
        if (hi < high[i]) { high[i] = hi; changed = true; }
        return changed;
    }
}
