using System.Text.Json;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Statistics;

namespace FitService.Api.Sessions;

/// <summary>A session's scores once checked: the date, the item values and their totals.</summary>
public sealed record SessionScores(DateOnly Date, IReadOnlyDictionary<string, decimal> OutcomeItems, decimal OutcomeTotal,
    IReadOnlyDictionary<string, decimal>? AllianceItems, decimal? AllianceTotal)
{
    public ScoredSession At(int number) => new(number, Date, OutcomeTotal, AllianceTotal, AllianceItems);

    public string RatedBy { get; init; } = Raters.Clinician;
    public string? AllianceRatedBy { get; init; }
    public string? AllianceMissingReason { get; init; }
}

/// <summary>
/// A session request checked in two steps: its shape before anything is read (the date and that each item value
/// is a number), then against the episode (the instruments' items and scales, and the date's place among the
/// sessions). Each error names its field.
/// </summary>
public sealed record SessionInput(DateOnly? Date, Dictionary<string, decimal?>? Outcome, Dictionary<string, decimal?>? Alliance)
{
    public string RatedBy { get; init; } = Raters.Clinician;
    public string? AllianceRatedBy { get; init; }
    public string? AllianceMissingReason { get; init; }

    public static SessionInput Parse(SessionRequest request, TimeProvider clock, FieldErrors errors) => new(
        Dates.Parse(request.Date, "date", clock, errors),
        RawItems(request.Outcome, "outcome", errors, required: true),
        RawItems(request.Alliance, "alliance", errors, required: false))
    {
        RatedBy = OneOf(request.RatedBy, Raters.All, "ratedBy", errors) ?? Raters.Clinician,
        AllianceRatedBy = OneOf(request.AllianceRatedBy, Raters.All, "allianceRatedBy", errors),
        AllianceMissingReason = MissingReason(request, errors),
    };

    static string? OneOf(string? value, IReadOnlyList<string> allowed, string field, FieldErrors errors)
    {
        if (value is null || allowed.Contains(value)) return value;
        errors.Add(field, $"Må være {string.Join(", ", allowed)}.", $"Must be {string.Join(", ", allowed)}.");
        return null;
    }

    /// <summary>Why the alliance scale is absent: only for a session without it.</summary>
    static string? MissingReason(SessionRequest request, FieldErrors errors)
    {
        var reason = OneOf(request.AllianceMissingReason, AllianceMissingReasons.All, "allianceMissingReason", errors);
        if (reason is not null && request.Alliance?.Items is not null)
            errors.Add("allianceMissingReason", "Oppgi årsak bare når alliansen mangler.", "Give a reason only when the alliance scale is absent.");
        if (request.AllianceRatedBy is not null && request.Alliance?.Items is null)
            errors.Add("allianceRatedBy", "Oppgi hvem som skåret alliansen bare når den er med.", "Say who rated the alliance only when it is included.");
        return reason;
    }

    /// <summary>The scores for session <paramref name="number"/>, or null with the errors when refused.</summary>
    public SessionScores? Check(EpisodeContext context, Instrument outcome, Instrument? alliance, int number, FieldErrors errors)
    {
        var outcomeScore = Score(outcome, Outcome!, "outcome", errors);
        ScoreResult? allianceScore = null;
        if (Alliance is not null)
        {
            if (alliance is null) errors.Add("alliance", "Forløpet har ikke allianseinstrument.", "The episode has no alliance instrument.");
            else allianceScore = Score(alliance, Alliance, "alliance", errors);
        }
        var date = Date!.Value;
        var episode = context.Episode;
        if (episode.EndedOn is { } ended && date > ended)
            errors.Add("date", "Datoen er etter at forløpet ble avsluttet.", "The date is after the episode was closed.");
        if (date < episode.StartedOn)
            errors.Add("date", "Datoen er før forløpet startet.", "The date is before the episode started.");
        var (previous, next) = context.NeighbourDates(number);
        if (previous is { } prev && date < prev)
            errors.Add("date", $"Datoen er før forrige time ({prev:yyyy-MM-dd}).", $"The date is before the previous session ({prev:yyyy-MM-dd}).");
        if (next is { } after && date > after)
            errors.Add("date", $"Datoen er etter neste time ({after:yyyy-MM-dd}).", $"The date is after the next session ({after:yyyy-MM-dd}).");
        if (errors.Any) return null;
        return new SessionScores(date, Values(Outcome!), outcomeScore!.Total!.Value,
            Alliance is null ? null : Values(Alliance), allianceScore?.Total)
        {
            RatedBy = RatedBy,
            AllianceRatedBy = Alliance is null ? null : AllianceRatedBy ?? RatedBy,
            AllianceMissingReason = Alliance is null ? AllianceMissingReason : null,
        };
    }

    static Dictionary<string, decimal?>? RawItems(ScoresRequest? scores, string scale, FieldErrors errors, bool required) =>
        ItemInput.Raw(scores?.Items, $"{scale}.items", errors, required);

    static ScoreResult? Score(Instrument instrument, Dictionary<string, decimal?> values, string scale, FieldErrors errors) =>
        ItemInput.Score(instrument, values, $"{scale}.items", errors);

    static IReadOnlyDictionary<string, decimal> Values(Dictionary<string, decimal?> raw) =>
        raw.ToDictionary(kv => kv.Key, kv => kv.Value!.Value);
}
