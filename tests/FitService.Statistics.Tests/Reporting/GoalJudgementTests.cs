using FitService.Statistics.Reporting;
using static FitService.Statistics.Reporting.GoalDirection;
using static FitService.Statistics.Reporting.GoalStatus;

namespace FitService.Statistics.Tests.Reporting;

public class GoalJudgementTests
{
    [Theory]
    // At least 0.5: met only when the whole interval is at or above it; the low end exactly on the target is met.
    [InlineData(0.6, 0.5, 0.7, Met)]
    [InlineData(0.6, 0.4999999, 0.7, Uncertain)]
    [InlineData(0.4, 0.3, 0.5, Uncertain)]     // the high end exactly on the target: the target is still possible
    [InlineData(0.4, 0.3, 0.4999999, NotMet)]
    [InlineData(0.5, 0.4, 0.6, Uncertain)]
    public void AtLeastIsMetWhenTheLowEndReachesTheTargetAndMissedWhenTheHighEndStaysBelow(double value, double low, double high, GoalStatus expected) =>
        Assert.Equal(expected, GoalJudgement.Judge(AtLeast, 0.5, value, low, high));

    [Theory]
    // At most 0.15: met when the high end is at or below it; missed when the low end is above it.
    [InlineData(0.10, 0.05, 0.15, Met)]
    [InlineData(0.10, 0.05, 0.1500001, Uncertain)]
    [InlineData(0.20, 0.15, 0.25, Uncertain)]  // the low end exactly on the target
    [InlineData(0.20, 0.1500001, 0.25, NotMet)]
    public void AtMostIsMetWhenTheHighEndStaysAtOrBelowTheTargetAndMissedWhenTheLowEndIsAbove(double value, double low, double high, GoalStatus expected) =>
        Assert.Equal(expected, GoalJudgement.Judge(AtMost, 0.15, value, low, high));

    [Theory]
    [InlineData(AtLeast, 0.9, Met)]
    [InlineData(AtLeast, 0.8999999, NotMet)]
    [InlineData(AtMost, 0.9, Met)]
    [InlineData(AtMost, 0.9000001, NotMet)]
    public void AValueWithoutAnIntervalIsJudgedOnTheValueWithTheTargetCountingAsReached(GoalDirection direction, double value, GoalStatus expected) =>
        Assert.Equal(expected, GoalJudgement.Judge(direction, 0.9, value, null, null));

    [Fact]
    public void HiddenWinsOverAnyValueAndNoValueIsUncertain()
    {
        Assert.Equal(Hidden, GoalJudgement.Judge(AtLeast, 0.5, 0.9, 0.8, 1.0, hidden: true));
        Assert.Equal(Hidden, GoalJudgement.Judge(AtMost, 0.5, null, null, null, hidden: true));
        Assert.Equal(Uncertain, GoalJudgement.Judge(AtLeast, 0.5, null, null, null));
    }

    [Fact]
    public void AWilsonIntervalOfTenOutOfTenMeetsAHalfAndCannotTellNinetyFivePercent()
    {
        var p = Aggregates.Wilson(10, 10); // about [0.722, 1]
        Assert.Equal(Met, GoalJudgement.Judge(AtLeast, 0.5, p.Value, p.CiLow, p.CiHigh));
        Assert.Equal(Uncertain, GoalJudgement.Judge(AtLeast, 0.95, p.Value, p.CiLow, p.CiHigh));
        Assert.Equal(NotMet, GoalJudgement.Judge(AtMost, 0.5, p.Value, p.CiLow, p.CiHigh));
    }

    [Fact]
    public void OneLimitOnlyOrAnInvertedIntervalIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GoalJudgement.Judge(AtLeast, 0.5, 0.6, 0.5, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => GoalJudgement.Judge(AtLeast, 0.5, 0.6, 0.7, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GoalJudgement.Judge(AtLeast, double.NaN, 0.6, 0.5, 0.7));
    }
}
