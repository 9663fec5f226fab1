using System.Globalization;

namespace FitService.Api.Infrastructure;

/// <summary>Calendar dates as the service takes them in: ISO days, in Norway's time zone, never in the future.</summary>
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
