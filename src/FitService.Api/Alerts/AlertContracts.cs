namespace FitService.Api.Alerts;

/// <summary>An alert as shown with its episode, with the reason in words and, once handled, who did so, when and the note.</summary>
public sealed record AlertView(Guid Id, string Kind, string? ItemKey, string Severity, string Status, decimal? Value, decimal? Threshold,
    int SessionNumber, DateTimeOffset RaisedAt, string Message, string MessageEn, AlertStep? Acknowledged = null, AlertStep? Resolved = null);

/// <summary>
/// The episode's status against its expected trajectory, as shown with the episode and in the queue. Kept here, beside
/// the queue row that carries it, so that Alerts needs nothing from Trajectories (which raises and clears alerts).
/// </summary>
public sealed record TrajectoryStatusView(string Status, string Method, int? Session, decimal? Expected, decimal? Bound);

public sealed record AlertNoteRequest(string? Note);

/// <summary>One step of an alert's life: who, when, and the note (or, for a cleared alert, the reason).</summary>
public sealed record AlertStep(DateTimeOffset At, string? By, string? Note, string? NoteEn = null);

/// <summary>One row of the supervisor's queue: the alert, its episode's numbers and trajectory status, and the reason in words.</summary>
public sealed record QueueRow(Guid Id, Guid EpisodeId, Guid ClientId, string Pseudonym, string DepartmentCode, string Clinician,
    string Kind, string? ItemKey, string Severity, string Status, decimal? Value, decimal? Threshold, int SessionNumber,
    int SessionCount, decimal? IntakeTotal, decimal? LastTotal, TrajectoryStatusView Trajectory,
    DateTimeOffset RaisedAt, int OpenForDays, AlertStep? Acknowledged, string Message, string MessageEn);

/// <summary>
/// A page of the queue. Sorted by severity (high first), then by how long the alert has been open (oldest first),
/// then id. Pass nextCursor back as cursor for the next page; null on the last page. total counts every match.
/// </summary>
public sealed record QueuePage(int Total, int Limit, string? NextCursor, IReadOnlyList<QueueRow> Rows);

/// <summary>Counts for a dashboard, per department, by kind and by severity.</summary>
public sealed record DepartmentAlertCounts(string Department, int Total, IReadOnlyDictionary<string, int> ByKind,
    IReadOnlyDictionary<string, int> BySeverity);
public sealed record AlertSummary(IReadOnlyList<string> Statuses, IReadOnlyList<DepartmentAlertCounts> Departments);

/// <summary>An alert with its whole workflow: raised, acknowledged, resolved or cleared.</summary>
public sealed record AlertDetail(Guid Id, Guid EpisodeId, Guid ClientId, string Pseudonym, string DepartmentCode, string Kind,
    string? ItemKey, string Severity, string Status, decimal? Value, decimal? Threshold, int SessionNumber,
    AlertStep Raised, AlertStep? Acknowledged, AlertStep? Resolved, AlertStep? Cleared, string? ClearedReason,
    string Message, string MessageEn);
