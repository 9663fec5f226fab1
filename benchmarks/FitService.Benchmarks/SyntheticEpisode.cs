using FitService.Statistics;

namespace FitService.Benchmarks;

/// <summary>One generated session: scores and the assessment the service would store for it.</summary>
public sealed record SyntheticSession(Guid Id, int Number, DateOnly HeldOn, decimal Outcome, decimal? Alliance,
    decimal Change, ReliableChange? Reliable, OutcomeCategory? Category, ClinicalRange Range);

/// <summary>One generated episode with its sessions and the outcome summary the service would keep for it.</summary>
public sealed record SyntheticEpisode(Guid Id, int ClientIndex, string Department, DateOnly StartedOn, int AgeAtStart,
    DateOnly? EndedOn, string? EndReason, IReadOnlyList<SyntheticSession> Sessions)
{
    public decimal Cutoff => AgeAtStart >= 18 ? PublishedDefaults.OrsAdultCutoff : 28m;
    public SyntheticSession? Intake => Sessions.Count > 0 ? Sessions[0] : null;
    public SyntheticSession? Last => Sessions.Count > 0 ? Sessions[^1] : null;
    public decimal? IntakeAlliance => Sessions.FirstOrDefault(s => s.Alliance is not null)?.Alliance;
    public int AllianceCount => Sessions.Count(s => s.Alliance is not null);
    public int AllianceBelowCutoff => Sessions.Count(s => s.Alliance < SyntheticClinic.AllianceCutoff);
}

/// <summary>
/// Deterministic synthetic episodes (seeded; episode i depends only on the seed and i, so any episode can be
/// regenerated alone). Shapes, not real data: ORS intake ~ N(19.5, 7.5) (help-seeking samples report means near
/// 19–20, Miller et al. 2003); 20 % single-session episodes, otherwise 2 + geometric sessions (about 8 on average);
/// each episode improves along gain·(1 − e^(−k(s − 1))) plus noise, the gain ~ N(6, 6) so some worsen; weekly to
/// fortnightly sessions; one client in seven with a weak alliance (SRS ~ 32); dropout more likely without progress.
/// </summary>
public static class SyntheticEpisodes
{
    public static readonly DateOnly FirstStart = new(2019, 1, 1);
    public static readonly DateOnly Until = new(2026, 10, 31);

    public static SyntheticEpisode Generate(int seed, int index, int clientCount, IReadOnlyList<string> departments)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index * 7919));
        var clientIndex = random.Next(clientCount);
        // Mostly the client's home department; one episode in twenty elsewhere (referrals between departments).
        var department = departments[(clientIndex + (random.Next(20) == 0 ? 1 + random.Next(departments.Count - 1) : 0)) % departments.Count];
        var span = Until.DayNumber - FirstStart.DayNumber - 30;
        var start = DateOnly.FromDayNumber(FirstStart.DayNumber + random.Next(span));
        var age = Math.Max(13, start.Year - ClientBirthYear(seed, clientIndex));

        var count = random.Next(100) < 20 ? 1 : 2 + Geometric(random, 7.75);
        var gain = Normal(random, 6, 6);
        var rate = 0.2 + random.NextDouble() * 0.4;
        var intake = Clamp(Normal(random, 19.5, 7.5), 0.5, 39.5);
        var weakAlliance = random.Next(7) == 0;
        var allianceBase = weakAlliance ? Normal(random, 32, 3) : Normal(random, 36.5, 2);

        var sessions = new List<SyntheticSession>();
        var date = start;
        decimal intakeScore = Round(intake);
        for (var number = 1; number <= count && date <= Until; number++)
        {
            var score = number == 1 ? intakeScore : Round(Clamp(intake + gain * (1 - Math.Exp(-rate * (number - 1))) + Normal(random, 0, 2), 0, 40));
            decimal? alliance = random.Next(100) < 92 ? Round(Clamp(allianceBase + 0.15 * number + Normal(random, 0, 1), 0, 40)) : null;
            var range = ChangeClassification.RangeOf(score, age >= 18 ? 25m : 28m, higherIsBetter: true);
            ReliableChange? reliable = number == 1 ? null : ChangeClassification.Classify(intakeScore, score, PublishedDefaults.OrsReliableChange, true);
            OutcomeCategory? category = number == 1 ? null
                : ChangeClassification.Categorize(intakeScore, score, PublishedDefaults.OrsReliableChange, age >= 18 ? 25m : 28m, true);
            sessions.Add(new SyntheticSession(NewGuid(random), number, date, score, alliance, score - intakeScore, reliable, category, range));
            date = date.AddDays(7 + random.Next(8));
        }

        DateOnly? ended = null;
        string? reason = null;
        var lastOn = sessions.Count > 0 ? sessions[^1].HeldOn : start;
        if (lastOn.AddDays(45) <= Until)
        {
            var stalled = sessions.Count < 2 || sessions[^1].Reliable != ReliableChange.Improved;
            var roll = random.Next(100);
            reason = roll < (stalled ? 35 : 12) ? "dropout" : roll < 90 ? "planned" : roll < 97 ? "referred" : "other";
            ended = lastOn.AddDays(random.Next(15));
        }
        return new SyntheticEpisode(NewGuid(random), clientIndex, department, start, age, ended, reason, sessions);
    }

    /// <summary>A client's birth year: about one in twelve is a teenager in 2019, the rest 18–80.</summary>
    public static int ClientBirthYear(int seed, int clientIndex)
    {
        var random = new Random(unchecked(seed * 31 + clientIndex * 104_729));
        return 2019 - (random.Next(12) == 0 ? 11 + random.Next(6) : 18 + random.Next(63));
    }

    public static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    static int Geometric(Random random, double mean) => (int)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - 1 / (mean + 1)));

    static double Normal(Random random, double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    static double Clamp(double v, double low, double high) => Math.Min(high, Math.Max(low, v));

    static decimal Round(double v) => Math.Round((decimal)v, 1);
}
