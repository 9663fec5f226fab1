using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class ExpectedTrajectoryTests
{
    [Fact]
    public void RecoversAKnownTrajectoryWithinStatedTolerances()
    {
        var calibration = ExpectedTrajectory.Calibrate(KnownTrajectory.Generate(4000, 20260101), true, 0, 40, new TrajectoryOptions());

        Assert.True(calibration.IsCalibrated);
        Assert.Equal(4000, calibration.EpisodesUsed);
        // Tolerance: 0.5 points where at least 1,000 episodes reached the session (2–10), 1.0 point at 11–12
        // (4000·2/11 ≈ 730 and 4000/11 ≈ 364 episodes: sessions run 2–12 uniformly). The SE of a fitted quantile at the edge of the intake range (9 points
        // from the mean, intake SD 6.35) is ≈ 1.25·2.83·√((1 + 9²/6.35²)/n): 0.19 at n = 1,000, 0.32 at n = 370,
        // so each tolerance is over 2.5 SE. For scale: the ORS reliable change is 5 points. The seed is fixed.
        foreach (var session in Enumerable.Range(2, 11))
            foreach (var intake in new[] { 10.0, 19.0, 28.0 })
            {
                var tolerance = session <= 10 ? 0.5 : 1.0;
                var point = calibration.Points[session - 2];
                Assert.Equal(session, point.Session);
                Assert.InRange(point.Median.At(intake) - KnownTrajectory.TrueMedian(intake, session), -tolerance, tolerance);
                Assert.InRange(point.Bound.At(intake) - (KnownTrajectory.TrueMedian(intake, session) - KnownTrajectory.TrueBoundOffset), -tolerance, tolerance);
            }
        // Out of sample the lines hold their nominal quantiles within 2 percentage points.
        Assert.InRange(calibration.Fit!.ShareWorseThanExpected, 0.48, 0.52);
        Assert.InRange(calibration.Fit.ShareWorseThanBound, 0.23, 0.27);
        // The mean absolute deviation of a normal with SD √8 is √(2/π)·√8 = 0.7979·√8 = 2.26 points.
        Assert.InRange(calibration.Fit.MeanAbsoluteError, 2.1, 2.45);
    }

    // The fit figures must describe the rule clinicians see. Refit each half as its own calibration (same lines: the
    // data requirements are met in each half) and evaluate every held-out score with Evaluate, the live rule (0.1
    // rounding, ≥): the shares must be exactly the cross-validation's. With realistic scores some held-out scores lie
    // between the unrounded and the rounded expected score, so an unrounded or strict rule gives other counts.
    [Fact]
    public void CrossValidationJudgesHeldOutScoresByTheLiveRule()
    {
        var episodes = KnownTrajectory.Generate(600, 20261201);
        var options = new TrajectoryOptions { MinimumEpisodes = 100, MinimumPerSession = 30 };
        var calibration = ExpectedTrajectory.Calibrate(episodes, true, 0, 40, options);
        var even = episodes.Where((_, i) => i % 2 == 0).ToList();
        var odd = episodes.Where((_, i) => i % 2 == 1).ToList();

        int count = 0, notGreen = 0, red = 0;
        foreach (var (train, test) in new[] { (even, odd), (odd, even) })
        {
            var half = ExpectedTrajectory.Calibrate(train, true, 0, 40, options);
            foreach (var e in test)
                for (var n = 2; n <= Math.Min(e.Count, options.MaxSession); n++)
                {
                    var status = ExpectedTrajectory.Evaluate(half, (decimal)e[0], n, (decimal)e[n - 1]).Status;
                    count++;
                    if (status != TrajectoryStatus.Green) notGreen++;
                    if (status == TrajectoryStatus.Red) red++;
                }
        }

        Assert.Equal(count, calibration.Fit!.HeldOutObservations);
        Assert.Equal((double)notGreen / count, calibration.Fit.ShareWorseThanExpected, 1e-12);
        Assert.Equal((double)red / count, calibration.Fit.ShareWorseThanBound, 1e-12);
    }

    [Fact]
    public void SessionsBeyondTheDataReuseTheLastFittedLines()
    {
        var calibration = ExpectedTrajectory.Calibrate(KnownTrajectory.Generate(400, 7), true, 0, 40, new TrajectoryOptions());
        // Of 400 episodes (2–12 sessions, uniform) about 109, 73 and 36 reach sessions 10, 11 and 12; none go further.
        var last = calibration.Points[^1];
        Assert.True(last.Session <= 12);
        Assert.True(last.Observations >= 30);
        var atLast = ExpectedTrajectory.Evaluate(calibration, 15m, last.Session, 20m);
        var beyond = ExpectedTrajectory.Evaluate(calibration, 15m, 40, 20m);
        Assert.Equal(atLast, beyond);
    }

    [Theory]
    [InlineData(99, false)]
    [InlineData(100, true)]
    public void CalibratesFromTheMinimumNumberOfEpisodes(int episodes, bool calibrated)
    {
        var data = KnownTrajectory.Generate(episodes, 3);
        data.Add([20.0]); // one score only: not counted
        var calibration = ExpectedTrajectory.Calibrate(data, true, 0, 40, new TrajectoryOptions(MinimumEpisodes: 100));
        Assert.Equal(calibrated, calibration.IsCalibrated);
        Assert.Equal(episodes, calibration.EpisodesUsed);
        Assert.Equal(calibrated, calibration.Points.Count > 0);
        Assert.Equal(calibrated, calibration.Fit is not null);
    }

    [Fact]
    public void AnEmptyServiceIsNotCalibrated()
    {
        var calibration = ExpectedTrajectory.Calibrate([], true, 0, 40, new TrajectoryOptions());
        Assert.False(calibration.IsCalibrated);
        Assert.Equal(0, calibration.EpisodesUsed);
    }

    // Expected = 5 + intake, bound = intake (at session 2 and every later one).
    static TrajectoryCalibration Fixed(bool higherIsBetter = true) => new(true, 100, 100,
        [new TrajectoryCurvePoint(2, 100, new QuantileLine(higherIsBetter ? 5 : -5, 1), new QuantileLine(0, 1), 0.5)],
        new TrajectoryFit(100, 0.5, 0.25, 2), higherIsBetter, 0, 40);

    [Theory]
    [InlineData(2, 25.0, TrajectoryStatus.Green)]   // exactly at expected
    [InlineData(2, 24.9, TrajectoryStatus.Orange)]
    [InlineData(2, 20.0, TrajectoryStatus.Orange)]  // exactly at the lower bound
    [InlineData(2, 19.9, TrajectoryStatus.Red)]
    [InlineData(9, 19.9, TrajectoryStatus.Red)]     // later sessions reuse session 2's lines
    [InlineData(1, 0.0, TrajectoryStatus.Grey)]     // one score: nothing to compare
    public void StatusBoundariesAreInclusiveOfExpectedAndBound(int sessions, double latest, TrajectoryStatus status)
    {
        var position = ExpectedTrajectory.Evaluate(Fixed(), 20m, sessions, (decimal)latest);
        Assert.Equal(status, position.Status);
        if (status != TrajectoryStatus.Grey)
        {
            Assert.Equal(25.0m, position.Expected);
            Assert.Equal(20.0m, position.Bound);
        }
    }

    [Theory]
    [InlineData(15.0, TrajectoryStatus.Green)]
    [InlineData(15.1, TrajectoryStatus.Orange)]
    [InlineData(20.0, TrajectoryStatus.Orange)]
    [InlineData(20.1, TrajectoryStatus.Red)]
    public void LowerIsBetterMirrorsTheStatus(double latest, TrajectoryStatus status) =>
        Assert.Equal(status, ExpectedTrajectory.Evaluate(Fixed(higherIsBetter: false), 20m, 3, (decimal)latest).Status);

    [Fact]
    public void ExpectationsAreClampedToTheScaleAndRoundedHalfAwayFromZero()
    {
        var top = ExpectedTrajectory.Evaluate(Fixed(), 38m, 2, 40m);
        Assert.Equal(40m, top.Expected);
        Assert.Equal(TrajectoryStatus.Green, top.Status);
        var half = ExpectedTrajectory.Evaluate(Fixed(), 19.95m, 2, 24.9m);
        Assert.Equal(25.0m, half.Expected); // 24.95 → 25.0
        Assert.Equal(20.0m, half.Bound);    // 19.95 → 20.0
        Assert.Equal(TrajectoryStatus.Orange, half.Status);
    }

    [Fact]
    public void TheBoundIsNeverBetterThanTheExpectedScore()
    {
        // Crossing lines: the bound is above the median at high intakes.
        var crossing = new TrajectoryCalibration(true, 100, 100,
            [new TrajectoryCurvePoint(2, 100, new QuantileLine(10, 0.5), new QuantileLine(0, 1), 0)], null, true, 0, 40);
        var position = ExpectedTrajectory.Evaluate(crossing, 30m, 2, 24.9m);
        Assert.Equal(25m, position.Expected);
        Assert.Equal(25m, position.Bound);
        Assert.Equal(TrajectoryStatus.Red, position.Status);
    }

    [Theory]
    [InlineData(1, null, TrajectoryStatus.Grey)]
    [InlineData(2, null, TrajectoryStatus.Green)]
    [InlineData(3, ProgressAlertKind.Discuss, TrajectoryStatus.Orange)]
    [InlineData(6, ProgressAlertKind.Reconsider, TrajectoryStatus.Red)]
    [InlineData(2, ProgressAlertKind.Deterioration, TrajectoryStatus.Red)]
    public void TheFallbackStatusFollowsTheSessionRules(int sessions, ProgressAlertKind? kind, TrajectoryStatus status)
    {
        var alert = kind is { } k ? new ProgressAlert(k, Severity.Low, sessions) : null;
        var position = ExpectedTrajectory.FromRules(sessions, alert);
        Assert.Equal(status, position.Status);
        Assert.Null(position.Expected);
    }

    [Fact]
    public void OptionsOutOfRangeThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedTrajectory.Calibrate([], true, 0, 40, new TrajectoryOptions(MinimumEpisodes: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedTrajectory.Calibrate([], true, 0, 40, new TrajectoryOptions(MinimumEpisodes: 10, MinimumPerSession: 11)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedTrajectory.Calibrate([], true, 0, 40, new TrajectoryOptions(BoundQuantile: 0.5)));
        Assert.Throws<ArgumentException>(() => ExpectedTrajectory.Calibrate([[1.0, double.NaN]], true, 0, 40, new TrajectoryOptions()));
    }
}
