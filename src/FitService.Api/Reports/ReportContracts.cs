using System.Text.Json.Serialization;
using FitService.Api.Instruments;
using FitService.Statistics;
using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

// Report contracts carry group keys (department code, period label) and aggregates only: by construction no
// client id, pseudonym, clinician, free text or date finer than a month can be put into them.

public sealed record OutcomesReportResponse(string DefinitionsVersion, string Instrument, ReportNorms Norms, ReportScope Scope,
    IReadOnlyList<OutcomeRow> Rows, DisclosureControl Disclosure, SeverityAdjustmentShown SeverityAdjustment)
{
    /// <summary>Collateral ratings, apart from the client figures in <c>rows</c> (CollateralTable); null where a caller builds none.</summary>
    public CollateralSection? Collateral { get; init; }
}

public sealed record ReportScope(string From, string To, IReadOnlyList<string> GroupBy, string? AgeBand,
    IReadOnlyList<string>? Departments, int MinimumCellSize, string PeriodOf, string DisclosureControl);

public sealed record ReportNorms(string Instrument, bool HigherIsBetter, decimal? ReliableChangeThreshold,
    IReadOnlyList<AgeCutoffDto> Cutoffs, NormsDto? Norms, IReadOnlyList<AllianceNorms> Alliance, double? NormativeSd);

public sealed record AllianceNorms(string Instrument, IReadOnlyList<AgeCutoffDto> Cutoffs);

/// <summary>
/// One group. <c>level</c> is cell, departmentTotal, periodTotal or total; department or period is null where the
/// row is summed over it. A suppressed row carries its keys and <c>suppressed: true</c> only.
/// </summary>
[JsonDerivedType(typeof(ShownOutcomeRow))]
public record OutcomeRow(
    [property: JsonPropertyOrder(-4)] string Level,
    [property: JsonPropertyOrder(-3)] string? Department,
    [property: JsonPropertyOrder(-2)] string? Period,
    [property: JsonPropertyOrder(-1)] bool Suppressed)
{
    /// <summary>Why a suppressed row is hidden (<see cref="HiddenReason"/>); absent on a shown row.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HiddenBecause { get; init; }
}

public sealed record ShownOutcomeRow(string Level, string? Department, string? Period,
    long Clients, long Episodes, long Sessions, CountedApart CountedApart, long ChangeSample, OpenChange OpenChange,
    double? MeanIntake, double? SdIntake, double? MeanLast, double? SdLast, double? MeanChange, double? SdChange,
    EffectSize? EffectSize, EffectSize? NormativeEffectSize, EffectSizeInputs EffectSizeInputs, OutcomeShares Shares,
    long ClosedEpisodes, Proportion? Dropout, Proportion? DropoutBeforeTarget, long ClosedWithSessions, Proportion? SingleSession,
    double? MeanSessions, double? MeanDays,
    long AllianceEpisodes, double? MeanIntakeAlliance, double? AllianceSessionsBelowCutoff, double? Completeness,
    long TrajectoryEvaluated, Proportion? OnExpectedTrajectory, IReadOnlyList<string> Withheld)
    : OutcomeRow(Level, Department, Period, false)
{
    /// <summary>Severity-adjusted effect size over the change sample (<see cref="SeverityAdjustment"/>); null when not configured or withheld.</summary>
    public EffectSize? SeverityAdjustedEffectSize { get; init; }

    /// <summary>The row of a shown group, statistics over fewer than 5 episodes withheld and named in <c>withheld</c>.</summary>
    public static ShownOutcomeRow From(string level, string? department, string? period, OutcomeMetrics all)
    {
        var (m, withheld) = SmallDenominators.Withhold(all);
        return new(
        level, department, period, m.Clients, m.Episodes, m.Sessions,
        new CountedApart(m.FewerThanTwoScores, m.StillOpen, m.IntakeFunctional, m.NoCutoff), m.ChangeSample, m.OpenChange,
        m.MeanIntake, m.SdIntake, m.MeanLast, m.SdLast, m.MeanChange, m.SdChange, m.EffectSize, m.NormativeEffectSize, m.EffectInputs,
        new OutcomeShares(m.Recovered, m.Improved, m.Unchanged, m.Deteriorated, m.ReliablyImproved, m.Harmed),
        m.ClosedEpisodes, m.Dropout, m.DropoutBeforeTarget, m.ClosedWithSessions, m.SingleSession, m.MeanSessions, m.MeanDays,
        m.AllianceIntakes, m.MeanIntakeAlliance, m.AllianceBelowCutoff, m.Completeness,
        m.TrajectoryEvaluated, m.OnExpectedTrajectory, withheld);
    }
}

/// <summary>Episodes left out of the change metrics, by reason; with <c>changeSample</c> they add up to <c>episodes</c>.</summary>
public sealed record CountedApart(long FewerThanTwoScores, long StillOpen, long IntakeFunctional, long NoCutoff);

/// <summary>Shares with Wilson 95 % CIs; all but harmed over the change sample, harmed over the intake-functional episodes.</summary>
public sealed record OutcomeShares(Proportion? Recovered, Proportion? Improved, Proportion? Unchanged, Proportion? Deteriorated,
    Proportion? ReliablyImproved, Proportion? Harmed);

public sealed record CompareReportResponse(string DefinitionsVersion, string Instrument, ReportNorms Norms, CompareScope Scope,
    IReadOnlyList<ComparisonRow> Rows, DisclosureControl Disclosure, SeverityAdjustmentShown SeverityAdjustment)
{
    /// <summary>Collateral ratings of both periods per department, apart from the client figures in <c>rows</c> (CollateralTable).</summary>
    public CollateralComparison? Collateral { get; init; }
}

/// <summary>The comparison's collateral section: each period's department-only collateral table, suppressed and perturbed as in the outcomes report.</summary>
public sealed record CollateralComparison(string Label, string Method, IReadOnlyList<CollateralComparisonRow> Rows);

/// <summary>One department (null: all departments) in both periods; a hidden side carries its keys and <c>suppressed: true</c> only.</summary>
public sealed record CollateralComparisonRow(string? Department, CollateralRow First, CollateralRow Second);

public sealed record CompareScope(string First, string Second, string? AgeBand, IReadOnlyList<string>? Departments, int MinimumCellSize,
    string Method, string DisclosureControl);

/// <summary>One department (null: all departments) in both periods, and the differences second − first when both are shown.</summary>
public sealed record ComparisonRow(string? Department, OutcomeRow First, OutcomeRow Second, PeriodDifferences? Differences);

/// <summary>Second − first; <c>severityAdjustedEffectSize</c> only when the instrument's model is set and both periods show it.</summary>
public sealed record PeriodDifferences(Difference? MeanChange, Difference? EffectSize, Difference? ReliablyImproved,
    Difference? SeverityAdjustedEffectSize = null);
