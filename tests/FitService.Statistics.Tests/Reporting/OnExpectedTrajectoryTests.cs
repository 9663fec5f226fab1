using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

/// <summary>
/// The share on the expected trajectory: green over the change-sample episodes evaluated by a calibrated trajectory.
/// Both routes (rows and sufficient statistics) are checked at every boundary.
/// </summary>
public class OnExpectedTrajectoryTests
{
    static EpisodeOutcome Episode(TrajectoryStatus? status, TrajectoryMethod? method, int sessions = 3, bool? clinical = true, bool open = false) =>
        new(Guid.NewGuid(), new DateOnly(2025, 1, 6), open ? null : new DateOnly(2025, 3, 3), false, sessions, 15m, 20m, clinical,
            sessions < 2 ? null : OutcomeCategory.Improved, null, 0, 0, status, method);

    static EpisodeOutcome Calibrated(TrajectoryStatus status) => Episode(status, TrajectoryMethod.QuantileRegression);

    static OutcomeMetrics BothWays(IReadOnlyList<EpisodeOutcome> episodes)
    {
        var m = OutcomeReport.Compute(episodes);
        MetricsAssert.Same(m, OutcomeReport.FromTotals(SyntheticEpisodes.TotalsOf(episodes)));
        return m;
    }

    [Fact]
    public void NoneEvaluatedGivesNull()
    {
        var m = BothWays([Episode(null, null), Episode(TrajectoryStatus.Green, TrajectoryMethod.SessionRules),
            Episode(TrajectoryStatus.Green, TrajectoryMethod.QuantileRegression, open: true)]);

        Assert.Equal(0, m.TrajectoryEvaluated);
        Assert.Null(m.OnExpectedTrajectory);
        Assert.Null(OutcomeReport.Compute([]).OnExpectedTrajectory);
    }

    [Fact]
    public void AllGreenIsOneWithTheWilsonInterval()
    {
        var m = BothWays([.. Enumerable.Range(0, 6).Select(_ => Calibrated(TrajectoryStatus.Green))]);

        Assert.Equal(6, m.TrajectoryEvaluated);
        Assert.Equal(1.0, m.OnExpectedTrajectory!.Value);
        Assert.Equal(Aggregates.Wilson(6, 6), m.OnExpectedTrajectory);
        Assert.Equal(1.0, m.OnExpectedTrajectory.CiHigh, 1e-12);
    }

    [Fact]
    public void NoneGreenIsZero()
    {
        var m = BothWays([Calibrated(TrajectoryStatus.Orange), Calibrated(TrajectoryStatus.Red), Calibrated(TrajectoryStatus.Orange)]);

        Assert.Equal(3, m.TrajectoryEvaluated);
        Assert.Equal(0.0, m.OnExpectedTrajectory!.Value);
        Assert.Equal(Aggregates.Wilson(0, 3), m.OnExpectedTrajectory);
    }

    [Fact]
    public void MixedCountsGreenOnlyNotOrange()
    {
        var m = BothWays([
            Calibrated(TrajectoryStatus.Green), Calibrated(TrajectoryStatus.Green), Calibrated(TrajectoryStatus.Green),
            Calibrated(TrajectoryStatus.Orange), Calibrated(TrajectoryStatus.Red),
        ]);

        Assert.Equal(5, m.TrajectoryEvaluated);
        // R: prop.test(3, 5, correct = FALSE)$conf.int = 0.2307–0.8824
        Assert.Equal(0.6, m.OnExpectedTrajectory!.Value, 1e-12);
        Assert.Equal(0.23072, m.OnExpectedTrajectory.CiLow, 1e-4);
        Assert.Equal(0.88238, m.OnExpectedTrajectory.CiHigh, 1e-4);
    }

    [Fact]
    public void SessionRulesAndEpisodesOutsideTheChangeSampleAreNotInTheDenominator()
    {
        var m = BothWays([
            Calibrated(TrajectoryStatus.Green), Calibrated(TrajectoryStatus.Red),
            Episode(TrajectoryStatus.Green, TrajectoryMethod.SessionRules),
            Episode(TrajectoryStatus.Red, TrajectoryMethod.SessionRules),
            Episode(TrajectoryStatus.Grey, TrajectoryMethod.QuantileRegression, sessions: 1),           // fewer than two scores
            Episode(TrajectoryStatus.Green, TrajectoryMethod.QuantileRegression, clinical: false),      // intake functional
            Episode(TrajectoryStatus.Green, TrajectoryMethod.QuantileRegression, clinical: null),       // no cutoff
            Episode(null, null),
        ]);

        Assert.Equal(2, m.TrajectoryEvaluated);
        Assert.Equal(0.5, m.OnExpectedTrajectory!.Value, 1e-12);
    }
}
