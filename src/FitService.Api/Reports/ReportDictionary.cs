using System.Text;
using FitService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitService.Api.Reports;

/// <summary>
/// The data dictionary of the report CSVs as a CSV of its own (docs/reports.md, "CSV columns"): one line per column
/// with its key, its heading in bokmål and English, and what it holds in both languages. Same format as the reports.
/// </summary>
public static class ReportDictionary
{
    public static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/dictionary", GetReportDictionary)
            .WithSummary("The data dictionary of the report CSVs: every column's key, heading and meaning, bokmål and English")
            .WithDescription("Query: lang (nb, the default, or en) for this file's own headings. See docs/reports.md.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");

    static Results<FileContentHttpResult, ValidationProblem> GetReportDictionary(string? lang)
    {
        var errors = new FieldErrors();
        if (lang is not (null or "nb" or "en")) errors.Add("lang", "Må være nb eller en.", "Must be nb or en.");
        if (errors.Any) return errors.ToProblem();
        var headings = lang == "en"
            ? new[] { "Key", "Heading (bokmål)", "Heading (English)", "Description (bokmål)", "Description (English)" }
            : new[] { "Nøkkel", "Overskrift (bokmål)", "Overskrift (engelsk)", "Beskrivelse (bokmål)", "Beskrivelse (engelsk)" };
        var text = new StringBuilder().Append(string.Join(';', headings)).Append("\r\n");
        foreach (var key in ReportCsv.Keys())
        {
            var e = ReportColumns.Of(key);
            text.Append(string.Join(';', new[] { e.Key, e.Norwegian, e.English, e.DescriptionNorwegian, e.DescriptionEnglish }.Select(Field)))
                .Append("\r\n");
        }
        return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], ReportCsv.ContentType,
            lang == "en" ? "fitservice-report-columns-en.csv" : "fitservice-report-columns.csv");
    }

    static string Field(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
