using PdfSharp.Fonts;

namespace FitService.Api.Episodes;

/// <summary>
/// DejaVu Sans, regular and bold, from the assembly's own resources (Episodes/Fonts, with its licence). PDFsharp's
/// Core build looks for no fonts on Linux, and the runtime image has none; a font inside the assembly draws the same
/// page on every host, with every Norwegian letter, and needs nothing installed.
/// </summary>
public sealed class SummaryFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    const string Regular = "DejaVuSans";
    const string Bold = "DejaVuSans-Bold";

    // PDFsharp keeps one resolver per process and refuses a second one once a font was used: set it exactly once.
    static readonly Lazy<SummaryFonts> Installed = new(() =>
    {
        var fonts = new SummaryFonts();
        GlobalFontSettings.FontResolver = fonts;
        return fonts;
    });

    SummaryFonts() { }

    public static void EnsureInstalled() => _ = Installed.Value;

    // Every family asked for maps to DejaVu Sans: the summary names only that one, and a stray request must not
    // fall through to a platform lookup that fails on a server.
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        var name = $"FitService.Api.Fonts.{faceName}.ttf";
        using var stream = typeof(SummaryFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the assembly (see FitService.Api.csproj).");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
