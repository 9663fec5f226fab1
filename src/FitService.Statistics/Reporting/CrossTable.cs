namespace FitService.Statistics.Reporting;

/// <summary>An additivity constraint of a published table: cell <paramref name="Total"/> = Σ cells <paramref name="Parts"/>.</summary>
/// <param name="Total">Index of the total cell.</param>
/// <param name="Parts">Indices of the cells that add up to it.</param>
public sealed record SumLine(int Total, IReadOnlyList<int> Parts);

/// <summary>
/// The cell layout of a rows × columns table with its margins, as a report publishes it: inner cells, a total per
/// row (when there is more than one column), a total per column (when there is more than one row) and the grand
/// total. With one column a row's total is its only cell, and so on: no cell is stored twice.
/// </summary>
public sealed class CrossTable
{
    /// <summary>A table of <paramref name="rows"/> × <paramref name="columns"/> inner cells.</summary>
    /// <param name="rows">Number of rows; ≥ 1.</param>
    /// <param name="columns">Number of columns; ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">rows or columns &lt; 1.</exception>
    public CrossTable(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Rows = rows;
        Columns = columns;
        var lines = new List<SumLine>();
        int next = rows * columns;
        int rowTotals = columns > 1 && rows > 1 ? next : -1;
        if (rowTotals >= 0) next += rows;
        int columnTotals = columns > 1 && rows > 1 ? next : -1;
        if (columnTotals >= 0) next += columns;
        CellCount = next + 1; // grand total
        Grand = next;
        rowTotalStart = rowTotals;
        columnTotalStart = columnTotals;
        if (rows > 1 && columns > 1)
        {
            for (var r = 0; r < rows; r++) lines.Add(new SumLine(RowTotal(r), [.. Enumerable.Range(0, columns).Select(c => Cell(r, c))]));
            for (var c = 0; c < columns; c++) lines.Add(new SumLine(ColumnTotal(c), [.. Enumerable.Range(0, rows).Select(r => Cell(r, c))]));
            lines.Add(new SumLine(Grand, [.. Enumerable.Range(0, rows).Select(RowTotal)]));
            lines.Add(new SumLine(Grand, [.. Enumerable.Range(0, columns).Select(ColumnTotal)]));
        }
        else if (rows * columns > 1)
        {
            lines.Add(new SumLine(Grand, [.. Enumerable.Range(0, rows * columns)]));
        }
        else
        {
            CellCount = 1; // one inner cell is the grand total
            Grand = 0;
        }
        Lines = lines;
    }

    readonly int rowTotalStart;
    readonly int columnTotalStart;

    /// <summary>Number of rows.</summary>
    public int Rows { get; }
    /// <summary>Number of columns.</summary>
    public int Columns { get; }
    /// <summary>Number of distinct cells, margins included.</summary>
    public int CellCount { get; }
    /// <summary>Index of the grand total.</summary>
    public int Grand { get; }
    /// <summary>The additivity constraints between the cells.</summary>
    public IReadOnlyList<SumLine> Lines { get; }

    /// <summary>Index of the inner cell (row, column).</summary>
    /// <param name="row">Row, 0-based.</param>
    /// <param name="column">Column, 0-based.</param>
    public int Cell(int row, int column) => row * Columns + column;

    /// <summary>Index of a row's total (its only cell when there is one column; the grand total when there is one row).</summary>
    /// <param name="row">Row, 0-based.</param>
    public int RowTotal(int row) => rowTotalStart >= 0 ? rowTotalStart + row : Rows == 1 ? Grand : Cell(row, 0);

    /// <summary>Index of a column's total (its only cell when there is one row; the grand total when there is one column).</summary>
    /// <param name="column">Column, 0-based.</param>
    public int ColumnTotal(int column) => columnTotalStart >= 0 ? columnTotalStart + column : Columns == 1 ? Grand : Cell(0, column);

    /// <summary>True for the inner cells; false for margins.</summary>
    /// <param name="index">Cell index.</param>
    public bool IsInner(int index) => index < Rows * Columns && !(Rows * Columns == 1);
}
