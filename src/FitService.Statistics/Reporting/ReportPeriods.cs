namespace FitService.Statistics.Reporting;

/// <summary>How finely a report splits time. Never finer than a month.</summary>
public enum PeriodLength
{
    /// <summary>Calendar months.</summary>
    Month = 1,
    /// <summary>Calendar quarters.</summary>
    Quarter = 3,
    /// <summary>Calendar half-years.</summary>
    HalfYear = 6,
    /// <summary>Calendar years.</summary>
    Year = 12,
}

/// <summary>
/// Months as whole numbers (year·12 + month − 1), calendar periods built from them, and their labels.
/// Labels are "2025M01", "2025Q1", "2025H1" and "2025": compact forms that spreadsheets do not turn into dates.
/// </summary>
public static class ReportPeriods
{
    /// <summary>The month number year·12 + (month − 1) of a date; the database computes the same as episodes.start_month.</summary>
    /// <param name="date">Any date in the month.</param>
    public static int MonthNumber(DateOnly date) => date.Year * 12 + date.Month - 1;

    /// <summary>The month number of year and month (1–12).</summary>
    /// <param name="year">Calendar year.</param>
    /// <param name="month">Month, 1–12.</param>
    public static int MonthNumber(int year, int month) => year * 12 + month - 1;

    /// <summary>True when the month number starts a period of this length (January for years, July for second halves, ...).</summary>
    /// <param name="month">Month number.</param>
    /// <param name="length">Period length.</param>
    public static bool StartsPeriod(int month, PeriodLength length) => month % (int)length == 0;

    /// <summary>The label of the period of this length that starts at (or contains) the month.</summary>
    /// <param name="month">Month number.</param>
    /// <param name="length">Period length.</param>
    public static string Label(int month, PeriodLength length)
    {
        int year = month / 12, inYear = month % 12;
        return length switch
        {
            PeriodLength.Month => $"{year}M{inYear + 1:00}",
            PeriodLength.Quarter => $"{year}Q{inYear / 3 + 1}",
            PeriodLength.HalfYear => $"{year}H{inYear / 6 + 1}",
            _ => $"{year}",
        };
    }

    /// <summary>The label of a span of months: "2022M01–2024M12" as "2022M01/2024M12" (ISO 8601 interval style).</summary>
    /// <param name="fromMonth">First month number.</param>
    /// <param name="toMonth">Last month number (inclusive).</param>
    public static string SpanLabel(int fromMonth, int toMonth) =>
        $"{Label(fromMonth, PeriodLength.Month)}/{Label(toMonth, PeriodLength.Month)}";
}

/// <summary>A named band of ages at the episode start that reports can filter on.</summary>
/// <param name="Name">Name used in the query string.</param>
/// <param name="MinAge">Lowest age, inclusive.</param>
/// <param name="MaxAge">Highest age, inclusive.</param>
public sealed record ReportAgeBand(string Name, int MinAge, int MaxAge)
{
    /// <summary>The bands, aligned with the default instruments and cutoffs by age: under 6 (YCORS), 6–12 (CORS), 13–17 and 18+.</summary>
    public static IReadOnlyList<ReportAgeBand> All { get; } =
    [
        new("under6", 0, 5),
        new("children", 6, 12),
        new("adolescents", 13, 17),
        new("adults", 18, 130),
    ];
}
