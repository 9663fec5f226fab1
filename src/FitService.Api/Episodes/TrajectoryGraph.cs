using PdfSharp.Drawing;

namespace FitService.Api.Episodes;

/// <summary>One line of the graph: a scale's total per session and its cutoff for the client's age.</summary>
public sealed record GraphLine(string Code, string Legend, IReadOnlyList<(int Session, decimal Total)> Points, decimal? Cutoff,
    XColor Colour, bool Dashed);

/// <summary>
/// The summary's graph: the total per session (outcome, and alliance when rated) on one axis from 0 to the larger
/// scale's maximum, each with its cutoff, sessions numbered and dated along the bottom. Drawn back to front in layers,
/// so the expected trajectory's zones can go in as one more layer between the grid and the cutoffs.
/// </summary>
public static class TrajectoryGraph
{
    const double AxisWidth = 22, LabelWidth = 58, AxisHeight = 22, TitleHeight = 14, LegendHeight = 14, Inset = 10;
    static readonly XColor Grid = XColor.FromArgb(0xD0, 0xD0, 0xD0);
    static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(0x55, 0x55, 0x55));

    /// <summary>Where scores and sessions land in the plot area.</summary>
    sealed record Frame(XRect Plot, int FirstSession, int LastSession, decimal Maximum)
    {
        public double X(int session) => LastSession == FirstSession
            ? Plot.Left + Plot.Width / 2
            : Plot.Left + Inset + (Plot.Width - 2 * Inset) * (session - FirstSession) / (LastSession - FirstSession);

        public double Y(decimal score) => Plot.Bottom - Plot.Height * (double)(Math.Clamp(score, 0, Maximum) / Maximum);
    }

    /// <summary>Draws the graph inside <paramref name="area"/>: title, plot, axes and legend.</summary>
    public static void Draw(XGraphics g, XRect area, EpisodeSummaryWords words, IReadOnlyList<(int Number, DateOnly Date)> sessions,
        IReadOnlyList<GraphLine> lines, decimal maximum)
    {
        var title = new XFont(SummaryFonts.Family, 9, XFontStyleEx.Bold);
        var small = new XFont(SummaryFonts.Family, 6.5);
        g.DrawString(words.GraphTitle, title, XBrushes.Black, area.Left, area.Top + 9);
        // The cutoffs are named in a margin right of the plot, where no point can hide them.
        var plot = new XRect(area.Left + AxisWidth, area.Top + TitleHeight, area.Width - AxisWidth - LabelWidth,
            area.Height - TitleHeight - AxisHeight - LegendHeight);
        var frame = new Frame(plot, sessions[0].Number, sessions[^1].Number, maximum);

        DrawGrid(g, frame, small);
        // The expected trajectory's zones (green / orange / red) go here, under the cutoffs and the lines.
        foreach (var line in lines) DrawCutoff(g, frame, line, words, small);
        foreach (var line in lines) DrawLine(g, frame, line);
        DrawSessionAxis(g, frame, sessions, words, small);
        DrawLegend(g, new XPoint(plot.Left, plot.Bottom + AxisHeight + 9), lines, small);
    }

    static void DrawGrid(XGraphics g, Frame frame, XFont font)
    {
        var pen = new XPen(Grid, 0.4);
        var step = frame.Maximum / 4;
        for (var i = 0; i <= 4; i++)
        {
            var y = frame.Y(step * i);
            g.DrawLine(pen, frame.Plot.Left, y, frame.Plot.Right, y);
            g.DrawString((step * i).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture), font, Muted,
                new XRect(frame.Plot.Left - AxisWidth, y - 4, AxisWidth - 3, 8), XStringFormats.CenterRight);
        }
        g.DrawRectangle(new XPen(XColor.FromArgb(0x80, 0x80, 0x80), 0.6), frame.Plot);
    }

    static void DrawCutoff(XGraphics g, Frame frame, GraphLine line, EpisodeSummaryWords words, XFont font)
    {
        if (line.Cutoff is not { } cutoff) return;
        var y = frame.Y(cutoff);
        g.DrawLine(new XPen(line.Colour, 0.8) { DashStyle = XDashStyle.Dash }, frame.Plot.Left, y, frame.Plot.Right, y);
        var label = string.Format(words.Cutoff, line.Code, words.Value(cutoff));
        g.DrawString(label, font, new XSolidBrush(line.Colour), new XRect(frame.Plot.Right + 3, y - 4, LabelWidth - 3, 8),
            XStringFormats.CenterLeft);
    }

    static void DrawLine(XGraphics g, Frame frame, GraphLine line)
    {
        if (line.Points.Count == 0) return;
        var points = line.Points.Select(p => new XPoint(frame.X(p.Session), frame.Y(p.Total))).ToArray();
        var pen = new XPen(line.Colour, 1.4) { DashStyle = line.Dashed ? XDashStyle.Dash : XDashStyle.Solid };
        if (points.Length > 1) g.DrawLines(pen, points);
        var brush = new XSolidBrush(line.Colour);
        foreach (var p in points)
            if (line.Dashed) g.DrawRectangle(brush, p.X - 2, p.Y - 2, 4, 4);
            else g.DrawEllipse(brush, p.X - 2.2, p.Y - 2.2, 4.4, 4.4);
    }

    /// <summary>Session numbers with their dates; every k-th only when they would not fit side by side.</summary>
    static void DrawSessionAxis(XGraphics g, Frame frame, IReadOnlyList<(int Number, DateOnly Date)> sessions,
        EpisodeSummaryWords words, XFont font)
    {
        var step = (int)Math.Ceiling(sessions.Count / Math.Max(1, Math.Floor(frame.Plot.Width / 30)));
        for (var i = 0; i < sessions.Count; i += step)
        {
            var (number, date) = sessions[i];
            var x = frame.X(number);
            g.DrawLine(new XPen(XColors.Gray, 0.5), x, frame.Plot.Bottom, x, frame.Plot.Bottom + 2);
            g.DrawString(number.ToString(System.Globalization.CultureInfo.InvariantCulture), font, XBrushes.Black,
                new XRect(x - 15, frame.Plot.Bottom + 2, 30, 8), XStringFormats.Center);
            g.DrawString(words.ShortDay(date), font, Muted, new XRect(x - 15, frame.Plot.Bottom + 9, 30, 8), XStringFormats.Center);
        }
        g.DrawString(words.Session, font, Muted, new XRect(frame.Plot.Left - AxisWidth, frame.Plot.Bottom + 2, AxisWidth - 3, 8),
            XStringFormats.CenterRight);
    }

    static void DrawLegend(XGraphics g, XPoint at, IReadOnlyList<GraphLine> lines, XFont font)
    {
        var x = at.X;
        foreach (var line in lines)
        {
            var pen = new XPen(line.Colour, 1.4) { DashStyle = line.Dashed ? XDashStyle.Dash : XDashStyle.Solid };
            g.DrawLine(pen, x, at.Y - 2, x + 16, at.Y - 2);
            g.DrawString(line.Legend, font, XBrushes.Black, x + 20, at.Y);
            x += 28 + g.MeasureString(line.Legend, font).Width;
        }
    }
}
