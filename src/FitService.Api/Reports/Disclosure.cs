using System.Globalization;
using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

/// <summary>
/// What was done to a report's numbers before they left (docs/reports.md, "Disclosure control"), stated in every report
/// response as <c>disclosure</c>: the method and its sources, the threshold, the noise bounds, and a sentence in bokmål
/// and in English for a reader who does not know the method.
/// </summary>
/// <param name="Method">The method's name.</param>
/// <param name="References">Where the method is described.</param>
/// <param name="Threshold">Groups and statistics over fewer episodes than this are hidden or withheld.</param>
/// <param name="MaximumCountNoise">The largest change to any count.</param>
/// <param name="MeanNoiseBound">The bound of the noise on a mean score over n episodes, as points × episodes (1 point at n = 30).</param>
/// <param name="SdNoiseBound">The same for an SD of scores.</param>
/// <param name="MeanDaysNoiseBound">The same for mean days per closed episode, days × episodes.</param>
/// <param name="MeanSessionsNoiseBound">The same for mean sessions per closed episode, sessions × episodes.</param>
/// <param name="Norwegian">What was done, in bokmål.</param>
/// <param name="English">What was done, in English.</param>
public sealed record DisclosureControl(string Method, IReadOnlyList<string> References, int Threshold, int MaximumCountNoise,
    double MeanNoiseBound, double SdNoiseBound, double MeanDaysNoiseBound, double MeanSessionsNoiseBound, string Norwegian, string English)
{
    public static readonly DisclosureControl CellKey = new(
        "cellKeyPerturbation",
        [
            "Fraser, B. & Wooton, J. (2005). A proposed method for confidentialising tabular output to protect against differencing. " +
            "UNECE/Eurostat Work Session on Statistical Data Confidentiality.",
            "Thompson, G., Broadfoot, S. & Elazar, D. (2013). Methodology for the automatic confidentialisation of statistical outputs " +
            "from remote servers at the Australian Bureau of Statistics. UNECE/Eurostat Work Session on Statistical Data Confidentiality.",
        ],
        Suppression.MinimumCount, CellKeyPerturbation.MaximumCountNoise, CellKeyPerturbation.MeanBudget, CellKeyPerturbation.SdBudget,
        CellKeyPerturbation.DaysBudget, CellKeyPerturbation.SessionsBudget,
        $"Grupper med {DisclosureFigures.Small} behandlingsforløp eller færre enn {DisclosureFigures.Minimum} klienter vises ikke, og heller ikke andre celler som kunne avsløre dem. " +
        $"Alle andre tall har fått en liten, fast tilfeldig justering: antall er flyttet høyst {DisclosureFigures.CountNoise}, et gjennomsnitt høyst {DisclosureFigures.MeanBudget}/n poeng " +
        $"(1 poeng ved {DisclosureFigures.MeanBudget} forløp), og andeler og konfidensintervaller er regnet av de justerte tallene. Samme gruppe får alltid samme " +
        "justering, og to grupper som skiller seg med én klient får ulik, så ingen skjult verdi og ingen enkeltklients verdi kan regnes ut " +
        "ved å trekke rapporter fra hverandre. Summer er justert for seg og er ikke summen av de viste delene.",
        $"Groups of {DisclosureFigures.Small} episodes or fewer than {DisclosureFigures.Minimum} clients are not shown, nor other cells that could reveal them. Every other number has " +
        $"a small, fixed random adjustment: counts moved by at most {DisclosureFigures.CountNoise}, a mean by at most {DisclosureFigures.MeanBudget}/n points (1 point at {DisclosureFigures.MeanBudget} episodes), and shares " +
        "and confidence intervals computed from the adjusted figures. The same group always gets the same adjustment and two groups " +
        "that differ by one client get unrelated ones, so no hidden value and no single client's value can be worked out by subtracting " +
        "reports. Totals are adjusted on their own and are not the sum of the parts shown.");

    /// <summary>
    /// The disclosure statement of a CSV (its <c>disclosureControl</c> column, docs/reports.md "CSV"): what was done to the
    /// numbers in one line, in the file's heading language (English for <c>key</c>).
    /// </summary>
    public static string CsvStatement(string language) => language == "nb"
        ? $"Cellenøkkel-støy (ABS): antall flyttet høyst {DisclosureFigures.CountNoise}, gjennomsnitt høyst {DisclosureFigures.MeanBudget}/n poeng, SD høyst {DisclosureFigures.SdBudget}/n, " +
          $"andeler og KI av de justerte tallene, summer justert for seg. Grupper med {DisclosureFigures.Small} forløp eller under {DisclosureFigures.Minimum} klienter og celler " +
          $"som kunne avsløre dem er skjult (Skjult, Grunn til skjuling). Tall over {DisclosureFigures.Small} forløp holdt tilbake (Holdt tilbake)"
        : $"Cell-key perturbation (ABS): counts moved by at most {DisclosureFigures.CountNoise}, means by at most {DisclosureFigures.MeanBudget}/n points, SDs by {DisclosureFigures.SdBudget}/n, " +
          $"shares and CIs from the adjusted figures, totals adjusted on their own. Groups of {DisclosureFigures.Small} episodes or under {DisclosureFigures.Minimum} clients and " +
          $"cells that could reveal them are hidden (suppressed, hiddenBecause). Statistics over {DisclosureFigures.Small} episodes withheld (withheld)";
}

/// <summary>The figures the disclosure texts say, from the constants that define them (so a text cannot drift from the rule).</summary>
static class DisclosureFigures
{
    public static readonly int Minimum = Suppression.MinimumCount;
    public static readonly string Small = $"1–{Suppression.MinimumCount - 1}";
    public static readonly string SmallAscii = $"1-{Suppression.MinimumCount - 1}";
    public static readonly int CountNoise = CellKeyPerturbation.MaximumCountNoise;
    public static readonly string MeanBudget = Number(CellKeyPerturbation.MeanBudget);
    public static readonly string SdBudget = Number(CellKeyPerturbation.SdBudget);

    static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
