using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

/// <summary>Two metric sets are the same numbers: counts exactly, the rest within a relative tolerance.</summary>
public static class MetricsAssert
{
    public static void Same(OutcomeMetrics expected, OutcomeMetrics actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Clients, actual.Clients);
        Assert.Equal(expected.Episodes, actual.Episodes);
        Assert.Equal(expected.Sessions, actual.Sessions);
        Assert.Equal(expected.FewerThanTwoScores, actual.FewerThanTwoScores);
        Assert.Equal(expected.IntakeFunctional, actual.IntakeFunctional);
        Assert.Equal(expected.NoCutoff, actual.NoCutoff);
        Assert.Equal(expected.StillOpen, actual.StillOpen);
        Assert.Equal(expected.ChangeSample, actual.ChangeSample);
        Assert.Equal(expected.ClosedEpisodes, actual.ClosedEpisodes);
        Assert.Equal(expected.ClosedWithSessions, actual.ClosedWithSessions);
        Assert.Equal(expected.AllianceIntakes, actual.AllianceIntakes);
        Near(expected.MeanIntake, actual.MeanIntake, tolerance, "meanIntake");
        Near(expected.SdIntake, actual.SdIntake, tolerance, "sdIntake");
        Near(expected.MeanLast, actual.MeanLast, tolerance, "meanLast");
        Near(expected.SdLast, actual.SdLast, tolerance, "sdLast");
        Near(expected.MeanChange, actual.MeanChange, tolerance, "meanChange");
        Near(expected.SdChange, actual.SdChange, tolerance, "sdChange");
        Near(expected.EffectSize?.Value, actual.EffectSize?.Value, tolerance, "effectSize");
        Near(expected.EffectSize?.CiLow, actual.EffectSize?.CiLow, tolerance, "effectSize.ciLow");
        Near(expected.EffectSize?.CiHigh, actual.EffectSize?.CiHigh, tolerance, "effectSize.ciHigh");
        Near(expected.NormativeEffectSize?.Value, actual.NormativeEffectSize?.Value, tolerance, "normativeEffectSize");
        Near(expected.NormativeEffectSize?.CiLow, actual.NormativeEffectSize?.CiLow, tolerance, "normativeEffectSize.ciLow");
        Near(expected.NormativeEffectSize?.CiHigh, actual.NormativeEffectSize?.CiHigh, tolerance, "normativeEffectSize.ciHigh");
        Assert.Equal(expected.EffectInputs.Episodes, actual.EffectInputs.Episodes);
        Near(expected.EffectInputs.MeanChange, actual.EffectInputs.MeanChange, tolerance, "effectInputs.meanChange");
        Near(expected.EffectInputs.SdIntake, actual.EffectInputs.SdIntake, tolerance, "effectInputs.sdIntake");
        Near(expected.EffectInputs.SdChange, actual.EffectInputs.SdChange, tolerance, "effectInputs.sdChange");
        Near(expected.EffectInputs.NormativeSd, actual.EffectInputs.NormativeSd, tolerance, "effectInputs.normativeSd");
        Same(expected.Recovered, actual.Recovered, tolerance, "recovered");
        Same(expected.Improved, actual.Improved, tolerance, "improved");
        Same(expected.Unchanged, actual.Unchanged, tolerance, "unchanged");
        Same(expected.Deteriorated, actual.Deteriorated, tolerance, "deteriorated");
        Same(expected.ReliablyImproved, actual.ReliablyImproved, tolerance, "reliablyImproved");
        Same(expected.Harmed, actual.Harmed, tolerance, "harmed");
        Same(expected.Dropout, actual.Dropout, tolerance, "dropout");
        Same(expected.DropoutBeforeTarget, actual.DropoutBeforeTarget, tolerance, "dropoutBeforeTarget");
        Same(expected.SingleSession, actual.SingleSession, tolerance, "singleSession");
        Near(expected.MeanSessions, actual.MeanSessions, tolerance, "meanSessions");
        Near(expected.MeanDays, actual.MeanDays, tolerance, "meanDays");
        Near(expected.MeanIntakeAlliance, actual.MeanIntakeAlliance, tolerance, "meanIntakeAlliance");
        Near(expected.AllianceBelowCutoff, actual.AllianceBelowCutoff, tolerance, "allianceBelowCutoff");
        Near(expected.Completeness, actual.Completeness, tolerance, "completeness");
        Assert.Equal(expected.TrajectoryEvaluated, actual.TrajectoryEvaluated);
        Same(expected.OnExpectedTrajectory, actual.OnExpectedTrajectory, tolerance, "onExpectedTrajectory");
        Assert.Equal(expected.OpenChange.Episodes, actual.OpenChange.Episodes);
        Near(expected.OpenChange.MeanChange, actual.OpenChange.MeanChange, tolerance, "openChange.meanChange");
        Near(expected.OpenChange.SdChange, actual.OpenChange.SdChange, tolerance, "openChange.sdChange");
        Same(expected.OpenChange.ReliablyImproved, actual.OpenChange.ReliablyImproved, tolerance, "openChange.reliablyImproved");
    }

    static void Same(Proportion? expected, Proportion? actual, double tolerance, string name)
    {
        Near(expected?.Value, actual?.Value, tolerance, name);
        Near(expected?.CiLow, actual?.CiLow, tolerance, name + ".ciLow");
        Near(expected?.CiHigh, actual?.CiHigh, tolerance, name + ".ciHigh");
    }

    public static void Near(double? expected, double? actual, double tolerance, string name)
    {
        Assert.True(expected is null == actual is null, $"{name}: expected {expected?.ToString() ?? "null"}, got {actual?.ToString() ?? "null"}");
        if (expected is not { } e || actual is not { } a) return;
        Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{name}: expected {e:R}, got {a:R}");
    }
}
