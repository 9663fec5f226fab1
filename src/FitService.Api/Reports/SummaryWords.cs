using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

/// <summary>
/// Every sentence of the user council's summary, in bokmål and in English. Plain words and short sentences; numbers
/// as "about 6 in 10". Placeholders are filled with text that is HTML-encoded on output like everything else.
/// </summary>
public sealed record SummaryWords(
    string Language, string Title, string ForCouncil, string Intro, string ReliablyExplained, string OtherLanguage, string OtherLanguageCode,
    string WholeService, string ServiceHidden, string Hidden, string NoneStarted, string Started,
    string Improved, string Between, string AboutOnly, string ImprovedWithheld,
    string More, string Fewer, string CannotTell, string NoComparison,
    string Dropout, string DropoutWithheld,
    string GoalsHeading, string NoGoals, string Goal, string AtLeast, string AtMost, string Result,
    string Met, string NotMet, string Uncertain, string GoalHidden,
    string None, string FewerThanOne, string AboutInTen, string NearlyAll, string All,
    string[] Months, string FirstHalf, string SecondHalf, string Footer,
    IReadOnlyDictionary<string, string> Metrics)
{
    public static readonly SummaryWords Norwegian = new(
        "nb", "Resultater fra behandlingen", "For erfaringsrådet: {0}.",
        "Etter hver time svarer klientene på to korte skjema: hvordan livet går (ORS), og hvordan timen var (SRS). " +
        "Her er hva svarene sier for dem som begynte i behandling i perioden. " +
        "Vi viser aldri tall for små grupper, slik at ingen kan kjennes igjen.",
        "«Pålitelig bedre» betyr at bedringen er større enn det skjemaet kan variere av seg selv.", "English", "en",
        "Hele tjenesten", "Vi viser ingen tall for hele tjenesten i perioden, fordi for få begynte i behandling.",
        "Vi viser ingen tall for denne avdelingen i perioden. Gruppen er for liten, eller tallene kunne ha avslørt en annen liten gruppe.",
        "Ingen begynte i behandling i perioden.",
        "{0} behandlingsforløp startet i perioden, og {1} av dem er avsluttet.",
        "Av dem som var ferdige, ble {0} pålitelig bedre.", "Det sanne tallet ligger trolig mellom {0} og {1} av 10.",
        "Det sanne tallet er trolig omtrent {0} av 10.",
        "For få var ferdige med behandlingen til at vi kan si hvor mange som ble bedre.",
        "Det er flere enn samme tid året før.", "Det er færre enn samme tid året før.",
        "Vi kan ikke si om det er annerledes enn året før.", "Vi har for lite fra året før til å sammenligne.",
        "{0} sluttet uten å avtale det med behandleren.", "For få har avsluttet til at vi kan si hvor mange som sluttet uten avtale.",
        "Mål", "Avdelingen har ikke satt mål for perioden.", "Mål for {0}: {1}.", "minst {0}", "høyst {0}", "Resultat: {0}.",
        "Målet er nådd.", "Målet er ikke nådd.", "Vi kan ikke si ennå om målet er nådd.", "Resultatet kan ikke vises, fordi gruppen er for liten.",
        "ingen", "under 1 av 10", "omtrent {0} av 10", "nesten alle", "alle",
        ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"],
        "første halvår {0}", "andre halvår {0}",
        "Tallene kommer fra de anonymiserte rapportene (definisjoner {0}). Et behandlingsforløp hører til måneden det startet. " +
        $"For å verne klientene har hvert tall fått en liten, fast tilfeldig justering (antall høyst {DisclosureFigures.CountNoise} opp eller ned).",
        new Dictionary<string, string>
        {
            ["reliablyImproved"] = "{0} skal bli pålitelig bedre",
            ["recovered"] = "{0} skal bli så mye bedre at de er i normalområdet",
            ["deteriorated"] = "{0} skal bli pålitelig verre",
            ["dropout"] = "{0} skal slutte uten avtale",
            ["dropoutBeforeTarget"] = "{0} skal slutte uten avtale før de er blitt bedre",
            ["onExpectedTrajectory"] = "{0} skal ligge på eller over forventet bedring",
            ["allianceSessionsBelowCutoff"] = "{0} av timene skal få lav skår på hvordan timen var",
            ["completeness"] = "{0} av timene skal ha begge skjemaene utfylt",
        });

    public static readonly SummaryWords English = new(
        "en", "Results of treatment", "For the user council: {0}.",
        "After each session, clients answer two short forms: how life is going (ORS) and how the session went (SRS). " +
        "Here is what the answers say for those who started treatment in this period. " +
        "We never show numbers for small groups, so that no one can be recognised.",
        "“Reliably better” means that the improvement is larger than the form can vary by chance.", "Norsk", "nb",
        "The whole service", "We show no numbers for the whole service in this period, because too few started treatment.",
        "We show no numbers for this department in this period. The group is too small, or its numbers could have revealed another small group.",
        "No one started treatment in this period.",
        "{0} courses of treatment started in this period, and {1} of them have ended.",
        "Of those who had finished, {0} got reliably better.", "The true figure is probably between {0} and {1} in 10.",
        "The true figure is probably about {0} in 10.",
        "Too few had finished treatment for us to say how many got better.",
        "That is more than at the same time a year earlier.", "That is fewer than at the same time a year earlier.",
        "We can’t tell whether that differs from a year earlier.", "There is too little from a year earlier to compare.",
        "{0} stopped without agreeing it with their therapist.", "Too few have ended for us to say how many stopped without agreement.",
        "Goals", "The department has set no goals for this period.", "Goal for {0}: {1}.", "at least {0}", "at most {0}", "Result: {0}.",
        "The goal was met.", "The goal was not met.", "We can’t tell yet whether the goal was met.", "The result cannot be shown, because the group is too small.",
        "none", "fewer than 1 in 10", "about {0} in 10", "nearly all", "all",
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        "the first half of {0}", "the second half of {0}",
        "The figures come from the anonymised reports (definitions {0}). A course of treatment belongs to the month it started. " +
        $"To protect clients, every figure has a small, fixed random adjustment (counts at most {DisclosureFigures.CountNoise} up or down).",
        new Dictionary<string, string>
        {
            ["reliablyImproved"] = "{0} should get reliably better",
            ["recovered"] = "{0} should get so much better that they are in the normal range",
            ["deteriorated"] = "{0} should get reliably worse",
            ["dropout"] = "{0} should stop without agreement",
            ["dropoutBeforeTarget"] = "{0} should stop without agreement before getting better",
            ["onExpectedTrajectory"] = "{0} should be at or above the expected progress",
            ["allianceSessionsBelowCutoff"] = "{0} of sessions should get a low score on how the session went",
            ["completeness"] = "{0} of sessions should have both forms filled in",
        });

    /// <summary>A share in lay words ("about 6 in 10"), lower case.</summary>
    public string Share(double share) => LayShare.Of(share) switch
    {
        { Kind: LayShareKind.None } => None,
        { Kind: LayShareKind.FewerThanOneInTen } => FewerThanOne,
        { Kind: LayShareKind.NearlyAll } => NearlyAll,
        { Kind: LayShareKind.All } => All,
        var s => string.Format(AboutInTen, s.InTen),
    };

    /// <summary>"januar–juni 2026", "mars 2026", "november 2025 – februar 2026".</summary>
    public string Span(int fromMonth, int toMonth)
    {
        string Month(int m) => Months[m % 12];
        if (fromMonth == toMonth) return $"{Month(fromMonth)} {fromMonth / 12}";
        return fromMonth / 12 == toMonth / 12
            ? $"{Month(fromMonth)}–{Month(toMonth)} {toMonth / 12}"
            : $"{Month(fromMonth)} {fromMonth / 12} – {Month(toMonth)} {toMonth / 12}";
    }

    public string HalfYear(string label) => string.Format(label[5] == '1' ? FirstHalf : SecondHalf, label[..4]);

    public static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
