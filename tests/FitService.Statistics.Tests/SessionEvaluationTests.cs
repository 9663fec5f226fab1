using FitService.Statistics;

namespace FitService.Statistics.Tests;

// The ORS for an adult: higher is better, reliable change 5 points (Miller et al. 2003), cutoff 25; SRS rules 36 / 9 / 1.
public class SessionEvaluationTests
{
    static readonly OutcomeScale Ors = new(HigherIsBetter: true, ReliableChangeThreshold: 5m, Cutoff: 25m);
    static readonly AllianceRules Srs = new();
    static readonly DateOnly Start = new(2026, 1, 5);

    static ScoredSession Session(int number, decimal outcome, decimal? alliance = null, decimal item = 10m) =>
        new(number, Start.AddDays(7 * (number - 1)), outcome, alliance,
            alliance is { } a ? new Dictionary<string, decimal>
            {
                ["approachOrMethod"] = a - 3 * item, ["goalsAndTopics"] = item, ["overall"] = item, ["relationship"] = item,
            } : null);

    static List<ScoredSession> Sessions(params decimal[] outcomes) => outcomes.Select((o, i) => Session(i + 1, o)).ToList();

    static EpisodeEvaluation Record(IReadOnlyList<ScoredSession> earlier, ScoredSession scored, AllianceRules? alliance = null) =>
        SessionEvaluation.Evaluate(Ors, alliance, earlier, scored, calibration: null);

    [Fact]
    public void AChangeExactlyAtTheThresholdIsReliable()
    {
        var result = Record(Sessions(15m), Session(2, 20m));

        Assert.Equal(ReliableChange.Improved, result.Assessments[1].ReliableChange);
        Assert.Equal(5m, result.Assessments[1].ChangeFromIntake);
        Assert.Equal(ReliableChange.Unchanged, Record(Sessions(15m), Session(2, 19.9m)).Assessments[1].ReliableChange);
        Assert.Equal(ReliableChange.Deteriorated, Record(Sessions(15m), Session(2, 10m)).Assessments[1].ReliableChange);
    }

    [Fact]
    public void TheIntakeHasNoReliableChangeAndTheSummaryStartsThere()
    {
        var result = Record([], Session(1, 18m));

        var intake = Assert.Single(result.Assessments);
        Assert.Equal(new SessionAssessment(1, 0m, null, null, ClinicalRange.Clinical), intake);
        Assert.Equal(new EpisodeSummary(1, 18m, 18m, Start, null, null, true, null, 0, 0), result.Summary);
        Assert.Equal(TrajectoryStatus.Grey, result.Trajectory.Status);
        Assert.Empty(result.Conditions);
    }

    [Fact]
    public void ItemsAtZeroAndTenAreScoresLikeAnyOther()
    {
        // Every ORS item at 0 (total 0), then every item at 10 (total 40): recovered, no alert.
        var result = Record(Sessions(0m), Session(2, 40m));

        Assert.Equal(OutcomeCategory.Recovered, result.Assessments[1].Category);
        Assert.Equal(40m, result.Assessments[1].ChangeFromIntake);
        Assert.Empty(result.Conditions);
        Assert.Equal(TrajectoryStatus.Green, result.Trajectory.Status);
    }

    [Fact]
    public void ACorrectedIntakeChangesEveryLaterAssessment()
    {
        var earlier = Sessions(15m, 20m, 21m);
        Assert.Equal(ReliableChange.Improved, Record(earlier[..2], earlier[2]).Assessments[2].ReliableChange);

        var result = Record(earlier, Session(1, 18m));

        Assert.Equal([0m, 2m, 3m], result.Assessments.Select(a => a.ChangeFromIntake));
        Assert.All(result.Assessments.Skip(1), a => Assert.Equal(ReliableChange.Unchanged, a.ReliableChange));
        Assert.Equal(18m, result.Summary.IntakeOutcome);
        Assert.Equal(21m, result.Summary.LastOutcome);
        Assert.Equal(3, result.Summary.SessionCount);
        // Unchanged at session 3: discuss, judged at the latest session, not the corrected one.
        var condition = Assert.Single(result.Conditions);
        Assert.Equal((AlertConditionKind.NoImprovementBySession3, 3), (condition.Kind, condition.SessionNumber));
    }

    [Theory]
    [InlineData(2, null)]
    [InlineData(3, AlertConditionKind.NoImprovementBySession3)]
    [InlineData(5, AlertConditionKind.NoImprovementBySession3)]
    [InlineData(6, AlertConditionKind.NoImprovementBySession6)]
    public void ProgressRulesApplyFromSessionsThreeAndSix(int session, AlertConditionKind? expected)
    {
        var earlier = Sessions(Enumerable.Repeat(15m, session - 1).ToArray());

        var result = Record(earlier, Session(session, 16m));

        Assert.Equal(expected, result.Conditions.SingleOrDefault()?.Kind);
        Assert.Equal(session >= 6 ? TrajectoryStatus.Red : session >= 3 ? TrajectoryStatus.Orange : TrajectoryStatus.Green,
            result.Trajectory.Status);
    }

    [Fact]
    public void ReliableDeteriorationIsHighAtAnySession()
    {
        var condition = Assert.Single(Record(Sessions(20m), Session(2, 15m)).Conditions);

        Assert.Equal(new AlertCondition(AlertConditionKind.ReliableDeterioration, null, Severity.High, -5m, 5m, 2), condition);
    }

    [Fact]
    public void AllianceExactlyAt36And9RaisesNothing()
    {
        var result = Record(Sessions(15m), Session(2, 15m, alliance: 36m, item: 9m), Srs);

        Assert.Empty(result.Conditions);
        Assert.Equal((1, 0), (result.Summary.AllianceCount, result.Summary.AllianceBelowCutoff));
    }

    [Fact]
    public void AllianceJustBelow36And9RaisesBoth()
    {
        var result = Record(Sessions(15m), Session(2, 15m, alliance: 35.9m, item: 8.9m), Srs);

        Assert.Contains(result.Conditions, c => c is { Kind: AlertConditionKind.AllianceBelowCutoff, Value: 35.9m, Threshold: 36m, Severity: Severity.Medium });
        Assert.Equal(3, result.Conditions.Count(c => c is { Kind: AlertConditionKind.AllianceLowItem, Value: 8.9m, Severity: Severity.Low }));
        Assert.Equal(1, result.Summary.AllianceBelowCutoff);
    }

    [Fact]
    public void AllianceDropIsAgainstThePreviousAllianceScoreNotThePreviousSession()
    {
        // Session 2 has no alliance score: the drop at session 3 is measured from session 1.
        List<ScoredSession> earlier = [Session(1, 15m, alliance: 39m, item: 9.8m), Session(2, 15m)];

        var result = Record(earlier, Session(3, 20m, alliance: 38m, item: 9.5m), Srs);

        var drop = Assert.Single(result.Conditions);
        Assert.Equal(new AlertCondition(AlertConditionKind.AllianceDrop, null, Severity.Low, 1m, 1m, 3), drop);
        Assert.Equal(39m, result.Summary.IntakeAlliance);
    }

    [Fact]
    public void AllianceRulesStayAtTheLatestRatedSession()
    {
        // The latest session has no alliance score: the low alliance at session 2 still holds, at session 2.
        List<ScoredSession> earlier = [Session(1, 15m), Session(2, 15m, alliance: 30m)];

        var result = Record(earlier, Session(3, 20m), Srs);

        Assert.Contains(result.Conditions, c => c is { Kind: AlertConditionKind.AllianceBelowCutoff, SessionNumber: 2 });
    }

    [Fact]
    public void WithoutAnAllianceInstrumentNoAllianceRulesApply()
    {
        var result = Record(Sessions(15m), Session(2, 20m, alliance: 20m), alliance: null);

        Assert.Empty(result.Conditions);
        Assert.Equal(1, result.Summary.AllianceBelowCutoff); // counted against the SRS default cutoff, as reports count it
    }

    [Fact]
    public void LowerIsBetterScalesImproveDownwards()
    {
        var scale = new OutcomeScale(HigherIsBetter: false, ReliableChangeThreshold: 5m, Cutoff: 25m);

        var result = SessionEvaluation.Evaluate(scale, null, Sessions(30m), Session(2, 25m), null);

        Assert.Equal(ReliableChange.Improved, result.Assessments[1].ReliableChange);
        Assert.Equal(OutcomeCategory.Recovered, result.Assessments[1].Category);
    }

    [Fact]
    public void ACalibratedTrajectoryReplacesTheSessionRules()
    {
        var calibration = ExpectedTrajectory.Calibrate(KnownTrajectory.Generate(400, seed: 7), higherIsBetter: true, 0, 40, new TrajectoryOptions());
        Assert.True(calibration.IsCalibrated);
        var earlier = Sessions(15m, 15m, 15m, 15m, 15m);

        var result = SessionEvaluation.Evaluate(Ors, null, earlier, Session(6, 15m), calibration);

        Assert.DoesNotContain(result.Conditions, c => c.Kind is AlertConditionKind.NoImprovementBySession3 or AlertConditionKind.NoImprovementBySession6);
        Assert.Equal(TrajectoryStatus.Red, result.Trajectory.Status);
        Assert.Contains(result.Conditions, c => c.Kind == AlertConditionKind.BelowExpectedTrajectory);
    }

    [Fact]
    public void ASessionNumberWithAGapIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Record(Sessions(15m), Session(3, 15m)));

    [Fact]
    public void EvaluatingAgainIsTheSameAsEvaluatingOnce()
    {
        // Invariant: recording sessions one by one ends where evaluating the last against all the others does.
        var all = Sessions(12m, 14m, 17m, 19m, 22m);
        var stepwise = new List<ScoredSession>();
        EpisodeEvaluation? last = null;
        foreach (var s in all)
        {
            last = Record(stepwise, s, Srs);
            stepwise = last.Sessions.ToList();
        }

        var once = Record(all[..^1], all[^1], Srs);

        Assert.Equal(once.Assessments, last!.Assessments);
        Assert.Equal(once.Summary, last.Summary);
        Assert.Equal(once.Conditions, last.Conditions);
    }
}
