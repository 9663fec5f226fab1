using System.Text.RegularExpressions;

namespace FitService.Api.Infrastructure;

/// <summary>The code rule shared by departments and instruments: 1–20 capital letters, digits or hyphens.</summary>
public static partial class Codes
{
    public static bool IsValid(string? code) => code is not null && CodePattern().IsMatch(code);

    public const string InvalidNorwegian = "Kode må være 1–20 store bokstaver, sifre eller bindestrek.";
    public const string InvalidEnglish = "Code must be 1–20 capital letters, digits or hyphens.";

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,19}$")]
    private static partial Regex CodePattern();
}
