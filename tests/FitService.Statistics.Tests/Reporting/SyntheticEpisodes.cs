using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

/// <summary>Seeded random episode summaries covering every sample, and the totals SQL would compute from them.</summary>
public static class SyntheticEpisodes
{
    public static List<EpisodeOutcome> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var clients = Enumerable.Range(0, Math.Max(1, count * 3 / 4)).Select(_ => Guid.NewGuid()).ToArray();
        var episodes = new List<EpisodeOutcome>();
        for (var i = 0; i < count; i++)
        {
            var start = new DateOnly(2023, 1, 1).AddDays(random.Next(700));
            var sessions = random.Next(10) switch { 0 => 0, 1 or 2 => 1, _ => 2 + random.Next(12) };
            decimal? intake = sessions == 0 ? null : Math.Round((decimal)(4 + random.NextDouble() * 32), 1);
            decimal? last = sessions < 2 ? intake : Math.Clamp(intake!.Value + Math.Round((decimal)(random.NextDouble() * 20 - 6), 1), 0, 40);
            bool? clinical = intake is null || random.Next(20) == 0 ? null : intake < 25;
            OutcomeCategory? category = sessions < 2 ? null
                : ChangeClassification.Categorize(intake!.Value, last!.Value, 5, 25, higherIsBetter: true);
            var ended = random.Next(3) > 0 ? start.AddDays(7 + random.Next(300)) : (DateOnly?)null;
            var allianceCount = sessions == 0 ? 0 : random.Next(sessions + 1);
            // One in ten without a stored status; otherwise a third under the session rules; grey with fewer than two scores.
            TrajectoryMethod? method = random.Next(10) == 0 ? null : random.Next(3) == 0 ? TrajectoryMethod.SessionRules : TrajectoryMethod.QuantileRegression;
            TrajectoryStatus? status = method is null ? null : sessions < 2 ? TrajectoryStatus.Grey : (TrajectoryStatus)(1 + random.Next(3));
            episodes.Add(new EpisodeOutcome(clients[random.Next(clients.Length)], start, ended, ended is not null && random.Next(4) == 0,
                sessions, intake, last, clinical, category,
                allianceCount == 0 ? null : Math.Round((decimal)(28 + random.NextDouble() * 12), 1),
                allianceCount, random.Next(allianceCount + 1), status, method));
        }
        return episodes;
    }

    /// <summary>The sufficient statistics, computed the way the SQL does (filters and sums), for the pure-only check.</summary>
    public static OutcomeTotals TotalsOf(IReadOnlyList<EpisodeOutcome> e)
    {
        var s = e.Where(x => x.Sample == ReportSample.ChangeSample).ToList();
        var f = e.Where(x => x.Sample == ReportSample.IntakeFunctional).ToList();
        var closed = e.Where(x => x.EndedOn is not null).ToList();
        var open = e.Where(x => x.InOpenChange).ToList();
        var effect = e.Where(x => x.InEffectSample).ToList();
        return new OutcomeTotals(
            e.Select(x => x.ClientKey).Distinct().Count(), e.Count, e.Sum(x => x.SessionCount),
            e.Count(x => x.Sample == ReportSample.FewerThanTwoScores), f.Count, e.Count(x => x.Sample == ReportSample.NoCutoff),
            e.Count(x => x.Sample == ReportSample.StillOpen), s.Count,
            s.Sum(x => x.Intake!.Value), s.Sum(x => x.Intake!.Value * x.Intake.Value), s.Sum(x => x.Last!.Value),
            s.Sum(x => x.Last!.Value * x.Last.Value), s.Sum(x => x.Intake!.Value * x.Last!.Value),
            s.Count(x => x.Category == OutcomeCategory.Recovered), s.Count(x => x.Category == OutcomeCategory.Improved),
            s.Count(x => x.Category == OutcomeCategory.Unchanged), s.Count(x => x.Category == OutcomeCategory.Deteriorated),
            f.Count(x => x.Category == OutcomeCategory.Harmed),
            closed.Count, closed.Count(x => x.Dropout), closed.Count(x => x.DropoutBeforeTarget), closed.Sum(x => x.SessionCount),
            closed.Sum(x => x.EndedOn!.Value.DayNumber - x.StartedOn.DayNumber),
            closed.Count(x => x.SessionCount > 0), closed.Count(x => x.SessionCount == 1),
            e.Count(x => x.IntakeAlliance is not null), e.Sum(x => x.IntakeAlliance ?? 0),
            e.Sum(x => x.AllianceCount), e.Sum(x => x.AllianceBelowCutoff),
            s.Count(x => x.TrajectoryMethod == TrajectoryMethod.QuantileRegression),
            s.Count(x => x.TrajectoryMethod == TrajectoryMethod.QuantileRegression && x.Trajectory == TrajectoryStatus.Green),
            open.Count, open.Sum(x => x.Last!.Value - x.Intake!.Value), open.Sum(x => (x.Last!.Value - x.Intake!.Value) * (x.Last.Value - x.Intake.Value)),
            open.Count(x => x.Category is OutcomeCategory.Recovered or OutcomeCategory.Improved),
            effect.Count, effect.Sum(x => x.Intake!.Value), effect.Sum(x => x.Intake!.Value * x.Intake.Value),
            effect.Sum(x => x.Last!.Value - x.Intake!.Value), effect.Sum(x => (x.Last!.Value - x.Intake!.Value) * (x.Last.Value - x.Intake.Value)));
    }
}
