using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class ItemScoringTests
{
    // ORS items, each a 10 cm line read to the millimetre: 0.0–10.0 in steps of 0.1 (Miller et al. 2003).
    static readonly ItemRange[] Ors =
    [
        new("individually", 0m, 10m),
        new("interpersonally", 0m, 10m),
        new("socially", 0m, 10m),
        new("overall", 0m, 10m),
    ];

    static Dictionary<string, decimal?> Values(decimal? individually, decimal? interpersonally, decimal? socially, decimal? overall) => new()
    {
        ["individually"] = individually,
        ["interpersonally"] = interpersonally,
        ["socially"] = socially,
        ["overall"] = overall,
    };

    [Fact]
    public void TotalIsTheExactDecimalSum()
    {
        var result = ItemScoring.Score(Ors, Values(0.1m, 0.2m, 7.3m, 9.9m));

        Assert.True(result.IsValid);
        Assert.Equal(17.5m, result.Total);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    [InlineData("10.0")]
    [InlineData("0.1")]
    [InlineData("9.9")]
    public void BoundaryValuesAreValid(string value)
    {
        var v = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var result = ItemScoring.Score(Ors, Values(v, 5m, 5m, 5m));

        Assert.True(result.IsValid);
        Assert.Equal(15m + v, result.Total);
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("-0.1")]
    [InlineData("11")]
    public void ValuesOutsideTheRangeAreErrors(string value)
    {
        var v = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var result = ItemScoring.Score(Ors, Values(5m, 5m, v, 5m));

        Assert.False(result.IsValid);
        Assert.Null(result.Total);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("socially", "out_of_range"), (error.Key, error.Code));
    }

    [Theory]
    [InlineData("5.25")]
    [InlineData("0.01")]
    [InlineData("9.99")]
    public void MoreThanOneDecimalIsAnError(string value)
    {
        var v = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var result = ItemScoring.Score(Ors, Values(5m, v, 5m, 5m));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("interpersonally", "too_many_decimals"), (error.Key, error.Code));
    }

    [Fact]
    public void TrailingZerosAreNotExtraDecimals()
    {
        var result = ItemScoring.Score(Ors, Values(5.20m, 5.000m, 5m, 5m));

        Assert.Equal(20.2m, result.Total);
    }

    [Fact]
    public void NullIsMissingNeverZero()
    {
        var result = ItemScoring.Score(Ors, Values(5m, 5m, 5m, null));

        Assert.Null(result.Total);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("overall", "missing"), (error.Key, error.Code));
    }

    [Fact]
    public void AbsentKeyIsMissing()
    {
        var values = Values(5m, 5m, 5m, 5m);
        values.Remove("individually");

        var error = Assert.Single(ItemScoring.Score(Ors, values).Errors);
        Assert.Equal(("individually", "missing"), (error.Key, error.Code));
    }

    [Fact]
    public void UnknownKeyIsAnError()
    {
        var values = Values(5m, 5m, 5m, 5m);
        values["mood"] = 5m;

        var result = ItemScoring.Score(Ors, values);

        Assert.Null(result.Total);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("mood", "unknown"), (error.Key, error.Code));
    }

    [Fact]
    public void KeysAreCaseSensitive()
    {
        var values = Values(5m, 5m, 5m, 5m);
        values.Remove("overall");
        values["Overall"] = 5m;

        var codes = ItemScoring.Score(Ors, values).Errors.Select(e => (e.Key, e.Code));

        Assert.Equal([("Overall", "unknown"), ("overall", "missing")], codes);
    }

    [Fact]
    public void EveryProblemIsListedOrderedByKey()
    {
        var values = new Dictionary<string, decimal?>
        {
            ["socially"] = 10.15m,   // out of range and too many decimals
            ["zzz"] = 1m,
            ["interpersonally"] = null,
            ["aaa"] = 1m,
            ["overall"] = 5m,
        };

        var errors = ItemScoring.Score(Ors, values).Errors.Select(e => (e.Key, e.Code));

        Assert.Equal(
        [
            ("aaa", "unknown"),
            ("individually", "missing"),
            ("interpersonally", "missing"),
            ("socially", "out_of_range"),
            ("socially", "too_many_decimals"),
            ("zzz", "unknown"),
        ], errors);
    }

    [Fact]
    public void HugeValuesAreOutOfRangeNotAnOverflow()
    {
        // Four values of 4e28 overflow a decimal sum (max ≈ 7.9e28): each must be refused before it is summed.
        var huge = 40_000_000_000_000_000_000_000_000_000m;
        var result = ItemScoring.Score(Ors, Values(huge, huge, decimal.MaxValue, decimal.MinValue));

        Assert.Null(result.Total);
        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("out_of_range", e.Code));
    }

    [Fact]
    public void EmptySubmissionListsEveryItemAsMissing()
    {
        var result = ItemScoring.Score(Ors, new Dictionary<string, decimal?>());

        Assert.Equal(["individually", "interpersonally", "overall", "socially"], result.Errors.Select(e => e.Key));
        Assert.All(result.Errors, e => Assert.Equal("missing", e.Code));
    }

    [Fact]
    public void InvalidDefinitionsThrow()
    {
        var valid = Values(1m, 1m, 1m, 1m);
        Assert.Throws<ArgumentException>(() => ItemScoring.Score([], valid));
        Assert.Throws<ArgumentException>(() => ItemScoring.Score([new("a", 0m, 10m), new("a", 0m, 10m)], valid));
        Assert.Throws<ArgumentException>(() => ItemScoring.Score([new("a", 10m, 0m)], valid));
        Assert.Throws<ArgumentNullException>(() => ItemScoring.Score(Ors, null!));
    }
}
