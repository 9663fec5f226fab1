using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

/// <summary>
/// Seidel, Miller &amp; Chow (2014) publish no worked example with numbers a test can take. So: (1) with a flat model
/// (intercept 0, slope 0, reference mean change 0, SD 1) the SAES is the mean change and its paired t interval, which
/// R's own example publishes; (2) with a sloped model, an independent recomputation episode by episode (below).
/// </summary>
public class SeverityAdjustedEffectSizeTests
{
    // R datasets::sleep (Cushny & Peebles 1905) as intake (group 1) and last (group 2) of ten paired episodes.
    static readonly double[] Intake = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    static readonly double[] Last = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

    static EffectSize Summary(double[] intake, double[] last, SeverityAdjustmentModel model)
    {
        double[] change = [.. last.Zip(intake, (l, i) => l - i)];
        return SeverityAdjustedEffectSize.FromSummary(intake.Length, intake.Average(), change.Average(),
            Aggregates.SampleStandardDeviation(intake), Aggregates.SampleStandardDeviation(last), Aggregates.SampleStandardDeviation(change), model);
    }

    // R: t.test(extra ~ group, data = sleep, paired = TRUE) (the example in ?t.test; R ≥ 4.4 takes the pairs as
    // t.test(Pair(extra.1, extra.2) ~ 1)): mean difference −1.58, 95 % CI −2.4598858 to −0.7001142, printed to 7
    // decimals: tolerance 1e-7. Our change is group 2 − group 1, so the signs turn.
    [Fact]
    public void WithAFlatModelItIsThePairedTIntervalOfTheChange()
    {
        var saes = Summary(Intake, Last, new SeverityAdjustmentModel(0, 0, 0, 1, null));

        Assert.Equal(1.58, saes.Value, 1e-12);
        Assert.Equal(0.7001142, saes.CiLow, 1e-7);
        Assert.Equal(2.4598858, saes.CiHigh, 1e-7);
    }

    // Independent recomputation (Python 3 statistics module, episode by episode, not the summary algebra):
    //   s_i = (4.8 + (last_i − intake_i) − (11 − 0.5·intake_i)) / 6.5
    //   mean(s) = 1.0826923076923076; mean ± qt(.975, 7)·sd(s)/√8 with qt(.975, 7) = 2.3646242510102993
    //   → 0.7398783147960932 to 1.425506300588522.
    // By hand: x̄ = 14, Δ̄ = 6.2375, residual 6.2375 − (11 − 0.5·14) = 2.2375, (4.8 + 2.2375)/6.5 = 1.0826923.
    // The model's numbers are made up for the test; they come from no published benchmark.
    [Fact]
    public void WithASlopeItMatchesAnEpisodeByEpisodeRecomputation()
    {
        double[] intake = [12.1, 8.4, 19.6, 15.0, 22.3, 6.9, 17.2, 10.5];
        double[] last = [20.4, 18.0, 24.1, 19.9, 23.0, 15.5, 26.8, 14.2];
        var model = new SeverityAdjustmentModel(11.0, -0.5, 4.8, 6.5, 1000);

        var saes = Summary(intake, last, model);

        Assert.Equal(1.0826923076923076, saes.Value, 1e-12);
        Assert.Equal(0.7398783147960932, saes.CiLow, 1e-9);
        Assert.Equal(1.425506300588522, saes.CiHigh, 1e-9);
        // The mean of the episodes' own values is the group's value.
        Assert.Equal(intake.Zip(last, (i, l) => SeverityAdjustedEffectSize.OfEpisode(i, l, model)).Average(), saes.Value, 1e-12);
    }

    // The SD of the episodes' SAES_i from the summary algebra equals the SD of the values computed one by one (the same
    // eight episodes and made-up model as above); the comparison's Welch interval over two groups rests on it.
    [Fact]
    public void TheSdOfTheEpisodesValuesFromSummariesMatchesTheirOwnSd()
    {
        double[] intake = [12.1, 8.4, 19.6, 15.0, 22.3, 6.9, 17.2, 10.5];
        double[] last = [20.4, 18.0, 24.1, 19.9, 23.0, 15.5, 26.8, 14.2];
        var model = new SeverityAdjustmentModel(11.0, -0.5, 4.8, 6.5, 1000);
        double[] change = [.. last.Zip(intake, (l, i) => l - i)];

        var sd = SeverityAdjustedEffectSize.SdOfEpisodes(Aggregates.SampleStandardDeviation(intake), Aggregates.SampleStandardDeviation(last),
            Aggregates.SampleStandardDeviation(change), model);

        Assert.Equal(Aggregates.SampleStandardDeviation([.. intake.Zip(last, (i, l) => SeverityAdjustedEffectSize.OfEpisode(i, l, model))]), sd, 1e-12);
        // With a flat model and SD 1 it is the SD of the change itself.
        Assert.Equal(Aggregates.SampleStandardDeviation(change), SeverityAdjustedEffectSize.SdOfEpisodes(Aggregates.SampleStandardDeviation(intake),
            Aggregates.SampleStandardDeviation(last), Aggregates.SampleStandardDeviation(change), new SeverityAdjustmentModel(0, 0, 0, 1, null)), 1e-12);
    }

    // A department whose episodes change exactly as the model expects scores the reference's own effect size
    // (c / SD), whatever their intakes; with c = 0 (the centred form) it scores 0.
    [Fact]
    public void EpisodesThatChangeAsExpectedScoreTheReferenceEffectSize()
    {
        double[] intake = [10, 14, 18, 22, 26];
        double[] last = [.. intake.Select(x => x + 12 - 0.4 * x)];

        Assert.Equal(5.0 / 8, Summary(intake, last, new SeverityAdjustmentModel(12, -0.4, 5, 8, null)).Value, 1e-12);
        var centred = Summary(intake, last, new SeverityAdjustmentModel(12, -0.4, 0, 8, null));
        Assert.Equal(0, centred.Value, 1e-12);
        Assert.Equal(0, centred.CiHigh - centred.CiLow, 1e-9); // no residual spread: a zero-width interval
    }

    [Fact]
    public void BadInputThrows()
    {
        var model = new SeverityAdjustmentModel(0, 0, 0, 1, null);
        Assert.Throws<ArgumentOutOfRangeException>(() => SeverityAdjustedEffectSize.FromSummary(1, 10, 2, 1, 1, 1, model));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeverityAdjustedEffectSize.FromSummary(5, 10, 2, -1, 1, 1, model));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeverityAdjustedEffectSize.FromSummary(5, double.NaN, 2, 1, 1, 1, model));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SeverityAdjustedEffectSize.FromSummary(5, 10, 2, 1, 1, 1, model with { ReferenceSd = 0 }));
    }
}
