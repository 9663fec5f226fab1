using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

/// <summary>
/// The cell-key method over random small data sets: the noise is a fixed function of the contributors, bounded as
/// docs/reports.md states, and the difference of two groups that differ by one episode does not give that episode's value.
/// </summary>
public class CellKeyPerturbationTests
{
    const int DataSets = 200;

    static (List<EpisodeOutcome> Episodes, long[] Keys) DataSet(Random random, int count)
    {
        var episodes = SyntheticEpisodes.Generate(count, random.Next());
        return (episodes, [.. episodes.Select(_ => random.NextInt64(long.MinValue, long.MaxValue))]);
    }

    static OutcomeMetrics Published(IReadOnlyList<EpisodeOutcome> episodes, IEnumerable<long> keys) =>
        OutcomeReport.FromTotals(CellKeyPerturbation.Perturb(SyntheticEpisodes.TotalsOf(episodes), CellKey.Of(keys)));

    [Fact]
    public void TheSameContributorsAlwaysGetTheSameNoiseInAnyOrder()
    {
        var random = new Random(8);
        for (var d = 0; d < DataSets; d++)
        {
            var (episodes, keys) = DataSet(random, random.Next(1, 40));
            var once = Published(episodes, keys);
            var order = Enumerable.Range(0, episodes.Count).OrderBy(_ => random.Next()).ToList();
            var again = Published([.. order.Select(i => episodes[i])], order.Select(i => keys[i]));
            MetricsAssert.Same(once, again, tolerance: 0);
        }
    }

    [Fact]
    public void CountsMoveByAtMostTwoAndStayInTheirBand()
    {
        var random = new Random(9);
        for (var d = 0; d < DataSets; d++)
        {
            var (episodes, keys) = DataSet(random, random.Next(1, 60));
            var exact = SyntheticEpisodes.TotalsOf(episodes);
            var published = CellKeyPerturbation.Perturb(exact, CellKey.Of(keys));
            foreach (var (e, p) in new[]
                     {
                         (exact.Episodes, published.Episodes), (exact.Clients, published.Clients), (exact.ChangeSample, published.ChangeSample),
                         (exact.Closed, published.Closed), (exact.IntakeFunctional, published.IntakeFunctional),
                         (exact.TrajectoryEvaluated, published.TrajectoryEvaluated), (exact.ReliablyImproved, published.ReliablyImproved),
                     })
            {
                Assert.InRange(p, e - 2, e + 2);
                // 0-4 stays 0-4, 5 or more stays 5 or more (shown alike).
                Assert.Equal(e >= 5, p >= 5);
            }
            // Nothing over a denominator of 1-4 is shown: withheld, or null when its perturbed denominator came out 0.
            var shown = OutcomeReport.FromTotals(published);
            var (withheld, _) = SmallDenominators.Withhold(shown); // the metrics as published
            var exactMetrics = OutcomeReport.FromTotals(exact);
            foreach (var (n, value) in new (long, object?)[]
                     {
                         (exactMetrics.ChangeSample, withheld.MeanChange), (exactMetrics.ChangeSample, withheld.ReliablyImproved),
                         (exactMetrics.IntakeFunctional, withheld.Harmed), (exactMetrics.ClosedEpisodes, withheld.Dropout),
                         (exactMetrics.ClosedEpisodes, withheld.MeanDays), (exactMetrics.TrajectoryEvaluated, withheld.OnExpectedTrajectory),
                         (exactMetrics.OpenChange.Episodes, withheld.OpenChange.MeanChange), (exactMetrics.AllianceIntakes, withheld.MeanIntakeAlliance),
                     })
                if (n is > 0 and < 5) Assert.Null(value);
        }
    }

    // docs/reports.md: a group of 30 or more keeps counts within ±2, means within 30/n points (≤ 1), SDs within 15/n,
    // shares within 2/n + the rounding of the perturbed denominator.
    [Fact]
    public void AGroupOfThirtyOrMoreStaysWithinTheStatedBounds()
    {
        var random = new Random(10);
        for (var d = 0; d < DataSets; d++)
        {
            var (episodes, keys) = DataSet(random, random.Next(60, 400));
            var exactTotals = SyntheticEpisodes.TotalsOf(episodes);
            if (exactTotals.ChangeSample < 30) continue;
            var exact = OutcomeReport.FromTotals(exactTotals);
            var published = Published(episodes, keys);
            double n = exact.ChangeSample;
            Assert.InRange(published.ChangeSample, n - 2, n + 2);
            Assert.InRange(published.MeanIntake!.Value, exact.MeanIntake!.Value - 30 / n, exact.MeanIntake.Value + 30 / n);
            Assert.InRange(published.MeanChange!.Value, exact.MeanChange!.Value - 30 / n, exact.MeanChange.Value + 30 / n);
            Assert.InRange(published.MeanLast!.Value, exact.MeanLast!.Value - 60 / n, exact.MeanLast.Value + 60 / n);
            Assert.InRange(published.SdIntake!.Value, exact.SdIntake!.Value - 15 / n - 1e-9, exact.SdIntake.Value + 15 / n + 1e-9);
            Assert.InRange(published.SdChange!.Value, exact.SdChange!.Value - 15 / n - 1e-9, exact.SdChange.Value + 15 / n + 1e-9);
            Assert.InRange(Math.Abs(published.MeanChange.Value - exact.MeanChange.Value), 0, 1);
            // A share x/n published as x'/n' with |x' − x| ≤ 2 and |n' − n| ≤ 2: within 4/(n − 2) ≤ 0.143 at n = 30.
            var share = 4 / (n - 2);
            Assert.InRange(published.ReliablyImproved!.Value, exact.ReliablyImproved!.Value - share, exact.ReliablyImproved.Value + share);
            Assert.InRange(published.Recovered!.Value, exact.Recovered!.Value - share, exact.Recovered.Value + share);
            Assert.InRange(published.MeanDays!.Value, exact.MeanDays!.Value - 210.0 / exact.ClosedEpisodes - 1, exact.MeanDays.Value + 210.0 / exact.ClosedEpisodes + 1);
        }
    }

    // Differencing: B = A plus one episode x. Whatever the attacker does with the two published groups, the change
    // and the intake of x come out with an error that covers the instrument's range, and never exactly.
    [Fact]
    public void DifferencingTwoGroupsThatDifferByOneEpisodeDoesNotGiveItsValue()
    {
        var random = new Random(11);
        var errors = new List<double>();
        for (var d = 0; d < DataSets; d++)
        {
            var (episodes, keys) = DataSet(random, random.Next(8, 80));
            var x = episodes.FindIndex(e => e.Sample == ReportSample.ChangeSample);
            if (x < 0) continue;
            var withX = SyntheticEpisodes.TotalsOf(episodes);
            var others = episodes.Where((_, i) => i != x).ToList();
            var withoutX = SyntheticEpisodes.TotalsOf(others);
            if (withoutX.ChangeSample < 5) continue;
            var b = OutcomeReport.FromTotals(CellKeyPerturbation.Perturb(withX, CellKey.Of(keys)));
            var a = OutcomeReport.FromTotals(CellKeyPerturbation.Perturb(withoutX, CellKey.Of(keys.Where((_, i) => i != x))));
            var truth = (double)(episodes[x].Last!.Value - episodes[x].Intake!.Value);
            // The attacker knows the exact n (the best case for them) and subtracts the sums.
            var recovered = withX.ChangeSample * b.MeanChange!.Value - withoutX.ChangeSample * a.MeanChange!.Value;
            errors.Add(recovered - truth);
            // Certainty: each mean moved by at most 30/n, so the sums by at most 30 points each; the values consistent
            // with what was published fill an interval of change (−40 to 40) far wider than one value.
            var low = Math.Max(-40, recovered - 2 * CellKeyPerturbation.MeanBudget);
            var high = Math.Min(40, recovered + 2 * CellKeyPerturbation.MeanBudget);
            Assert.InRange(truth, low, high);
            Assert.True(high - low > 10, $"the attacker pins the change to [{low}, {high}]");
        }
        Assert.True(errors.Count > 100, $"only {errors.Count} pairs");
        // The error spreads over tens of points (sum-noise bound 30 points on each side), not around 0.
        var spread = Math.Sqrt(errors.Average(e => e * e));
        Assert.InRange(spread, 8, 60);
        Assert.True(errors.Count(e => Math.Abs(e) < 0.5) < errors.Count / 10, "more than a tenth of the pairs came within half a point");
    }

    [Fact]
    public void CountNoiseOfGroupsThatDifferByOneEpisodeIsUnrelated()
    {
        // Over many pairs the noise of A and of A plus one episode agree no more often than two independent draws would.
        var random = new Random(12);
        var same = 0;
        var pairs = 0;
        for (var d = 0; d < 2000; d++)
        {
            var (episodes, keys) = DataSet(random, random.Next(10, 30));
            var a = CellKeyPerturbation.Perturb(SyntheticEpisodes.TotalsOf(episodes[1..]), CellKey.Of(keys[1..]));
            var b = CellKeyPerturbation.Perturb(SyntheticEpisodes.TotalsOf(episodes), CellKey.Of(keys));
            var noiseA = a.Episodes - (episodes.Count - 1);
            var noiseB = b.Episodes - episodes.Count;
            pairs++;
            if (noiseA == noiseB) same++;
        }
        // Independent draws from the table agree with probability 0.1² + 0.2² + 0.4² + 0.2² + 0.1² = 0.26.
        Assert.InRange(same / (double)pairs, 0.20, 0.32);
    }

    [Fact]
    public void ThePerturbationTableHasTheStatedProbabilities()
    {
        var counts = new int[5];
        const int draws = 100_000;
        for (var i = 0; i < draws; i++) counts[CellKeyPerturbation.Count(100, (i + 0.5) / draws) - 98]++;
        Assert.Equal([10_000, 20_000, 40_000, 20_000, 10_000], counts);
        Assert.Equal(2, CellKeyPerturbation.Count(0, 0.99));
        Assert.Equal(2, CellKeyPerturbation.Count(0, 0.01));   // −2 mirrored at 0: a 0 is no proof of nobody
        Assert.Equal(7, CellKeyPerturbation.Count(5, 0.01));   // −2 mirrored at the threshold
        Assert.Equal(1, CellKeyPerturbation.Count(1, 0.01));   // −2 mirrored at 0
        Assert.Equal(2, CellKeyPerturbation.Count(4, 0.99));   // +2 mirrored at 4
        Assert.Throws<ArgumentOutOfRangeException>(() => CellKeyPerturbation.Count(-1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => CellKeyPerturbation.Count(3, 1.0));
    }

    [Fact]
    public void AnEmptyGroupStaysEmptyAndExact()
    {
        Assert.Equal(OutcomeTotals.Empty, CellKeyPerturbation.Perturb(OutcomeTotals.Empty, new CellKey(12345)));
    }

    [Fact]
    public void KeysAddModuloTwoToTheSixtyFour()
    {
        var key = CellKey.Of([long.MaxValue, long.MaxValue, 2]);
        Assert.Equal(0UL, key.Value);
        Assert.Equal(CellKey.Of([long.MaxValue, long.MaxValue, 2]), CellKey.FromSum(2m * long.MaxValue + 2));
        Assert.Equal(CellKey.Of([-5]), CellKey.FromSum(-5));
        Assert.Equal(CellKey.Of([1, 2, 3]), CellKey.Of([1]).Plus(CellKey.Of([2, 3])));
    }
}
