namespace FitService.Statistics;

/// <summary>One session's current scores: outcome total, and the alliance total and items when the alliance was rated.</summary>
/// <param name="Number">Session number, 1 = intake.</param>
/// <param name="Date">The day it was held (dates come in; nothing here reads a clock).</param>
/// <param name="OutcomeTotal">Outcome total, in points.</param>
/// <param name="AllianceTotal">Alliance total, in points; null when not rated.</param>
/// <param name="AllianceItems">Alliance item values by key; null when not rated.</param>
public sealed record ScoredSession(int Number, DateOnly Date, decimal OutcomeTotal, decimal? AllianceTotal,
    IReadOnlyDictionary<string, decimal>? AllianceItems);

/// <summary>One session judged against the intake.</summary>
/// <param name="Number">Session number.</param>
/// <param name="ChangeFromIntake">Total minus intake total, in points (0 at the intake).</param>
/// <param name="ReliableChange">Null at the intake or without a threshold.</param>
/// <param name="Category">Null at the intake or without a threshold.</param>
/// <param name="ClinicalRange">Null without a cutoff for the client's age.</param>
public sealed record SessionAssessment(int Number, decimal ChangeFromIntake, ReliableChange? ReliableChange,
    OutcomeCategory? Category, ClinicalRange? ClinicalRange);

/// <summary>How an episode's outcome scale is judged: direction, reliable-change threshold, cutoff for the client's age.</summary>
public sealed record OutcomeScale(bool HigherIsBetter, decimal? ReliableChangeThreshold, decimal? Cutoff);

/// <summary>The numbers progress depends on: the latest session's number, the intake and latest totals, and its reliable change.</summary>
public sealed record ProgressState(int SessionNumber, decimal Intake, decimal Latest, ReliableChange? ReliableChange);

/// <summary>Which rule an alert condition comes from.</summary>
public enum AlertConditionKind
{
    /// <summary>Alliance total below the cutoff.</summary>
    AllianceBelowCutoff,
    /// <summary>An alliance item below the item minimum.</summary>
    AllianceLowItem,
    /// <summary>The alliance total fell since the previous alliance score.</summary>
    AllianceDrop,
    /// <summary>No reliable improvement by session 3 (no calibrated trajectory).</summary>
    NoImprovementBySession3,
    /// <summary>No reliable improvement by session 6 (no calibrated trajectory).</summary>
    NoImprovementBySession6,
    /// <summary>Reliable deterioration from intake.</summary>
    ReliableDeterioration,
    /// <summary>Below the calibrated expected trajectory's lower bound.</summary>
    BelowExpectedTrajectory,
}

/// <summary>A condition that holds at a session and should have a live alert.</summary>
public sealed record AlertCondition(AlertConditionKind Kind, string? ItemKey, Severity Severity, decimal Value, decimal Threshold, int SessionNumber);

/// <summary>The per-episode outcome summary that reports read, kept in step with the sessions.</summary>
/// <param name="SessionCount">Number of sessions.</param>
/// <param name="IntakeOutcome">Outcome total at session 1.</param>
/// <param name="LastOutcome">Outcome total at the latest session.</param>
/// <param name="LastSessionOn">Date of the latest session.</param>
/// <param name="ReliableChange">Reliable change at the latest session (null with one session).</param>
/// <param name="Category">Category at the latest session (null with one session).</param>
/// <param name="IntakeClinical">Whether the intake was in the clinical range; null without a cutoff.</param>
/// <param name="IntakeAlliance">The first alliance total; null when none.</param>
/// <param name="AllianceCount">Sessions with an alliance total.</param>
/// <param name="AllianceBelowCutoff">Of those, how many were below the alliance cutoff.</param>
public sealed record EpisodeSummary(int SessionCount, decimal IntakeOutcome, decimal LastOutcome, DateOnly LastSessionOn,
    ReliableChange? ReliableChange, OutcomeCategory? Category, bool? IntakeClinical, decimal? IntakeAlliance,
    int AllianceCount, int AllianceBelowCutoff);

/// <summary>Everything a recorded or corrected session changes: every session's assessment, the summary, the trajectory status and the alert conditions.</summary>
public sealed record EpisodeEvaluation(IReadOnlyList<ScoredSession> Sessions, IReadOnlyList<SessionAssessment> Assessments,
    EpisodeSummary Summary, TrajectoryPosition Trajectory, IReadOnlyList<AlertCondition> Conditions);

/// <summary>
/// Judges an episode after one session is recorded or corrected. Pure: the episode's sessions and the new scores in,
/// the assessments, summary and alert conditions out. Built from <see cref="ChangeClassification"/>,
/// <see cref="ProgressRules"/>, <see cref="AllianceAlerts"/> and <see cref="ExpectedTrajectory"/>.
/// </summary>
public static class SessionEvaluation
{
    /// <summary>
    /// Puts <paramref name="scored"/> in its place (a new session after the last, or a correction replacing the
    /// session of the same number) and evaluates the whole episode: every session against the intake (a corrected
    /// intake changes every later assessment), the summary, and the conditions at the latest session. Progress:
    /// reliable deterioration always; then the calibrated trajectory when there is one, else the session 3 / 6 rules.
    /// Alliance: the rules at the latest session with alliance scores, its drop against the alliance score before it.
    /// </summary>
    /// <param name="scale">The outcome scale's direction, threshold and cutoff for the client's age.</param>
    /// <param name="alliance">The alliance rules (cutoff for the client's age); null when the episode has no alliance instrument.</param>
    /// <param name="earlier">The episode's sessions as stored, in number order.</param>
    /// <param name="scored">The new or corrected session; its number is at most one past the last.</param>
    /// <param name="calibration">The expected trajectory in use; null (or not calibrated) for the session rules.</param>
    /// <exception cref="ArgumentOutOfRangeException">The number leaves a gap or is below 1.</exception>
    public static EpisodeEvaluation Evaluate(OutcomeScale scale, AllianceRules? alliance, IReadOnlyList<ScoredSession> earlier,
        ScoredSession scored, TrajectoryCalibration? calibration)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(scored);
        if (scored.Number < 1 || scored.Number > earlier.Count + 1)
            throw new ArgumentOutOfRangeException(nameof(scored), scored.Number, "A session number is 1 to one past the last session.");
        var sessions = earlier.Where(s => s.Number != scored.Number).Append(scored).OrderBy(s => s.Number).ToList();

        var assessed = Assess(scale, sessions);
        var latest = assessed[^1];
        var (trajectory, conditions) = Progress(scale,
            new ProgressState(latest.Number, sessions[0].OutcomeTotal, sessions[^1].OutcomeTotal, latest.ReliableChange), calibration);
        var rated = sessions.Where(s => s.AllianceTotal is not null).ToList();
        var withItems = rated.Where(s => s.AllianceItems is not null).ToList();
        if (alliance is not null && withItems.Count > 0)
        {
            var current = withItems[^1];
            var before = withItems.Count > 1 ? withItems[^2].AllianceTotal : null;
            foreach (var a in AllianceAlerts.Evaluate(current.AllianceItems!, current.AllianceTotal!.Value, before, alliance))
                conditions.Add(new AlertCondition(AllianceKind(a.Kind), a.ItemKey,
                    a.Kind == AllianceAlertKind.BelowCutoff ? Severity.Medium : Severity.Low, a.Value, a.Threshold, current.Number));
        }
        var cutoff = (alliance ?? new AllianceRules()).Cutoff;
        var summary = new EpisodeSummary(sessions.Count, sessions[0].OutcomeTotal, sessions[^1].OutcomeTotal, sessions[^1].Date,
            latest.ReliableChange, latest.Category, assessed[0].ClinicalRange is { } r ? r == ClinicalRange.Clinical : null,
            rated.FirstOrDefault()?.AllianceTotal, rated.Count, rated.Count(s => s.AllianceTotal < cutoff));
        return new EpisodeEvaluation(sessions, assessed, summary, trajectory, conditions);
    }

    /// <summary>
    /// Each session against the intake: change in points, reliable change and category (none at the intake or
    /// without a threshold; without a cutoff the category follows the reliable change), and clinical range.
    /// </summary>
    public static IReadOnlyList<SessionAssessment> Assess(OutcomeScale scale, IReadOnlyList<ScoredSession> sessions)
    {
        if (sessions.Count == 0) return [];
        var intake = sessions[0].OutcomeTotal;
        return sessions.Select(s =>
        {
            var range = scale.Cutoff is { } c ? ChangeClassification.RangeOf(s.OutcomeTotal, c, scale.HigherIsBetter) : (ClinicalRange?)null;
            if (s.Number == 1 || scale.ReliableChangeThreshold is not { } t)
                return new SessionAssessment(s.Number, s.OutcomeTotal - intake, null, null, range);
            var reliable = ChangeClassification.Classify(intake, s.OutcomeTotal, t, scale.HigherIsBetter);
            var category = scale.Cutoff is { } cut
                ? ChangeClassification.Categorize(intake, s.OutcomeTotal, t, cut, scale.HigherIsBetter)
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
    /// Progress at the latest session: reliable deterioration always (high); then either the calibrated trajectory
    /// (red → below expected trajectory, medium) or, without a calibration, the session 3 / 6 rules.
    /// Shared by session recording and recalibration, which reads the same numbers from the episode summary.
    /// </summary>
    public static (TrajectoryPosition Trajectory, List<AlertCondition> Conditions) Progress(OutcomeScale scale, ProgressState state,
        TrajectoryCalibration? calibration)
    {
        var conditions = new List<AlertCondition>();
        var rule = state.ReliableChange is { } change ? ProgressRules.Evaluate(state.SessionNumber, change) : null;
        var threshold = scale.ReliableChangeThreshold ?? 0;
        var fromIntake = state.Latest - state.Intake;
        if (calibration is { IsCalibrated: true })
        {
            var position = ExpectedTrajectory.Evaluate(calibration, state.Intake, state.SessionNumber, state.Latest);
            if (rule is { Kind: ProgressAlertKind.Deterioration })
                conditions.Add(new AlertCondition(AlertConditionKind.ReliableDeterioration, null, rule.Severity, fromIntake, threshold, state.SessionNumber));
            if (position.Status == TrajectoryStatus.Red)
                conditions.Add(new AlertCondition(AlertConditionKind.BelowExpectedTrajectory, null, Severity.Medium, state.Latest,
                    position.Bound!.Value, state.SessionNumber));
            return (position, conditions);
        }
        if (rule is not null)
            conditions.Add(new AlertCondition(ProgressKind(rule.Kind), null, rule.Severity, fromIntake, threshold, state.SessionNumber));
        return (ExpectedTrajectory.FromRules(state.SessionNumber, rule), conditions);
    }

    static AlertConditionKind ProgressKind(ProgressAlertKind kind) => kind switch
    {
        ProgressAlertKind.Discuss => AlertConditionKind.NoImprovementBySession3,
        ProgressAlertKind.Reconsider => AlertConditionKind.NoImprovementBySession6,
        _ => AlertConditionKind.ReliableDeterioration,
    };

    static AlertConditionKind AllianceKind(AllianceAlertKind kind) => kind switch
    {
        AllianceAlertKind.BelowCutoff => AlertConditionKind.AllianceBelowCutoff,
        AllianceAlertKind.LowItem => AlertConditionKind.AllianceLowItem,
        _ => AlertConditionKind.AllianceDrop,
    };
}
