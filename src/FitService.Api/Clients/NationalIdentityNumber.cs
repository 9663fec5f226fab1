using System.Globalization;
using System.Text;

namespace FitService.Api.Clients;

/// <summary>
/// Detects text that contains a Norwegian national identity number (fødselsnummer, and D- and H-numbers,
/// which use the same check digits), so that it can be refused as a pseudonym.
/// Check digits: mod 11 with weights 3 7 6 1 8 9 4 5 2 (k1) and 5 4 3 2 7 6 5 4 3 2 (k2), per Skatteetaten's
/// description of the fødselsnummer; a remainder giving 10 is never issued.
/// </summary>
public static class NationalIdentityNumber
{
    static readonly int[] FirstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    static readonly int[] SecondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>
    /// True when the text contains 11 consecutive digits whose two check digits are valid. Every decimal digit of any
    /// script (Unicode category Nd: full-width, Arabic-Indic, Devanagari, ...) counts as its value. Separators inside
    /// a number are skipped: whitespace of any kind, '.', '/' (and their full-width forms), any dash or connector
    /// punctuation ('-', '_', en dash, ...), the minus sign, and invisible format characters such as a zero-width
    /// space or a soft hyphen. (The service runs with invariant globalization, so no Unicode normalisation is relied on.) Longer digit runs are checked at every position
    /// (refusing too much is the safe side). The date part is not checked, so synthetic and D-numbers are caught too.
    /// </summary>
    public static bool LooksLikeOne(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsDigit(rune))
            {
                digits.Add((int)Rune.GetNumericValue(rune));
                if (digits.Count >= 11 && HasValidCheckDigits(digits, digits.Count - 11))
                    return true;
            }
            else if (!IsSeparator(rune))
            {
                digits.Clear(); // any other character ends the run
            }
        }
        return false;
    }

    static bool IsSeparator(Rune rune) =>
        Rune.IsWhiteSpace(rune) || rune.Value is '.' or '/' or '\uFF0E' or '\uFF0F' or '\u3002' or '\u2212' ||
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.DashPunctuation or UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.Format;

    static bool HasValidCheckDigits(List<int> d, int start) =>
        CheckDigit(d, start, FirstWeights) == d[start + 9] &&
        CheckDigit(d, start, SecondWeights) == d[start + 10];

    // 11 - (Σ weight·digit mod 11); 11 becomes 0; 10 is invalid (returned as -1, never equal to a digit).
    static int CheckDigit(List<int> d, int start, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++) sum += weights[i] * d[start + i];
        var k = 11 - sum % 11;
        return k == 11 ? 0 : k == 10 ? -1 : k;
    }
}
