using FitService.Statistics;

namespace FitService.Api.Reports;

/// <summary>
/// The report fields a department goal can be set on (docs/reports.md, "Department goals"): each a share 0–1 of a
/// department's half-year row, named as the row names it, with the name the row lists in <c>withheld</c> when its
/// denominator is too small. The shares of sessions carry no interval in the report, so neither does their goal.
/// </summary>
public static class GoalMetrics
{
    public sealed record Metric(string Name, string WithheldName, Func<ShownOutcomeRow, Estimate?> Read);

    /// <summary>A value and, when the report gives one, its 95 % interval.</summary>
    public sealed record Estimate(double Value, double? CiLow, double? CiHigh);

    public static readonly IReadOnlyList<Metric> All =
    [
        new("reliablyImproved", "shares.reliablyImproved", r => Share(r.Shares.ReliablyImproved)),
        new("recovered", "shares.recovered", r => Share(r.Shares.Recovered)),
        new("deteriorated", "shares.deteriorated", r => Share(r.Shares.Deteriorated)),
        new("dropout", "dropout", r => Share(r.Dropout)),
        new("dropoutBeforeTarget", "dropoutBeforeTarget", r => Share(r.DropoutBeforeTarget)),
        new("onExpectedTrajectory", "onExpectedTrajectory", r => Share(r.OnExpectedTrajectory)),
        new("allianceSessionsBelowCutoff", "allianceSessionsBelowCutoff", r => Plain(r.AllianceSessionsBelowCutoff)),
        new("completeness", "completeness", r => Plain(r.Completeness)),
    ];

    public static Metric? Find(string? name) => All.SingleOrDefault(m => m.Name == name);

    public static string Names => string.Join(", ", All.Select(m => m.Name));

    static Estimate? Share(Proportion? p) => p is null ? null : new(p.Value, p.CiLow, p.CiHigh);
    static Estimate? Plain(double? v) => v is { } x ? new(x, null, null) : null;
}
