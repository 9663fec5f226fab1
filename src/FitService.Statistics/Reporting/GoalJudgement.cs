namespace FitService.Statistics.Reporting;

/// <summary>Which side of a goal's target is the good one.</summary>
public enum GoalDirection
{
    /// <summary>The value should be at or above the target (e.g. share reliably improved ≥ 0.5).</summary>
    AtLeast,
    /// <summary>The value should be at or below the target (e.g. dropout ≤ 0.15).</summary>
    AtMost,
}

/// <summary>How a department's goal went in a half-year.</summary>
public enum GoalStatus
{
    /// <summary>The whole confidence interval is on the good side of the target (the target itself counts as good).</summary>
    Met,
    /// <summary>The whole confidence interval is on the wrong side of the target.</summary>
    NotMet,
    /// <summary>The interval contains the target on both sides, or there is no value yet: we cannot tell.</summary>
    Uncertain,
    /// <summary>The report hides the group or withholds the statistic: nothing may be said.</summary>
    Hidden,
}

/// <summary>
/// Judges a goal against a report value and its confidence interval. A goal is met only when the data rule out
/// missing it: for "at least t" the interval's low end is ≥ t; not met when its high end is &lt; t; otherwise
/// uncertain. "At most t" is the mirror image (high end ≤ t met, low end &gt; t not met). A value without an
/// interval (a metric the report gives as a plain share of sessions) is judged on the value alone.
/// </summary>
public static class GoalJudgement
{
    /// <summary>The status of one goal.</summary>
    /// <param name="direction">Which side of the target is good.</param>
    /// <param name="target">The target, in the metric's unit (a share 0–1).</param>
    /// <param name="value">The shown value; null when there is none (no episodes in the sample yet): uncertain.</param>
    /// <param name="ciLow">Lower 95 % limit; null together with <paramref name="ciHigh"/> when the metric has no interval.</param>
    /// <param name="ciHigh">Upper 95 % limit.</param>
    /// <param name="hidden">True when the report hides the cell or withholds the statistic: hidden, whatever the value.</param>
    /// <exception cref="ArgumentOutOfRangeException">A number is NaN, or only one interval limit is given, or low &gt; high.</exception>
    public static GoalStatus Judge(GoalDirection direction, double target, double? value, double? ciLow, double? ciHigh, bool hidden = false)
    {
        if (hidden) return GoalStatus.Hidden;
        if (double.IsNaN(target)) throw new ArgumentOutOfRangeException(nameof(target), "The target is NaN.");
        if (value is not { } v) return GoalStatus.Uncertain;
        if (ciLow.HasValue != ciHigh.HasValue) throw new ArgumentOutOfRangeException(nameof(ciLow), "Give both interval limits or neither.");
        double low = ciLow ?? v, high = ciHigh ?? v;
        if (double.IsNaN(v) || double.IsNaN(low) || double.IsNaN(high) || low > high)
            throw new ArgumentOutOfRangeException(nameof(ciLow), "The interval must be numbers with low ≤ high.");
        return direction switch
        {
            GoalDirection.AtLeast when low >= target => GoalStatus.Met,
            GoalDirection.AtLeast when high < target => GoalStatus.NotMet,
            GoalDirection.AtMost when high <= target => GoalStatus.Met,
            GoalDirection.AtMost when low > target => GoalStatus.NotMet,
            _ => GoalStatus.Uncertain,
        };
    }
}
