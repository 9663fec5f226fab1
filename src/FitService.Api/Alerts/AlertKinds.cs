using FitService.Api.Infrastructure;
using FitService.Statistics;

namespace FitService.Api.Alerts;

/// <summary>The alert kinds as stored and sent: the statistics module's condition kinds in camelCase.</summary>
public static class AlertKinds
{
    public const string AllianceBelowCutoff = "allianceBelowCutoff";
    public const string AllianceLowItem = "allianceLowItem";
    public const string AllianceDrop = "allianceDrop";
    public const string NoImprovementBySession3 = "noImprovementBySession3";
    public const string NoImprovementBySession6 = "noImprovementBySession6";
    public const string ReliableDeterioration = "reliableDeterioration";
    public const string BelowExpectedTrajectory = "belowExpectedTrajectory";

    /// <summary>The kinds that depend on the outcome trajectory (and so on the calibration).</summary>
    public static readonly string[] Progress = [NoImprovementBySession3, NoImprovementBySession6, ReliableDeterioration, BelowExpectedTrajectory];
    public static readonly string[] All = [AllianceBelowCutoff, AllianceLowItem, AllianceDrop, .. Progress];

    public static string Of(AlertConditionKind kind) => Wire.Name<AlertConditionKind>(kind)!;
}
