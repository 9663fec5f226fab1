using System.Globalization;
using PdfSharp.Drawing;

namespace FitService.Api.Episodes;

/// <summary>
/// The summary's sessions table: number, date, the outcome and alliance totals and the change from intake. It takes
/// the room left above the footer: one block, two side by side when the sessions do not fit in one, and the latest
/// sessions with a note when they do not fit in two (about 40 fit beside a graph and a few alerts).
/// </summary>
public static class SessionsTable
{
    const double RowHeight = 11, HeadingHeight = 14, BlockGap = 24;
    static readonly double[] Columns = [32, 62, 44, 44, 52];
    static readonly double BlockWidth = Columns.Sum();

    public static void Draw(PageCursor page, EpisodeResponse e, EpisodeSummaryWords words, double bottom)
    {
        page.Text(words.SessionsHeading, page.Bold(10), XBrushes.Black, HeadingHeight);
        if (e.Sessions.Count == 0)
        {
            page.Text(words.NoSessions, page.Regular(8.5), XBrushes.Black, 12);
            return;
        }
        // Rows per block below a header row; one row kept for the note when sessions are left out.
        var rowsPerBlock = Math.Max(1, (int)Math.Floor((bottom - page.Y) / RowHeight) - 1);
        var blocks = e.Sessions.Count <= rowsPerBlock ? 1 : 2;
        var capacity = rowsPerBlock * blocks;
        var shown = e.Sessions;
        if (shown.Count > capacity)
        {
            capacity -= blocks; // the note takes a row of each block's height
            shown = e.Sessions.Skip(e.Sessions.Count - capacity).ToList();
            page.Text(string.Format(words.LastSessions, shown.Count, e.Sessions.Count), page.Regular(8), XBrushes.DimGray, RowHeight);
        }
        var perBlock = (int)Math.Ceiling(shown.Count / (double)blocks);
        var top = page.Y;
        for (var b = 0; b < blocks; b++)
            Block(page, e, words, shown.Skip(b * perBlock).Take(perBlock).ToList(), page.Left + b * (BlockWidth + BlockGap), top);
        page.Gap(RowHeight * (perBlock + 1));
    }

    static void Block(PageCursor page, EpisodeResponse e, EpisodeSummaryWords words, IReadOnlyList<SessionView> sessions, double left,
        double top)
    {
        var g = page.Graphics;
        var head = page.Bold(7.5);
        var body = page.Regular(8);
        string[] header = [words.Session, words.Date, e.OutcomeInstrument.Code, e.AllianceInstrument?.Code ?? "–", words.Change];
        Row(g, header, head, left, top);
        g.DrawLine(new XPen(XColors.Gray, 0.5), left, top + RowHeight - 1, left + BlockWidth, top + RowHeight - 1);
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            Row(g, [s.Number.ToString(CultureInfo.InvariantCulture), words.Day(s.Date), words.Number(s.Outcome.Total),
                words.Number(s.Alliance?.Total), words.Number(s.ChangeFromIntake, sign: true)], body, left, top + RowHeight * (i + 1));
        }
    }

    // The number and date columns left-aligned, the scores right-aligned so their decimals line up.
    static void Row(XGraphics g, IReadOnlyList<string> cells, XFont font, double left, double top)
    {
        var x = left;
        for (var c = 0; c < cells.Count; c++)
        {
            var cell = new XRect(x, top, Columns[c] - 6, RowHeight);
            g.DrawString(cells[c], font, XBrushes.Black, cell, c < 2 ? XStringFormats.CenterLeft : XStringFormats.CenterRight);
            x += Columns[c];
        }
    }
}
