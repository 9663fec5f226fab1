namespace FitService.Statistics.Reporting;

/// <summary>
/// Whether a published table may say why each hidden cell is hidden (docs/reports.md, "Why a group is hidden").
/// The reason is knowledge: a cell hidden for its own sake holds 1 to <see cref="Suppression.MinimumCount"/> − 1
/// episodes (as an observer would take it), a companion either none or at least the minimum. In a line whose hidden
/// parts sum to 6 with one of each, the small one must hold 1. So the reasons are said only when an observer who
/// knows them pins no hidden cell that the published numbers alone leave open.
/// </summary>
public static class HiddenReasons
{
    /// <summary>
    /// Interval propagation along the sum lines (as <see cref="Suppression.Pinned"/>) with what the reasons add: a
    /// small cell starts at [1, minimum − 1]; a companion at [0, ∞), moved to 0 when its bound falls below the
    /// minimum and to at least the minimum once it is known to be above 0. True when no hidden cell ends pinned
    /// (or contradictory) that <see cref="Suppression.Pinned"/> leaves open.
    /// </summary>
    /// <param name="table">The layout and its sum lines.</param>
    /// <param name="episodes">Episodes per cell; only the shown cells' values are used (as an observer sees them).</param>
    /// <param name="hidden">Hidden flags per cell.</param>
    /// <param name="small">Per cell: hidden for its own sake (primary suppression).</param>
    /// <param name="minimum">Smallest group that may be shown.</param>
    /// <exception cref="ArgumentException">The lists do not have one entry per cell.</exception>
    public static bool CanBeSaid(CrossTable table, IReadOnlyList<long> episodes, IReadOnlyList<bool> hidden, IReadOnlyList<bool> small,
        int minimum = Suppression.MinimumCount)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(small);
        if (episodes.Count != table.CellCount || hidden.Count != table.CellCount || small.Count != table.CellCount)
            throw new ArgumentException("episodes, hidden and small must have one entry per cell.");
        var open = Suppression.Pinned(episodes, hidden, table.Lines);
        var low = new long[table.CellCount];
        var high = new long[table.CellCount];
        for (var i = 0; i < table.CellCount; i++)
            (low[i], high[i]) = !hidden[i] ? (episodes[i], episodes[i]) : small[i] ? (1, minimum - 1) : (0, Suppression.Unbounded);

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
            // Assumptions that contradict the table (a cell below the minimum by its clients can hold five or more
            // episodes) make the bounds cross and run away: keep them within [0, Unbounded]; crossed bounds end as "pinned".
            for (var i = 0; i < table.CellCount; i++) (low[i], high[i]) = (Math.Clamp(low[i], 0, Suppression.Unbounded), Math.Clamp(high[i], 0, Suppression.Unbounded));
            for (var i = 0; i < table.CellCount; i++)
            {
                if (!hidden[i] || small[i]) continue;
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
