using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

public class SuppressionTests
{
    [Fact]
    public void ASmallCellAndItsComplementAreHiddenInAOneWayTable()
    {
        // Departments 3, 12, 40 and the total 55: hiding only the 3 would leave it as 55 - 12 - 40.
        var table = new CrossTable(3, 1);
        long[] counts = [3, 12, 40, 55];

        var hidden = Suppression.Apply(counts, Primary(counts), table.Lines);

        Assert.Equal([true, true, false, false], hidden);
    }

    [Fact]
    public void TwoSmallCellsThatAddUpToLessThanFiveGetAThirdCompanion()
    {
        // 1 + 2 = 3 would tell that fewer than five episodes hide there: a third cell joins them.
        var table = new CrossTable(4, 1);
        long[] counts = [1, 2, 9, 30, 42];

        var hidden = Suppression.Apply(counts, Primary(counts), table.Lines);

        Assert.Equal([true, true, true, false, false], hidden);
    }

    [Fact]
    public void SmallCellsAreHiddenAndEmptyOnesShown()
    {
        Assert.False(Suppression.IsPrimary(0, 0)); // an empty cell describes nobody
        Assert.True(Suppression.IsPrimary(1, 1));
        Assert.True(Suppression.IsPrimary(4, 4));
        Assert.True(Suppression.IsPrimary(7, 2)); // seven episodes of two clients
        Assert.False(Suppression.IsPrimary(5, 5));
    }

    [Fact]
    public void FixedMarginsKeepTheirStatusAndInnerCellsProtectThem()
    {
        // 2 x 2 with margins; the row totals are hidden by the coarser one-way report (which hides both, or the
        // grand total would give one away), so here they stay hidden, and inner cells must be hidden too or the
        // row totals would follow from them.
        var table = new CrossTable(2, 2);
        var counts = new long[table.CellCount];
        counts[table.Cell(0, 0)] = 6; counts[table.Cell(0, 1)] = 7;
        counts[table.Cell(1, 0)] = 8; counts[table.Cell(1, 1)] = 9;
        counts[table.RowTotal(0)] = 13; counts[table.RowTotal(1)] = 17;
        counts[table.ColumnTotal(0)] = 14; counts[table.ColumnTotal(1)] = 16; counts[table.Grand] = 30;
        var hidden = new bool[table.CellCount];
        hidden[table.RowTotal(0)] = true;
        hidden[table.RowTotal(1)] = true;
        var isFixed = Enumerable.Range(0, table.CellCount).Select(i => !table.IsInner(i)).ToArray();

        var result = Suppression.Apply(counts, hidden, table.Lines, isFixed);

        Assert.True(result[table.RowTotal(0)]);
        Assert.False(result[table.Grand]);
        Assert.True(result[table.RowTotal(1)]);
        Assert.Contains(Enumerable.Range(0, 2), c => result[table.Cell(0, c)]);
        Assert.Equal(table.CellCount, result.Length);
        AssertNotRecoverable(table, counts, result);
    }

    [Fact]
    public void DeterminedFindsACellFixedThroughTwoLines()
    {
        // 2 x 2 with margins, only cell (0,0) and the first row total hidden: the column gives (0,0) away.
        var table = new CrossTable(2, 2);
        var hidden = new bool[table.CellCount];
        hidden[table.Cell(0, 0)] = true;
        hidden[table.RowTotal(0)] = true;

        var determined = Suppression.Determined(hidden, table.Lines);

        Assert.True(determined[table.Cell(0, 0)]);
        Assert.True(determined[table.RowTotal(0)]);
    }

    // The attack: an adversary who sees every shown cell and knows how the table adds up, and that counts are
    // whole numbers >= 0, narrows each hidden cell by interval propagation along the lines and then (for few
    // hidden cells) by enumerating every integer solution. No hidden cell may come out as a single value.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void RandomTablesCannotBeReconstructed(int seed)
    {
        var random = new Random(seed);
        int shown = 0, cells = 0;
        for (var round = 0; round < 150; round++)
        {
            var table = new CrossTable(1 + random.Next(4), 1 + random.Next(4));
            var counts = RandomCounts(table, random);
            var hidden = Suppression.Apply(counts, Primary(counts), table.Lines);

            for (var i = 0; i < counts.Length; i++)
                if (counts[i] is > 0 and < Suppression.MinimumCount) Assert.True(hidden[i], $"cell {i} with {counts[i]} episodes is shown");
            AssertNotRecoverable(table, counts, hidden);
            shown += hidden.Count(h => !h);
            cells += hidden.Length;
        }
        // Protection by hiding everything would pass the attack; most of these cells are large enough to show.
        Assert.InRange((double)shown / cells, 0.3, 1);
    }

    // The department x period report, and the department-only and period-only reports of the same data, each
    // published on its own: none of the three gives a hidden cell away, and shared cells agree.
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    public void CrossTablesAgreeWithTheirOneWayViewsAndCannotBeReconstructed(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 100; round++)
        {
            var table = new CrossTable(2 + random.Next(3), 2 + random.Next(3));
            var counts = RandomCounts(table, random);
            var hidden = Suppression.ApplyToCrossTable(table, counts, counts);
            AssertNotRecoverable(table, counts, hidden);

            var rows = new CrossTable(table.Rows, 1);
            long[] rowCounts = [.. Enumerable.Range(0, table.Rows).Select(r => counts[table.RowTotal(r)]), counts[table.Grand]];
            var rowHidden = Suppression.ApplyToCrossTable(rows, rowCounts, rowCounts);
            AssertNotRecoverable(rows, rowCounts, rowHidden);
            for (var r = 0; r < table.Rows; r++) Assert.Equal(rowHidden[r], hidden[table.RowTotal(r)]);

            var columns = new CrossTable(1, table.Columns);
            long[] columnCounts = [.. Enumerable.Range(0, table.Columns).Select(c => counts[table.ColumnTotal(c)]), counts[table.Grand]];
            var columnHidden = Suppression.ApplyToCrossTable(columns, columnCounts, columnCounts);
            for (var c = 0; c < table.Columns; c++) Assert.Equal(columnHidden[c], hidden[table.ColumnTotal(c)]);
            Assert.Equal(rowHidden[^1], hidden[table.Grand]);
        }
    }

    // The API allows up to 2,000 department x period cells; suppression of such a table must stay interactive.
    [Fact]
    public void TheLargestAllowedTableIsSuppressedQuickly()
    {
        var random = new Random(99);
        var table = new CrossTable(40, 50);
        var counts = RandomCounts(table, random);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var hidden = Suppression.ApplyToCrossTable(table, counts, counts);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains(hidden, h => !h);
        for (var i = 0; i < counts.Length; i++)
            if (counts[i] is > 0 and < Suppression.MinimumCount) Assert.True(hidden[i]);
    }

    [Fact]
    public void ACellHiddenInTheLinkedTableIsHiddenHereAndCannotBeWorkedOut()
    {
        // Collateral episodes of departments 2, 6, 5 (total 13), whose client groups are 3, 6 and 10 episodes: the first two
        // are hidden in the client figures. Alone, this table would hide the 2 with the 5 and show the 6, which bounds the
        // hidden client companion from below; linked, the 6 is hidden with its client group and protected like a small cell.
        var table = new CrossTable(3, 1);
        long[] counts = [2, 6, 5, 13];
        Assert.Equal([true, false, true, false], Suppression.ApplyToCrossTable(table, counts, counts));

        var hidden = Suppression.ApplyToCrossTable(table, counts, counts, linked: [true, true, false, false]);

        Assert.Equal([true, true, false, false], hidden);
        Assert.DoesNotContain(true, Suppression.Determined(hidden, table.Lines));
        Assert.DoesNotContain(true, Suppression.Pinned(counts, hidden, table.Lines));
    }

    [Fact]
    public void AnEmptyLinkedCellIsHiddenWithoutTakingCompanions()
    {
        // An empty collateral group says nothing about its hidden client group, but is hidden with it all the same.
        var table = new CrossTable(3, 1);
        long[] counts = [0, 7, 9, 16];

        var hidden = Suppression.ApplyToCrossTable(table, counts, counts, linked: [true, false, false, false]);

        Assert.Equal([true, false, false, false], hidden);
    }

    [Fact]
    public void OverRandomTablesEveryLinkedCellIsHiddenAndNoneThatHoldsEpisodesIsPinned()
    {
        var random = new Random(8);
        for (var round = 0; round < 300; round++)
        {
            var table = new CrossTable(2 + random.Next(3), 2 + random.Next(3));
            var counts = RandomCounts(table, random);
            var linked = Enumerable.Range(0, table.CellCount).Select(_ => random.Next(6) == 0).ToArray();

            var hidden = Suppression.ApplyToCrossTable(table, counts, counts, linked: linked);

            for (var i = 0; i < counts.Length; i++)
                if (linked[i]) Assert.True(hidden[i], $"linked cell {i} shown: {Show(counts, hidden)}");
            AssertNotRecoverable(table, counts, hidden);
            var determined = Suppression.Determined(hidden, table.Lines);
            var pinned = Suppression.Pinned(counts, hidden, table.Lines);
            // Unless privacy failed closed (every cell hidden), a linked cell with episodes is not worked out.
            if (hidden.All(h => h)) continue;
            for (var i = 0; i < counts.Length; i++)
                if (linked[i] && counts[i] > 0)
                    Assert.False(determined[i] || pinned[i], $"linked cell {i} ({counts[i]}) worked out: {Show(counts, hidden)}");
        }
    }

    static bool[] Primary(long[] counts) => [.. counts.Select(c => Suppression.IsPrimary(c, c))];

    static long[] RandomCounts(CrossTable table, Random random)
    {
        var counts = new long[table.CellCount];
        for (var r = 0; r < table.Rows; r++)
        for (var c = 0; c < table.Columns; c++)
            counts[table.Cell(r, c)] = random.Next(10) < 4 ? random.Next(5) : 5 + random.Next(20);
        // Margins from the inner cells.
        for (var r = 0; r < table.Rows; r++) counts[table.RowTotal(r)] = Enumerable.Range(0, table.Columns).Sum(c => counts[table.Cell(r, c)]);
        for (var c = 0; c < table.Columns; c++) counts[table.ColumnTotal(c)] = Enumerable.Range(0, table.Rows).Sum(r => counts[table.Cell(r, c)]);
        counts[table.Grand] = Enumerable.Range(0, table.Rows).Sum(r => Enumerable.Range(0, table.Columns).Sum(c => counts[table.Cell(r, c)]));
        return counts;
    }

    static void AssertNotRecoverable(CrossTable table, long[] counts, bool[] hidden)
    {
        var hiddenCells = Enumerable.Range(0, counts.Length).Where(i => hidden[i]).ToList();
        if (hiddenCells.Count == 0) return;
        // Nothing hidden but a lone cell table: fine. A 1x1 table's single cell has no line to protect it.
        if (table.Lines.Count == 0) return;
        var (low, high) = Propagate(table, counts, hidden);
        // A hidden companion (empty, or at least five episodes) may be worked out; a small cell may not.
        foreach (var i in hiddenCells.Where(i => counts[i] is > 0 and < Suppression.MinimumCount))
            Assert.True(low[i] < high[i], $"hidden cell {i} ({counts[i]}) pinned to [{low[i]}, {high[i]}] in {table.Rows}x{table.Columns}: {Show(counts, hidden)}");
        // Exhaustive integer attack where the search space is small enough.
        var space = hiddenCells.Aggregate(1.0, (acc, i) => acc * (high[i] - low[i] + 1));
        if (space > 2e6) return;
        var values = hiddenCells.ToDictionary(i => i, _ => new HashSet<long>());
        Enumerate(table, counts, hidden, hiddenCells, 0, (long[])counts.Clone(), low, high, values);
        foreach (var i in hiddenCells.Where(i => counts[i] is > 0 and < Suppression.MinimumCount))
            Assert.True(values[i].Count >= 2, $"hidden cell {i} ({counts[i]}) has one possible value: {Show(counts, hidden)}");
    }

    static (long[] Low, long[] High) Propagate(CrossTable table, long[] counts, bool[] hidden)
    {
        var low = counts.Select((v, i) => hidden[i] ? 0 : v).ToArray();
        var high = counts.Select((v, i) => hidden[i] ? 1_000_000_000_000 : v).ToArray();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var line in table.Lines)
            {
                long partsLow = line.Parts.Sum(p => low[p]), partsHigh = line.Parts.Sum(p => high[p]);
                changed |= Tighten(low, high, line.Total, partsLow, partsHigh);
                foreach (var p in line.Parts)
                    changed |= Tighten(low, high, p, low[line.Total] - (partsHigh - high[p]), high[line.Total] - (partsLow - low[p]));
            }
        }
        return (low, high);
    }

    static bool Tighten(long[] low, long[] high, int i, long lo, long hi)
    {
        var changed = false;
        if (lo > low[i]) { low[i] = lo; changed = true; }
        if (hi < high[i]) { high[i] = hi; changed = true; }
        return changed;
    }

    static void Enumerate(CrossTable table, long[] counts, bool[] hidden, List<int> cells, int k, long[] guess, long[] low, long[] high,
        Dictionary<int, HashSet<long>> values)
    {
        if (k == cells.Count)
        {
            if (table.Lines.All(l => guess[l.Total] == l.Parts.Sum(p => guess[p])))
                foreach (var i in cells) values[i].Add(guess[i]);
            return;
        }
        var cell = cells[k];
        for (var v = low[cell]; v <= high[cell]; v++)
        {
            guess[cell] = v;
            Enumerate(table, counts, hidden, cells, k + 1, guess, low, high, values);
        }
    }

    static string Show(long[] counts, bool[] hidden) => string.Join(" ", counts.Select((c, i) => hidden[i] ? $"[{c}]" : $"{c}"));
}
