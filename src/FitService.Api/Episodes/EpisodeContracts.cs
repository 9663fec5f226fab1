using FitService.Api.Alerts;

namespace FitService.Api.Episodes;

public sealed record CreateEpisodeRequest(Guid? ClientId, string? DepartmentCode, string? StartedOn, string? OutcomeInstrument, string? AllianceInstrument);
public sealed record CloseEpisodeRequest(string? EndedOn, string? EndReason);

public sealed record ScaleScores(string Instrument, decimal Total, IReadOnlyDictionary<string, decimal> Items);

public sealed record SessionView(
    int Number, DateOnly Date, int Revision, ScaleScores Outcome, ScaleScores? Alliance,
    decimal? ChangeFromIntake, string? ReliableChange, string? Category, string? ClinicalRange,
    string RatedBy, string? AllianceRatedBy, string? AllianceMissingReason);

public sealed record TrajectoryPoint(int Session, DateOnly Date, decimal Outcome, decimal? Alliance);

public sealed record InstrumentUse(string Code, bool HigherIsBetter, decimal? ReliableChangeThreshold, decimal? ClinicalCutoff,
    CutoffAges? CutoffAges = null);

/// <summary>The ages the clinical cutoff shown applies to (the client's age band); maxAge null for "and older".</summary>
public sealed record CutoffAges(int MinAge, int? MaxAge);

/// <summary>
/// The expected trajectory for this episode's intake, per session number from 2, from the calibration its status was
/// judged against: at or better than expected is green, at or better than the bound orange, worse red.
/// </summary>
public sealed record ExpectedBandView(long CalibrationId, DateTimeOffset CalibratedAt, int EpisodesUsed, double BoundQuantile,
    IReadOnlyList<ExpectedBandPointView> Points);

/// <summary>One session's expected score and bound; zone (green|orange|red) is where that session's score lies, null for the next one.</summary>
public sealed record ExpectedBandPointView(int Session, decimal Expected, decimal Bound, string? Zone);

/// <summary>The graph's plain status: progress (baseline|improving|notYet|deteriorating) and whether the alliance is low.</summary>
public sealed record FeedbackView(string Progress, bool AllianceLow);

/// <summary>
/// An episode as its page shows it. openAlerts are the live alerts (an acknowledged one with its note); pastAlerts the
/// handled ones that carry a note (resolved, or acknowledged before they cleared), newest first.
/// </summary>
public record EpisodeResponse(
    Guid Id, Guid ClientId, string Pseudonym, string DepartmentCode, DateOnly StartedOn, DateOnly? EndedOn, string? EndReason,
    int AgeAtStart, InstrumentUse OutcomeInstrument, InstrumentUse? AllianceInstrument,
    int SessionCount, decimal? IntakeTotal, decimal? LastTotal, decimal? ChangeFromIntake,
    string? ReliableChange, string? Category, string? ClinicalRange,
    IReadOnlyList<SessionView> Sessions, IReadOnlyList<TrajectoryPoint> Trajectory, IReadOnlyList<AlertView> OpenAlerts,
    TrajectoryStatusView ExpectedTrajectory, IReadOnlyList<AlertView> PastAlerts,
    string StatusBasis, ExpectedBandView? ExpectedBand, FeedbackView Feedback)
{
    /// <summary>Collateral ratings (parent, partner, teacher, other), drawn as their own line; never part of the figures above.</summary>
    public IReadOnlyList<CollateralView> Collateral { get; init; } = [];
}

/// <summary>The closed episode, and the live alerts that closing it cleared (as they were, with their notes).</summary>
public sealed record ClosedEpisodeResponse : EpisodeResponse
{
    public ClosedEpisodeResponse(EpisodeResponse episode, IReadOnlyList<AlertView> clearedAlerts) : base(episode) => ClearedAlerts = clearedAlerts;

    public IReadOnlyList<AlertView> ClearedAlerts { get; }
}

/// <summary>
/// A row of the department overview: the episode's summary, without its sessions. risk is red, orange or none; overdue
/// marks an open episode without a session for the list's overdueWeeks.
/// </summary>
public sealed record EpisodeListItem(
    Guid Id, Guid ClientId, string Pseudonym, string DepartmentCode, DateOnly StartedOn, DateOnly? EndedOn, string? EndReason,
    string OutcomeInstrument, int SessionCount, DateOnly? LastSessionOn, decimal? IntakeTotal, decimal? LastTotal,
    string? ReliableChange, string? Category, int OpenAlerts, string Risk, bool Overdue);

public sealed record EpisodeList(long Total, IReadOnlyList<EpisodeListItem> Items, int OverdueWeeks);
