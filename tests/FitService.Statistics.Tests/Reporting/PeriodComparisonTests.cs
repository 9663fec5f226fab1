using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

public class PeriodComparisonTests
{
    // R: t.test(extra ~ group, data = sleep) (Welch, the default): mean of x 0.75, mean of y 2.33,
    // 95 percent CI -3.3654832 0.2054832 for mean(group 1) - mean(group 2). Published in R's own
    // documentation output; tolerance 1e-6 (7 significant digits printed).
    [Fact]
    public void WelchMatchesRsSleepExample()
    {
        double[] group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
        double[] group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

        // Our difference is second - first, so pass group 2 first to get group1 - group2.
        var diff = PeriodComparison.WelchMeanDifference(10, Aggregates.Mean(group2), Aggregates.SampleStandardDeviation(group2),
            10, Aggregates.Mean(group1), Aggregates.SampleStandardDeviation(group1));

        Assert.Equal(-1.58, diff.Value, 1e-12);
        Assert.Equal(-3.3654832, diff.CiLow, 1e-6);
        Assert.Equal(0.2054832, diff.CiHigh, 1e-6);
    }

    // R package contingencytables, tests/testthat (chapter 4): Newcombe_hybrid_score_CI_2x2(perondi_2004),
    // counts 7/34 vs 1/34 -> "estimate = 0.1765 (95% CI 0.0189 to 0.3404)". Printed to 4 decimals: tolerance 5e-5.
    [Fact]
    public void NewcombeMatchesContingencytables()
    {
        var diff = PeriodComparison.NewcombeDifference(1, 34, 7, 34);

        Assert.Equal(0.1765, diff.Value, 5e-5);
        Assert.Equal(0.0189, diff.CiLow, 5e-5);
        Assert.Equal(0.3404, diff.CiHigh, 5e-5);
    }

    [Fact]
    public void NewcombeIsAntisymmetricAndStaysInRange()
    {
        var forward = PeriodComparison.NewcombeDifference(3, 20, 17, 20);
        var backward = PeriodComparison.NewcombeDifference(17, 20, 3, 20);
        Assert.Equal(forward.Value, -backward.Value, 1e-12);
        Assert.Equal(forward.CiLow, -backward.CiHigh, 1e-12);
        var extreme = PeriodComparison.NewcombeDifference(0, 5, 5, 5);
        Assert.InRange(extreme.CiLow, -1, 1);
        Assert.InRange(extreme.CiHigh, -1, 1);
        Assert.Equal(1, extreme.Value);
    }

    [Fact]
    public void EffectSizeDifferenceAddsTheVariances()
    {
        var a = new EffectSize(0.5, 0.5 - Aggregates.Z95 * 0.1, 0.5 + Aggregates.Z95 * 0.1);
        var b = new EffectSize(0.9, 0.9 - Aggregates.Z95 * 0.2, 0.9 + Aggregates.Z95 * 0.2);

        var diff = PeriodComparison.EffectSizeDifference(a, b);

        Assert.Equal(0.4, diff.Value, 1e-12);
        Assert.Equal(0.4 - Aggregates.Z95 * Math.Sqrt(0.01 + 0.04), diff.CiLow, 1e-12);
        Assert.Equal(0.4 + Aggregates.Z95 * Math.Sqrt(0.01 + 0.04), diff.CiHigh, 1e-12);
    }

    [Fact]
    public void WelchWithoutVarianceHasZeroWidthAndRejectsTinyGroups()
    {
        var flat = PeriodComparison.WelchMeanDifference(5, 3, 0, 5, 4, 0);
        Assert.Equal(1, flat.Value);
        Assert.Equal(1, flat.CiLow);
        Assert.Throws<ArgumentOutOfRangeException>(() => PeriodComparison.WelchMeanDifference(1, 3, 1, 5, 4, 1));
    }
}
