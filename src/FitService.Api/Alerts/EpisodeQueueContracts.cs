namespace FitService.Api.Alerts;

/// <summary>
/// One reason an episode is in the queue: an alert, or the alliance items below the threshold folded into one.
/// alertIds are the alerts it stands for (acknowledge or resolve each); acknowledged and resolved are the latest steps.
/// </summary>
public sealed record AlertReason(string Kind, string Severity, string Status, int SessionNumber, IReadOnlyList<Guid> AlertIds,
    IReadOnlyList<string> ItemKeys, DateTimeOffset RaisedAt, AlertStep? Acknowledged, AlertStep? Resolved, string Message, string MessageEn);

/// <summary>One entry of the queue per episode: its numbers, trajectory status and its reasons, most severe first.</summary>
public sealed record EpisodeAlerts(Guid EpisodeId, Guid ClientId, string Pseudonym, string DepartmentCode, string Clinician,
    string Severity, int SessionCount, decimal? IntakeTotal, decimal? LastTotal, TrajectoryStatusView Trajectory,
    DateTimeOffset FirstRaisedAt, int OpenForDays, IReadOnlyList<AlertReason> Reasons);

/// <summary>
/// A page of the queue by episode. Sorted by each episode's most severe alert (high first), then its oldest alert, then id.
/// Pass nextCursor back as cursor for the next page; null on the last page. total counts every matching episode.
/// </summary>
public sealed record EpisodeQueuePage(int Total, int Limit, string? NextCursor, IReadOnlyList<EpisodeAlerts> Episodes);
