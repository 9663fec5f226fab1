using System.Text.Json.Nodes;
using FitService.Statistics;
using FitService.Statistics.Reporting;

namespace FitService.Api.Tests.Reports;

/// <summary>Reads a shown report row back into the pure metrics record, to compare with the definition.</summary>
public static class ReportJson
{
    public static OutcomeMetrics ToMetrics(JsonObject r)
    {
        var shares = r["shares"]!.AsObject();
        var apart = r["countedApart"]!.AsObject();
        return new OutcomeMetrics(
            Long(r, "clients"), Long(r, "episodes"), Long(r, "sessions"),
            Long(apart, "fewerThanTwoScores"), Long(apart, "intakeFunctional"), Long(apart, "noCutoff"), Long(apart, "stillOpen"),
            Long(r, "changeSample"),
            Double(r, "meanIntake"), Double(r, "sdIntake"), Double(r, "meanLast"), Double(r, "sdLast"), Double(r, "meanChange"), Double(r, "sdChange"),
            Effect(r, "effectSize"), Effect(r, "normativeEffectSize"),
            r["effectSizeInputs"] is JsonObject i
                ? new EffectSizeInputs(Long(i, "episodes"), Double(i, "meanChange"), Double(i, "sdIntake"), Double(i, "sdChange"), Double(i, "normativeSd"))
                : throw new InvalidOperationException("A shown row has effectSizeInputs."),
            Share(shares, "recovered"), Share(shares, "improved"), Share(shares, "unchanged"), Share(shares, "deteriorated"),
            Share(shares, "reliablyImproved"), Share(shares, "harmed"),
            Long(r, "closedEpisodes"), Share(r, "dropout"), Share(r, "dropoutBeforeTarget"),
            Long(r, "closedWithSessions"), Share(r, "singleSession"), Double(r, "meanSessions"), Double(r, "meanDays"),
            Long(r, "allianceEpisodes"), Double(r, "meanIntakeAlliance"), Double(r, "allianceSessionsBelowCutoff"), Double(r, "completeness"),
            Long(r, "trajectoryEvaluated"), Share(r, "onExpectedTrajectory"),
            r["openChange"] is JsonObject o
                ? new OpenChange(Long(o, "episodes"), Double(o, "meanChange"), Double(o, "sdChange"), Share(o, "reliablyImproved"))
                : throw new InvalidOperationException("A shown row has openChange."));
    }

    static EffectSize? Effect(JsonObject o, string name) => o[name] is JsonObject e
        ? new EffectSize(e["value"]!.GetValue<double>(), e["ciLow"]!.GetValue<double>(), e["ciHigh"]!.GetValue<double>())
        : null;

    static long Long(JsonObject o, string name) => o[name]!.GetValue<long>();

    static double? Double(JsonObject o, string name) => o[name]?.GetValue<double>();

    static Proportion? Share(JsonObject o, string name) => o[name] is JsonObject p
        ? new Proportion(p["value"]!.GetValue<double>(), p["ciLow"]!.GetValue<double>(), p["ciHigh"]!.GetValue<double>())
        : null;
}
