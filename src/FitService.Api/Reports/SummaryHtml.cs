using System.Globalization;
using System.Text;
using FitService.Statistics;
using FitService.Statistics.Reporting;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace FitService.Api.Reports;

/// <summary>
/// Writes the summary page. Every piece of text, fixed or not, goes through an <see cref="HtmlEncoder"/>; only the tags are
/// literal. No script and no inline style: the page links /css/summary.css (the CSP allows styles from 'self' only).
/// Numbers come from shown rows only: a hidden row is said in words, a withheld statistic likewise.
/// </summary>
public static class SummaryHtml
{
    public static string Render(SummaryWords w, int fromMonth, int toMonth, IReadOnlyList<SummaryPage.Section> sections)
    {
        var html = new StringBuilder();
        var span = w.Span(fromMonth, toMonth);
        var other = $"?from={ReportPeriods.Label(fromMonth, PeriodLength.Month).Replace('M', '-')}" +
            $"&to={ReportPeriods.Label(toMonth, PeriodLength.Month).Replace('M', '-')}&lang={w.OtherLanguageCode}";
        html.Append($"<!DOCTYPE html>\n<html lang=\"{w.Language}\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{E(w.Title)}: {E(span)}</title>\n<link rel=\"stylesheet\" href=\"/css/summary.css\">\n")
            // No icon request (it would 404): an empty one, as the web UI does.
            .Append("<link rel=\"icon\" href=\"data:,\">\n</head>\n<body>\n<main>\n")
            .Append($"<header>\n<h1>{E(w.Title)}</h1>\n<p class=\"period\">{E(string.Format(w.ForCouncil, span))}</p>\n")
            .Append($"<p class=\"language\"><a href=\"{E(other)}\" hreflang=\"{w.OtherLanguageCode}\">{E(w.OtherLanguage)}</a></p>\n</header>\n")
            .Append($"<p>{E(w.Intro)}</p>\n<p>{E(w.ReliablyExplained)}</p>\n");
        foreach (var section in sections) Section(html, w, section);
        html.Append($"<footer><p>{E(string.Format(w.Footer, OutcomeReport.DefinitionsVersion))}</p></footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    static void Section(StringBuilder html, SummaryWords w, SummaryPage.Section s)
    {
        html.Append(s.IsService ? "<section class=\"service\">\n" : "<section class=\"department\">\n")
            .Append($"<h2>{E(s.IsService ? w.WholeService : s.Heading)}</h2>\n");
        if (s.Row is not ShownOutcomeRow row)
            Paragraph(html, s.IsService ? w.ServiceHidden : w.Hidden);
        else if (row.Episodes == 0)
            Paragraph(html, w.NoneStarted);
        else
        {
            Paragraph(html, string.Format(w.Started, row.Episodes, row.ClosedEpisodes));
            if (row.Shares.ReliablyImproved is { } improved)
            {
                var text = string.Format(w.Improved, w.Share(improved.Value)) + " " + Between(w, improved);
                Paragraph(html, text + " " + SinceLastYear(w, s));
            }
            else Paragraph(html, w.ImprovedWithheld);
            Paragraph(html, row.Dropout is { } dropout
                ? SummaryWords.Capitalised(string.Format(w.Dropout, w.Share(dropout.Value)))
                : w.DropoutWithheld);
        }
        if (!s.IsService) Goals(html, w, s.Goals);
        html.Append("</section>\n");
    }

    static string Between(SummaryWords w, Proportion p)
    {
        int low = Tenths(p.CiLow), high = Tenths(p.CiHigh);
        return low == high ? string.Format(w.AboutOnly, low) : string.Format(w.Between, low, high);
    }

    static int Tenths(double share) => (int)Math.Round(share * 10, MidpointRounding.AwayFromZero);

    // The comparison's Newcombe interval for the share reliably improved: a difference only when it excludes zero.
    static string SinceLastYear(SummaryWords w, SummaryPage.Section s) => s.SinceLastYear?.ReliablyImproved switch
    {
        { CiLow: > 0 } => w.More,
        { CiHigh: < 0 } => w.Fewer,
        not null => w.CannotTell,
        null => w.NoComparison,
    };

    static void Goals(StringBuilder html, SummaryWords w, IReadOnlyList<GoalResult> goals)
    {
        html.Append($"<h3>{E(w.GoalsHeading)}</h3>\n");
        if (goals.Count == 0)
        {
            Paragraph(html, w.NoGoals);
            return;
        }
        html.Append("<ul class=\"goals\">\n");
        foreach (var g in goals)
        {
            var target = string.Format(g.Direction == "atMost" ? w.AtMost : w.AtLeast, Percent(w, g.Target));
            var goal = string.Format(w.Goal, w.HalfYear(g.HalfYear),
                string.Format(w.Metrics.TryGetValue(g.Metric, out var phrase) ? phrase : "{0} " + g.Metric, target));
            var result = g.Status is GoalStatus.Hidden || g.Value is not { } value ? "" : " " + string.Format(w.Result, w.Share(value));
            var status = g.Status switch
            {
                GoalStatus.Met => w.Met,
                GoalStatus.NotMet => w.NotMet,
                GoalStatus.Hidden => w.GoalHidden,
                _ => w.Uncertain,
            };
            html.Append($"<li class=\"{g.Status.ToString().ToLowerInvariant()}\">{E(goal + result)} <strong>{E(status)}</strong></li>\n");
        }
        html.Append("</ul>\n");
    }

    static string Percent(SummaryWords w, decimal share)
    {
        // The build runs with invariant globalization: the decimal comma is written by hand.
        var number = (share * 100).ToString("0.#", CultureInfo.InvariantCulture);
        return w.Language == "en" ? number + "%" : number.Replace('.', ',') + " %";
    }

    static void Paragraph(StringBuilder html, string text) => html.Append($"<p>{E(text)}</p>\n");

    // Encodes < > & " ' (and characters unsafe in HTML) but leaves letters such as æ, ø and å readable in the source.
    static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    static string E(string text) => Encoder.Encode(text);
}
