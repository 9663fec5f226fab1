using FitService.Api.Alerts;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Trajectories;
using FitService.Statistics;

namespace FitService.Api.Episodes;

/// <summary>
/// What the episode graph shows beyond the scores: the basis of the status, the expected band when a calibrated
/// trajectory judged it, the cutoff's age band, and the plain feedback status.
/// </summary>
static class EpisodeFeedback
{
    public const string CalibratedTrajectory = "calibratedTrajectory";
    public const string SessionRules = "sessionRules";

    /// <summary>A band up to this age or beyond reads "and older": nobody in care is older.</summary>
    const int OpenEndedFromAge = 120;

    /// <summary>The calibration an episode's status was judged against (quantile regression only).</summary>
    public sealed record CalibrationUsed(long Id, DateTime CalibratedAt, int EpisodesUsed, int ObservationsUsed, double BoundQuantile);

    public static string Basis(TrajectoryStatusView status) =>
        status.Method == TrajectoryStore.QuantileRegression ? CalibratedTrajectory : SessionRules;

    public static CutoffAges? AgesOf(Instrument instrument, int age) =>
        AgeBands.BandFor(instrument.Cutoffs, age) is { } band
            ? new CutoffAges(band.MinAge, band.MaxAge >= OpenEndedFromAge ? null : band.MaxAge) : null;

    /// <summary>
    /// The expected score and bound at sessions 2 to the latest, and one further while the episode is open (where the
    /// next score should be); null without a calibration or an intake.
    /// </summary>
    public static ExpectedBandView? Band(CalibrationUsed? calibration, IReadOnlyList<TrajectoryStore.PointRow> points, Instrument outcome,
        EpisodeReader.EpisodeRow e, IReadOnlyList<SessionView> sessions)
    {
        if (calibration is null || points.Count == 0 || e.IntakeOutcome is not { } intake) return null;
        var through = Math.Max(2, e.SessionCount + (e.EndedOn is null ? 1 : 0));
        var model = TrajectoryStore.Curves(points, outcome, calibration.EpisodesUsed, calibration.ObservationsUsed);
        var scores = sessions.ToDictionary(s => s.Number, s => s.Outcome.Total);
        // Each session's zone by the live rule itself (Evaluate), so the graph and the status never disagree.
        string? ZoneOf(int session) => scores.TryGetValue(session, out var score)
            ? Wire.Name<TrajectoryStatus>(ExpectedTrajectory.Evaluate(model, intake, session, score).Status) : null;
        return new ExpectedBandView(calibration.Id, new DateTimeOffset(DateTime.SpecifyKind(calibration.CalibratedAt, DateTimeKind.Utc)),
            calibration.EpisodesUsed, calibration.BoundQuantile,
            ExpectedTrajectory.Band(model, intake, through)
                .Select(p => new ExpectedBandPointView(p.Session, p.Expected, p.Bound, ZoneOf(p.Session))).ToList());
    }

    public static FeedbackView Feedback(EpisodeReader.EpisodeRow e, TrajectoryStatusView status, SessionView? latest, Instrument? alliance)
    {
        var change = e.ReliableChange is null ? (ReliableChange?)null : Enum.Parse<ReliableChange>(e.ReliableChange, ignoreCase: true);
        var position = Enum.Parse<TrajectoryStatus>(status.Status, ignoreCase: true);
        var progress = FeedbackStatus.Progress(e.SessionCount, change, position, Basis(status) == CalibratedTrajectory);
        var allianceLow = alliance is not null && FeedbackStatus.AllianceLow(latest?.Alliance?.Total,
            alliance.AllianceRulesFor(e.AgeAtStart).Cutoff, alliance.HigherIsBetter);
        return new FeedbackView(Wire.Name<FeedbackProgress>(progress)!, allianceLow);
    }
}
