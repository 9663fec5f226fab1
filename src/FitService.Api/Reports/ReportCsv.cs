using System.Globalization;
using System.Text;
using FitService.Statistics;
using FitService.Statistics.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitService.Api.Reports;

/// <summary>
/// CSV for Excel with Norwegian settings and for R (docs/reports.md): UTF-8 with a byte order mark, semicolon
/// separators, decimal comma, no thousands separator, ASCII minus, CRLF line ends, one header line; a suppressed or
/// undefined value is an empty field; booleans are TRUE/FALSE. R: <c>read.csv2(file, fileEncoding = "UTF-8-BOM")</c>
/// or <c>readr::read_csv2(file)</c>.
/// </summary>
public static class ReportCsv
{
    static readonly NumberFormatInfo Norwegian = new() { NumberDecimalSeparator = ",", NegativeSign = "-", NumberGroupSeparator = "" };
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    sealed record Column<T>(string Name, Func<T, string> Value);

    /// <summary>The heading language a request asks for (<c>lang</c>: nb, the default, en, or key); validated in <see cref="ReportRequest"/>.</summary>
    public static string Language(HttpRequest request) =>
        request.Query["lang"].ToString() is { Length: > 0 } l && ReportColumns.Languages.Contains(l) ? l : "nb";

    public static FileContentHttpResult Outcomes(OutcomesReportResponse report, string language)
    {
        var fixedColumns = new List<Column<OutcomeRow>>(Definitions<OutcomeRow>(report.DefinitionsVersion, report.Instrument, report.Norms,
            report.SeverityAdjustment, language))
        {
            new("level", r => r.Level),
            new("department", r => r.Department ?? ""),
            new("period", r => r.Period ?? ""),
            new("suppressed", r => r.Suppressed ? "TRUE" : "FALSE"),
            new("hiddenBecause", r => r.HiddenBecause ?? ""),
        };
        // The collateral section has the same groups as the rows: each line carries its group's collateral figures.
        var collateral = (report.Collateral?.Rows ?? []).ToDictionary(c => (c.Level, c.Department, c.Period));
        var body = Write(report.Rows, fixedColumns,
            [.. MetricColumns(), .. CollateralColumns<OutcomeRow>(r => collateral.GetValueOrDefault((r.Level, r.Department, r.Period)))], language);
        var name = $"fitservice-outcomes-{report.Instrument}-{report.Scope.From}-{report.Scope.To}.csv";
        return TypedResults.File(body, ContentType, name);
    }

    /// <summary>
    /// The columns every line of both CSVs opens with, so a file read alone says what it is and what was done to its numbers
    /// (<c>disclosureControl</c>, in the heading language; a hidden line says why in <c>hiddenBecause</c>).
    /// </summary>
    static IEnumerable<Column<T>> Definitions<T>(string definitionsVersion, string instrument, ReportNorms norms, SeverityAdjustmentShown severity,
        string language)
    {
        var cutoffs = string.Join(" ", norms.Cutoffs.Select(c => $"{c.MinAge}-{c.MaxAge}:{Number((double)c.Cutoff)}"));
        var threshold = norms.ReliableChangeThreshold is { } t ? Number((double)t) : "";
        var model = severity is { Available: true } m
            ? $"{Number(m.Intercept)} {Number(m.Slope)} {Number(m.ReferenceMeanChange)} {Number(m.ReferenceSd)}" : "";
        var statement = DisclosureControl.CsvStatement(language);
        return
        [
            new("definitionsVersion", _ => definitionsVersion),
            new("instrument", _ => instrument),
            new("reliableChangeThreshold", _ => threshold),
            new("clinicalCutoffs", _ => cutoffs),
            new("severityAdjustmentModel", _ => model),
            new("disclosureControl", _ => statement),
        ];
    }

    /// <summary>A line's collateral figures (CollateralTable), perturbed and suppressed as published; empty when the group has none.</summary>
    static IEnumerable<Column<T>> CollateralColumns<T>(Func<T, CollateralRow?> pick) =>
    [
        new("collateralSuppressed", x => pick(x) is { } c ? (c.Suppressed ? "TRUE" : "FALSE") : ""),
        new("collateralHiddenBecause", x => pick(x)?.HiddenBecause ?? ""),
        new("collateralEpisodes", x => pick(x) is ShownCollateralRow c ? Count(c.Episodes) : ""),
        new("collateralMeanFirst", x => pick(x) is ShownCollateralRow c ? Number(c.MeanFirst) : ""),
        new("collateralMeanLast", x => pick(x) is ShownCollateralRow c ? Number(c.MeanLast) : ""),
    ];

    static readonly (string Name, Func<PeriodDifferences, Difference?> Pick)[] DifferenceColumns =
    [
        ("diffMeanChange", d => d.MeanChange), ("diffEffectSize", d => d.EffectSize), ("diffReliablyImproved", d => d.ReliablyImproved),
        ("diffSeverityAdjustedEffectSize", d => d.SeverityAdjustedEffectSize),
    ];

    public static FileContentHttpResult Compare(CompareReportResponse report, string language)
    {
        var rows = report.Rows.SelectMany(r => new[] { (Span: report.Scope.First, First: true, Row: r.First, r), (Span: report.Scope.Second, First: false, Row: r.Second, r) });
        var fixedColumns = new List<Column<(string Span, bool First, OutcomeRow Row, ComparisonRow Pair)>>(
            Definitions<(string Span, bool First, OutcomeRow Row, ComparisonRow Pair)>(report.DefinitionsVersion, report.Instrument, report.Norms,
                report.SeverityAdjustment, language))
        {
            new("department", x => x.Pair.Department ?? ""),
            new("period", x => x.Span),
            new("suppressed", x => x.Row.Suppressed ? "TRUE" : "FALSE"),
            new("hiddenBecause", x => x.Row.HiddenBecause ?? ""),
        };
        var metrics = MetricColumns().Select(c => new Column<(string Span, bool First, OutcomeRow Row, ComparisonRow Pair)>(c.Name, x => c.Value(x.Row)));
        var collateral = (report.Collateral?.Rows ?? []).ToDictionary(c => c.Department ?? "");
        var collateralColumns = CollateralColumns<(string Span, bool First, OutcomeRow Row, ComparisonRow Pair)>(x =>
            collateral.GetValueOrDefault(x.Pair.Department ?? "") is { } c ? (x.First ? c.First : c.Second) : null);
        // The differences (second − first) are repeated on both lines of a department so either line reads alone.
        var differences = new List<Column<(string Span, bool First, OutcomeRow Row, ComparisonRow Pair)>>();
        foreach (var (name, pick) in DifferenceColumns)
        {
            differences.Add(new(name, x => x.Pair.Differences is { } d && pick(d) is { } v ? Number(v.Value) : ""));
            differences.Add(new(name + "CiLow", x => x.Pair.Differences is { } d && pick(d) is { } v ? Number(v.CiLow) : ""));
            differences.Add(new(name + "CiHigh", x => x.Pair.Differences is { } d && pick(d) is { } v ? Number(v.CiHigh) : ""));
        }
        var body = Write(rows.ToList(), fixedColumns, [.. metrics, .. collateralColumns, .. differences], language);
        return TypedResults.File(body, ContentType, $"fitservice-compare-{report.Instrument}.csv");
    }

    static List<Column<OutcomeRow>> MetricColumns()
    {
        var columns = new List<Column<OutcomeRow>>();
        void Add(string name, Func<ShownOutcomeRow, string> value) =>
            columns.Add(new(name, r => r is ShownOutcomeRow shown ? value(shown) : ""));
        void Share(string name, Func<ShownOutcomeRow, Proportion?> pick)
        {
            Add(name, r => Number(pick(r)?.Value));
            Add(name + "CiLow", r => Number(pick(r)?.CiLow));
            Add(name + "CiHigh", r => Number(pick(r)?.CiHigh));
        }
        Add("clients", r => Count(r.Clients));
        Add("episodes", r => Count(r.Episodes));
        Add("sessions", r => Count(r.Sessions));
        Add("fewerThanTwoScores", r => Count(r.CountedApart.FewerThanTwoScores));
        Add("stillOpen", r => Count(r.CountedApart.StillOpen));
        Add("intakeFunctional", r => Count(r.CountedApart.IntakeFunctional));
        Add("noCutoff", r => Count(r.CountedApart.NoCutoff));
        Add("changeSample", r => Count(r.ChangeSample));
        Add("meanIntake", r => Number(r.MeanIntake));
        Add("sdIntake", r => Number(r.SdIntake));
        Add("meanLast", r => Number(r.MeanLast));
        Add("sdLast", r => Number(r.SdLast));
        Add("meanChange", r => Number(r.MeanChange));
        Add("sdChange", r => Number(r.SdChange));
        Add("effectSize", r => Number(r.EffectSize?.Value));
        Add("effectSizeCiLow", r => Number(r.EffectSize?.CiLow));
        Add("effectSizeCiHigh", r => Number(r.EffectSize?.CiHigh));
        Add("effectSizeEpisodes", r => Count(r.EffectSizeInputs.Episodes));
        Add("effectSizeMeanChange", r => Number(r.EffectSizeInputs.MeanChange));
        Add("effectSizeSdIntake", r => Number(r.EffectSizeInputs.SdIntake));
        Add("effectSizeSdChange", r => Number(r.EffectSizeInputs.SdChange));
        Add("normativeSd", r => Number(r.EffectSizeInputs.NormativeSd));
        Add("normativeEffectSize", r => Number(r.NormativeEffectSize?.Value));
        Add("normativeEffectSizeCiLow", r => Number(r.NormativeEffectSize?.CiLow));
        Add("normativeEffectSizeCiHigh", r => Number(r.NormativeEffectSize?.CiHigh));
        Add("severityAdjustedEffectSize", r => Number(r.SeverityAdjustedEffectSize?.Value));
        Add("severityAdjustedEffectSizeCiLow", r => Number(r.SeverityAdjustedEffectSize?.CiLow));
        Add("severityAdjustedEffectSizeCiHigh", r => Number(r.SeverityAdjustedEffectSize?.CiHigh));
        Share("recovered", r => r.Shares.Recovered);
        Share("improved", r => r.Shares.Improved);
        Share("unchanged", r => r.Shares.Unchanged);
        Share("deteriorated", r => r.Shares.Deteriorated);
        Share("reliablyImproved", r => r.Shares.ReliablyImproved);
        Share("harmed", r => r.Shares.Harmed);
        Add("closedEpisodes", r => Count(r.ClosedEpisodes));
        Share("dropout", r => r.Dropout);
        Share("dropoutBeforeTarget", r => r.DropoutBeforeTarget);
        Share("singleSession", r => r.SingleSession);
        Add("meanSessions", r => Number(r.MeanSessions));
        Add("meanDays", r => Number(r.MeanDays));
        Add("meanIntakeAlliance", r => Number(r.MeanIntakeAlliance));
        Add("allianceSessionsBelowCutoff", r => Number(r.AllianceSessionsBelowCutoff));
        Add("completeness", r => Number(r.Completeness));
        Add("trajectoryEvaluated", r => Count(r.TrajectoryEvaluated));
        Share("onExpectedTrajectory", r => r.OnExpectedTrajectory);
        Add("openChangeSample", r => Count(r.OpenChange.Episodes));
        Add("openMeanChange", r => Number(r.OpenChange.MeanChange));
        Add("openSdChange", r => Number(r.OpenChange.SdChange));
        Share("openReliablyImproved", r => r.OpenChange.ReliablyImproved);
        Add("withheld", r => string.Join(' ', r.Withheld));
        return columns;
    }

    /// <summary>Every column key the two CSVs write, in order (the data dictionary lists them; a test holds it to this).</summary>
    public static IReadOnlyList<string> Keys()
    {
        var outcomes = new[] { "definitionsVersion", "instrument", "reliableChangeThreshold", "clinicalCutoffs", "severityAdjustmentModel",
            "disclosureControl", "level", "department", "period", "suppressed", "hiddenBecause" };
        return [.. outcomes, .. MetricColumns().Select(c => c.Name), .. CollateralColumns<object>(_ => null).Select(c => c.Name),
            .. DifferenceColumns.SelectMany(d => new[] { d.Name, d.Name + "CiLow", d.Name + "CiHigh" })];
    }

    static byte[] Write<T>(IReadOnlyList<T> rows, IReadOnlyList<Column<T>> first, IReadOnlyList<Column<T>> rest, string language)
    {
        var columns = first.Concat(rest).ToList();
        var text = new StringBuilder();
        text.Append(string.Join(';', columns.Select(c => Field(ReportColumns.Heading(c.Name, language))))).Append("\r\n");
        foreach (var row in rows)
            text.Append(string.Join(';', columns.Select(c => Field(c.Value(row))))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    // Rounded to 10 decimal places; Excel and R read "0,123" as a number with these settings.
    internal static string Number(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 10).ToString("0.##########", Norwegian) : "";

    static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Quote only when needed; our fields are codes, labels and numbers, so this is a guard, not the rule.
    static string Field(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
