using System.Globalization;

namespace FitService.Api.Episodes;

/// <summary>
/// Every text of the episode summary PDF, in bokmål and in English. Category, change, range, status and severity words
/// are the web UI's own (wwwroot/js/texts.js), so the page and the printout say the same thing.
/// </summary>
public sealed record EpisodeSummaryWords(
    string Language, string Title, string Service, string Department, string Client, string Episode, string Ongoing, string Closed,
    string AgeAtStart, string Instruments, string ChangeHeading, string NoCategory, string Numbers, string Expected,
    string GraphTitle, string Session, string Cutoff, string OutcomeLegend, string AllianceLegend,
    string AlertsHeading, string NoAlerts, string AlertLine, string MoreAlerts,
    string SessionsHeading, string Date, string Change, string NoSessions, string LastSessions,
    string Printed, string Privacy,
    IReadOnlyDictionary<string, string> Words)
{
    public static readonly EpisodeSummaryWords Norwegian = new(
        "nb", "Sammendrag av behandlingsforløp", "FitService · tilbakemeldingsinformert behandling (FIT)", "Avdeling",
        "Klient (pseudonym)", "Forløp", "{0} – pågår", "{0} – {1} (avsluttet: {2})",
        "Alder ved start", "Skjema", "Endring fra inntak", "Ingen kategori ennå: det trengs minst to timer.",
        "Inntak {0} · siste {1} · endring {2}", "Forventet forløp: {0} ({1}).",
        "Sum per time", "Time", "{0}-grense {1}", "{0}: hvordan livet går", "{0}: hvordan timen var",
        "Åpne varsler", "Ingen åpne varsler.", "Time {0} · {1}{2}: {3}", "… og {0} varsler til (se forløpet i FitService).",
        "Timer", "Dato", "Endring", "Ingen timer registrert ennå.", "Viser de siste {0} av {1} timene.",
        "Skrevet ut {0} · definisjoner {1}",
        "Inneholder bare klientens pseudonym: ingen navn eller fødselsnummer.",
        new Dictionary<string, string>
        {
            ["category.recovered"] = "Bedret til normalområdet", ["category.improved"] = "Bedret", ["category.unchanged"] = "Uendret",
            ["category.deteriorated"] = "Forverret", ["category.harmed"] = "Forverret til klinisk område",
            ["reliable.improved"] = "pålitelig bedring", ["reliable.unchanged"] = "ingen pålitelig endring",
            ["reliable.deteriorated"] = "pålitelig forverring",
            ["range.clinical"] = "klinisk område", ["range.functional"] = "normalområdet",
            ["trajectory.green"] = "på sporet", ["trajectory.orange"] = "under forventet", ["trajectory.red"] = "ikke på sporet",
            ["trajectory.grey"] = "for få skårer",
            ["method.quantileRegression"] = "beregnet fra tjenestens egne avsluttede forløp", ["method.sessionRules"] = "reglene for time 3 og 6",
            ["severity.high"] = "høy", ["severity.medium"] = "middels", ["severity.low"] = "lav",
            ["status.acknowledged"] = ", kvittert ut",
            ["endReason.planned"] = "planlagt", ["endReason.dropout"] = "uten avtale", ["endReason.referred"] = "henvist videre",
            ["endReason.other"] = "annet",
            ["basis.calibratedTrajectory"] = "Statusen er basert på et kalibrert forventet forløp: {0} avsluttede forløp i tjenesten, kalibrert {1} (nr. {2}).",
            ["basis.sessionRules"] = "Statusen er basert på timereglene: ingen pålitelig bedring innen time 3 – snakk om det; innen time 6 – vurder planen på nytt. Ingen kalibrert forventet kurve gjelder for dette forløpet.",
            ["basis.calibratedShort"] = "Statusen er basert på et kalibrert forventet forløp.",
            ["zoneHelp"] = "Sonene: forventet (median) og {0}-prosentilen for klienter med samme inntaksskår.",
            ["zone.green"] = "Grønn sone: som forventet eller bedre", ["zone.orange"] = "Oransje sone: under forventet",
            ["zone.red"] = "Rød sone: under {0}-prosentilen", ["expectedLegend"] = "Forventet (median)", ["next"] = "neste",
            ["ratedBy"] = "Skåret av", ["ratedBy.client"] = "klienten", ["ratedBy.clinician"] = "behandler", ["ratedBy.collateral"] = "pårørende",
            ["relation.parent"] = "forelder", ["relation.partner"] = "partner", ["relation.teacher"] = "lærer", ["relation.other"] = "annen",
            ["collateralLegend"] = "{0} fra {1}",
        });

    public static readonly EpisodeSummaryWords English = new(
        "en", "Summary of an episode of care", "FitService · Feedback-Informed Treatment (FIT)", "Department",
        "Client (pseudonym)", "Episode", "{0} – ongoing", "{0} – {1} (closed: {2})",
        "Age at start", "Forms", "Change from intake", "No category yet: it takes at least two sessions.",
        "Intake {0} · last {1} · change {2}", "Expected trajectory: {0} ({1}).",
        "Total per session", "Session", "{0} cutoff {1}", "{0}: how life is going", "{0}: how the session went",
        "Open alerts", "No open alerts.", "Session {0} · {1}{2}: {3}", "… and {0} more alerts (see the episode in FitService).",
        "Sessions", "Date", "Change", "No sessions recorded yet.", "Showing the last {0} of {1} sessions.",
        "Printed {0} · definitions {1}",
        "Contains only the client's pseudonym: no name or national identity number.",
        new Dictionary<string, string>
        {
            ["category.recovered"] = "Recovered", ["category.improved"] = "Improved", ["category.unchanged"] = "Unchanged",
            ["category.deteriorated"] = "Deteriorated", ["category.harmed"] = "Harmed",
            ["reliable.improved"] = "reliable improvement", ["reliable.unchanged"] = "no reliable change",
            ["reliable.deteriorated"] = "reliable deterioration",
            ["range.clinical"] = "clinical range", ["range.functional"] = "functional range",
            ["trajectory.green"] = "on track", ["trajectory.orange"] = "below expected", ["trajectory.red"] = "not on track",
            ["trajectory.grey"] = "too few scores",
            ["method.quantileRegression"] = "calibrated from the service's own closed episodes", ["method.sessionRules"] = "the session 3 and 6 rules",
            ["severity.high"] = "high", ["severity.medium"] = "medium", ["severity.low"] = "low",
            ["status.acknowledged"] = ", acknowledged",
            ["endReason.planned"] = "planned", ["endReason.dropout"] = "dropout", ["endReason.referred"] = "referred",
            ["endReason.other"] = "other",
            ["basis.calibratedTrajectory"] = "The status is based on a calibrated expected trajectory: {0} closed episodes of the service, calibrated {1} (no. {2}).",
            ["basis.sessionRules"] = "The status is based on the session rules: no reliable improvement by session 3 – talk about it; by session 6 – reconsider the plan. No calibrated expected trajectory applies to this episode.",
            ["basis.calibratedShort"] = "The status is based on a calibrated expected trajectory.",
            ["zoneHelp"] = "The zones: expected (median) and the {0}th percentile for clients with the same intake score.",
            ["zone.green"] = "Green zone: as expected or better", ["zone.orange"] = "Orange zone: below expected",
            ["zone.red"] = "Red zone: below the {0}th percentile", ["expectedLegend"] = "Expected (median)", ["next"] = "next",
            ["ratedBy"] = "Rated by", ["ratedBy.client"] = "the client", ["ratedBy.clinician"] = "clinician", ["ratedBy.collateral"] = "a relation",
            ["relation.parent"] = "parent", ["relation.partner"] = "partner", ["relation.teacher"] = "teacher", ["relation.other"] = "other",
            ["collateralLegend"] = "{0} from {1}",
        });

    public static EpisodeSummaryWords For(string? language) => language == "en" ? English : Norwegian;

    /// <summary>A word by key ("category.improved"); the key itself when there is none, never an empty line.</summary>
    public string Word(string key) => Words.TryGetValue(key, out var word) ? word : key;

    /// <summary>17,5 in bokmål, 17.5 in English; a dash for none; a sign when asked (+4,0, −3,5).</summary>
    public string Number(decimal? value, bool sign = false)
    {
        if (value is not { } v) return "–";
        var text = Math.Abs(v).ToString("0.0", CultureInfo.InvariantCulture);
        if (Language == "nb") text = text.Replace('.', ',');
        return v < 0 ? $"−{text}" : sign && v > 0 ? $"+{text}" : text;
    }

    /// <summary>A threshold as written elsewhere: 25, 36, 28,5 (two decimals at most).</summary>
    public string Value(decimal value)
    {
        var text = value.ToString("0.##", CultureInfo.InvariantCulture);
        return Language == "nb" ? text.Replace('.', ',') : text;
    }

    /// <summary>06.01.2025 in bokmål, 2025-01-06 in English.</summary>
    public string Day(DateOnly date) =>
        date.ToString(Language == "nb" ? "dd.MM.yyyy" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A short date under the graph's axis: 06.01 or 01-06.</summary>
    public string ShortDay(DateOnly date) => date.ToString(Language == "nb" ? "dd.MM" : "MM-dd", CultureInfo.InvariantCulture);

    public string Moment(DateTime local) =>
        local.ToString(Language == "nb" ? "dd.MM.yyyy 'kl.' HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
