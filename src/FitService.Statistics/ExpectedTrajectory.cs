namespace FitService.Statistics;

/// <summary>How much data a calibration needs and which quantiles it draws.</summary>
/// <param name="MinimumEpisodes">Closed episodes with at least two scores needed to calibrate (100); below it the
/// session 3 / 6 rules apply. ≥ 1.</param>
/// <param name="MinimumPerSession">Observations needed at a session number to fit its lines (30); later session
/// numbers reuse the last fitted one. 1 ≤ value ≤ MinimumEpisodes.</param>
/// <param name="MaxSession">Highest session number fitted (20); later sessions reuse the last fitted. ≥ 2.</param>
/// <param name="BoundQuantile">The lower bound's quantile in the worse direction (0.25: the 25th percentile when
/// higher is better, the 75th when lower is better). 0 &lt; value &lt; 0.5.</param>
public sealed record TrajectoryOptions(int MinimumEpisodes = 100, int MinimumPerSession = 30, int MaxSession = 20, double BoundQuantile = 0.25)
{
    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its documented range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumEpisodes, 1, nameof(MinimumEpisodes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumPerSession, 1, nameof(MinimumPerSession));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinimumPerSession, MinimumEpisodes, nameof(MinimumPerSession));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSession, 2, nameof(MaxSession));
        if (!(BoundQuantile > 0 && BoundQuantile < 0.5))
            throw new ArgumentOutOfRangeException(nameof(BoundQuantile), BoundQuantile, "Must be in (0, 0.5).");
    }
}

/// <summary>The fitted lines at one session number, as functions of the intake score.</summary>
/// <param name="Session">Session number (2 = the first after intake).</param>
/// <param name="Observations">Closed episodes that reached this session.</param>
/// <param name="Median">Expected score: the conditional median.</param>
/// <param name="Bound">Lower bound: the conditional <see cref="TrajectoryOptions.BoundQuantile"/> quantile in the worse direction.</param>
/// <param name="PseudoR1">Koenker–Machado (1999) R¹ of the median line: 1 − loss / loss of the intercept-only line; 0–1.</param>
public sealed record TrajectoryCurvePoint(int Session, int Observations, QuantileLine Median, QuantileLine Bound, double PseudoR1);

/// <summary>
/// How well the curves predict episodes they were not fitted on (2-fold cross-validation), judged by the live rule of
/// <see cref="ExpectedTrajectory.Evaluate"/>: expected score and bound rounded to 0.1, "at or better" is on track.
/// </summary>
/// <param name="HeldOutObservations">Scores (sessions ≥ 2) predicted.</param>
/// <param name="ShareWorseThanExpected">Share of those scores that would not be green (target 0.5).</param>
/// <param name="ShareWorseThanBound">Share that would be red (target <see cref="TrajectoryOptions.BoundQuantile"/>).</param>
/// <param name="MeanAbsoluteError">Mean |score − expected|, expected rounded to 0.1 as shown, in points.</param>
public sealed record TrajectoryFit(int HeldOutObservations, double ShareWorseThanExpected, double ShareWorseThanBound, double MeanAbsoluteError);

/// <summary>Expected trajectories for one instrument and age band, or the reason there are none.</summary>
/// <param name="IsCalibrated">False: too little data, the session 3 / 6 rules apply.</param>
/// <param name="EpisodesUsed">Closed episodes with at least two scores that were offered.</param>
/// <param name="ObservationsUsed">Scores at sessions 2..MaxSession that the lines were fitted on.</param>
/// <param name="Points">Curve points by session number, ascending from 2; empty when not calibrated.</param>
/// <param name="Fit">Cross-validated fit quality; null when not calibrated.</param>
/// <param name="HigherIsBetter">The instrument's direction.</param>
/// <param name="MinScore">Lowest possible total, for clamping.</param>
/// <param name="MaxScore">Highest possible total, for clamping.</param>
public sealed record TrajectoryCalibration(bool IsCalibrated, int EpisodesUsed, int ObservationsUsed,
    IReadOnlyList<TrajectoryCurvePoint> Points, TrajectoryFit? Fit, bool HigherIsBetter, double MinScore, double MaxScore);

/// <summary>Where an open episode stands against its expected trajectory.</summary>
public enum TrajectoryStatus
{
    /// <summary>Fewer than two scores: nothing to compare.</summary>
    Grey,
    /// <summary>At or better than expected.</summary>
    Green,
    /// <summary>Worse than expected, at or better than the lower bound.</summary>
    Orange,
    /// <summary>Worse than the lower bound: not on track.</summary>
    Red,
}

/// <summary>How an episode's status was computed (stored as <c>quantileRegression</c> / <c>sessionRules</c>).</summary>
public enum TrajectoryMethod
{
    /// <summary>Too few closed episodes to calibrate: the session 3 / 6 rules.</summary>
    SessionRules,
    /// <summary>A calibrated expected trajectory (quantile regression on the intake score).</summary>
    QuantileRegression,
}

/// <summary>An episode's status and, when calibrated, its expected score and lower bound at its latest session.</summary>
/// <param name="Status">The status.</param>
/// <param name="Expected">Expected score, rounded to 0.1; null under the fallback rules or when grey.</param>
/// <param name="Bound">Lower bound, rounded to 0.1; null under the fallback rules or when grey.</param>
public sealed record TrajectoryPosition(TrajectoryStatus Status, decimal? Expected, decimal? Bound);

/// <summary>The expected score and lower bound at one session number, rounded to 0.1 as shown and judged.</summary>
/// <param name="Session">Session number (2 = the first after intake).</param>
/// <param name="Expected">Expected score (the median): at or better is green.</param>
/// <param name="Bound">Lower bound (the bound quantile): at or better is orange, worse is red.</param>
public sealed record ExpectedBandPoint(int Session, decimal Expected, decimal Bound);

/// <summary>
/// Expected treatment response calibrated from the service's own closed episodes. For each session number n,
/// the median and the lower-bound quantile of the score at n are fitted as straight lines in the intake score
/// (<see cref="QuantileRegression"/>), so regression to the mean and the ceiling of the scale are part of the
/// expectation. Episodes contribute every session they reached; later sessions reuse the last fitted lines.
/// </summary>
public static class ExpectedTrajectory
{
    /// <summary>
    /// Calibrates from closed episodes. Each episode is its totals by session, index 0 = intake; episodes with
    /// fewer than two scores are ignored. Fewer than <see cref="TrajectoryOptions.MinimumEpisodes"/> remaining →
    /// not calibrated. Otherwise lines are fitted at n = 2.. while at least MinimumPerSession episodes reached n
    /// (up to MaxSession), and fit quality is measured by 2-fold cross-validation (episodes split by position:
    /// even and odd indices), fitting on one half and predicting the other.
    /// </summary>
    /// <param name="episodes">Totals by session per closed episode; finite values.</param>
    /// <param name="higherIsBetter">The instrument's direction.</param>
    /// <param name="minScore">Lowest possible total.</param>
    /// <param name="maxScore">Highest possible total; &gt; minScore.</param>
    /// <param name="options">Data requirements and quantiles.</param>
    /// <exception cref="ArgumentException">A score is not finite, or minScore ≥ maxScore.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static TrajectoryCalibration Calibrate(IReadOnlyList<IReadOnlyList<double>> episodes, bool higherIsBetter,
        double minScore, double maxScore, TrajectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!(minScore < maxScore)) throw new ArgumentException("minScore must be below maxScore.", nameof(minScore));
        var usable = episodes.Where(e => e.Count >= 2).ToList();
        if (usable.SelectMany(e => e).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("Every score must be finite.", nameof(episodes));
        if (usable.Count < options.MinimumEpisodes)
            return new TrajectoryCalibration(false, usable.Count, 0, [], null, higherIsBetter, minScore, maxScore);

        var points = FitPoints(usable, higherIsBetter, options, withR1: true);
        var observations = points.Sum(p => p.Observations);
        var even = usable.Where((_, i) => i % 2 == 0).ToList();
        var odd = usable.Where((_, i) => i % 2 == 1).ToList();
        var fit = CrossValidate(even, odd, higherIsBetter, minScore, maxScore, options);
        return new TrajectoryCalibration(true, usable.Count, observations, points, fit, higherIsBetter, minScore, maxScore);
    }

    /// <summary>
    /// The status of an episode at its latest session against a calibration: fewer than two scores → Grey;
    /// otherwise with E the expected score and L the lower bound at that session for this intake (each clamped to
    /// the scale and rounded half away from zero to 0.1, the resolution scores are recorded in; L never better than
    /// E): at or better than E → Green; at or better than L → Orange; worse than L → Red. "Better" follows the
    /// instrument's direction.
    /// </summary>
    /// <param name="calibration">A calibrated model (<see cref="TrajectoryCalibration.IsCalibrated"/>).</param>
    /// <param name="intake">Intake total.</param>
    /// <param name="sessionCount">Number of scores so far, the latest being session <paramref name="sessionCount"/>.</param>
    /// <param name="latest">The latest total.</param>
    /// <exception cref="ArgumentException">The calibration is not calibrated.</exception>
    public static TrajectoryPosition Evaluate(TrajectoryCalibration calibration, decimal intake, int sessionCount, decimal latest)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        if (!calibration.IsCalibrated) throw new ArgumentException("The calibration has no curves.", nameof(calibration));
        if (sessionCount < 2) return new TrajectoryPosition(TrajectoryStatus.Grey, null, null);
        var (expected, bound) = Expectation(calibration.Points, (double)intake, sessionCount, calibration.HigherIsBetter,
            calibration.MinScore, calibration.MaxScore);
        var (status, e, b) = Classify(expected, bound, latest, calibration.HigherIsBetter);
        return new TrajectoryPosition(status, e, b);
    }

    // The live rule, shared by Evaluate and the cross-validation so that the fit figures describe what clinicians
    // see: E and L rounded to 0.1, green at or better than E (≥), orange at or better than L, else red.
    static (TrajectoryStatus Status, decimal Expected, decimal Bound) Classify(double expected, double bound, decimal score, bool higherIsBetter)
    {
        var e = Round(expected);
        var b = Round(bound);
        var sign = higherIsBetter ? 1 : -1;
        var status = sign * (score - e) >= 0 ? TrajectoryStatus.Green
            : sign * (score - b) >= 0 ? TrajectoryStatus.Orange
            : TrajectoryStatus.Red;
        return (status, e, b);
    }

    /// <summary>
    /// The expected score and lower bound for one intake at sessions 2..<paramref name="throughSession"/>, exactly as
    /// <see cref="Evaluate"/> judges a score there (clamped to the scale, rounded half away from zero to 0.1, bound never
    /// better than expected): a score at or better than Expected is green, at or better than Bound orange, else red.
    /// These are the zones a graph of the episode draws. Empty when <paramref name="throughSession"/> &lt; 2.
    /// </summary>
    /// <param name="calibration">A calibrated model (<see cref="TrajectoryCalibration.IsCalibrated"/>).</param>
    /// <param name="intake">Intake total.</param>
    /// <param name="throughSession">The last session number wanted; sessions after the last fitted one reuse its lines.</param>
    /// <exception cref="ArgumentException">The calibration is not calibrated.</exception>
    public static IReadOnlyList<ExpectedBandPoint> Band(TrajectoryCalibration calibration, decimal intake, int throughSession)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        if (!calibration.IsCalibrated) throw new ArgumentException("The calibration has no curves.", nameof(calibration));
        var band = new List<ExpectedBandPoint>();
        for (var n = 2; n <= throughSession; n++)
        {
            var (expected, bound) = Expectation(calibration.Points, (double)intake, n, calibration.HigherIsBetter,
                calibration.MinScore, calibration.MaxScore);
            band.Add(new ExpectedBandPoint(n, Round(expected), Round(bound)));
        }
        return band;
    }

    /// <summary>
    /// The fallback status from the session 3 / 6 rules (<see cref="ProgressRules"/>): fewer than two scores → Grey;
    /// Deterioration or Reconsider → Red; Discuss → Orange; no alert → Green. No expected score or bound.
    /// </summary>
    /// <param name="sessionCount">Number of scores so far.</param>
    /// <param name="alert">The progress alert at the latest session, or null.</param>
    public static TrajectoryPosition FromRules(int sessionCount, ProgressAlert? alert) => new(
        sessionCount < 2 ? TrajectoryStatus.Grey
        : alert?.Kind switch
        {
            ProgressAlertKind.Deterioration or ProgressAlertKind.Reconsider => TrajectoryStatus.Red,
            ProgressAlertKind.Discuss => TrajectoryStatus.Orange,
            _ => TrajectoryStatus.Green,
        }, null, null);

    /// <summary>Expected score and bound (unrounded, clamped, bound never better than expected) at a session.</summary>
    static (double Expected, double Bound) Expectation(IReadOnlyList<TrajectoryCurvePoint> points, double intake, int session,
        bool higherIsBetter, double min, double max)
    {
        var point = points[Math.Min(session, points[^1].Session) - 2];
        var expected = Math.Clamp(point.Median.At(intake), min, max);
        var bound = Math.Clamp(point.Bound.At(intake), min, max);
        bound = higherIsBetter ? Math.Min(bound, expected) : Math.Max(bound, expected);
        return (expected, bound);
    }

    static List<TrajectoryCurvePoint> FitPoints(IReadOnlyList<IReadOnlyList<double>> episodes, bool higherIsBetter,
        TrajectoryOptions options, bool withR1)
    {
        var points = new List<TrajectoryCurvePoint>();
        var boundTau = higherIsBetter ? options.BoundQuantile : 1 - options.BoundQuantile;
        for (var n = 2; n <= options.MaxSession; n++)
        {
            var reached = episodes.Where(e => e.Count >= n).ToList();
            if (reached.Count < options.MinimumPerSession || reached.Count == 0) break;
            var x = reached.Select(e => e[0]).ToArray();
            var y = reached.Select(e => e[n - 1]).ToArray();
            var (median, loss) = QuantileRegression.Fit(x, y, 0.5);
            var (bound, _) = QuantileRegression.Fit(x, y, boundTau);
            var r1 = 0.0;
            if (withR1)
            {
                var flat = QuantileRegression.Fit(Enumerable.Repeat(0.0, y.Length).ToArray(), y, 0.5).Loss;
                r1 = flat > 0 ? Math.Clamp(1 - loss / flat, 0, 1) : 1;
            }
            points.Add(new TrajectoryCurvePoint(n, reached.Count, median, bound, r1));
        }
        return points;
    }

    static TrajectoryFit? CrossValidate(List<IReadOnlyList<double>> a, List<IReadOnlyList<double>> b, bool higherIsBetter,
        double min, double max, TrajectoryOptions options)
    {
        int count = 0, worseThanExpected = 0, worseThanBound = 0;
        var absoluteError = 0.0;
        foreach (var (train, test) in new[] { (a, b), (b, a) })
        {
            var points = FitPoints(train, higherIsBetter, options with { MinimumPerSession = Math.Min(options.MinimumPerSession, Math.Max(1, train.Count)) },
                withR1: false);
            if (points.Count == 0) continue;
            foreach (var e in test)
                for (var n = 2; n <= Math.Min(e.Count, options.MaxSession); n++)
                {
                    var (expected, bound) = Expectation(points, e[0], n, higherIsBetter, min, max);
                    var score = (decimal)e[n - 1];
                    var (status, shownExpected, _) = Classify(expected, bound, score, higherIsBetter);
                    count++;
                    if (status != TrajectoryStatus.Green) worseThanExpected++;
                    if (status == TrajectoryStatus.Red) worseThanBound++;
                    absoluteError += (double)Math.Abs(score - shownExpected);
                }
        }
        return count == 0 ? null
            : new TrajectoryFit(count, (double)worseThanExpected / count, (double)worseThanBound / count, absoluteError / count);
    }

    static decimal Round(double value) => Math.Round((decimal)value, 1, MidpointRounding.AwayFromZero);
}
