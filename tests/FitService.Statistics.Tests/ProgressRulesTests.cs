using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class ProgressRulesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NoAlertBeforeTheDiscussSession(int session) =>
        Assert.Null(ProgressRules.Evaluate(session, ReliableChange.Unchanged));

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void DiscussFromSessionThreeToFive(int session) =>
        Assert.Equal(new ProgressAlert(ProgressAlertKind.Discuss, Severity.Low, session), ProgressRules.Evaluate(session, ReliableChange.Unchanged));

    [Theory]
    [InlineData(6)]
    [InlineData(20)]
    public void ReconsiderFromSessionSix(int session) =>
        Assert.Equal(new ProgressAlert(ProgressAlertKind.Reconsider, Severity.Medium, session), ProgressRules.Evaluate(session, ReliableChange.Unchanged));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public void DeteriorationIsHighAtAnySession(int session) =>
        Assert.Equal(new ProgressAlert(ProgressAlertKind.Deterioration, Severity.High, session), ProgressRules.Evaluate(session, ReliableChange.Deteriorated));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    public void ReliableImprovementRaisesNothing(int session) =>
        Assert.Null(ProgressRules.Evaluate(session, ReliableChange.Improved));

    [Fact]
    public void SessionThresholdsAreParameters()
    {
        Assert.Null(ProgressRules.Evaluate(3, ReliableChange.Unchanged, discussAt: 4, reconsiderAt: 8));
        Assert.Equal(ProgressAlertKind.Discuss, ProgressRules.Evaluate(7, ReliableChange.Unchanged, 4, 8)?.Kind);
        Assert.Equal(ProgressAlertKind.Reconsider, ProgressRules.Evaluate(8, ReliableChange.Unchanged, 4, 8)?.Kind);
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgressRules.Evaluate(0, ReliableChange.Unchanged));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgressRules.Evaluate(3, ReliableChange.Unchanged, discussAt: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgressRules.Evaluate(3, ReliableChange.Unchanged, discussAt: 6, reconsiderAt: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgressRules.Evaluate(3, (ReliableChange)42));
    }
}
