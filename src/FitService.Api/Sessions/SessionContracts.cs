using System.Text.Json;
using FitService.Api.Alerts;
using FitService.Api.Episodes;

namespace FitService.Api.Sessions;

/// <summary>Item values arrive as raw JSON so a non-numeric value can be refused by its own field name.</summary>
public sealed record ScoresRequest(Dictionary<string, JsonElement>? Items);
public sealed record SessionRequest(string? Date, ScoresRequest? Outcome, ScoresRequest? Alliance);

public sealed record SessionRecorded(
    Guid EpisodeId, int SessionNumber, int Revision, DateOnly Date, ScaleScores Outcome, ScaleScores? Alliance,
    decimal IntakeTotal, decimal ChangeFromIntake, string? ReliableChange, string? Category, string? ClinicalRange,
    decimal? ClinicalCutoff, decimal? ReliableChangeThreshold, IReadOnlyList<AlertView> Alerts);

public sealed record SessionRevision(int Revision, DateOnly Date, decimal OutcomeTotal, decimal? AllianceTotal,
    IReadOnlyDictionary<string, decimal> OutcomeItems, IReadOnlyDictionary<string, decimal>? AllianceItems,
    string RecordedBy, DateTimeOffset RecordedAt);
