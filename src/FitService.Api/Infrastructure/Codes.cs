using System.Globalization;
using System.Text.RegularExpressions;

namespace FitService.Api.Infrastructure;

/// <summary>Shared input rules: codes of departments and instruments, and calendar dates.</summary>
public static partial class Codes
{
    public static bool IsValid(string? code) => code is not null && CodePattern().IsMatch(code);

    public const string InvalidNorwegian = "Kode må være 1–20 store bokstaver, sifre eller bindestrek.";
    public const string InvalidEnglish = "Code must be 1–20 capital letters, digits or hyphens.";

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,19}$")]
    private static partial Regex CodePattern();
}

public static class Dates
{
    static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>Today's date in Norway: a session recorded late in the evening is still "today".</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Oslo).DateTime);

    /// <summary>Parses an ISO date (yyyy-MM-dd) that is not in the future; adds a field error otherwise.</summary>
    public static DateOnly? Parse(string? text, string field, TimeProvider clock, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, "Dato må fylles ut (åååå-mm-dd).", "Date is required (yyyy-MM-dd).");
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(field, "Ugyldig dato, bruk åååå-mm-dd.", "Invalid date, use yyyy-MM-dd.");
            return null;
        }
        if (date > Today(clock))
        {
            errors.Add(field, "Datoen kan ikke være i fremtiden.", "The date cannot be in the future.");
            return null;
        }
        if (date.Year < 1900)
        {
            errors.Add(field, "Datoen er for tidlig.", "The date is too early.");
            return null;
        }
        return date;
    }
}
