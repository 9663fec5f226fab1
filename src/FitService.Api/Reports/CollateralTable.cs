using System.Text.Json.Serialization;
using FitService.Api.Infrastructure;
using FitService.Statistics.Reporting;
using Npgsql;

namespace FitService.Api.Reports;

/// <summary>
/// The outcomes report's collateral section (docs/reports.md, "Collateral ratings"): per department and period, the
/// episodes with collateral ratings (parent, partner, teacher, other) and their mean first and last collateral total.
/// Its own table, apart from the client figures, laid out and suppressed by the same code as they are.
/// </summary>
public static class CollateralTable
{
    public const string Label =
        "Kollaterale vurderinger (pårørende, lærer, andre): egne tall, ikke med i klientens tall / " +
        "Collateral ratings (parent, partner, teacher, other): figures of their own, not part of the client figures";

    public const string Method =
        "Episodes with at least one collateral rating; first and last are the mean collateral total at the episode's first and last " +
        "session with a collateral rating (over the relations that rated it). Suppressed and perturbed by cell key as the client figures are.";

    sealed record Row(string? Department, int? Bucket, long Clients, long Episodes, decimal SumFirst, decimal SumLast, decimal KeySum);

    // One department × bucket as the query returns it (mapped by column name), with its four distinct-client counters.
    sealed class CellRow : DistinctClients.ICell
    {
        public string? Department { get; init; }
        public int? Bucket { get; init; }
        public long Clients { get; init; }
        public long ClientsInSpan { get; init; }
        public long ClientsAcrossDepartments { get; init; }
        public long ClientsAcrossDepartmentsInSpan { get; init; }
        public long Episodes { get; init; }
        public decimal SumFirst { get; init; }
        public decimal SumLast { get; init; }
        public decimal KeySum { get; init; }
    }

    /// <summary>The section for the report's filter and layout; <paramref name="visible"/> as the client rows' department filter.</summary>
    /// <param name="clientHidden">The groups hidden in the client figures of the same layout (every department), with the reason their
    /// rows say: linked suppression hides them here too (docs/reports.md, "Collateral ratings"). Null: none.</param>
    public static async Task<CollateralSection> SectionAsync(NpgsqlConnection connection, EpisodeFilter filter, IReadOnlyList<string> allDepartments,
        bool byDepartment, PeriodLength? period, IReadOnlyList<string>? visible,
        IReadOnlyDictionary<(string? Department, int? Bucket), string>? clientHidden = null)
    {
        // One scan of the rated episodes' summary (migration 0170: each episode's first and last collateral mean, kept by the
        // collateral record and correction), one row per department × bucket; the margins are sums of these, in C# as
        // OutcomeQuery's are (grouping sets in SQL hashed every row four times). Distinct clients are counted at each client's
        // first rated episode in the group, from the summary's links (as migration 0021 does for the client figures): a cell by
        // the department's link and the cell's first month, a department margin by the department's link and the span's first
        // month, a period margin and the total by the link in any department. Planned as OutcomeQuery is (ReportPlans).
        const string sql = """
            select department_code as department, bucket,
            """ + DistinctClients.Counters + ",\n" + """
                   count(*) as episodes, sum(first_mean) as sum_first, sum(last_mean) as sum_last,
                   sum(record_key) as key_sum -- the cell key (migration 0130), never returned
            from (
                select department_code, (start_month - @FromMonth) / @periodMonths as bucket,
                       @FromMonth + (start_month - @FromMonth) / @periodMonths * @periodMonths as bucket_start,
            """ + DistinctClients.PreviousMonths + ",\n" + """
                       first_mean, last_mean, record_key
                from episode_collateral
                where outcome_instrument = @Instrument
                  and start_month between @FromMonth and @ToMonth
                  and (@AgeBand::int is null or age_band = @AgeBand)
            ) rated
            group by department_code, bucket
            """;
        var periodMonths = period is { } p ? (int)p : filter.ToMonth - filter.FromMonth + 1;
        var periodCount = (filter.ToMonth - filter.FromMonth + 1) / periodMonths;
        var cells = await ReportPlans.QueryAsync<CellRow>(connection, sql,
            new { filter.Instrument, filter.FromMonth, filter.ToMonth, filter.AgeBand, banded = filter.AgeBand is not null, periodMonths });
        // Counts and sums add up over the cells; distinct clients in the counter that matches the margin.
        static Row Sum(string? department, int? bucket, IEnumerable<CellRow> cells, Func<CellRow, long> clients) =>
            cells.Aggregate(new Row(department, bucket, 0, 0, 0, 0, 0), (sum, c) =>
                new Row(department, bucket, sum.Clients + clients(c), sum.Episodes + c.Episodes, sum.SumFirst + c.SumFirst, sum.SumLast + c.SumLast,
                    sum.KeySum + c.KeySum));
        var found = cells.Select(c => Sum(c.Department, c.Bucket, [c], x => x.Clients))
            .Concat(DistinctClients.Margins(cells, Sum))
            .Where(r => r.Episodes > 0)
            .ToDictionary(r => (r.Department, r.Bucket));
        var length = period ?? PeriodLength.Year;
        string? PeriodLabel(int? bucket) => bucket is { } b ? ReportPeriods.Label(filter.FromMonth + b * periodMonths, length) : null;
        var rows = Build(found, allDepartments, byDepartment, period is not null, periodCount, clientHidden ?? new Dictionary<(string?, int?), string>())
            .Where(r => visible is null || (r.Department is not null && visible.Contains(r.Department)))
            .Select(r => r.Hidden ? new CollateralRow(r.Level, r.Department, PeriodLabel(r.Bucket), true) { HiddenBecause = r.HiddenBecause }
                : Perturbed(r.Level, r.Department, PeriodLabel(r.Bucket), r.Totals));
        return new CollateralSection(Label, Method, [.. rows]);
    }

    /// <summary>
    /// The comparison's collateral section: each span's department-only section, exactly as the outcomes report grouped by
    /// department shows it for that span (so the comparison adds no number that report does not publish), side by side.
    /// </summary>
    /// <param name="firstHidden">The first span's hidden client groups (<see cref="HiddenReason.HiddenGroups"/>), hidden here with them.</param>
    /// <param name="secondHidden">The second span's.</param>
    public static async Task<CollateralComparison> ComparisonAsync(NpgsqlConnection connection, EpisodeFilter first, EpisodeFilter second,
        IReadOnlyList<string> allDepartments, IReadOnlyList<string>? visible,
        IReadOnlyDictionary<(string? Department, int? Bucket), string>? firstHidden = null,
        IReadOnlyDictionary<(string? Department, int? Bucket), string>? secondHidden = null)
    {
        var a = await SectionAsync(connection, first, allDepartments, byDepartment: true, period: null, visible, firstHidden);
        var b = (await SectionAsync(connection, second, allDepartments, byDepartment: true, period: null, visible, secondHidden)).Rows
            .ToDictionary(r => r.Department ?? "");
        return new CollateralComparison(Label, Method,
            [.. a.Rows.Select(r => new CollateralComparisonRow(r.Department, r, b[r.Department ?? ""]))]);
    }

    // The collateral table's own fingerprint seed: the same episodes draw other noise here than in the client figures.
    const ulong CollateralFigures = 0x510E527FADE682D1UL;

    // Perturbed by cell key as the client figures are (CellNoise, docs/reports.md "Disclosure control"): the count and the two
    // means, the same episodes and values always the same noise, one more episode or value fresh noise.
    static ShownCollateralRow Perturbed(string level, string? department, string? period, Row t)
    {
        if (t.Episodes == 0) return new ShownCollateralRow(level, department, period, 0, null, null);
        var noise = new CellNoise(CellKey.FromSum(t.KeySum),
            CellKeyPerturbation.Fingerprint(CollateralFigures, [t.Clients, t.Episodes], [t.SumFirst, t.SumLast]));
        return new ShownCollateralRow(level, department, period, noise.Count(t.Episodes),
            noise.Mean((double)(t.SumFirst / t.Episodes), t.Episodes), noise.Mean((double)(t.SumLast / t.Episodes), t.Episodes));
    }

    sealed record Cell(string Level, string? Department, int? Bucket, Row Totals, bool Hidden, string? HiddenBecause = null);

    // The same layout as the client table (OutcomeTable): inner cells, department and period margins, the grand total.
    // Linked suppression: a group hidden in the client figures is hidden here too and says their reason (it is hidden with
    // them, and its count, at most theirs, could otherwise bound the hidden client count); one that is not empty is
    // protected as a small cell is. Other hidden groups say their own reason, or notSaid when the reasons would pin a count.
    static List<Cell> Build(Dictionary<(string?, int?), Row> found, IReadOnlyList<string> allDepartments, bool byDepartment, bool byPeriod,
        int periodCount, IReadOnlyDictionary<(string? Department, int? Bucket), string> clientHidden)
    {
        var rows = byDepartment ? allDepartments.Count : 1;
        var columns = byPeriod ? periodCount : 1;
        if (rows == 0) return [];
        var table = new CrossTable(rows, columns);
        var totals = new Row?[table.CellCount];
        string? Department(int r) => byDepartment ? allDepartments[r] : null;
        int? Bucket(int c) => byPeriod ? c : null;
        var keys = new (string? Department, int? Bucket)[table.CellCount];
        void Fill(int index, string? department, int? bucket)
        {
            if (totals[index] is not null) return;
            totals[index] = found.GetValueOrDefault((department, bucket)) ?? new Row(department, bucket, 0, 0, 0, 0, 0);
            keys[index] = (department, bucket);
        }

        for (var r = 0; r < rows; r++)
        for (var c = 0; c < columns; c++) Fill(table.Cell(r, c), Department(r), Bucket(c));
        for (var r = 0; r < rows; r++) Fill(table.RowTotal(r), Department(r), null);
        for (var c = 0; c < columns; c++) Fill(table.ColumnTotal(c), null, Bucket(c));
        Fill(table.Grand, null, null);

        var hidden = Suppression.ApplyToCrossTable(table, [.. totals.Select(t => t!.Episodes)], [.. totals.Select(t => t!.Clients)],
            linked: [.. keys.Select(clientHidden.ContainsKey)]);
        var cells = new List<Cell>();
        var seen = new HashSet<int>();
        void Add(int index, string level, string? department, int? bucket)
        {
            if (seen.Add(index)) cells.Add(new Cell(level, department, bucket, totals[index]!, hidden[index]));
        }
        for (var r = 0; r < rows; r++)
        for (var c = 0; c < columns; c++)
            if (byDepartment || byPeriod) Add(table.Cell(r, c), OutcomeTable.Cell, Department(r), Bucket(c));
        if (byDepartment && byPeriod)
        {
            for (var r = 0; r < rows; r++) Add(table.RowTotal(r), OutcomeTable.DepartmentTotal, Department(r), null);
            for (var c = 0; c < columns; c++) Add(table.ColumnTotal(c), OutcomeTable.PeriodTotal, null, c);
        }
        Add(table.Grand, OutcomeTable.Total, null, null);

        // The reasons: a linked group repeats the client figures' published reason (it adds nothing to what they say); the others
        // are judged on this table's exact counts, as the client figures' are (HiddenReason).
        var said = HiddenReason.CanBeSaid([.. cells.Select(c => new HiddenReason.Judged(c.Level, c.Department, c.Bucket, c.Totals.Episodes,
            c.Totals.Clients, c.Hidden))]);
        return [.. cells.Select(c => !c.Hidden ? c : c with
        {
            HiddenBecause = clientHidden.TryGetValue((c.Department, c.Bucket), out var reason) ? reason
                : !said ? HiddenReason.NotSaid
                : Suppression.IsPrimary(c.Totals.Episodes, c.Totals.Clients) ? HiddenReason.BelowMinimum : HiddenReason.ProtectsAnotherCell,
        })];
    }
}

/// <summary>The collateral section: what it is, how it is counted, and its rows (group keys and aggregates only).</summary>
public sealed record CollateralSection(string Label, string Method, IReadOnlyList<CollateralRow> Rows);

/// <summary>One group of the collateral section; a suppressed row carries its keys and <c>suppressed: true</c> only.</summary>
[JsonDerivedType(typeof(ShownCollateralRow))]
public record CollateralRow(
    [property: JsonPropertyOrder(-4)] string Level,
    [property: JsonPropertyOrder(-3)] string? Department,
    [property: JsonPropertyOrder(-2)] string? Period,
    [property: JsonPropertyOrder(-1)] bool Suppressed)
{
    /// <summary>Why a suppressed row is hidden (<see cref="HiddenReason"/>; a group hidden with the client figures says theirs); absent on a shown row.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HiddenBecause { get; init; }
}

public sealed record ShownCollateralRow(string Level, string? Department, string? Period, long Episodes, double? MeanFirst, double? MeanLast)
    : CollateralRow(Level, Department, Period, false);
