using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class AgeBandsTests
{
    [Theory]
    [InlineData(2000, 2025, 1, 1, 25)]
    [InlineData(2000, 2025, 12, 31, 25)]   // only the birth year is known: same age all year
    [InlineData(2025, 2025, 6, 1, 0)]
    public void AgeIsTheDifferenceInYears(int birthYear, int year, int month, int day, int expected) =>
        Assert.Equal(expected, AgeBands.AgeAt(birthYear, new DateOnly(year, month, day)));

    [Fact]
    public void BirthYearAfterTheDateThrows() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AgeBands.AgeAt(2026, new DateOnly(2025, 12, 31)));

    // ORS/CORS cutoffs by age: 32 (6–12), 28 (13–17), 25 (18+); see docs/statistics.md for sources.
    [Theory]
    [InlineData(5, null)]
    [InlineData(6, 32)]
    [InlineData(12, 32)]
    [InlineData(13, 28)]
    [InlineData(17, 28)]
    [InlineData(18, 25)]
    [InlineData(99, 25)]
    public void DefaultCutoffsByAge(int age, int? expected) =>
        Assert.Equal((decimal?)expected, AgeBands.CutoffFor(AgeBands.OrsDefaultCutoffs, age));

    [Fact]
    public void NoBandsMeansNoCutoff() => Assert.Null(AgeBands.CutoffFor([], 30));

    [Fact]
    public void FirstCoveringBandWins() =>
        Assert.Equal(1m, AgeBands.CutoffFor([new(0, 20, 1m), new(10, 30, 2m)], 15));

    [Theory]
    [InlineData(12, 6, 12)]   // both ends of a band are in it
    [InlineData(13, 13, 17)]
    [InlineData(18, 18, int.MaxValue)]
    public void TheBandOfAnAgeIsTheOneItsCutoffComesFrom(int age, int minAge, int maxAge)
    {
        var band = AgeBands.BandFor(AgeBands.OrsDefaultCutoffs, age)!;
        Assert.Equal((minAge, maxAge), (band.MinAge, band.MaxAge));
        Assert.Equal(AgeBands.CutoffFor(AgeBands.OrsDefaultCutoffs, age), band.Cutoff);
    }

    [Fact]
    public void AnAgeInNoBandHasNoBand() => Assert.Null(AgeBands.BandFor(AgeBands.OrsDefaultCutoffs, 5));

    [Theory]
    [InlineData(0, "YCORS", "CSRS")]
    [InlineData(5, "YCORS", "CSRS")]
    [InlineData(6, "CORS", "CSRS")]
    [InlineData(12, "CORS", "CSRS")]
    [InlineData(13, "ORS", "SRS")]
    [InlineData(80, "ORS", "SRS")]
    public void DefaultInstrumentsByAge(int age, string outcome, string alliance)
    {
        Assert.Equal(outcome, AgeBands.DefaultOutcomeInstrument(age));
        Assert.Equal(alliance, AgeBands.DefaultAllianceInstrument(age));
    }

    [Fact]
    public void NegativeAgeThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AgeBands.DefaultOutcomeInstrument(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AgeBands.DefaultAllianceInstrument(-1));
    }
}
