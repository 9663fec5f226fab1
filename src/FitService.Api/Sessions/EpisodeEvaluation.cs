using FitService.Api.Instruments;
using FitService.Statistics;

namespace FitService.Api.Sessions;

public sealed record ScoredSession(int Number, DateOnly Date, decimal OutcomeTotal, decimal? AllianceTotal,
    IReadOnlyDictionary<string, decimal>? AllianceItems);

public sealed record SessionAssessment(int Number, decimal ChangeFromIntake, ReliableChange? ReliableChange,
    OutcomeCategory? Category, ClinicalRange? ClinicalRange);

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

    /// <summary>Alert conditions at the latest session (alliance rules at the latest session with alliance scores).</summary>
    public static IReadOnlyList<AlertCondition> CurrentAlerts(Instrument outcome, Instrument? alliance, int age,
        IReadOnlyList<ScoredSession> sessions, IReadOnlyList<SessionAssessment> assessed)
    {
        var conditions = new List<AlertCondition>();
        if (sessions.Count == 0) return conditions;
        var latest = assessed[^1];
        if (latest.ReliableChange is { } change && ProgressRules.Evaluate(latest.Number, change) is { } progress)
            conditions.Add(new AlertCondition(ProgressKind(progress.Kind), null, progress.Severity, latest.ChangeFromIntake,
                outcome.ReliableChangeThreshold ?? 0, latest.Number));

        var withAlliance = sessions.Where(s => s.AllianceTotal is not null && s.AllianceItems is not null).ToList();
        if (alliance is not null && withAlliance.Count > 0)
        {
            var current = withAlliance[^1];
            decimal? previous = withAlliance.Count > 1 ? withAlliance[^2].AllianceTotal : null;
            var rules = new AllianceRules(Cutoff: alliance.CutoffForAge(age) ?? new AllianceRules().Cutoff);
            foreach (var a in AllianceAlerts.Evaluate(current.AllianceItems!, current.AllianceTotal!.Value, previous, rules))
                conditions.Add(new AlertCondition(AllianceKind(a.Kind), a.ItemKey, AllianceSeverity(a.Kind), a.Value, a.Threshold, current.Number));
        }
        return conditions;
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
}
