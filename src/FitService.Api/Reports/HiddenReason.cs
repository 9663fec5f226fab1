using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

/// <summary>
/// Why a published cell is hidden, so a screen can say it honestly: the cell itself is below the minimum size, or it
/// is hidden only to protect another hidden cell (complementary suppression). The reasons are knowledge an observer
/// could use, so a table says them only when <see cref="HiddenReasons.CanBeSaid"/> finds that they pin no hidden
/// count; otherwise each hidden row says <see cref="NotSaid"/> (docs/reports.md).
/// </summary>
public static class HiddenReason
{
    public const string BelowMinimum = "belowMinimum", ProtectsAnotherCell = "protectsAnotherCell", NotSaid = "notSaid";

    /// <summary>The reason from the cell's exact counts (a perturbed 1 can be published as 0, which is no reason).</summary>
    public static string Of(OutcomeTable.Published cell) =>
        Suppression.IsPrimary(cell.ExactEpisodes, cell.ExactClients) ? BelowMinimum : ProtectsAnotherCell;

    /// <summary>The rows of one published table, their reasons replaced by <see cref="NotSaid"/> when saying them would pin a count.</summary>
    /// <param name="table">The whole published table (every department, before a filter), as <see cref="OutcomeTable.Build"/> returns it.</param>
    /// <param name="rows">The rows made from it.</param>
    public static List<OutcomeRow> Guard(IReadOnlyList<OutcomeTable.Published> table, IEnumerable<OutcomeRow> rows) =>
        CanBeSaid(table) ? [.. rows] : [.. rows.Select(r => r.Suppressed ? r with { HiddenBecause = NotSaid } : r)];

    /// <summary>
    /// Whether the reasons of this table may be said: its layout rebuilt from the published cells' keys, judged on the exact
    /// counts (the published ones are perturbed and need not add up; what is safe against exact totals is safe against them).
    /// </summary>
    public static bool CanBeSaid(IReadOnlyList<OutcomeTable.Published> table) =>
        CanBeSaid([.. table.Select(p => new Judged(p.Level, p.Department, p.Bucket, p.ExactEpisodes, p.ExactClients, p.Hidden))]);

    /// <summary>The hidden groups of a published table with the reason its rows say (after <see cref="Guard"/>), keyed by
    /// (department, bucket): what the collateral table's linked suppression hides with them (CollateralTable).</summary>
    public static Dictionary<(string? Department, int? Bucket), string> HiddenGroups(IReadOnlyList<OutcomeTable.Published> table)
    {
        var said = CanBeSaid(table);
        var groups = new Dictionary<(string? Department, int? Bucket), string>();
        foreach (var p in table.Where(p => p.Hidden)) groups.TryAdd((p.Department, p.Bucket), said ? Of(p) : NotSaid);
        return groups;
    }

    /// <summary>A published cell as the check sees it: its place in the layout, its exact counts and whether it is hidden.</summary>
    public sealed record Judged(string Level, string? Department, int? Bucket, long ExactEpisodes, long ExactClients, bool Hidden);

    /// <summary>Whether the reasons of a table of <see cref="Judged"/> cells (the client figures or the collateral table) may be said.</summary>
    public static bool CanBeSaid(IReadOnlyList<Judged> table)
    {
        if (!table.Any(p => p.Hidden)) return true;
        var departments = table.Select(p => p.Department).OfType<string>().Distinct().ToList();
        var buckets = table.Select(p => p.Bucket).OfType<int>().Distinct().Order().ToList();
        var layout = new CrossTable(Math.Max(1, departments.Count), Math.Max(1, buckets.Count));
        int Row(string? d) => d is null ? 0 : departments.IndexOf(d);
        int Column(int? b) => b is null ? 0 : buckets.IndexOf(b.Value);
        var episodes = new long[layout.CellCount];
        var clients = new long[layout.CellCount];
        var hidden = new bool[layout.CellCount];
        foreach (var p in table)
        {
            var index = p.Level switch
            {
                OutcomeTable.Total => layout.Grand,
                OutcomeTable.DepartmentTotal => layout.RowTotal(Row(p.Department)),
                OutcomeTable.PeriodTotal => layout.ColumnTotal(Column(p.Bucket)),
                _ => layout.Cell(Row(p.Department), Column(p.Bucket)),
            };
            (episodes[index], clients[index], hidden[index]) = (p.ExactEpisodes, p.ExactClients, p.Hidden);
        }
        return HiddenReasons.CanBeSaid(layout, episodes, clients, hidden);
    }
}
