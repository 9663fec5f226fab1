using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

/// <summary>Inside a shown group, a statistic over 1–4 episodes is withheld; 0 stays null and is not listed; 5 is shown.</summary>
public class SmallDenominatorsTests
{
    static EpisodeOutcome Ended(decimal intake, decimal last, bool dropout = false) => new(Guid.NewGuid(), new DateOnly(2025, 1, 6),
        new DateOnly(2025, 3, 3), dropout, 4, intake, last, intake < 25, ChangeClassification.Categorize(intake, last, 5, 25, true), null, 0, 0);

    static List<EpisodeOutcome> Clinical(int n) => [.. Enumerable.Range(0, n).Select(i => Ended(14 + i % 3, 22 + i % 4))];

    // The case: "1 of 1 intake-functional episode harmed" in a group of 8.
    [Fact]
    public void OneHarmedOfOneFunctionalIntakeIsWithheld()
    {
        var (m, withheld) = SmallDenominators.Withhold(OutcomeReport.Compute([.. Clinical(7), Ended(30, 20)]));

        Assert.Equal(1, m.IntakeFunctional);           // the count stays
        Assert.Null(m.Harmed);
        Assert.Equal(["shares.harmed"], withheld);
        Assert.NotNull(m.ReliablyImproved);
        Assert.NotNull(m.Dropout);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void TheBoundaryIsFiveEpisodes(int functional, bool withheldExpected)
    {
        var episodes = Clinical(6).Concat(Enumerable.Range(0, functional).Select(_ => Ended(30, 20))).ToList();

        var (m, withheld) = SmallDenominators.Withhold(OutcomeReport.Compute(episodes));

        Assert.Equal(withheldExpected, withheld.Contains("shares.harmed"));
        Assert.Equal(functional >= 5, m.Harmed is not null);
    }

    [Fact]
    public void EveryMetricIsJudgedByItsOwnDenominator()
    {
        // 3 clinical-intake closed episodes (two of them dropouts) and 5 open ones: the change metrics and the closed-episode
        // statistics rest on 3; the effect sizes on 3; the open change on 5.
        List<EpisodeOutcome> episodes = [Ended(14, 22, dropout: true), Ended(15, 24, dropout: true), Ended(16, 18),
            .. Enumerable.Range(0, 5).Select(i => new EpisodeOutcome(Guid.NewGuid(), new DateOnly(2025, 2, 3), null, false, 2, 15m, 17m + i, true,
                ChangeClassification.Categorize(15m, 17m + i, 5, 25, true), null, 0, 0))];

        var (m, withheld) = SmallDenominators.Withhold(OutcomeReport.Compute(episodes));

        Assert.Null(m.MeanChange);
        Assert.Null(m.ReliablyImproved);
        Assert.Null(m.EffectSize);
        Assert.Null(m.EffectInputs.MeanChange);
        Assert.Null(m.Dropout);
        Assert.Null(m.MeanDays);
        Assert.Null(m.SingleSession);
        Assert.NotNull(m.OpenChange.MeanChange);
        Assert.Equal(3, m.ChangeSample);
        Assert.Contains("dropout", withheld);
        Assert.Contains("meanDays", withheld);
        Assert.Contains("effectSize", withheld);
        Assert.DoesNotContain("openChange.meanChange", withheld);
        Assert.DoesNotContain("shares.harmed", withheld);       // no functional intake: null, not withheld
    }

    // Property over random small groups (3–40 episodes, every sample mixed): after withholding, every statistic that is
    // still shown rests on at least five episodes, every one removed is named, and nothing named is shown (a name can
    // also stand for a statistic that a denominator of 1–4 leaves undefined, such as an SD of one episode).
    [Fact]
    public void NoShownStatisticRestsOnFewerThanFiveEpisodes()
    {
        var random = new Random(20261201);
        for (var trial = 0; trial < 500; trial++)
        {
            var all = OutcomeReport.Compute(SyntheticEpisodes.Generate(3 + random.Next(38), random.Next()));
            var (m, withheld) = SmallDenominators.Withhold(all);

            void Check(long n, object? shown, object? before, string name)
            {
                if (shown is not null) Assert.True(n >= Suppression.MinimumCount, $"{name} shown over {n}");
                if (before is not null && shown is null) Assert.Contains(name, withheld);
                if (withheld.Contains(name)) Assert.Null(shown);
            }
            Check(m.ChangeSample, m.MeanChange, all.MeanChange, "meanChange");
            Check(m.ChangeSample, m.ReliablyImproved, all.ReliablyImproved, "shares.reliablyImproved");
            Check(m.EffectInputs.Episodes, m.EffectSize, all.EffectSize, "effectSize");
            Check(m.IntakeFunctional, m.Harmed, all.Harmed, "shares.harmed");
            Check(m.ClosedEpisodes, m.Dropout, all.Dropout, "dropout");
            Check(m.ClosedEpisodes, m.MeanDays, all.MeanDays, "meanDays");
            Check(m.ClosedWithSessions, m.SingleSession, all.SingleSession, "singleSession");
            Check(m.AllianceIntakes, m.MeanIntakeAlliance, all.MeanIntakeAlliance, "meanIntakeAlliance");
            Check(m.TrajectoryEvaluated, m.OnExpectedTrajectory, all.OnExpectedTrajectory, "onExpectedTrajectory");
            Check(m.OpenChange.Episodes, m.OpenChange.MeanChange, all.OpenChange.MeanChange, "openChange.meanChange");
            Assert.Equal(all.Episodes, m.Episodes);       // counts are untouched
        }
    }
}
