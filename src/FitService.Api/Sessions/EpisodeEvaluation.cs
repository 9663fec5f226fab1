using FitService.Api.Instruments;
using FitService.Statistics;

namespace FitService.Api.Sessions;

public sealed record ScoredSession(int Number, DateOnly Date, decimal OutcomeTotal, decimal? AllianceTotal,
    IReadOnlyDictionary<string, decimal>? AllianceItems);

public sealed record SessionAssessment(int Number, decimal ChangeFromIntake, ReliableChange? ReliableChange,
    OutcomeCategory? Category, ClinicalRange? ClinicalRange);

/// <summary>The numbers progress depends on: the latest session's number, the intake and latest totals, and its reliable change.</summary>
public sealed record ProgressState(int SessionNumber, decimal Intake, decimal Latest, ReliableChange? ReliableChange);

public sealed record AlertCondition(string Kind, string? ItemKey, Severity Severity, decimal Value, decimal Threshold, int SessionNumber);

/// <summary>
/// Applies the statistics module to one episode's sessions: change from intake, reliable change, category and
/// clinical range per session, and the alert conditions that hold now. Pure: rows in, results out.
/// </summary>
public static class EpisodeEvaluation
{
    public static IReadOnlyList<SessionAssessment> Assess(Instrument outcome, int age, IReadOnlyList<ScoredSession> sessions)
    {
        if (sessions.Count == 0) return [];
        var intake = sessions[0].OutcomeTotal;
        var threshold = outcome.ReliableChangeThreshold;
        var cutoff = outcome.CutoffForAge(age);
        return sessions.Select(s =>
        {
            var range = cutoff is { } c ? ChangeClassification.RangeOf(s.OutcomeTotal, c, outcome.HigherIsBetter) : (ClinicalRange?)null;
            if (s.Number == 1 || threshold is not { } t)
                return new SessionAssessment(s.Number, s.OutcomeTotal - intake, null, null, range);
            var reliable = ChangeClassification.Classify(intake, s.OutcomeTotal, t, outcome.HigherIsBetter);
            var category = cutoff is { } cut
                ? ChangeClassification.Categorize(intake, s.OutcomeTotal, t, cut, outcome.HigherIsBetter)
                : reliable switch
                {
                    ReliableChange.Improved => OutcomeCategory.Improved,
                    ReliableChange.Deteriorated => OutcomeCategory.Deteriorated,
                    _ => OutcomeCategory.Unchanged,
                };
            return new SessionAssessment(s.Number, s.OutcomeTotal - intake, reliable, category, range);
        }).ToList();
    }

    /// <summary>
    /// Alert conditions at the latest session (alliance rules at the latest session with alliance scores) and the
    /// episode's trajectory status. With a calibrated trajectory it replaces the session 3 / 6 rules; without, they apply.
    /// </summary>
    public static (TrajectoryPosition Trajectory, IReadOnlyList<AlertCondition> Conditions) CurrentAlerts(Instrument outcome,
        Instrument? alliance, int age, IReadOnlyList<ScoredSession> sessions, IReadOnlyList<SessionAssessment> assessed,
        TrajectoryCalibration? calibration)
    {
        if (sessions.Count == 0) return (new TrajectoryPosition(TrajectoryStatus.Grey, null, null), []);
        var latest = assessed[^1];
        var (trajectory, conditions) = Progress(outcome,
            new ProgressState(latest.Number, sessions[0].OutcomeTotal, sessions[^1].OutcomeTotal, latest.ReliableChange), calibration);

        var withAlliance = sessions.Where(s => s.AllianceTotal is not null && s.AllianceItems is not null).ToList();
        if (alliance is not null && withAlliance.Count > 0)
        {
            var current = withAlliance[^1];
            decimal? previous = withAlliance.Count > 1 ? withAlliance[^2].AllianceTotal : null;
            var rules = new AllianceRules(Cutoff: alliance.CutoffForAge(age) ?? new AllianceRules().Cutoff);
            foreach (var a in AllianceAlerts.Evaluate(current.AllianceItems!, current.AllianceTotal!.Value, previous, rules))
                conditions.Add(new AlertCondition(AllianceKind(a.Kind), a.ItemKey, AllianceSeverity(a.Kind), a.Value, a.Threshold, current.Number));
        }
        return (trajectory, conditions);
    }

    /// <summary>
    /// Progress at the latest session: reliable deterioration always (high); then either the calibrated trajectory
    /// (red → below expected trajectory, medium) or, without a calibration, the session 3 / 6 rules.
    /// Shared by session recording and recalibration, which reads the same numbers from the episode summary.
    /// </summary>
    public static (TrajectoryPosition Trajectory, List<AlertCondition> Conditions) Progress(Instrument outcome, ProgressState state,
        TrajectoryCalibration? calibration)
    {
        var conditions = new List<AlertCondition>();
        var rule = state.ReliableChange is { } change ? ProgressRules.Evaluate(state.SessionNumber, change) : null;
        var threshold = outcome.ReliableChangeThreshold ?? 0;
        var fromIntake = state.Latest - state.Intake;
        if (calibration is { IsCalibrated: true })
        {
            var position = ExpectedTrajectory.Evaluate(calibration, state.Intake, state.SessionNumber, state.Latest);
            if (rule is { Kind: ProgressAlertKind.Deterioration })
                conditions.Add(new AlertCondition(AlertKinds.ReliableDeterioration, null, rule.Severity, fromIntake, threshold, state.SessionNumber));
            if (position.Status == TrajectoryStatus.Red)
                conditions.Add(new AlertCondition(AlertKinds.BelowExpectedTrajectory, null, Severity.Medium, state.Latest,
                    position.Bound!.Value, state.SessionNumber));
            return (position, conditions);
        }
        if (rule is not null)
            conditions.Add(new AlertCondition(ProgressKind(rule.Kind), null, rule.Severity, fromIntake, threshold, state.SessionNumber));
        return (ExpectedTrajectory.FromRules(state.SessionNumber, rule), conditions);
    }

    static string ProgressKind(ProgressAlertKind kind) => kind switch
    {
        ProgressAlertKind.Discuss => AlertKinds.NoImprovementBySession3,
        ProgressAlertKind.Reconsider => AlertKinds.NoImprovementBySession6,
        _ => AlertKinds.ReliableDeterioration,
    };

    static string AllianceKind(AllianceAlertKind kind) => kind switch
    {
        AllianceAlertKind.BelowCutoff => AlertKinds.AllianceBelowCutoff,
        AllianceAlertKind.LowItem => AlertKinds.AllianceLowItem,
        _ => AlertKinds.AllianceDrop,
    };

    static Severity AllianceSeverity(AllianceAlertKind kind) =>
        kind == AllianceAlertKind.BelowCutoff ? Severity.Medium : Severity.Low;
}

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
}
