using FitService.Api.Alerts;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace FitService.Api.Episodes;

/// <summary>What the summary shows: the episode as the episode read returns it, and what the page adds around it.</summary>
public sealed record EpisodeSummary(EpisodeResponse Episode, string DepartmentName, decimal OutcomeMaximum, decimal? AllianceMaximum,
    DateTime PrintedAt, string DefinitionsVersion);

/// <summary>
/// The one-page A4 summary, top to bottom: header (service, department, pseudonym, period), the change category in
/// words and what the status is based on, the graph (the expected zones when calibrated, each relation's own line),
/// the open alerts, the sessions table (who rated each) and a footer with the print date. Always exactly one page:
/// the table takes what room is left, in two blocks side by side when long, and shows the latest sessions with a note
/// when even that is too little. The pseudonym is the only thing about the client; no name or identity number exists.
/// </summary>
public static class EpisodeSummaryPage
{
    const double Margin = 40, GraphHeight = 190, FooterHeight = 26, MaxAlertLines = 10;
    static readonly XColor Outcome = XColor.FromArgb(0x1F, 0x4E, 0x79);
    static readonly XColor Alliance = XColor.FromArgb(0x6A, 0x3D, 0x9A);
    /// <summary>A colour per relation for the collateral lines (dashed, diamonds), told apart by the legend in words too.</summary>
    static readonly IReadOnlyDictionary<string, XColor> RelationColours = new Dictionary<string, XColor>
    {
        ["parent"] = XColor.FromArgb(0x8C, 0x51, 0x0A), ["partner"] = XColor.FromArgb(0x01, 0x66, 0x5E),
        ["teacher"] = XColor.FromArgb(0xB3, 0x3C, 0x00), ["other"] = XColor.FromArgb(0x4D, 0x4D, 0x4D),
    };
    static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(0x55, 0x55, 0x55));

    public static byte[] Render(EpisodeSummary summary, EpisodeSummaryWords words)
    {
        SummaryFonts.EnsureInstalled();
        using var document = new PdfDocument();
        // The document's own title says what it is, not whom: it travels with the file wherever the file goes.
        document.Info.Title = words.Title;
        document.Info.Creator = "FitService";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var g = XGraphics.FromPdfPage(page))
        {
            var cursor = new PageCursor(g, Margin, page.Width.Point - 2 * Margin, Margin);
            Header(cursor, summary, words);
            Change(cursor, summary.Episode, words);
            Graph(cursor, summary, words);
            Alerts(cursor, summary.Episode.OpenAlerts, words);
            SessionsTable.Draw(cursor, summary.Episode, words, page.Height.Point - Margin - FooterHeight);
            Footer(g, summary, words, new XRect(Margin, page.Height.Point - Margin - FooterHeight + 6, cursor.Width, FooterHeight));
        }
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    static void Header(PageCursor page, EpisodeSummary summary, EpisodeSummaryWords words)
    {
        var e = summary.Episode;
        page.Text(words.Title, page.Bold(15), XBrushes.Black, 19);
        page.Text(words.Service, page.Regular(8.5), Muted, 14);
        page.Rule();
        var period = e.EndedOn is { } ended
            ? string.Format(words.Closed, words.Day(e.StartedOn), words.Day(ended), words.Word($"endReason.{e.EndReason}"))
            : string.Format(words.Ongoing, words.Day(e.StartedOn));
        var forms = e.AllianceInstrument is null ? e.OutcomeInstrument.Code : $"{e.OutcomeInstrument.Code} / {e.AllianceInstrument.Code}";
        page.Facts((words.Client, e.Pseudonym), (words.Episode, period));
        page.Facts((words.Department, $"{summary.DepartmentName} ({e.DepartmentCode})"),
            (words.AgeAtStart, $"{e.AgeAtStart} · {words.Instruments}: {forms}"));
        page.Gap(6);
    }

    static void Change(PageCursor page, EpisodeResponse e, EpisodeSummaryWords words)
    {
        page.Text(words.ChangeHeading, page.Bold(9), Muted, 13);
        if (e.Category is null)
        {
            page.Text(words.NoCategory, page.Bold(12), XBrushes.Black, 16);
        }
        else
        {
            page.Text(words.Word($"category.{e.Category}"), page.Bold(13), XBrushes.Black, 17);
            var parts = new List<string> { string.Format(words.Numbers, words.Number(e.IntakeTotal), words.Number(e.LastTotal),
                words.Number(e.ChangeFromIntake, sign: true)) };
            if (e.ReliableChange is { } reliable) parts.Add(words.Word($"reliable.{reliable}"));
            if (e.ClinicalRange is { } range) parts.Add(words.Word($"range.{range}"));
            page.Text(string.Join(" · ", parts), page.Regular(9), XBrushes.Black, 13);
        }
        page.Text(string.Format(words.Expected, words.Word($"trajectory.{e.ExpectedTrajectory.Status}"),
            words.Word($"method.{e.ExpectedTrajectory.Method}")), page.Regular(9), XBrushes.Black, 13);
        foreach (var line in page.Wrap(Basis(e, words), page.Regular(8), page.Width))
            page.Text(line, page.Regular(8), XBrushes.Black, 11);
        page.Gap(6);
    }

    /// <summary>What the status is based on, as the graph on screen says it: a calibrated trajectory (which one) or the session rules.</summary>
    public static string Basis(EpisodeResponse e, EpisodeSummaryWords words)
    {
        if (e.StatusBasis != EpisodeFeedback.CalibratedTrajectory) return words.Word("basis.sessionRules");
        if (e.ExpectedBand is not { } band) return words.Word("basis.calibratedShort");
        return string.Format(words.Word("basis.calibratedTrajectory"), band.EpisodesUsed,
            words.Day(DateOnly.FromDateTime(band.CalibratedAt.UtcDateTime)), band.CalibrationId)
            + " " + string.Format(words.Word("zoneHelp"), BoundPercent(band, words));
    }

    static string BoundPercent(ExpectedBandView band, EpisodeSummaryWords words) =>
        words.Value(Math.Round((decimal)band.BoundQuantile * 100, 1));

    static void Graph(PageCursor page, EpisodeSummary summary, EpisodeSummaryWords words)
    {
        var e = summary.Episode;
        if (e.Sessions.Count == 0) return;
        var lines = new List<GraphLine>
        {
            new(e.OutcomeInstrument.Code, string.Format(words.OutcomeLegend, e.OutcomeInstrument.Code),
                e.Sessions.Select(s => (s.Number, s.Outcome.Total)).ToList(), e.OutcomeInstrument.ClinicalCutoff, Outcome, Dashed: false),
        };
        // Each relation's ratings as their own line, never joined to the client's.
        foreach (var relation in e.Collateral.GroupBy(c => c.Relation))
            lines.Add(new(e.OutcomeInstrument.Code, string.Format(words.Word("collateralLegend"), e.OutcomeInstrument.Code,
                    words.Word($"relation.{relation.Key}")),
                relation.Select(c => (c.SessionNumber, c.Total)).ToList(), Cutoff: null,
                RelationColours.GetValueOrDefault(relation.Key, XColors.DimGray), Dashed: true, GraphMarker.Diamond));
        if (e.AllianceInstrument is { } alliance && e.Sessions.Any(s => s.Alliance is not null))
            lines.Add(new(alliance.Code, string.Format(words.AllianceLegend, alliance.Code),
                e.Sessions.Where(s => s.Alliance is not null).Select(s => (s.Number, s.Alliance!.Total)).ToList(), alliance.ClinicalCutoff,
                Alliance, Dashed: true, GraphMarker.Square));
        var maximum = Math.Max(summary.OutcomeMaximum, lines.Count > 1 ? summary.AllianceMaximum ?? 0 : 0);
        var band = e.ExpectedBand is { Points.Count: > 0 } b
            ? new GraphBand(b.Points.Select(p => (p.Session, p.Expected, p.Bound)).ToList(), e.OutcomeInstrument.HigherIsBetter,
                words.Word("zone.green"), words.Word("zone.orange"), string.Format(words.Word("zone.red"), BoundPercent(b, words)),
                words.Word("expectedLegend"))
            : null;
        var height = GraphHeight + (band is null ? 0 : TrajectoryGraph.LegendHeight);
        TrajectoryGraph.Draw(page.Graphics, new XRect(page.Left, page.Y, page.Width, height), words,
            e.Sessions.Select(s => (s.Number, s.Date)).ToList(), lines, maximum, band);
        page.Gap(height + 6);
    }

    static void Alerts(PageCursor page, IReadOnlyList<AlertView> alerts, EpisodeSummaryWords words)
    {
        page.Text(words.AlertsHeading, page.Bold(10), XBrushes.Black, 14);
        if (alerts.Count == 0)
        {
            page.Text(words.NoAlerts, page.Regular(8.5), XBrushes.Black, 12);
            page.Gap(6);
            return;
        }
        var font = page.Regular(8.5);
        var used = 0;
        var ordered = alerts.OrderBy(a => a.Severity switch { "high" => 0, "medium" => 1, _ => 2 }).ThenBy(a => a.SessionNumber).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var a = ordered[i];
            var text = string.Format(words.AlertLine, a.SessionNumber, words.Word($"severity.{a.Severity}"),
                a.Status == "acknowledged" ? words.Word("status.acknowledged") : "", words.Language == "nb" ? a.Message : a.MessageEn);
            var wrapped = page.Wrap(text, font, page.Width - 10);
            // Keep room for the table: an alert that would pass the limit is counted in the closing line instead.
            if (used + wrapped.Count > MaxAlertLines)
            {
                page.Text(string.Format(words.MoreAlerts, ordered.Count - i), font, Muted, 12);
                break;
            }
            foreach (var (line, n) in wrapped.Select((l, n) => (l, n)))
                page.Text(n == 0 ? $"• {line}" : $"   {line}", font, XBrushes.Black, 11.5);
            used += wrapped.Count;
        }
        page.Gap(6);
    }

    static void Footer(XGraphics g, EpisodeSummary summary, EpisodeSummaryWords words, XRect area)
    {
        var font = new XFont(SummaryFonts.Family, 7.5);
        g.DrawLine(new XPen(XColors.Gray, 0.5), area.Left, area.Top - 4, area.Right, area.Top - 4);
        g.DrawString(string.Format(words.Printed, words.Moment(summary.PrintedAt), summary.DefinitionsVersion), font, Muted,
            area.Left, area.Top + 6);
        g.DrawString(words.Privacy, font, Muted, area.Left, area.Top + 16);
    }
}
