using FitService.Statistics.Reporting;
using Npgsql;

namespace FitService.Api.Reports;

/// <summary>
/// Lays the aggregated groups out as a departments × periods table with margins, suppresses small cells over the
/// whole table (every department, whatever the filter asks to see, so a filter never changes what is hidden),
/// perturbs every cell by its cell key, and returns the rows to publish.
/// </summary>
public static class OutcomeTable
{
    public const string Cell = "cell", DepartmentTotal = "departmentTotal", PeriodTotal = "periodTotal", Total = "total";

    /// <summary>A published cell before it becomes a row: its group keys, level, perturbed totals and whether it is hidden.</summary>
    /// <remarks><c>ExactEpisodes</c> and <c>ExactClients</c> never leave the service: only the check that a hidden row's reason pins no count uses it
    /// (HiddenReason), since an observer who knew exact totals could do no less than one who sees perturbed ones.</remarks>
    public sealed record Published(string Level, string? Department, int? Bucket, OutcomeTotals Totals, bool Hidden, long ExactEpisodes = 0,
        long ExactClients = 0);

    /// <summary>
    /// The report's rows: the one SQL pass, the suppressed table over every department, the rows the filter shows,
    /// each labelled with its period. The handler and the benchmark both run exactly this.
    /// </summary>
    public static async Task<List<OutcomeRow>> RowsAsync(NpgsqlConnection connection, EpisodeFilter filter,
        IReadOnlyList<string> allDepartments, bool byDepartment, PeriodLength? period, IReadOnlyList<string>? visible, double? normativeSd = null) =>
        (await TableAsync(connection, filter, allDepartments, byDepartment, period, visible, normativeSd)).Rows;

    /// <summary>
    /// <see cref="RowsAsync"/>, and the hidden groups of the whole table (every department, whatever the filter shows) with the
    /// reason each says: the collateral section hides them with the client figures (linked suppression, CollateralTable).
    /// </summary>
    public static async Task<(List<OutcomeRow> Rows, Dictionary<(string? Department, int? Bucket), string> Hidden)> TableAsync(
        NpgsqlConnection connection, EpisodeFilter filter, IReadOnlyList<string> allDepartments, bool byDepartment, PeriodLength? period,
        IReadOnlyList<string>? visible, double? normativeSd = null)
    {
        var periodMonths = period is { } p ? (int)p : filter.ToMonth - filter.FromMonth + 1;
        return Table(await OutcomeQuery.RunAsync(connection, filter, periodMonths), filter, allDepartments, byDepartment, period, visible,
            normativeSd);
    }

    /// <summary>The rows of <see cref="RowsAsync"/> from the groups <see cref="OutcomeQuery"/> returned for that filter and period.</summary>
    public static List<OutcomeRow> Rows(IReadOnlyList<GroupTotals> groups, EpisodeFilter filter, IReadOnlyList<string> allDepartments,
        bool byDepartment, PeriodLength? period, IReadOnlyList<string>? visible, double? normativeSd = null) =>
        Table(groups, filter, allDepartments, byDepartment, period, visible, normativeSd).Rows;

    /// <summary><see cref="TableAsync"/> from the groups <see cref="OutcomeQuery"/> returned for that filter and period.</summary>
    public static (List<OutcomeRow> Rows, Dictionary<(string? Department, int? Bucket), string> Hidden) Table(IReadOnlyList<GroupTotals> groups,
        EpisodeFilter filter, IReadOnlyList<string> allDepartments, bool byDepartment, PeriodLength? period, IReadOnlyList<string>? visible,
        double? normativeSd = null)
    {
        var periodMonths = period is { } p ? (int)p : filter.ToMonth - filter.FromMonth + 1;
        var periodCount = (filter.ToMonth - filter.FromMonth + 1) / periodMonths;
        var table = Build(groups, allDepartments, byDepartment, period is not null, periodCount);
        var length = period ?? PeriodLength.Year;
        string Label(int bucket) => ReportPeriods.Label(filter.FromMonth + bucket * periodMonths, length);
        return (HiddenReason.Guard(table, Visible(table, visible).Select(r => ToRow(r, Label, normativeSd))), HiddenReason.HiddenGroups(table));
    }

    public static IReadOnlyList<Published> Build(IReadOnlyList<GroupTotals> groups, IReadOnlyList<string> allDepartments,
        bool byDepartment, bool byPeriod, int periodCount)
    {
        var rows = byDepartment ? allDepartments.Count : 1;
        var columns = byPeriod ? periodCount : 1;
        if (rows == 0) return []; // no departments yet: an empty report, not an error
        var table = new CrossTable(rows, columns);
        var totals = new OutcomeTotals?[table.CellCount];
        var lookup = groups.ToDictionary(g => (g.Department, g.Bucket));
        string? Department(int r) => byDepartment ? allDepartments[r] : null;
        int? Bucket(int c) => byPeriod ? c : null;
        // With one row or one column a margin is the same cell as an inner one: fill each cell once.
        var keys = new CellKey[table.CellCount];
        void Fill(int index, string? department, int? bucket)
        {
            if (totals[index] is not null) return;
            var found = lookup.TryGetValue((department, bucket), out var g);
            totals[index] = found ? g!.Totals : OutcomeTotals.Empty;
            keys[index] = found ? g!.Key : default;
        }

        for (var r = 0; r < rows; r++)
        for (var c = 0; c < columns; c++) Fill(table.Cell(r, c), Department(r), Bucket(c));
        for (var r = 0; r < rows; r++) Fill(table.RowTotal(r), Department(r), null);
        for (var c = 0; c < columns; c++) Fill(table.ColumnTotal(c), null, Bucket(c));
        Fill(table.Grand, null, null);

        // Suppression looks at the exact counts; what leaves is perturbed, every cell and margin as a cell of its own
        // (docs/reports.md, "Disclosure control"), so nothing downstream can publish an exact number.
        var hidden = Suppression.ApplyToCrossTable(table, [.. totals.Select(t => t!.Episodes)], [.. totals.Select(t => t!.Clients)]);
        var published = new List<Published>();
        var seen = new HashSet<int>();
        void Add(int index, string level, string? department, int? bucket)
        {
            if (seen.Add(index))
                published.Add(new Published(level, department, bucket, CellKeyPerturbation.Perturb(totals[index]!, keys[index]), hidden[index],
                    totals[index]!.Episodes, totals[index]!.Clients));
        }

        for (var r = 0; r < rows; r++)
        for (var c = 0; c < columns; c++)
            if (byDepartment || byPeriod) Add(table.Cell(r, c), Cell, Department(r), Bucket(c));
        if (byDepartment && byPeriod)
        {
            for (var r = 0; r < rows; r++) Add(table.RowTotal(r), DepartmentTotal, Department(r), null);
            for (var c = 0; c < columns; c++) Add(table.ColumnTotal(c), PeriodTotal, null, c);
        }
        Add(table.Grand, Total, null, null);
        return published;
    }

    /// <summary>The rows a caller sees: with a department filter, only those departments' rows (no all-department totals).</summary>
    public static IEnumerable<Published> Visible(IEnumerable<Published> rows, IReadOnlyList<string>? departments) =>
        departments is null ? rows : rows.Where(r => r.Department is not null && departments.Contains(r.Department));

    public static OutcomeRow ToRow(Published p, Func<int, string> periodLabel, double? normativeSd) =>
        p.Hidden
            ? new OutcomeRow(p.Level, p.Department, p.Bucket is { } b ? periodLabel(b) : null, true) { HiddenBecause = HiddenReason.Of(p) }
            : ShownOutcomeRow.From(p.Level, p.Department, p.Bucket is { } b2 ? periodLabel(b2) : null, OutcomeReport.FromTotals(p.Totals, normativeSd));
}
