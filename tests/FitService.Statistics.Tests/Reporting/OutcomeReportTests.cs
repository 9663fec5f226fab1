using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

public class OutcomeReportTests
{
    [Theory]
    [InlineData(1, 400)]
    [InlineData(2, 37)]
    [InlineData(3, 5000)]
    public void SufficientStatisticsGiveTheSameNumbersAsTheRows(int seed, int count)
    {
        var episodes = SyntheticEpisodes.Generate(count, seed);

        MetricsAssert.Same(OutcomeReport.Compute(episodes), OutcomeReport.FromTotals(SyntheticEpisodes.TotalsOf(episodes)));
    }

    [Fact]
    public void EveryEpisodeCountsInExactlyOneSample()
    {
        var m = OutcomeReport.Compute(SyntheticEpisodes.Generate(1000, 7));

        Assert.Equal(m.Episodes, m.FewerThanTwoScores + m.StillOpen + m.IntakeFunctional + m.NoCutoff + m.ChangeSample);
        Assert.True(m.FewerThanTwoScores > 0 && m.StillOpen > 0 && m.IntakeFunctional > 0 && m.NoCutoff > 0 && m.ChangeSample > 0);
        Assert.InRange(m.OpenChange.Episodes, 1, m.StillOpen);
        // In the clinical-intake sample nobody can be harmed, so the four shares cover it.
        var sum = m.Recovered!.Value + m.Improved!.Value + m.Unchanged!.Value + m.Deteriorated!.Value;
        Assert.Equal(1, sum, 1e-12);
        Assert.Equal(m.Recovered.Value + m.Improved.Value, m.ReliablyImproved!.Value, 1e-12);
    }

    [Fact]
    public void MergingGroupsEqualsComputingThemAtOnce()
    {
        var episodes = SyntheticEpisodes.Generate(600, 11);
        var a = SyntheticEpisodes.TotalsOf(episodes[..250]);
        var b = SyntheticEpisodes.TotalsOf(episodes[250..]);
        var merged = a.Add(b, clients: episodes.Select(e => e.ClientKey).Distinct().Count());

        MetricsAssert.Same(OutcomeReport.Compute(episodes), OutcomeReport.FromTotals(merged));
    }

    [Fact]
    public void AnEmptyGroupHasCountsAndNoStatistics()
    {
        var m = OutcomeReport.Compute([]);

        Assert.Equal(0, m.Episodes);
        Assert.Null(m.MeanIntake);
        Assert.Null(m.EffectSize);
        Assert.Null(m.Recovered);
        Assert.Null(m.Dropout);
        Assert.Null(m.MeanSessions);
        MetricsAssert.Same(m, OutcomeReport.FromTotals(OutcomeTotals.Empty));
    }

    [Fact]
    public void OneEpisodeHasAMeanButNoSdOrEffectSize()
    {
        var episode = new EpisodeOutcome(Guid.NewGuid(), new DateOnly(2025, 1, 6), new DateOnly(2025, 3, 3), false, 4, 17.5m, 26.5m,
            true, OutcomeCategory.Recovered, 37.1m, 4, 1);

        var m = OutcomeReport.Compute([episode]);

        Assert.Equal(17.5, m.MeanIntake);
        Assert.Equal(9.0, m.MeanChange!.Value, 1e-12);
        Assert.Null(m.SdIntake);
        Assert.Null(m.EffectSize);
        Assert.Equal(1, m.Recovered!.Value);
        Assert.Equal(56, m.MeanDays);
        Assert.Equal(0.25, m.AllianceBelowCutoff);
        MetricsAssert.Same(m, OutcomeReport.FromTotals(SyntheticEpisodes.TotalsOf([episode])));
    }

    // Intakes 10, 14, 12, 16, 18 and last 20, 22, 17, 26, 25: mean change 8, SD(intake) = √10, SD(change) = √4.5, so
    // d = 8/√10 = 2.5298221281347035 and Bonett's (2008) v = 4.5/(10·4) + d²/(2·4) = 0.1125 + 0.8 = 0.9125 (by hand).
    // Both routes must give it; a normative SD of 8 gives 1 with the t interval of the mean change (t(4) = 2.7764451).
    [Fact]
    public void EffectSizesFromTotalsMatchTheWorkedExample()
    {
        decimal[] intake = [10, 14, 12, 16, 18];
        decimal[] last = [20, 22, 17, 26, 25];
        var episodes = intake.Zip(last, (a, b) => new EpisodeOutcome(Guid.NewGuid(), new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 1), false, 3, a, b, true,
            OutcomeCategory.Improved, null, 0, 0)).ToList();

        var m = OutcomeReport.FromTotals(SyntheticEpisodes.TotalsOf(episodes), normativeSd: 8);
        MetricsAssert.Same(OutcomeReport.Compute(episodes, normativeSd: 8), m);

        var half = Aggregates.Z95 * Math.Sqrt(0.9125);
        Assert.Equal(2.5298221281347035, m.EffectSize!.Value, 1e-12);
        Assert.Equal(2.5298221281347035 - half, m.EffectSize.CiLow, 1e-12);
        Assert.Equal(2.5298221281347035 + half, m.EffectSize.CiHigh, 1e-12);
        Assert.Equal(1.0, m.NormativeEffectSize!.Value, 1e-12);
        Assert.Equal((8 - 2.7764451 * Math.Sqrt(4.5 / 5)) / 8, m.NormativeEffectSize.CiLow, 1e-7);
        Assert.Equal(5, m.EffectInputs.Episodes);
        Assert.Equal(8, m.EffectInputs.MeanChange!.Value, 1e-12);
        Assert.Equal(Math.Sqrt(10), m.EffectInputs.SdIntake!.Value, 1e-12);
        Assert.Equal(Math.Sqrt(4.5), m.EffectInputs.SdChange!.Value, 1e-12);
        Assert.Equal(8, m.EffectInputs.NormativeSd);
    }

    // The standardiser is the SD of all intakes of finished episodes, functional ones included: adding intakes above
    // the cutoff widens it (d shrinks), where the SD of clinical intakes only is truncated at the cutoff.
    [Fact]
    public void TheStandardiserIsTheSdOfAllIntakesNotOnlyTheClinicalOnes()
    {
        static EpisodeOutcome Ended(decimal intake, decimal last) => new(Guid.NewGuid(), new DateOnly(2025, 1, 6), new DateOnly(2025, 4, 7),
            false, 6, intake, last, intake < 25, ChangeClassification.Categorize(intake, last, 5, 25, true), null, 0, 0);
        List<EpisodeOutcome> episodes = [Ended(12, 20), Ended(16, 24), Ended(20, 27), Ended(23, 29), Ended(27, 29), Ended(31, 30)];

        var m = OutcomeReport.Compute(episodes);

        Assert.Equal(4, m.ChangeSample);
        Assert.Equal(6, m.EffectInputs.Episodes);
        double[] all = [12, 16, 20, 23, 27, 31];
        Assert.Equal(Aggregates.SampleStandardDeviation(all), m.EffectInputs.SdIntake!.Value, 1e-12);
        Assert.True(m.EffectInputs.SdIntake > m.SdIntake);                              // not truncated at the cutoff
        Assert.Equal((8 + 8 + 7 + 6 + 2 - 1) / 6.0 / Aggregates.SampleStandardDeviation(all), m.EffectSize!.Value, 1e-12);
        MetricsAssert.Same(m, OutcomeReport.FromTotals(SyntheticEpisodes.TotalsOf(episodes)));
    }

    [Fact]
    public void IdenticalIntakesGiveNoEffectSize()
    {
        var episodes = Enumerable.Range(0, 5).Select(i => new EpisodeOutcome(Guid.NewGuid(), new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1), false, 2,
            20m, 20m + i, true, OutcomeCategory.Unchanged, null, 0, 0)).ToList();

        Assert.Null(OutcomeReport.Compute(episodes).EffectSize);
        Assert.Null(OutcomeReport.FromTotals(SyntheticEpisodes.TotalsOf(episodes)).EffectSize);
    }

    // Two departments with the same finished courses; one also has courses still running, two sessions in. Its
    // change metrics must not look worse for them: they are reported apart with their change so far.
    [Fact]
    public void OpenEpisodesStayOutOfTheChangeMetricsAndAreReportedApart()
    {
        static EpisodeOutcome Finished(decimal intake, decimal last) => new(Guid.NewGuid(), new DateOnly(2025, 1, 6), new DateOnly(2025, 4, 7),
            false, 8, intake, last, true, ChangeClassification.Categorize(intake, last, 5, 25, true), null, 0, 0);
        static EpisodeOutcome Running(decimal intake, decimal last) => new(Guid.NewGuid(), new DateOnly(2025, 3, 3), null,
            false, 2, intake, last, true, ChangeClassification.Categorize(intake, last, 5, 25, true), null, 0, 0);
        List<EpisodeOutcome> finished = [Finished(14, 24), Finished(16, 27), Finished(12, 19), Finished(18, 22), Finished(15, 26)];
        List<EpisodeOutcome> running = [Running(14, 15), Running(16, 22), Running(13, 13)];

        var plain = OutcomeReport.Compute(finished);
        var mixed = OutcomeReport.Compute([.. finished, .. running]);

        Assert.Equal(plain.MeanChange, mixed.MeanChange);
        Assert.Equal(plain.EffectSize, mixed.EffectSize);
        Assert.Equal(plain.ReliablyImproved, mixed.ReliablyImproved);
        Assert.Equal(5, mixed.ChangeSample);
        Assert.Equal(3, mixed.StillOpen);
        Assert.Equal(3, mixed.OpenChange.Episodes);
        Assert.Equal((1 + 6 + 0) / 3.0, mixed.OpenChange.MeanChange!.Value, 1e-12);
        Assert.Equal(1.0 / 3, mixed.OpenChange.ReliablyImproved!.Value, 1e-12);
        Assert.Equal(0, plain.OpenChange.Episodes);
        Assert.Null(plain.OpenChange.MeanChange);
        MetricsAssert.Same(mixed, OutcomeReport.FromTotals(SyntheticEpisodes.TotalsOf([.. finished, .. running])));
    }

    // ICCE: a dropout is a unilateral ending before the target (here: a reliable improvement). A client who dropped out
    // after improving reliably counts in dropout but not in dropoutBeforeTarget.
    [Fact]
    public void IcceDropoutLeavesOutDropoutsThatHadReachedTheTarget()
    {
        static EpisodeOutcome Ended(bool dropout, decimal last, int sessions = 3) => new(Guid.NewGuid(), new DateOnly(2025, 1, 6),
            new DateOnly(2025, 2, 3), dropout, sessions, 15m, sessions < 2 ? 15m : last, true,
            sessions < 2 ? null : ChangeClassification.Categorize(15m, last, 5, 25, true), null, 0, 0);
        List<EpisodeOutcome> episodes = [Ended(true, 21), Ended(true, 16), Ended(true, 15, sessions: 1), Ended(false, 25), Ended(false, 15)];

        var m = OutcomeReport.Compute(episodes);

        Assert.Equal(3.0 / 5, m.Dropout!.Value, 1e-12);
        Assert.Equal(2.0 / 5, m.DropoutBeforeTarget!.Value, 1e-12);
        Assert.Equal(Aggregates.Wilson(2, 5), m.DropoutBeforeTarget);
        MetricsAssert.Same(m, OutcomeReport.FromTotals(SyntheticEpisodes.TotalsOf(episodes)));
    }
}
