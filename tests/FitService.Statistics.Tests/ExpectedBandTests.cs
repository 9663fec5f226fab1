using FitService.Statistics;

namespace FitService.Statistics.Tests;

/// <summary>The zones the episode graph draws are the status rule itself: same rounding, same boundaries.</summary>
public class ExpectedBandTests
{
    [Fact]
    public void TheBandAgreesWithTheStatusAtEverySessionAndBoundary()
    {
        var calibration = ExpectedTrajectory.Calibrate(KnownTrajectory.Generate(600, 20261202), true, 0, 40, new TrajectoryOptions());
        foreach (var intake in new[] { 8.3m, 19.95m, 31.0m })
        {
            var band = ExpectedTrajectory.Band(calibration, intake, 25);
            Assert.Equal(Enumerable.Range(2, 24), band.Select(p => p.Session));
            foreach (var point in band)
            {
                Assert.True(point.Bound <= point.Expected);
                Assert.Equal(point.Expected, Math.Round(point.Expected, 1));
                Assert.Equal(TrajectoryStatus.Green, Status(point.Expected));
                Assert.Equal(TrajectoryStatus.Orange, Status(point.Expected - 0.1m));
                Assert.Equal(TrajectoryStatus.Orange, Status(point.Bound));
                Assert.Equal(TrajectoryStatus.Red, Status(point.Bound - 0.1m));
                var position = ExpectedTrajectory.Evaluate(calibration, intake, point.Session, point.Expected);
                Assert.Equal((point.Expected, point.Bound), (position.Expected!.Value, position.Bound!.Value));

                TrajectoryStatus Status(decimal score) => ExpectedTrajectory.Evaluate(calibration, intake, point.Session, score).Status;
            }
        }
    }

    [Fact]
    public void AKnownLineGivesItsBandAndLaterSessionsReuseTheLastFittedLines()
    {
        // Expected = intake + 5, bound = intake, fitted at session 2 only.
        var calibration = new TrajectoryCalibration(true, 100, 100,
            [new TrajectoryCurvePoint(2, 100, new QuantileLine(5, 1), new QuantileLine(0, 1), 0.5)], null, true, 0, 40);
        var band = ExpectedTrajectory.Band(calibration, 20m, 4);
        Assert.Equal([new ExpectedBandPoint(2, 25.0m, 20.0m), new ExpectedBandPoint(3, 25.0m, 20.0m), new ExpectedBandPoint(4, 25.0m, 20.0m)], band);
        // Clamped to the scale: intake 38 expects 43, shown as 40.
        Assert.Equal(40m, ExpectedTrajectory.Band(calibration, 38m, 2).Single().Expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void BeforeTheSecondSessionTheBandIsEmpty(int throughSession) =>
        Assert.Empty(ExpectedTrajectory.Band(ExpectedTrajectory.Calibrate(KnownTrajectory.Generate(200, 3), true, 0, 40, new TrajectoryOptions()),
            20m, throughSession));

    [Fact]
    public void AnUncalibratedModelHasNoBand() =>
        Assert.Throws<ArgumentException>(() => ExpectedTrajectory.Band(ExpectedTrajectory.Calibrate([], true, 0, 40, new TrajectoryOptions()), 20m, 3));
}
