using FitService.Api.Clients;

namespace FitService.Api.Tests;

// Test numbers are synthetic (the fixed ones below, and those GeneratedSyntheticNumbers computes): month + 80 marks Skatteetaten's synthetic test persons (Tenor), so no
// real person can hold them. Their check digits were computed from Skatteetaten's published mod-11
// algorithm (weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2); CheckDigitsOf below recomputes them.
public class NationalIdentityNumberTests
{
    [Theory]
    [InlineData("01819012365")]
    [InlineData("15857045693")]
    [InlineData("17857504992")]
    [InlineData("23868077794")]
    public void SyntheticNumbersAreDetected(string number)
    {
        Assert.Equal(number[9..], CheckDigitsOf(number[..9]));
        Assert.True(NationalIdentityNumber.LooksLikeOne(number));
    }

    [Theory]
    [InlineData("018190 12365")]
    [InlineData("01.81.90-123.65")]
    [InlineData("client 018190-12365")]
    [InlineData("x01819012365y")]
    [InlineData("9901819012365")]        // inside a longer run of digits
    [InlineData("018190_12365")]
    [InlineData("0181901236/5")]
    public void SeparatorsAndSurroundingTextDoNotHideANumber(string text) =>
        Assert.True(NationalIdentityNumber.LooksLikeOne(text));

    [Theory]
    [InlineData("01819012366")]          // second check digit wrong
    [InlineData("01819012375")]          // first check digit wrong
    [InlineData("15857045639")]          // check digits swapped
    [InlineData("0181901236")]           // 10 digits
    [InlineData("0181901236A")]          // a letter instead of a digit
    [InlineData("01819O12365")]          // letter O inside the number
    [InlineData("0181901236+5")]         // other punctuation ends the run
    [InlineData("0181901236a5")]
    [InlineData("client-42")]
    [InlineData("")]
    [InlineData("00000000001")]
    public void OtherTextIsNotANumber(string text) =>
        Assert.False(NationalIdentityNumber.LooksLikeOne(text));

    // Every separator and script a typed or pasted number may arrive in.
    static readonly string[] Separators = [" ", ".", "-", "_", "/", "\t", "\u00A0", "\u2003", "\u202F", "\u200B", "\u00AD",
        "\u2013", "\u2212", "\uFF0E", "\uFF0D", "\uFF3F", "\uFF0F", " - ", "\r\n"];
    static readonly int[] DigitZeros = [0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE /* mathematical bold, outside the BMP */];

    public static TheoryData<string> WrittenDifferently()
    {
        var data = new TheoryData<string>();
        foreach (var number in GeneratedSyntheticNumbers(5, seed: 11))
        {
            foreach (var separator in Separators)
                data.Add($"Test {number[..6]}{separator}{number[6..]}");
            data.Add(string.Join("_", number.Chunk(2).Select(c => new string(c))));
            foreach (var zero in DigitZeros)
                data.Add(string.Concat(number.Select(d => char.ConvertFromUtf32(zero + (d - '0')))));
            // Mixed scripts and a separator in one number.
            data.Add(string.Concat(number.Select((d, i) => i % 2 == 0 ? d.ToString() : char.ConvertFromUtf32(0xFF10 + (d - '0')))) + "-x");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WrittenDifferently))]
    public void NumbersWithAnySeparatorOrUnicodeDigitsAreDetected(string text) =>
        Assert.True(NationalIdentityNumber.LooksLikeOne(text), text);

    [Fact]
    public void AWrongCheckDigitIsStillNotANumberInAnyScript()
    {
        foreach (var number in GeneratedSyntheticNumbers(5, seed: 12))
        {
            var wrong = number[..10] + (char)('0' + (number[10] - '0' + 1) % 10);
            Assert.False(NationalIdentityNumber.LooksLikeOne(wrong));
            foreach (var zero in DigitZeros)
                Assert.False(NationalIdentityNumber.LooksLikeOne(string.Concat(wrong.Select(d => char.ConvertFromUtf32(zero + (d - '0'))))));
            Assert.False(NationalIdentityNumber.LooksLikeOne($"{wrong[..6]}_{wrong[6..]}"));
        }
    }

    /// <summary>
    /// Synthetic numbers generated here, never a real person's: the month is + 80 (Skatteetaten's synthetic test
    /// persons), and the check digits are computed with the published algorithm (CheckDigitsOf); a draw whose
    /// check digit would be 10 (never issued) is skipped.
    /// </summary>
    public static IEnumerable<string> GeneratedSyntheticNumbers(int count, int seed)
    {
        var random = new Random(seed);
        var found = 0;
        while (found < count)
        {
            var nine = $"{random.Next(1, 29):00}{80 + random.Next(1, 13):00}{random.Next(0, 100):00}{random.Next(0, 1000):000}";
            var check = CheckDigitsOf(nine);
            if (check.Length != 2) continue;
            found++;
            yield return nine + check;
        }
    }

    [Fact]
    public void ElevenZerosHaveValidCheckDigitsAndAreRefused() =>
        // Σ = 0 gives k = 11 -> 0 for both check digits; refusing it errs on the safe side.
        Assert.True(NationalIdentityNumber.LooksLikeOne("00000000000"));

    [Fact]
    public void NullThrows() =>
        Assert.Throws<ArgumentNullException>(() => NationalIdentityNumber.LooksLikeOne(null!));

    // Independent restatement of the published algorithm, used only to check the test data.
    internal static string CheckDigitsOf(string nineDigits)
    {
        int[] w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
        int[] w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        var d = nineDigits.Select(c => c - '0').ToList();
        var k1 = (11 - d.Select((x, i) => x * w1[i]).Sum() % 11) % 11;
        if (k1 == 10) return "invalid";
        d.Add(k1);
        var k2 = (11 - d.Select((x, i) => x * w2[i]).Sum() % 11) % 11;
        return k2 == 10 ? "invalid" : $"{k1}{k2}";
    }
}
