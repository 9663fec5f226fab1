using System.Globalization;
using PdfSharp.Drawing;

namespace FitService.Api.Episodes;

/// <summary>
/// The summary's sessions table: number, date, the outcome and alliance totals, the change from intake and who rated
/// (the client, the clinician from paper, or a relation); each collateral rating is a row of its own under its session,
/// named by the relation and with no change figure (it is never part of them). The table takes the room left above the
/// footer: one block, two side by side when the rows do not fit in one, and the latest rows with a note when they do
/// not fit in two (about 40 fit beside a graph and a few alerts).
/// </summary>
public static class SessionsTable
{
    const double RowHeight = 11, HeadingHeight = 14, BlockGap = 18;
    static readonly double[] Columns = [24, 50, 34, 34, 42, 64];
    static readonly double BlockWidth = Columns.Sum();

    /// <summary>One row: a session, or a relation's rating at that session.</summary>
    sealed record Row(int Session, string[] Cells);

    public static void Draw(PageCursor page, EpisodeResponse e, EpisodeSummaryWords words, double bottom)
    {
        page.Text(words.SessionsHeading, page.Bold(10), XBrushes.Black, HeadingHeight);
        if (e.Sessions.Count == 0)
        {
            page.Text(words.NoSessions, page.Regular(8.5), XBrushes.Black, 12);
            return;
        }
        var all = Rows(e, words);
        // Rows per block below a header row; one row kept for the note when rows are left out.
        var rowsPerBlock = Math.Max(1, (int)Math.Floor((bottom - page.Y) / RowHeight) - 1);
        var blocks = all.Count <= rowsPerBlock ? 1 : 2;
        var capacity = rowsPerBlock * blocks;
        var shown = all;
        if (shown.Count > capacity)
        {
            capacity -= blocks; // the note takes a row of each block's height
            shown = all.Skip(all.Count - capacity).ToList();
            // Never half a session: a relation's row without its session's goes too.
            while (shown.Count > 0 && shown[0].Cells[1] == "") shown = shown.Skip(1).ToList();
            var sessionsShown = e.Sessions.Count(s => s.Number >= shown[0].Session);
            page.Text(string.Format(words.LastSessions, sessionsShown, e.Sessions.Count), page.Regular(8), XBrushes.DimGray, RowHeight);
        }
        var perBlock = (int)Math.Ceiling(shown.Count / (double)blocks);
        var top = page.Y;
        string[] header = [words.Session, words.Date, e.OutcomeInstrument.Code, e.AllianceInstrument?.Code ?? "–", words.Change,
            words.Word("ratedBy")];
        for (var b = 0; b < blocks; b++)
            Block(page, header, shown.Skip(b * perBlock).Take(perBlock).ToList(), page.Left + b * (BlockWidth + BlockGap), top);
        page.Gap(RowHeight * (perBlock + 1));
    }

    /// <summary>Each session, and after it each relation's rating at that session, in the episode read's order.</summary>
    static List<Row> Rows(EpisodeResponse e, EpisodeSummaryWords words)
    {
        var collateral = e.Collateral.ToLookup(c => c.SessionNumber);
        var rows = new List<Row>();
        foreach (var s in e.Sessions)
        {
            rows.Add(new(s.Number, [s.Number.ToString(CultureInfo.InvariantCulture), words.Day(s.Date), words.Number(s.Outcome.Total),
                words.Number(s.Alliance?.Total), words.Number(s.ChangeFromIntake, sign: true), RatedBy(s, words)]));
            foreach (var c in collateral[s.Number])
                rows.Add(new(s.Number, ["", "", words.Number(c.Total), "", "", words.Word($"relation.{c.Relation}")]));
        }
        return rows;
    }

    /// <summary>Who rated the outcome; the alliance's rater after a slash when someone else rated it (a phone link).</summary>
    static string RatedBy(SessionView s, EpisodeSummaryWords words)
    {
        var outcome = words.Word($"ratedBy.{s.RatedBy}");
        return s.Alliance is not null && s.AllianceRatedBy is { } alliance && alliance != s.RatedBy
            ? $"{outcome} / {words.Word($"ratedBy.{alliance}")}" : outcome;
    }

    static void Block(PageCursor page, string[] header, IReadOnlyList<Row> rows, double left, double top)
    {
        var g = page.Graphics;
        var head = page.Bold(7.5);
        var body = page.Regular(8);
        var relation = page.Regular(7.5);
        DrawRow(g, header, head, left, top);
        g.DrawLine(new XPen(XColors.Gray, 0.5), left, top + RowHeight - 1, left + BlockWidth, top + RowHeight - 1);
        for (var i = 0; i < rows.Count; i++)
            DrawRow(g, rows[i].Cells, rows[i].Cells[1] == "" ? relation : body, left, top + RowHeight * (i + 1));
    }

    // The number, date and rater columns left-aligned, the scores right-aligned so their decimals line up; a rater too
    // long for its column in a smaller size.
    static void DrawRow(XGraphics g, IReadOnlyList<string> cells, XFont font, double left, double top)
    {
        var x = left;
        for (var c = 0; c < cells.Count; c++)
        {
            var cell = new XRect(x, top, Columns[c] - 6, RowHeight);
            var f = c == cells.Count - 1 && g.MeasureString(cells[c], font).Width > cell.Width + 4
                ? new XFont(font.FontFamily.Name, font.Size * 0.85, font.Style) : font;
            g.DrawString(cells[c], f, XBrushes.Black, cell, c is < 2 or 5 ? XStringFormats.CenterLeft : XStringFormats.CenterRight);
            x += Columns[c];
        }
    }
}
