namespace FitService.Statistics.Reporting;

/// <summary>
/// Small-cell suppression for published tables (docs/reports.md, "Suppression"). Primary: a cell with 1 to
/// <see cref="MinimumCount"/> − 1 episodes, or fewer than <see cref="MinimumCount"/> distinct clients, is hidden.
/// An empty cell describes nobody and is shown as 0, unless it is needed as a companion: so a hidden cell may be
/// empty, and the checks below let an observer assume no more than that it is not negative.
/// Complementary, repeated until nothing changes:
/// <list type="number">
/// <item>In every sum line (total = Σ parts) with a hidden member, at least two members are hidden, and when the
/// total is shown the hidden parts together hold at least <see cref="MinimumCount"/> episodes, so what the line
/// gives away (their sum) is no more precise than a cell of the minimum size.</item>
/// <item>No cell hidden before complementary suppression (a small cell, or a margin hidden by the coarser report)
/// may be determined by the published cells through the sum lines (exact linear algebra:
/// its unit vector is not in the row space of the constraints on the hidden cells), nor pinned to one value by
/// interval reasoning along the lines with the knowledge that counts are never negative.</item>
/// </list>
/// When a rule is broken the smallest shown cell that may still be hidden (ties: lowest index) is hidden, first among
/// the members of the offending line. Cells marked fixed keep their status (margins that another, coarser report
/// already shows or hides), so the same cell is shown or hidden alike in every report that contains it.
/// </summary>
public static class Suppression
{
    /// <summary>The smallest group that may be shown: 5 episodes (and 5 distinct clients).</summary>
    public const int MinimumCount = 5;

    /// <summary>Primary suppression: a non-empty cell with episodes &lt; minimum or clients &lt; minimum. Empty cells are shown.</summary>
    /// <param name="episodes">Episodes in the cell.</param>
    /// <param name="clients">Distinct clients in the cell.</param>
    /// <param name="minimum">Smallest group that may be shown.</param>
    public static bool IsPrimary(long episodes, long clients, int minimum = MinimumCount) =>
        episodes > 0 && (episodes < minimum || clients < minimum);

    /// <summary>
    /// Suppresses a cross table so that each margin has the status it has in the coarser report that shows it:
    /// the grand total alone (primary only); the row totals as a one-way table with the grand total fixed; the
    /// column totals likewise; then the inner cells with every margin fixed. The department-only, period-only and
    /// department × period reports of the same filters therefore agree on every cell they share.
    /// </summary>
    /// <param name="table">The layout.</param>
    /// <param name="episodes">Episodes per cell (margins included).</param>
    /// <param name="clients">Distinct clients per cell (margins included).</param>
    /// <param name="minimum">Smallest group that may be shown.</param>
    /// <param name="linked">
    /// Linked suppression: cells hidden in a companion table of the same groups (the client figures, for the collateral
    /// table). Each is hidden here too, and one that is not empty here is protected as a small cell is (it may not be worked
    /// out from the shown cells), since its count bounds the companion table's hidden one. An empty one tells nothing about
    /// the other table and is hidden after the rest. Null: none.
    /// </param>
    /// <exception cref="ArgumentException">The lists do not have one entry per cell.</exception>
    public static bool[] ApplyToCrossTable(CrossTable table, IReadOnlyList<long> episodes, IReadOnlyList<long> clients, int minimum = MinimumCount,
        IReadOnlyList<bool>? linked = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (episodes.Count != table.CellCount || clients.Count != table.CellCount || (linked is not null && linked.Count != table.CellCount))
            throw new ArgumentException("episodes, clients and linked must have one entry per cell.");
        var result = Suppress(table, episodes, clients, minimum, linked);
        if (linked is not null)
            for (var i = 0; i < result.Length; i++) result[i] |= linked[i];
        return result;
    }

    static bool[] Suppress(CrossTable table, IReadOnlyList<long> episodes, IReadOnlyList<long> clients, int minimum, IReadOnlyList<bool>? linked)
    {
        var hidden = Enumerable.Range(0, table.CellCount)
            .Select(i => IsPrimary(episodes[i], clients[i], minimum) || (linked is not null && linked[i] && episodes[i] > 0)).ToArray();
        if (table.Lines.Count == 0) return hidden;
        if (table.Rows > 1 && table.Columns > 1)
        {
            Margin(table.Rows, table.RowTotal);
            Margin(table.Columns, table.ColumnTotal);
        }
        var isFixed = Enumerable.Range(0, table.CellCount).Select(i => !table.IsInner(i)).ToArray();
        return Apply(episodes, hidden, table.Lines, isFixed, minimum);

        // A one-way view of the margins with the grand total fixed; its result fixes the margins here.
        void Margin(int count, Func<int, int> index)
        {
            var view = new CrossTable(count, 1);
            var cells = Enumerable.Range(0, count).Select(index).Append(table.Grand).ToArray();
            var viewHidden = Apply([.. cells.Select(i => episodes[i])], [.. cells.Select(i => hidden[i])], view.Lines,
                [.. cells.Select(i => i == table.Grand)], minimum);
            for (var k = 0; k < cells.Length; k++) hidden[cells[k]] = viewHidden[k];
        }
    }

    /// <summary>Applies complementary suppression on top of <paramref name="hidden"/>; returns the final hidden flags.</summary>
    /// <param name="counts">Episodes per cell (what the lines add up).</param>
    /// <param name="hidden">Hidden after primary suppression (and the status of fixed cells).</param>
    /// <param name="lines">The table's sum lines.</param>
    /// <param name="isFixed">Cells whose status must not change; null when none.</param>
    /// <param name="minimum">Smallest group that may be shown.</param>
    /// <exception cref="ArgumentException">The lists have different lengths.</exception>
    public static bool[] Apply(IReadOnlyList<long> counts, IReadOnlyList<bool> hidden, IReadOnlyList<SumLine> lines,
        IReadOnlyList<bool>? isFixed = null, int minimum = MinimumCount)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(lines);
        if (counts.Count != hidden.Count || (isFixed is not null && isFixed.Count != counts.Count))
            throw new ArgumentException("counts, hidden and isFixed must have one entry per cell.");
        var result = hidden.ToArray();
        bool Hideable(int i) => !result[i] && (isFixed is null || !isFixed[i]);

        while (true)
        {
            var changed = false;
            foreach (var line in lines)
            {
                int[] members = [line.Total, .. line.Parts];
                var hiddenMembers = members.Where(i => result[i]).ToList();
                if (hiddenMembers.Count == 0) continue;
                var hiddenParts = line.Parts.Where(i => result[i]).Sum(i => counts[i]);
                var shortOfMinimum = !result[line.Total] && hiddenParts < minimum;
                var broken = hiddenMembers.Count == 1 || shortOfMinimum;
                // An empty companion adds nothing to the hidden sum and is easily pinned to 0: prefer non-empty ones.
                var candidates = members.Where(i => Hideable(i) && counts[i] > 0).ToList();
                if (candidates.Count == 0) candidates = [.. members.Where(Hideable)];
                if (broken && Smallest(candidates, counts) is { } pick)
                {
                    result[pick] = true;
                    changed = true;
                }
            }
            if (changed) continue;

            // Only the cells hidden for their own sake must stay unknown; a companion may be worked out (it holds at
            // least the minimum) as long as the small cells it protects cannot.
            var determined = Determined(result, lines);
            var pinned = Pinned(counts, result, lines);
            var exposed = Enumerable.Range(0, result.Length).FirstOrDefault(i => hidden[i] && (determined[i] || pinned[i]), -1);
            if (exposed < 0) return result;
            var near = lines.Where(l => l.Total == exposed || l.Parts.Contains(exposed))
                .SelectMany(l => l.Parts.Append(l.Total)).Where(Hideable);
            var choice = Smallest(near, counts) ?? Smallest(Enumerable.Range(0, result.Length).Where(Hideable), counts);
            // Privacy fails closed: if no companion is left, hide every cell rather than publish a recoverable one.
            if (choice is null) return [.. result.Select((_, i) => isFixed is null || !isFixed[i] || result[i])];
            result[choice.Value] = true;
        }
    }

    /// <summary>
    /// For each hidden cell, whether the shown cells and the sum lines fix its value (over the reals; an attacker
    /// who also uses non-negativity can at most narrow it further). Gaussian elimination to reduced row echelon
    /// form on the constraints restricted to the hidden cells: a cell is determined when its column is a pivot
    /// whose row has no other non-zero entry.
    /// </summary>
    /// <param name="hidden">Hidden flags per cell.</param>
    /// <param name="lines">The table's sum lines.</param>
    public static bool[] Determined(IReadOnlyList<bool> hidden, IReadOnlyList<SumLine> lines)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(lines);
        var columns = Enumerable.Range(0, hidden.Count).Where(i => hidden[i]).ToArray();
        var columnOf = new Dictionary<int, int>();
        for (var j = 0; j < columns.Length; j++) columnOf[columns[j]] = j;
        var rows = new List<double[]>();
        foreach (var line in lines)
        {
            var row = new double[columns.Length];
            if (columnOf.TryGetValue(line.Total, out var t)) row[t] += 1;
            foreach (var p in line.Parts)
                if (columnOf.TryGetValue(p, out var j)) row[j] -= 1;
            if (row.Any(v => v != 0)) rows.Add(row);
        }

        var pivotRowOfColumn = ReducedRowEchelon(rows, columns.Length);
        var result = new bool[hidden.Count];
        for (var j = 0; j < columns.Length; j++)
        {
            if (pivotRowOfColumn[j] is not { } r) continue;
            var others = rows[r].Where((v, k) => k != j && Math.Abs(v) > Epsilon).Any();
            result[columns[j]] = !others;
        }
        return result;
    }

    /// <summary>
    /// For each hidden cell, whether interval propagation pins it to one value: start every hidden cell at
    /// [0, <see cref="Unbounded"/>], every shown cell at its value, and narrow total ∈ [Σ low, Σ high] and
    /// part ∈ [total.low − Σ other highs, total.high − Σ other lows] along every line until nothing changes.
    /// </summary>
    /// <param name="counts">Episodes per cell.</param>
    /// <param name="hidden">Hidden flags per cell.</param>
    /// <param name="lines">The table's sum lines.</param>
    public static bool[] Pinned(IReadOnlyList<long> counts, IReadOnlyList<bool> hidden, IReadOnlyList<SumLine> lines)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(lines);
        var low = counts.Select((v, i) => hidden[i] ? 0 : v).ToArray();
        var high = counts.Select((v, i) => hidden[i] ? Unbounded : v).ToArray();
        // Sum constraints over non-negative cells settle in a few passes; the cap only guards against a pathological table.
        for (var (changed, pass) = (true, 0); changed && pass < MaxPropagationPasses; pass++)
        {
            changed = false;
            foreach (var line in lines)
            {
                long partsLow = line.Parts.Sum(p => low[p]), partsHigh = line.Parts.Sum(p => high[p]);
                changed |= Narrow(low, high, line.Total, partsLow, partsHigh);
                foreach (var p in line.Parts)
                    changed |= Narrow(low, high, p, low[line.Total] - (partsHigh - high[p]), high[line.Total] - (partsLow - low[p]));
            }
        }
        return [.. Enumerable.Range(0, counts.Count).Select(i => hidden[i] && low[i] >= high[i])];
    }

    const int MaxPropagationPasses = 1000;

    /// <summary>The upper bound an observer starts from for a hidden cell: far above any real count.</summary>
    public const long Unbounded = 1_000_000_000_000;

    static bool Narrow(long[] low, long[] high, int i, long lo, long hi)
    {
        var changed = false;
        if (lo > low[i]) { low[i] = lo; changed = true; }
        if (hi < high[i]) { high[i] = hi; changed = true; }
        return changed;
    }

    const double Epsilon = 1e-9;

    // In place; returns for each column the row holding its pivot, or null for a free column.
    static int?[] ReducedRowEchelon(List<double[]> rows, int width)
    {
        var pivotRow = new int?[width];
        var r = 0;
        for (var c = 0; c < width && r < rows.Count; c++)
        {
            var best = Enumerable.Range(r, rows.Count - r).MaxBy(i => Math.Abs(rows[i][c]));
            if (Math.Abs(rows[best][c]) < Epsilon) continue;
            (rows[r], rows[best]) = (rows[best], rows[r]);
            var pivot = rows[r][c];
            for (var k = 0; k < width; k++) rows[r][k] /= pivot;
            for (var i = 0; i < rows.Count; i++)
            {
                if (i == r || Math.Abs(rows[i][c]) < Epsilon) continue;
                var factor = rows[i][c];
                for (var k = 0; k < width; k++) rows[i][k] -= factor * rows[r][k];
            }
            pivotRow[c] = r++;
        }
        return pivotRow;
    }

    static int? Smallest(IEnumerable<int> candidates, IReadOnlyList<long> counts)
    {
        int? best = null;
        foreach (var i in candidates)
            if (best is null || counts[i] < counts[best.Value] || (counts[i] == counts[best.Value] && i < best.Value))
                best = i;
        return best;
    }
}
