namespace FitService.Statistics.Tests;

/// <summary>
/// A known trajectory to calibrate from and recover: used by ExpectedTrajectoryTests here and, linked, by the
/// HTTP calibration tests in FitService.Api.Tests.
/// </summary>
public static class KnownTrajectory
{
    /// <summary>
    /// A known trajectory: the median score at session n for intake x is x + (30 − x)·0.6·(1 − e^(−0.35(n−1))),
    /// linear in x at each n. Scores are that plus a client effect N(0, 2²) and a session effect N(0, 2²), so the
    /// marginal SD is √8 and the 25th percentile lies 0.6745·√8 = 1.908 points below the median. Episodes end
    /// after 2–12 sessions at random (independent of the scores), scores are clamped to 0–40 and recorded to 0.1.
    /// </summary>
    public static double TrueMedian(double intake, int session) => intake + (30 - intake) * 0.6 * (1 - Math.Exp(-0.35 * (session - 1)));
    public const double TrueBoundOffset = 0.6744897501960817 * 2.8284271247461903;

    public static List<IReadOnlyList<double>> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var episodes = new List<IReadOnlyList<double>>(count);
        for (var i = 0; i < count; i++)
        {
            var intake = Math.Round(8 + 22 * random.NextDouble(), 1);
            var sessions = 2 + random.Next(11);
            var client = 2 * Normal(random);
            var scores = new List<double> { intake };
            for (var n = 2; n <= sessions; n++)
                scores.Add(Math.Round(Math.Clamp(TrueMedian(intake, n) + client + 2 * Normal(random), 0, 40), 1));
            episodes.Add(scores);
        }
        return episodes;
    }

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
