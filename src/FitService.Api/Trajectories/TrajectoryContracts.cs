namespace FitService.Api.Trajectories;

public sealed record CurvePointView(int Session, int Observations, double MedianIntercept, double MedianSlope,
    double BoundIntercept, double BoundSlope, double PseudoR1);

/// <summary>Cross-validated fit: shares of held-out scores worse than expected (target 0.5) and than the bound (target the bound quantile).</summary>
public sealed record FitView(int HeldOutObservations, double ShareWorseThanExpected, double ShareWorseThanBound, double MeanAbsoluteError);

/// <summary>
/// One calibration. method "quantileRegression": expected = medianIntercept + medianSlope · intake, lower bound =
/// boundIntercept + boundSlope · intake, per session (later sessions use the last). "sessionRules": too little data.
/// </summary>
public sealed record CalibrationView(long Id, string Instrument, int MinAge, int MaxAge, string Method, DateTimeOffset CalibratedAt,
    string CalibratedBy, int EpisodesUsed, int ObservationsUsed, int MinimumEpisodes, double BoundQuantile, FallbackView? Fallback,
    FitView? Fit, IReadOnlyList<CurvePointView> Points);

public sealed record FallbackView(string Message, string MessageEn);

/// <summary>A recalibration run: what it did, or that another process was running one.</summary>
public sealed record RecalibrationResult(bool Ran, string? SkippedBecause, int OpenEpisodesEvaluated, int AlertsChanged, long ElapsedMs,
    IReadOnlyList<CalibrationView> Calibrations);

public static class CalibrationMessages
{
    public static FallbackView Fallback(int episodes, int minimum) => new(
        $"For lite data: {episodes} avsluttede forløp med minst to skårer, {minimum} trengs. Reglene for time 3 og 6 brukes i stedet.",
        $"Too little data: {episodes} closed episodes with at least two scores, {minimum} needed. The session 3 and 6 rules apply instead.");
}
