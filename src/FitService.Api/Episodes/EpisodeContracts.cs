using FitService.Api.Alerts;

namespace FitService.Api.Episodes;

public sealed record CreateEpisodeRequest(Guid? ClientId, string? DepartmentCode, string? StartedOn, string? OutcomeInstrument, string? AllianceInstrument);
public sealed record CloseEpisodeRequest(string? EndedOn, string? EndReason);

public sealed record ScaleScores(string Instrument, decimal Total, IReadOnlyDictionary<string, decimal> Items);

public sealed record SessionView(
    int Number, DateOnly Date, int Revision, ScaleScores Outcome, ScaleScores? Alliance,
    decimal? ChangeFromIntake, string? ReliableChange, string? Category, string? ClinicalRange);

public sealed record TrajectoryPoint(int Session, DateOnly Date, decimal Outcome, decimal? Alliance);

public sealed record InstrumentUse(string Code, bool HigherIsBetter, decimal? ReliableChangeThreshold, decimal? ClinicalCutoff);

public sealed record EpisodeResponse(
    Guid Id, Guid ClientId, string Pseudonym, string DepartmentCode, DateOnly StartedOn, DateOnly? EndedOn, string? EndReason,
    int AgeAtStart, InstrumentUse OutcomeInstrument, InstrumentUse? AllianceInstrument,
    int SessionCount, decimal? IntakeTotal, decimal? LastTotal, decimal? ChangeFromIntake,
    string? ReliableChange, string? Category, string? ClinicalRange,
    IReadOnlyList<SessionView> Sessions, IReadOnlyList<TrajectoryPoint> Trajectory, IReadOnlyList<AlertView> OpenAlerts,
    TrajectoryStatusView ExpectedTrajectory)
{
    /// <summary>Collateral ratings (parent, partner, teacher, other), drawn as their own line; never part of the figures above.</summary>
    public IReadOnlyList<CollateralView> Collateral { get; init; } = [];
}

/// <summary>A row of the department overview: the episode's summary, without its sessions.</summary>
public sealed record EpisodeListItem(
    Guid Id, Guid ClientId, string Pseudonym, string DepartmentCode, DateOnly StartedOn, DateOnly? EndedOn, string? EndReason,
    string OutcomeInstrument, int SessionCount, DateOnly? LastSessionOn, decimal? IntakeTotal, decimal? LastTotal,
    string? ReliableChange, string? Category, int OpenAlerts);

public sealed record EpisodeList(long Total, IReadOnlyList<EpisodeListItem> Items);
