namespace FitService.Api.Reports;

/// <summary>
/// The data dictionary of the report CSVs (docs/reports.md, "CSV columns"): every column's key (the JSON field it
/// comes from), its heading in plain words in bokmål and English, and what it holds. A column's CI columns
/// (<c>…CiLow</c>, <c>…CiHigh</c>) are described from their value's entry.
/// </summary>
public static class ReportColumns
{
    public sealed record Entry(string Key, string Norwegian, string English, string DescriptionNorwegian, string DescriptionEnglish);

    /// <summary>The heading languages: bokmål (the default), English, or the keys themselves (for scripts).</summary>
    public static readonly string[] Languages = ["nb", "en", "key"];

    static readonly Entry[] Base =
    [
        new("definitionsVersion", "Definisjonsversjon", "Definitions version",
            "Versjonen av definisjonene tallene er regnet etter", "Version of the definitions the numbers follow"),
        new("instrument", "Instrument", "Instrument", "Resultatinstrumentet (f.eks. ORS)", "The outcome instrument (e.g. ORS)"),
        new("reliableChangeThreshold", "Terskel for pålitelig endring", "Reliable change threshold",
            "Minste endring i poeng som regnes som pålitelig", "Smallest change in points counted as reliable"),
        new("clinicalCutoffs", "Kliniske skjæringspunkt", "Clinical cutoffs",
            "Skjæringspunkt per aldersgruppe, alder-alder:poeng", "Cutoff per age band, age-age:points"),
        new("severityAdjustmentModel", "Modell for alvorlighetsjustering", "Severity adjustment model",
            "Normmodellen: konstantledd, stigning, referansens gjennomsnittlige endring og SD, tom når den ikke er satt",
            "The normative model: intercept, slope, the reference's mean change and SD, empty when not set"),
        new("disclosureControl", "Vern av klientene", "Disclosure control",
            "Hva som er gjort med tallene for å verne klientene: cellenøkkel-støy på hvert tall (grensene står i feltet) og skjulte celler. Hvorfor en linje er skjult, står i Grunn til skjuling",
            "What was done to the numbers to protect clients: cell-key noise on every number (the bounds are in the field) and hidden cells. Why a line is hidden is in Why hidden"),
        new("level", "Nivå", "Level", "cell (celle), departmentTotal, periodTotal eller total", "cell, departmentTotal, periodTotal or total"),
        new("department", "Avdeling", "Department", "Avdelingskode, tom når raden er summert over avdelinger",
            "Department code, empty when the row is summed over departments"),
        new("period", "Periode", "Period", "Periode (2025M01, 2025Q1, 2025H1, 2025), tom for hele tidsrommet",
            "Period (2025M01, 2025Q1, 2025H1, 2025), empty for the whole span"),
        new("suppressed", "Skjult", "Hidden", "TRUE når gruppen er skjult for å verne klienter, og da er alle tall tomme",
            "TRUE when the group is hidden to protect clients, and all its numbers are then empty"),
        new("hiddenBecause", "Grunn til skjuling", "Why hidden",
            "belowMinimum (færre enn 5 forløp eller klienter), protectsAnotherCell (skjult for å verne en annen skjult celle) eller notSaid (grunnen ville røpet et antall)",
            "belowMinimum (fewer than 5 episodes or clients), protectsAnotherCell (hidden to protect another hidden cell) or notSaid (the reason would give a count away)"),
        new("clients", "Klienter", "Clients", "Ulike klienter i gruppen", "Distinct clients in the group"),
        new("episodes", "Forløp", "Episodes", "Forløp i gruppen", "Episodes in the group"),
        new("sessions", "Samtaler", "Sessions", "Samtaler i gruppens forløp", "Sessions in the group's episodes"),
        new("fewerThanTwoScores", "Forløp med under to målinger", "Episodes with fewer than two scores",
            "Holdt utenfor endringsmålene", "Left out of the change metrics"),
        new("stillOpen", "Pågående forløp", "Episodes still open", "To eller flere målinger, ikke avsluttet", "Two or more scores, not closed"),
        new("intakeFunctional", "Forløp med funksjonelt inntak", "Episodes with functional intake",
            "Avsluttet, inntak allerede i funksjonelt område", "Closed, intake already in the functional range"),
        new("noCutoff", "Forløp uten skjæringspunkt", "Episodes without cutoff", "Avsluttet, ingen skjæringspunkt for alderen",
            "Closed, no cutoff for the client's age"),
        new("changeSample", "Forløp i endringsutvalget", "Episodes in the change sample",
            "Avsluttet, to eller flere målinger, klinisk inntak: grunnlaget for endringsmålene",
            "Closed, two or more scores, clinical intake: the base of the change metrics"),
        new("meanIntake", "Gjennomsnitt ved inntak", "Mean intake score", "Gjennomsnittlig første skår, endringsutvalget", "Mean first total, change sample"),
        new("sdIntake", "SD ved inntak", "SD of intake scores", "Standardavvik (n − 1) av første skår", "Standard deviation (n − 1) of first totals"),
        new("meanLast", "Gjennomsnitt siste måling", "Mean last score", "Gjennomsnittlig siste skår, endringsutvalget", "Mean latest total, change sample"),
        new("sdLast", "SD siste måling", "SD of last scores", "Standardavvik (n − 1) av siste skår", "Standard deviation (n − 1) of latest totals"),
        new("meanChange", "Gjennomsnittlig endring", "Mean change", "Siste minus første skår i poeng (positiv: skåren steg)",
            "Latest minus first total in points (positive: scores rose)"),
        new("sdChange", "SD for endring", "SD of change", "Standardavvik (n − 1) av endringen", "Standard deviation (n − 1) of the change"),
        new("effectSize", "Effektstørrelse før–etter", "Pre–post effect size",
            "Gjennomsnittlig endring delt på SD ved inntak (Bonett 2008), avsluttede forløp med to målinger",
            "Mean change over the intake SD (Bonett 2008), closed episodes with two scores"),
        new("effectSizeEpisodes", "Forløp i effektstørrelsen", "Episodes in the effect size",
            "Avsluttede forløp med to eller flere målinger, uansett inntak", "Closed episodes with two or more scores, any intake"),
        new("effectSizeMeanChange", "Endring i effektstørrelsen", "Mean change in the effect size", "Gjennomsnittlig endring i dette utvalget",
            "Mean change of that sample"),
        new("effectSizeSdIntake", "SD ved inntak i effektstørrelsen", "Intake SD in the effect size", "Nevneren i effektstørrelsen før–etter",
            "The denominator of the pre–post effect size"),
        new("effectSizeSdChange", "SD for endring i effektstørrelsen", "SD of change in the effect size", "Standardavvik av endringen i dette utvalget",
            "SD of the change of that sample"),
        new("normativeSd", "Norm-SD", "Normative SD", "Fast norm-SD for instrumentet (en innstilling), tom når den ikke er satt",
            "The instrument's fixed normative SD (a setting), empty when not set"),
        new("normativeEffectSize", "Effektstørrelse mot norm-SD", "Effect size by the normative SD",
            "Gjennomsnittlig endring delt på norm-SD", "Mean change over the normative SD"),
        new("severityAdjustedEffectSize", "Alvorlighetsjustert effektstørrelse", "Severity-adjusted effect size",
            "Seidel, Miller og Chow (2014): endring justert for inntaksskår mot normmodellen, endringsutvalget",
            "Seidel, Miller & Chow (2014): change adjusted for the intake score against the normative model, change sample"),
        new("recovered", "Andel bedret til normalområdet", "Share recovered", "Pålitelig bedring og over skjæringspunktet, endringsutvalget",
            "Reliable improvement and crossed the cutoff, change sample"),
        new("improved", "Andel bedret", "Share improved", "Pålitelig bedring uten å krysse skjæringspunktet", "Reliable improvement without crossing the cutoff"),
        new("unchanged", "Andel uendret", "Share unchanged", "Ingen pålitelig endring", "No reliable change"),
        new("deteriorated", "Andel forverret", "Share deteriorated", "Pålitelig forverring", "Reliable deterioration"),
        new("reliablyImproved", "Andel pålitelig bedret", "Share reliably improved", "Bedret til normalområdet pluss bedret", "Recovered plus improved"),
        new("harmed", "Andel skadet", "Share harmed", "Pålitelig forverring inn i klinisk område, av forløp med funksjonelt inntak",
            "Reliable deterioration into the clinical range, of episodes with a functional intake"),
        new("closedEpisodes", "Avsluttede forløp", "Closed episodes", "Avsluttede forløp i gruppen", "Closed episodes in the group"),
        new("dropout", "Andel frafall", "Share dropout", "Avsluttede forløp med sluttårsak frafall", "Closed episodes that ended as dropout"),
        new("dropoutBeforeTarget", "Andel frafall før målet (ICCE)", "Share dropout before target (ICCE)",
            "Frafall uten pålitelig bedring ved siste måling", "Dropout without reliable improvement at the latest session"),
        new("singleSession", "Andel med én samtale", "Share with one session", "Avsluttede forløp med nøyaktig én samtale",
            "Closed episodes with exactly one session"),
        new("meanSessions", "Samtaler per forløp", "Sessions per episode", "Gjennomsnitt, avsluttede forløp", "Mean, closed episodes"),
        new("meanDays", "Dager per forløp", "Days per episode", "Gjennomsnittlige dager fra start til slutt, avsluttede forløp",
            "Mean days from start to end, closed episodes"),
        new("meanIntakeAlliance", "Gjennomsnittlig allianse ved start", "Mean first alliance score", "Første alliansemåling (f.eks. SRS)",
            "First alliance total (e.g. SRS)"),
        new("allianceSessionsBelowCutoff", "Andel samtaler med lav allianse", "Share of sessions with low alliance",
            "Samtaler med alliansemåling under grensen (f.eks. SRS 36)", "Sessions with an alliance score below the cutoff (e.g. SRS 36)"),
        new("completeness", "Kompletthet", "Completeness", "Andel samtaler med både resultat- og alliansemåling",
            "Share of sessions with both an outcome and an alliance score"),
        new("trajectoryEvaluated", "Forløp vurdert mot forventet kurve", "Episodes judged against the expected trajectory",
            "Endringsutvalget vurdert med kalibrert kurve", "Change sample judged by a calibrated trajectory"),
        new("onExpectedTrajectory", "Andel på forventet kurve", "Share on the expected trajectory", "Grønn status av de vurderte",
            "Green status of those judged"),
        new("openChangeSample", "Pågående forløp med endring", "Open episodes with change so far",
            "Pågående forløp med to målinger og klinisk inntak", "Open episodes with two scores and a clinical intake"),
        new("openMeanChange", "Endring så langt (pågående)", "Change so far (open)", "Gjennomsnittlig endring så langt i pågående forløp",
            "Mean change so far of open episodes"),
        new("openSdChange", "SD for endring så langt (pågående)", "SD of change so far (open)", "Standardavvik av endringen så langt",
            "SD of the change so far"),
        new("openReliablyImproved", "Andel pålitelig bedret så langt (pågående)", "Share reliably improved so far (open)",
            "Pågående forløp som så langt er pålitelig bedret", "Open episodes reliably improved so far"),
        new("withheld", "Holdt tilbake", "Withheld",
            "Tall som bygger på færre enn 5 forløp og derfor er tomme (feltnavn)", "Numbers over fewer than 5 episodes, left empty (field names)"),
        new("collateralSuppressed", "Kollateral skjult", "Collateral hidden",
            "TRUE når gruppens kollaterale vurderinger er skjult (under 5 forløp eller klienter med slike vurderinger, for å verne en annen celle, eller fordi gruppens klienttall er skjult), tom uten kollateral del",
            "TRUE when the group's collateral ratings are hidden (fewer than 5 episodes or clients with them, to protect another cell, or because the group's client figures are hidden), empty without a collateral section"),
        new("collateralHiddenBecause", "Grunn til at kollateral er skjult", "Why collateral hidden",
            "Som Grunn til skjuling, for de kollaterale tallene. En gruppe som er skjult i klientens tall, skjules også her og har samme grunn",
            "As Why hidden, for the collateral figures. A group hidden in the client figures is hidden here too and has the same reason"),
        new("collateralEpisodes", "Forløp med kollaterale vurderinger", "Episodes with collateral ratings",
            "Forløp med minst én vurdering fra pårørende, partner, lærer eller andre. Egne tall, ikke med i klientens tall",
            "Episodes with at least one rating by a parent, partner, teacher or other. Figures of their own, not part of the client figures"),
        new("collateralMeanFirst", "Kollateral første vurdering", "First collateral rating",
            "Gjennomsnittlig kollateral sum ved forløpets første time med kollateral vurdering", "Mean collateral total at the episode's first session with a collateral rating"),
        new("collateralMeanLast", "Kollateral siste vurdering", "Last collateral rating",
            "Gjennomsnittlig kollateral sum ved forløpets siste time med kollateral vurdering", "Mean collateral total at the episode's last session with a collateral rating"),
        new("diffMeanChange", "Forskjell i gjennomsnittlig endring", "Difference in mean change",
            "Andre minus første periode (Welch), tom når en periode er skjult", "Second minus first period (Welch), empty when a period is hidden"),
        new("diffEffectSize", "Forskjell i effektstørrelse", "Difference in effect size",
            "Andre minus første periode, tom når en periode er skjult", "Second minus first period, empty when a period is hidden"),
        new("diffReliablyImproved", "Forskjell i andel pålitelig bedret", "Difference in share reliably improved",
            "Andre minus første periode (Newcombe), tom når en periode er skjult", "Second minus first period (Newcombe), empty when a period is hidden"),
        new("diffSeverityAdjustedEffectSize", "Forskjell i alvorlighetsjustert effektstørrelse", "Difference in severity-adjusted effect size",
            "Andre minus første periode (Welch), tom når normmodellen ikke er satt eller en periode er skjult",
            "Second minus first period (Welch), empty when the normative model is not set or a period is hidden"),
    ];

    static readonly Dictionary<string, Entry> ByKey = Build();

    static Dictionary<string, Entry> Build()
    {
        var all = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var e in Base)
        {
            all[e.Key] = e;
            all[e.Key + "CiLow"] = new(e.Key + "CiLow", e.Norwegian + ", nedre 95 % KI", e.English + ", lower 95 % CI",
                "Nedre grense for 95 % konfidensintervall", "Lower limit of the 95 % confidence interval");
            all[e.Key + "CiHigh"] = new(e.Key + "CiHigh", e.Norwegian + ", øvre 95 % KI", e.English + ", upper 95 % CI",
                "Øvre grense for 95 % konfidensintervall", "Upper limit of the 95 % confidence interval");
        }
        return all;
    }

    /// <summary>The entry of a column key: every column the CSVs write has one (a test checks).</summary>
    public static Entry Of(string key) =>
        ByKey.TryGetValue(key, out var e) ? e : throw new InvalidOperationException($"CSV column {key} has no dictionary entry.");

    public static string Heading(string key, string language) => language switch
    {
        "en" => Of(key).English,
        "key" => key,
        _ => Of(key).Norwegian,
    };
}
