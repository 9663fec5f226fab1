using PdfSharp.Drawing;

namespace FitService.Api.Episodes;

/// <summary>Writes the summary top to bottom: a column of the page and how far down it is filled.</summary>
public sealed class PageCursor(XGraphics graphics, double left, double width, double top)
{
    public XGraphics Graphics { get; } = graphics;
    public double Left { get; } = left;
    public double Width { get; } = width;
    public double Y { get; private set; } = top;

    public XFont Regular(double size) => new(SummaryFonts.Family, size, XFontStyleEx.Regular);
    public XFont Bold(double size) => new(SummaryFonts.Family, size, XFontStyleEx.Bold);

    public void Gap(double height) => Y += height;

    /// <summary>One line of text whose baseline sits <paramref name="height"/> below the cursor's line (a line's advance).</summary>
    public void Text(string text, XFont font, XBrush brush, double height)
    {
        Graphics.DrawString(text, font, brush, Left, Y + height * 0.75);
        Y += height;
    }

    public void Rule()
    {
        Graphics.DrawLine(new XPen(XColors.Gray, 0.5), Left, Y + 2, Left + Width, Y + 2);
        Y += 8;
    }

    /// <summary>A row of two "label: value" facts, one in each half of the column.</summary>
    public void Facts((string Label, string Value) first, (string Label, string Value) second)
    {
        var label = Regular(8);
        var value = Bold(9.5);
        foreach (var (fact, x) in new[] { (first, Left), (second, Left + Width / 2) })
        {
            Graphics.DrawString(fact.Label, label, XBrushes.DimGray, x, Y + 8);
            Graphics.DrawString(Fit(fact.Value, value, Width / 2 - 8), value, XBrushes.Black, x, Y + 19);
        }
        Y += 24;
    }

    /// <summary>The text, cut with an ellipsis where it would pass <paramref name="width"/> (a department name may be long).</summary>
    public string Fit(string text, XFont font, double width)
    {
        if (Graphics.MeasureString(text, font).Width <= width) return text;
        var end = text.Length;
        while (end > 1 && Graphics.MeasureString(text[..end] + "…", font).Width > width) end--;
        return text[..end].TrimEnd() + "…";
    }

    /// <summary>The text broken into lines no wider than <paramref name="width"/>, at spaces (a longer word stays whole).</summary>
    public IReadOnlyList<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && Graphics.MeasureString(candidate, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = candidate;
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }
}
