using FitService.Api.Clients;

namespace FitService.Api.Tests;

// Test numbers are synthetic: month + 80 marks Skatteetaten's synthetic test persons (Tenor), so no
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
    public void SeparatorsAndSurroundingTextDoNotHideANumber(string text) =>
        Assert.True(NationalIdentityNumber.LooksLikeOne(text));

    [Theory]
    [InlineData("01819012366")]          // second check digit wrong
    [InlineData("01819012375")]          // first check digit wrong
    [InlineData("15857045639")]          // check digits swapped
    [InlineData("0181901236")]           // 10 digits
    [InlineData("0181901236A")]          // a letter instead of a digit
    [InlineData("01819O12365")]          // letter O inside the number
    [InlineData("0181901236/5")]         // other separators end the run
    [InlineData("client-42")]
    [InlineData("")]
    [InlineData("00000000001")]
    public void OtherTextIsNotANumber(string text) =>
        Assert.False(NationalIdentityNumber.LooksLikeOne(text));

    [Fact]
    public void ElevenZerosHaveValidCheckDigitsAndAreRefused() =>
        // Σ = 0 gives k = 11 -> 0 for both check digits; refusing it errs on the safe side.
        Assert.True(NationalIdentityNumber.LooksLikeOne("00000000000"));

    [Fact]
    public void NullThrows() =>
        Assert.Throws<ArgumentNullException>(() => NationalIdentityNumber.LooksLikeOne(null!));

    // Independent restatement of the published algorithm, used only to check the test data.
    static string CheckDigitsOf(string nineDigits)
    {
        int[] w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
        int[] w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        var d = nineDigits.Select(c => c - '0').ToList();
        var k1 = (11 - d.Select((x, i) => x * w1[i]).Sum() % 11) % 11;
        d.Add(k1);
        var k2 = (11 - d.Select((x, i) => x * w2[i]).Sum() % 11) % 11;
        return $"{k1}{k2}";
    }
}
