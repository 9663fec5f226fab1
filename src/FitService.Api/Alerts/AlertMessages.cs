using System.Globalization;
using FitService.Api.Sessions;

namespace FitService.Api.Alerts;

/// <summary>Why an alert was raised, in words a clinician understands (bokmål and English).</summary>
public static class AlertMessages
{
    public static (string Norwegian, string English) For(string kind, string? itemKey, decimal? value, decimal? threshold)
    {
        var v = Format(value);
        var t = Format(threshold);
        return kind switch
        {
            AlertKinds.AllianceBelowCutoff => (
                $"Alliansen (SRS {v}) er under grensen {t}. Snakk med klienten om hva som kan gjøres annerledes.",
                $"The alliance (SRS {v}) is below the cutoff {t}. Talk with the client about what could be done differently."),
            AlertKinds.AllianceLowItem => (
                $"Ledd «{itemKey}» i allianseskjemaet er {v}, under {t}.",
                $"Alliance item '{itemKey}' is {v}, below {t}."),
            AlertKinds.AllianceDrop => (
                $"Alliansen falt med {v} poeng siden forrige time.",
                $"The alliance fell by {v} points since the previous session."),
            AlertKinds.NoImprovementBySession3 => (
                $"Ingen pålitelig bedring etter 3 timer (endring {v}, krever {t}). Drøft saken.",
                $"No reliable improvement by session 3 (change {v}, needs {t}). Discuss the case."),
            AlertKinds.NoImprovementBySession6 => (
                $"Ingen pålitelig bedring etter 6 timer (endring {v}, krever {t}). Vurder å endre behandlingen.",
                $"No reliable improvement by session 6 (change {v}, needs {t}). Reconsider the treatment."),
            AlertKinds.ReliableDeterioration => (
                $"Pålitelig forverring siden inntak (endring {v}). Følg opp straks.",
                $"Reliable deterioration since intake (change {v}). Follow up at once."),
            AlertKinds.BelowExpectedTrajectory => (
                $"Skåren {v} er under nedre grense {t} for forventet utvikling (beregnet fra tjenestens egne avsluttede forløp). Saken er ikke på sporet: drøft den.",
                $"The score {v} is below the lower bound {t} of the expected trajectory (calibrated from the service's own closed episodes). The case is not on track: discuss it."),
            _ => (kind, kind),
        };
    }

    /// <summary>Why a live alert cleared itself.</summary>
    public static (string Norwegian, string English)? Cleared(string? reason) => reason switch
    {
        "conditionNoLongerHolds" => ("Betingelsen gjelder ikke lenger.", "The condition no longer holds."),
        "replacedByTrajectory" => ("Erstattet av forventet forløp: nok data til kalibrering.", "Replaced by the expected trajectory: enough data to calibrate."),
        "replacedBySessionRules" => ("Erstattet av reglene for time 3 og 6: for lite data til kalibrering.", "Replaced by the session 3 and 6 rules: too little data to calibrate."),
        _ => null,
    };

    static string Format(decimal? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "–";
}
