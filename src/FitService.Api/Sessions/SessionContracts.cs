using System.Text.Json;
using FitService.Api.Alerts;
using FitService.Api.Episodes;

namespace FitService.Api.Sessions;

/// <summary>Item values arrive as raw JSON so a non-numeric value can be refused by its own field name.</summary>
public sealed record ScoresRequest(Dictionary<string, JsonElement>? Items);
/// <summary>
/// A session to record or correct. Who rated (<see cref="Raters"/>) defaults to the clinician, the alliance's rater to the
/// session's; a session without the alliance scale may say why (<see cref="AllianceMissingReasons"/>), null if not stated.
/// </summary>
public sealed record SessionRequest(string? Date, ScoresRequest? Outcome, ScoresRequest? Alliance,
    string? RatedBy = null, string? AllianceRatedBy = null, string? AllianceMissingReason = null);

public sealed record SessionRecorded(
    Guid EpisodeId, int SessionNumber, int Revision, DateOnly Date, ScaleScores Outcome, ScaleScores? Alliance,
    decimal IntakeTotal, decimal ChangeFromIntake, string? ReliableChange, string? Category, string? ClinicalRange,
    decimal? ClinicalCutoff, decimal? ReliableChangeThreshold, IReadOnlyList<AlertView> Alerts,
    string RatedBy, string? AllianceRatedBy, string? AllianceMissingReason);

public sealed record SessionRevision(int Revision, DateOnly Date, decimal OutcomeTotal, decimal? AllianceTotal,
    IReadOnlyDictionary<string, decimal> OutcomeItems, IReadOnlyDictionary<string, decimal>? AllianceItems,
    string RecordedBy, DateTimeOffset RecordedAt, string RatedBy, string? AllianceRatedBy, string? AllianceMissingReason);
