using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class QuantileRegressionTests
{
    [Fact]
    public void AnExactLineIsRecovered()
    {
        double[] x = [10, 12, 15, 18, 20, 25, 30];
        var y = x.Select(v => 2 + 0.5 * v).ToArray();
        foreach (var tau in new[] { 0.25, 0.5, 0.75 })
        {
            var (line, loss) = QuantileRegression.Fit(x, y, tau);
            Assert.Equal(2, line.Intercept, 1e-6);
            Assert.Equal(0.5, line.Slope, 1e-6);
            Assert.Equal(0, loss, 1e-6);
        }
    }

    /// <summary>
    /// A linear-programming solution of quantile regression with p parameters interpolates p observations
    /// (Koenker 2005, Quantile Regression, §6.2), so the minimum over all lines through two data points is the
    /// exact optimum. The search must reach the same loss (to 1e−6 relative).
    /// </summary>
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.25)]
    [InlineData(3, 0.1)]
    [InlineData(4, 0.9)]
    public void TheSearchReachesTheExactMinimumFoundByBruteForce(int seed, double tau)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, 40).Select(_ => Math.Round(40 * random.NextDouble(), 1)).ToArray();
        var y = x.Select(v => Math.Round(5 + 0.7 * v + 6 * (random.NextDouble() - 0.3), 1)).ToArray();
        var best = double.MaxValue;
        for (var i = 0; i < x.Length; i++)
            for (var j = 0; j < x.Length; j++)
            {
                if (x[i] == x[j]) continue;
                var slope = (y[j] - y[i]) / (x[j] - x[i]);
                if (Math.Abs(slope) > QuantileRegression.SlopeLimit) continue;
                best = Math.Min(best, QuantileRegression.CheckLoss(x, y, y[i] - slope * x[i], slope, tau));
            }
        var (_, loss) = QuantileRegression.Fit(x, y, tau);
        Assert.InRange(loss, best - 1e-9, best * (1 + 1e-6) + 1e-9);
    }

    [Fact]
    public void EqualCovariatesGiveAFlatLineAtTheSampleQuantile()
    {
        var (line, _) = QuantileRegression.Fit([5, 5, 5, 5], [1, 2, 3, 4], 0.5);
        Assert.Equal(0, line.Slope);
        Assert.Equal(2, line.Intercept); // ⌈0.5·4⌉ = 2nd smallest
    }

    [Fact]
    public void OneObservationIsItsOwnQuantile()
    {
        var (line, loss) = QuantileRegression.Fit([20], [24], 0.25);
        Assert.Equal(24, line.At(20), 1e-12);
        Assert.Equal(0, loss);
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => QuantileRegression.Fit([], [], 0.5));
        Assert.Throws<ArgumentException>(() => QuantileRegression.Fit([1, 2], [1], 0.5));
        Assert.Throws<ArgumentException>(() => QuantileRegression.Fit([1, double.NaN], [1, 2], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileRegression.Fit([1, 2], [1, 2], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileRegression.Fit([1, 2], [1, 2], 1));
    }
}
