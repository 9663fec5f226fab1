using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class JacobsonTruaxTests
{
    const double Tolerance = 1e-9;

    // Inputs from the R package clinicalsignificance, tests/testthat/test-calc_rci_jt.R (sd_pre = 5,
    // reliability = .80, changes -8, -4, 0, 4, 8); expected values recomputed by hand from the
    // published formulas SE = s1·sqrt(1-r), Sdiff = sqrt(2·SE²), RCI = change/Sdiff (same as that test does).
    [Fact]
    public void StandardErrorsMatchTheClinicalSignificancePackageExample()
    {
        Assert.Equal(2.2360679774997898, JacobsonTruax.StandardError(5, 0.80), Tolerance);
        Assert.Equal(3.1622776601683795, JacobsonTruax.StandardErrorOfDifference(5, 0.80), Tolerance);
    }

    [Theory]
    [InlineData(-8, -2.5298221281347035)]
    [InlineData(-4, -1.2649110640673518)]
    [InlineData(0, 0)]
    [InlineData(4, 1.2649110640673518)]
    [InlineData(8, 2.5298221281347035)]
    public void ReliableChangeIndexMatchesTheClinicalSignificancePackageExample(double change, double expected)
    {
        Assert.Equal(expected, JacobsonTruax.ReliableChangeIndex(20, 20 + change, 5, 0.80), Tolerance);
    }

    [Fact]
    public void ThresholdIsZTimesSdiff()
    {
        // 1.96 · 3.16227766 (by hand from the same inputs).
        Assert.Equal(6.198064213930023, JacobsonTruax.ReliableChangeThreshold(5, 0.80), Tolerance);
        // One-sided 95 % (1.645), as some tools use.
        Assert.Equal(1.645 * 3.1622776601683795, JacobsonTruax.ReliableChangeThreshold(5, 0.80, 1.645), Tolerance);
    }

    // clinicalsignificance, tests/testthat/test-calc_cutoff.R ("Example from Jacobson et al. (1991)"):
    // clinical M 40, SD 7.5; functional M 60, SD 7.5 -> c = 50, a = 55 / 25, b = 45 / 75.
    [Fact]
    public void CutoffsMatchTheClinicalSignificancePackageExample()
    {
        Assert.Equal(50, JacobsonTruax.CutoffC(40, 7.5, 60, 7.5), Tolerance);
        Assert.Equal(55, JacobsonTruax.CutoffA(40, 7.5, higherIsBetter: true), Tolerance);
        Assert.Equal(25, JacobsonTruax.CutoffA(40, 7.5, higherIsBetter: false), Tolerance);
        Assert.Equal(45, JacobsonTruax.CutoffB(60, 7.5, higherIsBetter: true), Tolerance);
        Assert.Equal(75, JacobsonTruax.CutoffB(60, 7.5, higherIsBetter: false), Tolerance);
    }

    // A lower-is-better instrument (CORE-OM mean item score) with unequal SDs. Inputs as given in the R package
    // clinsig, man/clinsig.Rd example "values from EMB" (Evans, Margison & Barkham 1998): clinical M 1.81,
    // SD 0.53; functional M 0.72, SD 0.57; alpha 0.89. Expected values recomputed by hand from
    // Jacobson & Truax (1991): c = (0.57·1.81 + 0.53·0.72)/1.10; RC = 1.96·sqrt(2)·0.53·sqrt(0.11).
    [Fact]
    public void DeriveUsesTheClinicalSdAndCutoffC()
    {
        var derived = JacobsonTruax.Derive(new Norms(1.81, 0.53, 0.72, 0.57, 0.89));

        Assert.Equal(1.2848181818181818, derived.ClinicalCutoff, Tolerance);
        Assert.Equal(0.48724038913045786, derived.ReliableChangeThreshold, Tolerance);
        Assert.Equal(1.81 - 2 * 0.53, JacobsonTruax.CutoffA(1.81, 0.53, higherIsBetter: false), Tolerance);
        Assert.Equal(0.72 + 2 * 0.57, JacobsonTruax.CutoffB(0.72, 0.57, higherIsBetter: false), Tolerance);
    }

    // The case: s1 = 5.488, r = .80 gives 1.96·√2·5.488·√.2 = 6.80299…; half-to-even to two decimals made it
    // 6.80, so a change of 6.8 counted as reliable. Stored rounded up it is 6.81, and 6.8 is not reliable, as with the exact value.
    [Fact]
    public void AStoredThresholdClassifiesAChangeJustBelowTheExactValueAsNotReliable()
    {
        var derived = JacobsonTruax.Derive(new Norms(15, 5.488, 28, 6, 0.80));
        Assert.Equal(6.80299, derived.ReliableChangeThreshold, 1e-5);

        var stored = JacobsonTruax.ForStorage(derived, higherIsBetter: true);

        Assert.Equal(6.81m, stored.ReliableChangeThreshold);
        Assert.Equal(ReliableChange.Unchanged, ChangeClassification.Classify(10m, 16.8m, stored.ReliableChangeThreshold, true));
        Assert.Equal(ReliableChange.Improved, ChangeClassification.Classify(10m, 16.9m, stored.ReliableChangeThreshold, true));
        Assert.Equal(ReliableChange.Unchanged, ChangeClassification.Classify(16.8m, 10m, stored.ReliableChangeThreshold, true));
        Assert.Equal(ReliableChange.Deteriorated, ChangeClassification.Classify(16.9m, 10m, stored.ReliableChangeThreshold, true));
    }

    // Cutoff c = (6·15 + 5.488·28)/11.488 = 21.2104…: higher is better → stored 21.22 (21.2 stays clinical, as exactly);
    // lower is better → 21.21 (21.3 is clinical, 21.2 not, as exactly). An exact cutoff stays as it is despite binary noise.
    [Fact]
    public void AStoredCutoffIsRoundedTowardsTheFunctionalSideAndKeepsExactValues()
    {
        var derived = JacobsonTruax.Derive(new Norms(15, 5.488, 28, 6, 0.80));
        Assert.Equal(21.21030640668524, derived.ClinicalCutoff, 1e-9);

        Assert.Equal(21.22m, JacobsonTruax.ForStorage(derived, higherIsBetter: true).ClinicalCutoff);
        Assert.Equal(21.21m, JacobsonTruax.ForStorage(derived, higherIsBetter: false).ClinicalCutoff);
        Assert.Equal(ClinicalRange.Clinical, ChangeClassification.RangeOf(21.2m, 21.22m, true));
        Assert.Equal(ClinicalRange.Functional, ChangeClassification.RangeOf(21.3m, 21.22m, true));
        Assert.Equal(ClinicalRange.Functional, ChangeClassification.RangeOf(21.2m, 21.21m, false));
        Assert.Equal(ClinicalRange.Clinical, ChangeClassification.RangeOf(21.3m, 21.21m, false));
        // (0.1·1.81 … ) style noise: 0.1 + 0.2 is 0.30000000000000004 in binary; a cutoff of exactly 25 stays 25.
        Assert.Equal(0.3m, JacobsonTruax.ForStorage(new DerivedThresholds(0.1 + 0.2, 0.1 + 0.2), true).ReliableChangeThreshold);
        Assert.Equal(25m, JacobsonTruax.ForStorage(new DerivedThresholds(5, JacobsonTruax.CutoffC(20, 4.6, 30, 4.6)), true).ClinicalCutoff);
    }

    // Invariant: for random norms, every total and change on the 0.1 grid is classified against the stored values as
    // against the exact (double) values — the stored rounding loses nothing that a recorded score could show.
    [Fact]
    public void StoredThresholdsClassifyEveryScoreOnTheGridAsTheExactValuesDo()
    {
        var random = new Random(20261201);
        for (var trial = 0; trial < 300; trial++)
        {
            var norms = new Norms(5 + random.NextDouble() * 20, 1 + random.NextDouble() * 8, 20 + random.NextDouble() * 15,
                1 + random.NextDouble() * 8, random.NextDouble() * 0.95);
            var higherIsBetter = random.Next(2) == 0;
            var exact = JacobsonTruax.Derive(norms);
            var stored = JacobsonTruax.ForStorage(exact, higherIsBetter);
            for (var tenths = -400; tenths <= 400; tenths++)
            {
                var change = tenths / 10m;
                var exactReliable = Math.Abs((double)change) >= exact.ReliableChangeThreshold;
                Assert.Equal(exactReliable, Math.Abs(change) >= stored.ReliableChangeThreshold);
                if (tenths < 0) continue;
                var score = tenths / 10m;
                var exactClinical = higherIsBetter ? (double)score < exact.ClinicalCutoff : (double)score > exact.ClinicalCutoff;
                Assert.Equal(exactClinical, ChangeClassification.RangeOf(score, stored.ClinicalCutoff, higherIsBetter) == ClinicalRange.Clinical);
            }
        }
    }

    [Fact]
    public void CutoffCLiesBetweenTheMeansNearerTheNarrowerPopulation()
    {
        var c = JacobsonTruax.CutoffC(10, 4, 30, 2);
        Assert.InRange(c, 10, 30);
        Assert.Equal((2 * 10 + 4 * 30) / 6.0, c, Tolerance); // closer to the mean with the smaller SD
        // Equal SDs: the midpoint.
        Assert.Equal(24, JacobsonTruax.CutoffC(20, 3, 28, 3), Tolerance);
    }

    [Fact]
    public void ReliabilityZeroGivesSdiffOfSqrtTwoSd() =>
        Assert.Equal(Math.Sqrt(2) * 5, JacobsonTruax.StandardErrorOfDifference(5, 0), Tolerance);

    [Theory]
    [InlineData(-1, 0.8)]
    [InlineData(0, 0.8)]
    [InlineData(double.NaN, 0.8)]
    [InlineData(5, 1.0)]
    [InlineData(5, -0.01)]
    [InlineData(5, 1.5)]
    [InlineData(5, double.NaN)]
    public void InvalidSdOrReliabilityThrows(double sd, double reliability)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobsonTruax.StandardError(sd, reliability));
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobsonTruax.ReliableChangeThreshold(sd, reliability));
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobsonTruax.ReliableChangeIndex(1, 2, sd, reliability));
    }

    [Fact]
    public void InvalidCutoffArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobsonTruax.CutoffC(20, -1, 28, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobsonTruax.CutoffC(20, 5, 28, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobsonTruax.CutoffA(double.NaN, 5, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobsonTruax.CutoffB(20, -5, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobsonTruax.ReliableChangeThreshold(5, 0.8, 0));
        Assert.Throws<ArgumentNullException>(() => JacobsonTruax.Derive(null!));
    }
}
