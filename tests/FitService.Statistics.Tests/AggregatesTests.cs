using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class AggregatesTests
{
    // Newcombe RG (1998), Two-sided confidence intervals for the single proportion: comparison of seven
    // methods, Stat Med 17:857–872, Table I, method 3 (Wilson score interval without continuity correction).
    // Published to 4 decimals, so tolerance 5e-5.
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    // R package contingencytables (Fagerland, Lydersen & Laake 2017), tests/testthat/test-ch2.R:
    // Wilson_score_CI_1x2(X = 13, n = 16) -> 0.5699 to 0.9341.
    [InlineData(13, 16, 0.5699, 0.9341)]
    public void WilsonMatchesPublishedIntervals(int x, int n, double low, double high)
    {
        var ci = Aggregates.Wilson(x, n);

        Assert.Equal((double)x / n, ci.Value, 1e-15);
        Assert.Equal(low, ci.CiLow, 5e-5);
        Assert.Equal(high, ci.CiHigh, 5e-5);
    }

    [Fact]
    public void WilsonContainsTheEstimateStaysInTheUnitIntervalAndIsSymmetric()
    {
        foreach (var n in new[] { 1, 2, 5, 10, 37, 100, 1000 })
        for (var x = 0; x <= n; x++)
        {
            var ci = Aggregates.Wilson(x, n);
            Assert.InRange(ci.CiLow, 0, ci.Value);
            Assert.InRange(ci.CiHigh, ci.Value, 1);
            var mirror = Aggregates.Wilson(n - x, n);
            Assert.Equal(ci.CiLow, 1 - mirror.CiHigh, 1e-12);
        }
        Assert.Equal(0, Aggregates.Wilson(0, 7).CiLow);
        Assert.Equal(1, Aggregates.Wilson(7, 7).CiHigh);
    }

    [Fact]
    public void WilsonIsNarrowerAtLowerConfidence()
    {
        var ci95 = Aggregates.Wilson(30, 100);
        var ci90 = Aggregates.Wilson(30, 100, z: 1.6448536269514722);
        Assert.True(ci90.CiLow > ci95.CiLow && ci90.CiHigh < ci95.CiHigh);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    public void WilsonRejectsImpossibleCounts(int x, int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Aggregates.Wilson(x, n));

    // NIST StRD, Univariate Summary Statistics, NumAcc1: 10000001, 10000003, 10000002;
    // certified mean 10000002, certified standard deviation 1 (n - 1).
    [Fact]
    public void MeanAndSdMatchNistNumAcc1()
    {
        double[] data = [10000001, 10000003, 10000002];
        Assert.Equal(10000002, Aggregates.Mean(data), 1e-8);
        Assert.Equal(1, Aggregates.SampleStandardDeviation(data), 1e-8);
    }

    // NIST StRD NumAcc3: 1000000.2 followed by 1000 values alternating 1000000.1, 1000000.3;
    // certified mean 1000000.2, certified standard deviation 0.1. Ill-conditioned: a one-pass
    // sum-of-squares formula fails it.
    [Fact]
    public void MeanAndSdMatchNistNumAcc3()
    {
        var data = new List<double> { 1000000.2 };
        for (var i = 0; i < 500; i++) data.AddRange([1000000.1, 1000000.3]);

        Assert.Equal(1000000.2, Aggregates.Mean(data), 1e-8);
        Assert.Equal(0.1, Aggregates.SampleStandardDeviation(data), 1e-8);
    }

    [Fact]
    public void MeanAndSdEdgeCases()
    {
        Assert.Equal(4.5, Aggregates.Mean([4.5]));
        Assert.Equal(0, Aggregates.SampleStandardDeviation([3, 3, 3]));
        Assert.Throws<ArgumentException>(() => Aggregates.Mean([]));
        Assert.Throws<ArgumentException>(() => Aggregates.SampleStandardDeviation([1]));
        Assert.Throws<ArgumentException>(() => Aggregates.Mean([1, double.NaN]));
        Assert.Throws<ArgumentException>(() => Aggregates.SampleStandardDeviation([1, double.PositiveInfinity]));
        Assert.Throws<ArgumentNullException>(() => Aggregates.Mean(null!));
    }

    // Variance of the standardised mean change with raw-score (pre SD) standardisation, Becker (1988):
    // v = 2(1 - r)/n + d²/(2n), as in metafor R/escalc.R, measure "SMCR" (metafor also multiplies d by the
    // small-sample correction c(n - 1); we do not). No published worked example was found for these data:
    // expected values recomputed by hand (Python, statistics module) from that formula:
    // SD(intake) = sqrt(10) = 3.16228, mean change 8 -> d = 2.52982, r = 0.817630, v = 0.712948.
    [Fact]
    public void EffectSizeUsesTheIntakeSdAndBeckerVariance()
    {
        double[] intake = [10, 14, 12, 16, 18];
        double[] last = [20, 22, 17, 26, 25];

        var es = Aggregates.PrePostEffectSize(intake, last);

        Assert.Equal(2.5298221281347035, es.Value, 1e-12);
        Assert.Equal(0.8749019899792341, es.CiLow, 1e-12);
        Assert.Equal(4.184742266290173, es.CiHigh, 1e-12);
    }

    [Fact]
    public void EffectSizeInvariants()
    {
        double[] intake = [10, 14, 12, 16, 18];
        double[] last = [20, 22, 17, 26, 25];
        var es = Aggregates.PrePostEffectSize(intake, last);

        // Shifting both occasions or rescaling them leaves d unchanged; swapping pre and post in time
        // (scores falling by the same amounts) flips its sign when the SDs match.
        var shifted = Aggregates.PrePostEffectSize(intake.Select(v => v + 100).ToArray(), last.Select(v => v + 100).ToArray());
        var scaled = Aggregates.PrePostEffectSize(intake.Select(v => v * 3).ToArray(), last.Select(v => v * 3).ToArray());
        var falling = Aggregates.PrePostEffectSize(intake, intake.Zip(last, (a, b) => a - (b - a)).ToArray());
        Assert.Equal(es.Value, shifted.Value, 1e-12);
        Assert.Equal(es.Value, scaled.Value, 1e-12);
        Assert.Equal(es.CiLow, scaled.CiLow, 1e-12);
        Assert.Equal(-es.Value, falling.Value, 1e-12);
        Assert.InRange(es.Value, es.CiLow, es.CiHigh);
    }

    [Fact]
    public void NoChangeGivesZeroWithAnIntervalAroundIt()
    {
        double[] scores = [10, 14, 12, 16, 18];
        var es = Aggregates.PrePostEffectSize(scores, scores);
        Assert.Equal(0, es.Value);
        // r = 1 and d = 0: the Becker variance is 0.
        Assert.Equal(0, es.CiLow);
        Assert.Equal(0, es.CiHigh);
    }

    [Fact]
    public void ConstantLastScoresUseZeroCorrelation()
    {
        double[] intake = [10, 14, 12, 16, 18];
        double[] last = [20, 20, 20, 20, 20];
        var es = Aggregates.PrePostEffectSize(intake, last);
        var d = (20 - 14) / Math.Sqrt(10);
        Assert.Equal(d, es.Value, 1e-12);
        Assert.Equal(d - Aggregates.Z95 * Math.Sqrt(2.0 / 5 + d * d / 10), es.CiLow, 1e-12);
    }

    [Fact]
    public void EffectSizeRejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => Aggregates.PrePostEffectSize([1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => Aggregates.PrePostEffectSize([1], [2]));
        Assert.Throws<ArgumentException>(() => Aggregates.PrePostEffectSize([5, 5, 5], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => Aggregates.PrePostEffectSize([1, double.NaN], [1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Aggregates.PrePostEffectSize([1, 2], [2, 3], z: -1));
    }
}
