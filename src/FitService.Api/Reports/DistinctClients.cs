namespace FitService.Api.Reports;

/// <summary>
/// Distinct clients without <c>count(distinct)</c>, as both report tables count them (migration 0021 for the client figures'
/// episodes, 0170 for the collateral summary's): each row carries the start months of the same client's previous episode
/// (in its department and in any; within the age band when the report has one), and a client is counted at its first
/// episode in a group. A cell counts by the department's link and the cell's first month, a department margin by the
/// department's link and the span's first month, a period margin and the total by the link in any department. The four
/// counters are plain filtered counts, so each margin is the sum of its cells' matching counter.
/// </summary>
public static class DistinctClients
{
    /// <summary>
    /// The two links as <c>previous_here</c> and <c>previous_any</c>, for a select over a table with the four
    /// <c>previous_start_month*</c> columns and a boolean parameter <c>@banded</c> (the report has an age band).
    /// </summary>
    public const string PreviousMonths = """
        case when @banded then previous_start_month_here_band else previous_start_month_here end as previous_here,
        case when @banded then previous_start_month_band else previous_start_month end as previous_any
        """;

    /// <summary>
    /// The four counters (<c>clients</c>, <c>clients_in_span</c>, <c>clients_across_departments</c>,
    /// <c>clients_across_departments_in_span</c>), over rows with <see cref="PreviousMonths"/>, a <c>bucket_start</c> month and
    /// the parameter <c>@FromMonth</c>.
    /// </summary>
    public const string Counters = """
        count(*) filter (where previous_here is null or previous_here < bucket_start) as clients,
        count(*) filter (where previous_here is null or previous_here < @FromMonth) as clients_in_span,
        count(*) filter (where previous_any is null or previous_any < bucket_start) as clients_across_departments,
        count(*) filter (where previous_any is null or previous_any < @FromMonth) as clients_across_departments_in_span
        """;

    /// <summary>A department × bucket cell with its four counters, as <see cref="Counters"/> returns them.</summary>
    public interface ICell
    {
        string? Department { get; }
        int? Bucket { get; }
        long Clients { get; }
        long ClientsInSpan { get; }
        long ClientsAcrossDepartments { get; }
        long ClientsAcrossDepartmentsInSpan { get; }
    }

    /// <summary>
    /// The margins of a table's cells, in the reports' order: per department, per bucket, then the total. <paramref name="margin"/>
    /// sums its cells with the counter that counts its distinct clients.
    /// </summary>
    public static IEnumerable<TGroup> Margins<TCell, TGroup>(IReadOnlyCollection<TCell> cells,
        Func<string?, int?, IEnumerable<TCell>, Func<TCell, long>, TGroup> margin) where TCell : ICell =>
        cells.GroupBy(c => c.Department).Select(d => margin(d.Key, null, d, c => c.ClientsInSpan))
            .Concat(cells.GroupBy(c => c.Bucket).Select(b => margin(null, b.Key, b, c => c.ClientsAcrossDepartments)))
            .Append(margin(null, null, cells, c => c.ClientsAcrossDepartmentsInSpan));
}
