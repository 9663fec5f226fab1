using PdfSharp.Drawing;

namespace FitService.Api.Episodes;

/// <summary>One line of the graph: a scale's total per session and its cutoff for the client's age.</summary>
public sealed record GraphLine(string Code, string Legend, IReadOnlyList<(int Session, decimal Total)> Points, decimal? Cutoff,
    XColor Colour, bool Dashed, GraphMarker Marker = GraphMarker.Circle);

public enum GraphMarker { Circle, Square, Diamond }

/// <summary>
/// The expected trajectory's zones per session: at or better than the expected score green, down to the bound orange,
/// beyond it red; each zone's legend in words, so colour is never the only signal.
/// </summary>
public sealed record GraphBand(IReadOnlyList<(int Session, decimal Expected, decimal Bound)> Points, bool HigherIsBetter,
    string GreenLegend, string OrangeLegend, string RedLegend, string ExpectedLegend);

/// <summary>
/// The summary's graph: the total per session (outcome, and alliance when rated) on one axis from 0 to the larger
/// scale's maximum, each with its cutoff, sessions numbered and dated along the bottom. Drawn back to front in layers,
/// the expected trajectory's zones (when calibrated) first, then the grid, the cutoffs and the lines.
/// </summary>
public static class TrajectoryGraph
{
    public const double LegendHeight = 14;
    const double AxisWidth = 22, LabelWidth = 58, AxisHeight = 22, TitleHeight = 14, Inset = 10;
    static readonly XColor GreenZone = XColor.FromArgb(0xD9, 0xEE, 0xD3), OrangeZone = XColor.FromArgb(0xFB, 0xE3, 0xC0),
        RedZone = XColor.FromArgb(0xF5, 0xCC, 0xCC), ExpectedLine = XColor.FromArgb(0x2E, 0x6B, 0x2E);
    static readonly XColor Grid = XColor.FromArgb(0xD0, 0xD0, 0xD0);
    static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(0x55, 0x55, 0x55));

    /// <summary>Where scores and sessions land in the plot area.</summary>
    sealed record Frame(XRect Plot, int FirstSession, int LastSession, decimal Maximum)
    {
        public double X(int session) => LastSession == FirstSession
            ? Plot.Left + Plot.Width / 2
            : Plot.Left + Inset + (Plot.Width - 2 * Inset) * (session - FirstSession) / (LastSession - FirstSession);

        /// <summary>The width of one session's column (the zones are drawn per session).</summary>
        public double Cell => LastSession == FirstSession ? Plot.Width / 3 : (Plot.Width - 2 * Inset) / (LastSession - FirstSession);

        public double Y(decimal score) => Plot.Bottom - Plot.Height * (double)(Math.Clamp(score, 0, Maximum) / Maximum);
    }

    /// <summary>
    /// Draws the graph inside <paramref name="area"/>: title, plot, axes and legend (a second legend row for the zones when
    /// there is a band). The axis spans the sessions, the band's (the next session while open) and every line's points.
    /// </summary>
    public static void Draw(XGraphics g, XRect area, EpisodeSummaryWords words, IReadOnlyList<(int Number, DateOnly Date)> sessions,
        IReadOnlyList<GraphLine> lines, decimal maximum, GraphBand? band = null)
    {
        var title = new XFont(SummaryFonts.Family, 9, XFontStyleEx.Bold);
        var small = new XFont(SummaryFonts.Family, 6.5);
        g.DrawString(words.GraphTitle, title, XBrushes.Black, area.Left, area.Top + 9);
        // The cutoffs are named in a margin right of the plot, where no point can hide them.
        var plot = new XRect(area.Left + AxisWidth, area.Top + TitleHeight, area.Width - AxisWidth - LabelWidth,
            area.Height - TitleHeight - AxisHeight - LegendHeight * (band is null ? 1 : 2));
        var spanned = sessions.Select(s => s.Number).Concat(lines.SelectMany(l => l.Points.Select(p => p.Session)))
            .Concat(band?.Points.Select(p => p.Session) ?? []).ToList();
        var frame = new Frame(plot, spanned.Min(), spanned.Max(), maximum);

        if (band is not null) DrawZones(g, frame, band);
        DrawGrid(g, frame, small);
        foreach (var line in lines) DrawCutoff(g, frame, line, words, small);
        foreach (var line in lines) DrawLine(g, frame, line);
        DrawSessionAxis(g, frame, sessions, band, words, small);
        DrawLegend(g, new XPoint(plot.Left, plot.Bottom + AxisHeight + 9), lines, small);
        if (band is not null) DrawZoneLegend(g, new XPoint(plot.Left, plot.Bottom + AxisHeight + LegendHeight + 9), band, small);
    }

    /// <summary>Each session's column in three zones, and the expected score (the median) as a line across it.</summary>
    static void DrawZones(XGraphics g, Frame frame, GraphBand band)
    {
        var top = band.HigherIsBetter ? frame.Maximum : 0;
        var bottom = band.HigherIsBetter ? 0 : frame.Maximum;
        var median = new XPen(ExpectedLine, 1) { DashStyle = XDashStyle.Dot };
        foreach (var (session, expected, bound) in band.Points)
        {
            var left = Math.Max(frame.Plot.Left, frame.X(session) - frame.Cell / 2);
            var right = Math.Min(frame.Plot.Right, frame.X(session) + frame.Cell / 2);
            foreach (var (from, to, colour) in new[] { (top, expected, GreenZone), (expected, bound, OrangeZone), (bound, bottom, RedZone) })
            {
                var (y1, y2) = (frame.Y(from), frame.Y(to));
                g.DrawRectangle(new XSolidBrush(colour), left, Math.Min(y1, y2), right - left, Math.Abs(y2 - y1));
            }
            g.DrawLine(median, left, frame.Y(expected), right, frame.Y(expected));
        }
    }

    static void DrawZoneLegend(XGraphics g, XPoint at, GraphBand band, XFont font)
    {
        var x = at.X;
        foreach (var (legend, colour) in new[] { (band.GreenLegend, GreenZone), (band.OrangeLegend, OrangeZone), (band.RedLegend, RedZone) })
        {
            g.DrawRectangle(new XPen(XColors.Gray, 0.4), new XSolidBrush(colour), x, at.Y - 6, 16, 7);
            g.DrawString(legend, font, XBrushes.Black, x + 20, at.Y);
            x += 28 + g.MeasureString(legend, font).Width;
        }
        g.DrawLine(new XPen(ExpectedLine, 1) { DashStyle = XDashStyle.Dot }, x, at.Y - 2, x + 16, at.Y - 2);
        g.DrawString(band.ExpectedLegend, font, XBrushes.Black, x + 20, at.Y);
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
            switch (line.Marker)
            {
                case GraphMarker.Square: g.DrawRectangle(brush, p.X - 2, p.Y - 2, 4, 4); break;
                case GraphMarker.Diamond:
                    g.DrawPolygon(brush, [new(p.X, p.Y - 2.8), new(p.X + 2.8, p.Y), new(p.X, p.Y + 2.8), new(p.X - 2.8, p.Y)], XFillMode.Winding);
                    break;
                default: g.DrawEllipse(brush, p.X - 2.2, p.Y - 2.2, 4.4, 4.4); break;
            }
    }

    /// <summary>Session numbers with their dates; every k-th only when they would not fit side by side.</summary>
    static void DrawSessionAxis(XGraphics g, Frame frame, IReadOnlyList<(int Number, DateOnly Date)> sessions, GraphBand? band,
        EpisodeSummaryWords words, XFont font)
    {
        // The band's next session (while the episode is open) has a number and "next" instead of a date.
        if (band?.Points.Select(p => p.Session).Where(n => n > sessions[^1].Number).DefaultIfEmpty().Max() is > 0 and var next)
        {
            var x = frame.X(next);
            g.DrawString(next.ToString(System.Globalization.CultureInfo.InvariantCulture), font, XBrushes.Black,
                new XRect(x - 15, frame.Plot.Bottom + 2, 30, 8), XStringFormats.Center);
            g.DrawString(words.Word("next"), font, Muted, new XRect(x - 15, frame.Plot.Bottom + 9, 30, 8), XStringFormats.Center);
        }
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
