using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class FeedbackStatusTests
{
    [Theory]
    // Reliable deterioration wins over any basis and status.
    [InlineData(2, ReliableChange.Deteriorated, TrajectoryStatus.Green, true, FeedbackProgress.Deteriorating)]
    [InlineData(3, ReliableChange.Deteriorated, TrajectoryStatus.Red, false, FeedbackProgress.Deteriorating)]
    // Only the intake: the starting point.
    [InlineData(0, null, TrajectoryStatus.Grey, false, FeedbackProgress.Baseline)]
    [InlineData(1, null, TrajectoryStatus.Grey, true, FeedbackProgress.Baseline)]
    // Against a calibrated trajectory the zone decides, not the reliable change.
    [InlineData(2, ReliableChange.Unchanged, TrajectoryStatus.Green, true, FeedbackProgress.Improving)]
    [InlineData(2, ReliableChange.Improved, TrajectoryStatus.Orange, true, FeedbackProgress.NotYet)]
    [InlineData(4, ReliableChange.Unchanged, TrajectoryStatus.Red, true, FeedbackProgress.NotYet)]
    // Under the session rules the reliable change decides.
    [InlineData(2, ReliableChange.Improved, TrajectoryStatus.Green, false, FeedbackProgress.Improving)]
    [InlineData(2, ReliableChange.Unchanged, TrajectoryStatus.Green, false, FeedbackProgress.NotYet)]
    [InlineData(6, ReliableChange.Unchanged, TrajectoryStatus.Red, false, FeedbackProgress.NotYet)]
    public void ProgressFollowsTheBasis(int sessions, ReliableChange? change, TrajectoryStatus status, bool calibrated, FeedbackProgress expected) =>
        Assert.Equal(expected, FeedbackStatus.Progress(sessions, change, status, calibrated));

    [Fact]
    public void ANegativeSessionCountIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackStatus.Progress(-1, null, TrajectoryStatus.Grey, false));

    [Theory]
    [InlineData(35.9, true)]  // the SRS alert rule: total < 36
    [InlineData(36.0, false)] // exactly at the cutoff is not low
    [InlineData(null, false)] // no alliance score at the latest session
    public void AllianceIsLowBelowTheCutoff(double? total, bool low) =>
        Assert.Equal(low, FeedbackStatus.AllianceLow((decimal?)total, 36m, higherIsBetter: true));

    [Theory]
    [InlineData(20.1, true)]
    [InlineData(20.0, false)]
    public void ALowerIsBetterAllianceIsLowAboveTheCutoff(double total, bool low) =>
        Assert.Equal(low, FeedbackStatus.AllianceLow((decimal)total, 20m, higherIsBetter: false));
}
