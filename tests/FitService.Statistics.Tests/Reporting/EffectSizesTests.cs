using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

public class EffectSizesTests
{
    // metafor, tests/testthat/test_misc_escalc.r, "escalc() works correctly for measure='MC/SMCRH'":
    // escalc(measure = "SMCRH", m1i = 26, m2i = 22, sd1i = sqrt(30), sd2i = sqrt(20), ni = 60, ri = 0.7)
    // → yi = 0.7210, vi = 0.0133 (published to 4 decimals: tolerance 5e-5). metafor applies c(n − 1) by default.
    // SD of change: √(30 + 20 − 2·0.7·√30·√20).
    [Fact]
    public void BonettMatchesMetaforSmcrh()
    {
        var sdChange = Math.Sqrt(30 + 20 - 2 * 0.7 * Math.Sqrt(30) * Math.Sqrt(20));

        var es = EffectSizes.PrePostBonett(60, 26 - 22, Math.Sqrt(30), sdChange, smallSampleCorrection: true);

        Assert.Equal(0.7210, es.Value, 5e-5);
        var variance = Math.Pow((es.CiHigh - es.CiLow) / (2 * Aggregates.Z95), 2);
        Assert.Equal(0.0133, variance, 5e-5);
        // Uncorrected, as the reports use it: 4/√30, v by hand from equation 13.
        var plain = EffectSizes.PrePostBonett(60, 4, Math.Sqrt(30), sdChange);
        Assert.Equal(4 / Math.Sqrt(30), plain.Value, 1e-12);
        var v = sdChange * sdChange / (30.0 * 59) + plain.Value * plain.Value / 118;
        Assert.Equal(plain.Value - Aggregates.Z95 * Math.Sqrt(v), plain.CiLow, 1e-12);
    }

    // The case of the issue: SDs 4.5 and 7.5, r = .3, n = 100. The Becker (1988) interval, which assumes equal SDs,
    // is about 27 % narrower than Bonett's (d = 0.5: √(0.01525 / 0.029321) = 0.721).
    [Fact]
    public void WithUnequalSdsTheBeckerIntervalIsTooNarrow()
    {
        var sdChange = Math.Sqrt(4.5 * 4.5 + 7.5 * 7.5 - 2 * 0.3 * 4.5 * 7.5);
        var bonett = EffectSizes.PrePostBonett(100, 0.5 * 4.5, 4.5, sdChange);
        var becker = Aggregates.PrePostEffectSize(100, 0.5 * 4.5, 4.5, 0.3);

        Assert.Equal(bonett.Value, becker.Value, 1e-12);
        Assert.Equal(0.721, (becker.CiHigh - becker.CiLow) / (bonett.CiHigh - bonett.CiLow), 1e-3);
    }

    // Hedges' exact c(m): c(2) = 1/√π = 0.5642, c(3) = Γ(1.5)/√1.5 = 0.7236, c(10) = 0.9227 (Hedges 1981, J Educ Stat
    // 6:107–128, table of c(m), 4 decimals: tolerance 5e-5); the approximation 1 − 3/(4m − 1) is within 1e-5 at m = 59.
    [Theory]
    [InlineData(2, 0.5642)]
    [InlineData(3, 0.7236)]
    [InlineData(10, 0.9227)]
    public void TheCorrectionFactorIsHedgesExactOne(int m, double published) =>
        Assert.Equal(published, EffectSizes.Correction(m), 5e-5);

    [Fact]
    public void TheCorrectionFactorApproachesItsApproximation() =>
        Assert.Equal(1 - 3.0 / (4 * 59 - 1), EffectSizes.Correction(59), 1e-5);

    // R: t.test(sleep$extra[sleep$group == 1]) → mean 0.75, 95 % CI −0.5297804 to 2.0297804 (R datasets, Cushny &
    // Peebles 1905; printed to 7 decimals: tolerance 1e-7). With a normative SD of 1 the normative effect size is
    // that mean and interval; with SD 2 both halve.
    [Fact]
    public void NormativeEffectSizeIsTheTIntervalOfTheMeanChangeOverTheFixedSd()
    {
        double[] extra = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
        var mean = extra.Average();
        var sd = Aggregates.SampleStandardDeviation(extra);

        var es = EffectSizes.Normative(extra.Length, mean, sd, normativeSd: 1);

        Assert.Equal(0.75, es.Value, 1e-12);
        Assert.Equal(-0.5297804, es.CiLow, 1e-7);
        Assert.Equal(2.0297804, es.CiHigh, 1e-7);
        var halved = EffectSizes.Normative(extra.Length, mean, sd, normativeSd: 2);
        Assert.Equal(-0.5297804 / 2, halved.CiLow, 1e-7);
    }

    [Fact]
    public void NoChangeSpreadGivesAPointIntervalAndBadInputThrows()
    {
        var es = EffectSizes.Normative(5, 2, 0, 4);
        Assert.Equal(0.5, es.CiLow, 1e-12);
        Assert.Equal(0.5, es.CiHigh, 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectSizes.PrePostBonett(1, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectSizes.PrePostBonett(5, 1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectSizes.Normative(5, 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectSizes.Normative(5, double.NaN, 1, 1));
    }
}
