namespace FitService.Statistics;

/// <summary>A clinical cutoff that applies to an inclusive range of ages.</summary>
/// <param name="MinAge">Lowest age in whole years, inclusive.</param>
/// <param name="MaxAge">Highest age in whole years, inclusive.</param>
/// <param name="Cutoff">The clinical cutoff for these ages, in points.</param>
public sealed record AgeBandCutoff(int MinAge, int MaxAge, decimal Cutoff);

/// <summary>Age from birth year, age-banded cutoffs and the default instruments by age.</summary>
public static class AgeBands
{
    /// <summary>
    /// Default ORS/CORS cutoffs by age: 25 for adults 18+ (Miller et al. 2003), 28 for adolescents 13–17 and
    /// 32 for children 6–12 (CORS; Duncan, Sparks, Miller, Bohanske &amp; Claud 2006). No band below 6.
    /// </summary>
    public static IReadOnlyList<AgeBandCutoff> OrsDefaultCutoffs { get; } =
    [
        new(6, 12, 32m),
        new(13, 17, 28m),
        new(18, int.MaxValue, 25m),
    ];

    /// <summary>
    /// Age in whole years as date.Year − birthYear. Only the birth year is stored (no date of birth, by design),
    /// so this is the age the person reaches during that calendar year: on dates before the birthday the true
    /// age is one less.
    /// </summary>
    /// <param name="birthYear">Year of birth.</param>
    /// <param name="date">The date the age is wanted for (e.g. the episode start).</param>
    /// <exception cref="ArgumentOutOfRangeException">The birth year is after the year of <paramref name="date"/>.</exception>
    public static int AgeAt(int birthYear, DateOnly date)
    {
        if (birthYear > date.Year)
            throw new ArgumentOutOfRangeException(nameof(birthYear), birthYear, "The birth year is after the date.");
        return date.Year - birthYear;
    }

    /// <summary>The cutoff of the first band (in list order) with MinAge ≤ age ≤ MaxAge; null when none covers the age.</summary>
    /// <param name="bands">Age bands; not null.</param>
    /// <param name="age">Age in whole years.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bands"/> or one of its bands is null.</exception>
    public static decimal? CutoffFor(IReadOnlyList<AgeBandCutoff> bands, int age) => BandFor(bands, age)?.Cutoff;

    /// <summary>The first band (in list order) with MinAge ≤ age ≤ MaxAge; null when none covers the age.</summary>
    /// <param name="bands">Age bands; not null.</param>
    /// <param name="age">Age in whole years.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bands"/> or one of its bands is null.</exception>
    public static AgeBandCutoff? BandFor(IReadOnlyList<AgeBandCutoff> bands, int age)
    {
        ArgumentNullException.ThrowIfNull(bands);
        foreach (var band in bands)
        {
            ArgumentNullException.ThrowIfNull(band, nameof(bands));
            if (band.MinAge <= age && age <= band.MaxAge)
                return band;
        }
        return null;
    }

    /// <summary>Default outcome instrument: "ORS" from 13, "CORS" for 6–12, "YCORS" under 6.</summary>
    /// <param name="age">Age in whole years at the episode start; ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="age"/> is negative.</exception>
    public static string DefaultOutcomeInstrument(int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        return age >= 13 ? "ORS" : age >= 6 ? "CORS" : "YCORS";
    }

    /// <summary>Default alliance instrument: "SRS" from 13, "CSRS" under 13.</summary>
    /// <param name="age">Age in whole years at the episode start; ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="age"/> is negative.</exception>
    public static string DefaultAllianceInstrument(int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        return age >= 13 ? "SRS" : "CSRS";
    }
}
