namespace FitService.Statistics;

/// <summary>What the graph tells the client and the clinician about the outcome so far.</summary>
public enum FeedbackProgress
{
    /// <summary>Only the intake: the starting point, nothing to compare yet.</summary>
    Baseline,
    /// <summary>On track: at or above the expected trajectory, or (under the session rules) reliably improved.</summary>
    Improving,
    /// <summary>No reliable change yet, or below the expected trajectory.</summary>
    NotYet,
    /// <summary>Reliably worse than at intake.</summary>
    Deteriorating,
}

/// <summary>
/// The feedback statuses the episode graph speaks in: one for the outcome, and whether the alliance is low. They say
/// in plain words what the alerts and the trajectory status already decide; they add no rule of their own.
/// </summary>
public static class FeedbackStatus
{
    /// <summary>
    /// Reliable deterioration from intake → Deteriorating (whatever the basis); otherwise fewer than two scores →
    /// Baseline; against a calibrated trajectory Green → Improving, Orange or Red → NotYet; under the session rules
    /// reliably improved → Improving, else NotYet.
    /// </summary>
    /// <param name="sessionCount">Outcome scores so far; ≥ 0.</param>
    /// <param name="change">Reliable change from intake to the latest score; null with fewer than two scores.</param>
    /// <param name="status">The trajectory status at the latest session.</param>
    /// <param name="calibrated">True when <paramref name="status"/> was judged against a calibrated trajectory.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sessionCount"/> is negative.</exception>
    public static FeedbackProgress Progress(int sessionCount, ReliableChange? change, TrajectoryStatus status, bool calibrated)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sessionCount);
        if (change == ReliableChange.Deteriorated) return FeedbackProgress.Deteriorating;
        if (sessionCount < 2) return FeedbackProgress.Baseline;
        if (calibrated) return status == TrajectoryStatus.Green ? FeedbackProgress.Improving : FeedbackProgress.NotYet;
        return change == ReliableChange.Improved ? FeedbackProgress.Improving : FeedbackProgress.NotYet;
    }

    /// <summary>
    /// The alliance is low when the latest session's alliance total is on the worse side of the cutoff (below it when
    /// higher is better, the SRS alert rule "total &lt; 36"); false when the latest session has no alliance score.
    /// </summary>
    /// <param name="latestAlliance">The latest session's alliance total, or null.</param>
    /// <param name="cutoff">The alliance cutoff for the client's age (36 for SRS).</param>
    /// <param name="higherIsBetter">The alliance instrument's direction.</param>
    public static bool AllianceLow(decimal? latestAlliance, decimal cutoff, bool higherIsBetter) =>
        latestAlliance is { } total && (higherIsBetter ? total < cutoff : total > cutoff);
}
