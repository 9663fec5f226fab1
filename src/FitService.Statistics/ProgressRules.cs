namespace FitService.Statistics;

/// <summary>What a progress alert asks the clinician to do.</summary>
public enum ProgressAlertKind
{
    /// <summary>No reliable improvement yet: discuss progress with the client.</summary>
    Discuss,
    /// <summary>Still no reliable improvement: reconsider the treatment plan.</summary>
    Reconsider,
    /// <summary>Reliable deterioration.</summary>
    Deterioration,
}

/// <summary>How urgent an alert is.</summary>
public enum Severity
{
    /// <summary>Low.</summary>
    Low,
    /// <summary>Medium.</summary>
    Medium,
    /// <summary>High.</summary>
    High,
}

/// <summary>A progress alert for one session.</summary>
/// <param name="Kind">Which rule fired.</param>
/// <param name="Severity">How urgent it is.</param>
/// <param name="SessionNumber">The session (1 = intake) it was raised at.</param>
public sealed record ProgressAlert(ProgressAlertKind Kind, Severity Severity, int SessionNumber);

/// <summary>Fixed progress rules, used until expected trajectories can be calibrated from local data.</summary>
public static class ProgressRules
{
    /// <summary>
    /// Deteriorated at any session → Deterioration (High); otherwise Unchanged at session ≥ reconsiderAt →
    /// Reconsider (Medium); Unchanged at discussAt ≤ session &lt; reconsiderAt → Discuss (Low); otherwise null
    /// (Improved, or too early).
    /// </summary>
    /// <param name="sessionNumber">Session number, 1 = intake; ≥ 1.</param>
    /// <param name="changeFromIntake">Reliable change from intake to this session.</param>
    /// <param name="discussAt">First session at which no improvement asks for discussion (3); ≥ 1.</param>
    /// <param name="reconsiderAt">First session at which no improvement asks for reconsideration (6); ≥ discussAt.</param>
    /// <exception cref="ArgumentOutOfRangeException">A session number or rule is out of range, or the change is not a defined value.</exception>
    public static ProgressAlert? Evaluate(int sessionNumber, ReliableChange changeFromIntake, int discussAt = 3, int reconsiderAt = 6)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sessionNumber, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(discussAt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reconsiderAt, discussAt);
        return changeFromIntake switch
        {
            ReliableChange.Deteriorated => new(ProgressAlertKind.Deterioration, Severity.High, sessionNumber),
            ReliableChange.Unchanged when sessionNumber >= reconsiderAt => new(ProgressAlertKind.Reconsider, Severity.Medium, sessionNumber),
            ReliableChange.Unchanged when sessionNumber >= discussAt => new(ProgressAlertKind.Discuss, Severity.Low, sessionNumber),
            ReliableChange.Unchanged or ReliableChange.Improved => null,
            _ => throw new ArgumentOutOfRangeException(nameof(changeFromIntake), changeFromIntake, "Unknown reliable change value."),
        };
    }
}
