using System.Globalization;
using FitService.Api.Infrastructure;
using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

/// <summary>A validated outcomes report request.</summary>
public sealed record OutcomesRequest(EpisodeFilter Filter, bool ByDepartment, PeriodLength? Period, IReadOnlyList<string>? Departments,
    string? AgeBand, bool Csv);

/// <summary>Parses the query strings of the report endpoints into filters, naming the field of each error.</summary>
public static class ReportRequest
{
    static readonly QueryParameter[] CommonQuery =
    [
        new("departments", "Department codes, comma-separated (needs groupBy=department for the outcomes report)"),
        new("instrument", "Outcome instrument code", Default: "ORS"),
        new("ageBand", "Only episodes whose client was in this age band at the start", Allowed: [.. ReportAgeBand.All.Select(b => b.Name)]),
        new("format", "json or csv (csv also with Accept: text/csv; an explicit format wins)", Allowed: ["json", "csv"]),
        new("lang", "CSV headings: nb (plain bokmål, the default), en (plain English) or key (the JSON field names); see GET /reports/dictionary",
            Allowed: ["nb", "en", "key"]),
    ];

    /// <summary>The outcomes report's query, as the OpenAPI document declares it.</summary>
    public static readonly QueryParameter[] OutcomesQuery =
    [
        new("from", "First month, yyyy-MM (the first month of a period when grouped by one)", Required: true, Pattern: QueryParameters.MonthPattern),
        new("to", "Last month, yyyy-MM (the last month of a period when grouped by one)", Required: true, Pattern: QueryParameters.MonthPattern),
        new("groupBy", "department, and/or one of month, quarter, halfyear, year; comma-separated (e.g. department,quarter)",
            Pattern: "^(department|month|quarter|halfyear|year)(,(department|month|quarter|halfyear|year))?$"),
        .. CommonQuery,
    ];

    /// <summary>The comparison's query: two spans of months that do not overlap.</summary>
    public static readonly QueryParameter[] CompareQuery =
    [
        new("firstFrom", "First span's first month, yyyy-MM", Required: true, Pattern: QueryParameters.MonthPattern),
        new("firstTo", "First span's last month, yyyy-MM", Required: true, Pattern: QueryParameters.MonthPattern),
        new("secondFrom", "Second span's first month, yyyy-MM", Required: true, Pattern: QueryParameters.MonthPattern),
        new("secondTo", "Second span's last month, yyyy-MM", Required: true, Pattern: QueryParameters.MonthPattern),
        .. CommonQuery,
    ];

    /// <summary>A report has at most this many department × period cells (a coarser grouping answers larger spans).</summary>
    public const int MaxCells = 2000;

    static readonly Dictionary<string, PeriodLength> Periods = new(StringComparer.Ordinal)
    {
        ["month"] = PeriodLength.Month, ["quarter"] = PeriodLength.Quarter, ["halfyear"] = PeriodLength.HalfYear, ["year"] = PeriodLength.Year,
    };

    public static OutcomesRequest? ParseOutcomes(HttpRequest http, FieldErrors errors)
    {
        var query = http.Query;
        var from = Month(query["from"], "from", errors);
        var to = Month(query["to"], "to", errors);
        var (byDepartment, period) = GroupBy(query["groupBy"], errors);
        var common = Common(http, errors);
        if (from is { } f && to is { } t)
        {
            if (t < f) errors.Add("to", "Til-måned kan ikke være før fra-måned.", "'to' cannot be before 'from'.");
            else if (period is { } p)
            {
                if (!ReportPeriods.StartsPeriod(f, p))
                    errors.Add("from", $"Må være første måned i en periode ({Name(p)}).", $"Must be the first month of a {Name(p)}.");
                if (!ReportPeriods.StartsPeriod(t + 1, p))
                    errors.Add("to", $"Må være siste måned i en periode ({Name(p)}).", $"Must be the last month of a {Name(p)}.");
            }
        }
        if (common?.Departments is not null && !byDepartment)
            errors.Add("departments", "Avdelingsfilter krever groupBy=department.", "A departments filter needs groupBy=department.");
        if (errors.Any || common is null) return null;
        return new OutcomesRequest(common.Value.Filter(from!.Value, to!.Value), byDepartment, period, common.Value.Departments,
            common.Value.AgeBand, common.Value.Csv);
    }

    /// <summary>Two spans of months to compare (e.g. two plan periods); they may not overlap.</summary>
    public static (EpisodeFilter First, EpisodeFilter Second, IReadOnlyList<string>? Departments, string? AgeBand, bool Csv)? ParseCompare(
        HttpRequest http, FieldErrors errors)
    {
        var query = http.Query;
        var firstFrom = Month(query["firstFrom"], "firstFrom", errors);
        var firstTo = Month(query["firstTo"], "firstTo", errors);
        var secondFrom = Month(query["secondFrom"], "secondFrom", errors);
        var secondTo = Month(query["secondTo"], "secondTo", errors);
        var common = Common(http, errors);
        if (firstFrom > firstTo) errors.Add("firstTo", "Kan ikke være før firstFrom.", "Cannot be before firstFrom.");
        if (secondFrom > secondTo) errors.Add("secondTo", "Kan ikke være før secondFrom.", "Cannot be before secondFrom.");
        if (firstFrom <= secondTo && secondFrom <= firstTo)
            errors.Add("secondFrom", "Periodene kan ikke overlappe.", "The two periods cannot overlap.");
        if (errors.Any || common is null) return null;
        return (common.Value.Filter(firstFrom!.Value, firstTo!.Value), common.Value.Filter(secondFrom!.Value, secondTo!.Value),
            common.Value.Departments, common.Value.AgeBand, common.Value.Csv);
    }

    readonly record struct CommonParts(string Instrument, ReportAgeBand? Band, IReadOnlyList<string>? Departments, bool Csv)
    {
        public string? AgeBand => Band?.Name;
        public EpisodeFilter Filter(int from, int to) => new(Instrument, from, to, Band is null ? null : ReportAgeBand.All.ToList().IndexOf(Band));
    }

    static CommonParts? Common(HttpRequest http, FieldErrors errors)
    {
        var query = http.Query;
        var instrument = query["instrument"].ToString() is { Length: > 0 } i ? i : "ORS";
        if (!Codes.IsValid(instrument)) errors.Add("instrument", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        ReportAgeBand? band = null;
        if (query["ageBand"].ToString() is { Length: > 0 } a && (band = ReportAgeBand.All.SingleOrDefault(b => b.Name == a)) is null)
            errors.Add("ageBand", $"Må være en av {string.Join(", ", ReportAgeBand.All.Select(b => b.Name))}.",
                $"Must be one of {string.Join(", ", ReportAgeBand.All.Select(b => b.Name))}.");
        var departments = query["departments"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct().ToList();
        if (departments.Any(d => !Codes.IsValid(d))) errors.Add("departments", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        var format = query["format"].ToString();
        if (format is not ("" or "json" or "csv")) errors.Add("format", "Må være json eller csv.", "Must be json or csv.");
        if (query["lang"].ToString() is { Length: > 0 } lang && !ReportColumns.Languages.Contains(lang))
            errors.Add("lang", "Må være nb, en eller key.", "Must be nb, en or key.");
        // An explicit format wins over the Accept header.
        var csv = format == "csv" || (format == "" && http.GetTypedHeaders().Accept.Any(m => m.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)));
        return errors.Any ? null : new CommonParts(instrument, band, departments.Count == 0 ? null : departments, csv);
    }

    static (bool ByDepartment, PeriodLength? Period) GroupBy(string? text, FieldErrors errors)
    {
        bool byDepartment = false;
        PeriodLength? period = null;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "department") byDepartment = true;
            else if (Periods.TryGetValue(part, out var p) && period is null) period = p;
            else errors.Add("groupBy", "Bruk department og/eller én av month, quarter, halfyear, year.",
                "Use department and/or one of month, quarter, halfyear, year.");
        }
        return (byDepartment, period);
    }

    /// <summary>A month "yyyy-MM" as a month number; nothing finer than a month is accepted (or ever returned).</summary>
    public static int? Month(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, "Må oppgis (åååå-mm).", "Is required (yyyy-MM).");
            return null;
        }
        if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || text.Length != 7 || date.Year < 1900)
        {
            errors.Add(field, "Ugyldig måned, bruk åååå-mm.", "Invalid month, use yyyy-MM.");
            return null;
        }
        return ReportPeriods.MonthNumber(date);
    }

    static string Name(PeriodLength p) => p switch
    {
        PeriodLength.Month => "month",
        PeriodLength.Quarter => "quarter",
        PeriodLength.HalfYear => "halfyear",
        _ => "year",
    };
}
