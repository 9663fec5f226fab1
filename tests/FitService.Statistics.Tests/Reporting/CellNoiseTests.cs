using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

/// <summary>
/// The one noise source of every published table (docs/reports.md, "Disclosure control"): draws in order from the cell's key
/// and content, counts from the perturbation table, means within ± budget / n.
/// </summary>
public class CellNoiseTests
{
    [Fact]
    public void TheClientFiguresDrawFromCellNoiseInOrder()
    {
        var random = new Random(31);
        for (var d = 0; d < 200; d++)
        {
            var totals = SyntheticEpisodes.TotalsOf(SyntheticEpisodes.Generate(random.Next(1, 40), random.Next()));
            var key = new CellKey((ulong)random.NextInt64());
            var noise = new CellNoise(key, CellKeyPerturbation.Fingerprint(totals));
            // The change sample is the first number Perturb draws, the reliably improved count the second.
            Assert.Equal(noise.Count(totals.ChangeSample), CellKeyPerturbation.Perturb(totals, key).ChangeSample);
            Assert.Equal(Math.Min(noise.Count(totals.ReliablyImproved), CellKeyPerturbation.Perturb(totals, key).ChangeSample),
                CellKeyPerturbation.Perturb(totals, key).ReliablyImproved);
        }
    }

    [Fact]
    public void TheSameCellAlwaysDrawsTheSameNoiseAndAnotherContentFreshNoise()
    {
        var key = new CellKey(0x1234_5678_9ABC_DEF0UL);
        var fingerprint = CellKeyPerturbation.Fingerprint(0xABCDUL, [7, 7], [140.5m, 170.25m]);
        Assert.Equal(fingerprint, CellKeyPerturbation.Fingerprint(0xABCDUL, [7, 7], [140.5m, 170.25m]));
        Assert.NotEqual(fingerprint, CellKeyPerturbation.Fingerprint(0xABCDUL, [7, 7], [140.5m, 170.26m])); // one hundredth more
        Assert.NotEqual(fingerprint, CellKeyPerturbation.Fingerprint(0xABCEUL, [7, 7], [140.5m, 170.25m])); // another table
        var (a, b) = (new CellNoise(key, fingerprint), new CellNoise(key, fingerprint));
        Assert.Equal((a.Count(7), a.Mean(20, 7)), (b.Count(7), b.Mean(20, 7)));
    }

    // ± budget / n exactly as stated: 30/n points for a mean score (1 point at n = 30, 0.3 at 100), counts ±2.
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(100)]
    public void AMeanMovesByLessThanItsBudgetOverNAndACountByAtMostTwo(long n)
    {
        var random = new Random((int)n);
        var moved = new List<double>();
        for (var d = 0; d < 2000; d++)
        {
            var noise = new CellNoise(new CellKey((ulong)random.NextInt64()), (ulong)random.NextInt64());
            var count = noise.Count(n);
            Assert.InRange(count, Math.Max(n < 5 ? 0 : 5, n - CellKeyPerturbation.MaximumCountNoise), n + CellKeyPerturbation.MaximumCountNoise);
            var mean = noise.Mean(20, n);
            Assert.True(Math.Abs(mean - 20) < CellKeyPerturbation.MeanBudget / n, $"mean {mean} over {n}");
            moved.Add(mean - 20);
        }
        // Triangular on (−30/n, 30/n): mean 0, SD (30/n)/√6; over 2000 draws the average is within 4 standard errors of 0.
        var sd = CellKeyPerturbation.MeanBudget / n / Math.Sqrt(6);
        Assert.InRange(moved.Average(), -4 * sd / Math.Sqrt(2000), 4 * sd / Math.Sqrt(2000));
        Assert.InRange(Math.Sqrt(moved.Select(x => x * x).Average()), 0.9 * sd, 1.1 * sd);
    }

    [Fact]
    public void AMeanOverNothingIsLeftAsItIsAndTakesNoDraw()
    {
        var key = new CellKey(99);
        var (a, b) = (new CellNoise(key, 7), new CellNoise(key, 7));
        Assert.Equal(12.5, a.Mean(12.5, 0));
        Assert.Equal(b.Count(10), a.Count(10)); // a's first draw is still unused
    }
}
