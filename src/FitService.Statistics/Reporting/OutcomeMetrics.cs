namespace FitService.Statistics.Reporting;

/// <summary>
/// The metrics of one report group (definitions in <see cref="OutcomeReport"/>). A metric is null when its
/// denominator is too small to define it (no episodes, fewer than two for an SD, no intake variance, ...).
/// </summary>
/// <param name="Clients">Distinct clients.</param>
/// <param name="Episodes">Episodes.</param>
/// <param name="Sessions">Sessions.</param>
/// <param name="FewerThanTwoScores">Episodes counted apart: fewer than two outcome scores.</param>
/// <param name="IntakeFunctional">Episodes counted apart: intake already in the functional range.</param>
/// <param name="NoCutoff">Episodes counted apart: no clinical cutoff for the client's age.</param>
/// <param name="StillOpen">Episodes counted apart: two or more scores but still open (their change so far is <paramref name="OpenChange"/>).</param>
/// <param name="ChangeSample">Episodes the change metrics use (n).</param>
/// <param name="MeanIntake">Mean intake total, points.</param>
/// <param name="SdIntake">SD of intake totals (n − 1), points.</param>
/// <param name="MeanLast">Mean last total, points.</param>
/// <param name="SdLast">SD of last totals (n − 1), points.</param>
/// <param name="MeanChange">Mean of last − intake, points (positive when scores rose).</param>
/// <param name="SdChange">SD of last − intake (n − 1), points.</param>
/// <param name="EffectSize">Pre–post d over <paramref name="EffectInputs"/>: mean change / SD of all intakes, Bonett (2008) 95 % CI.</param>
/// <param name="NormativeEffectSize">Mean change of the same sample / the instrument's normative SD, t 95 % CI; null without a normative SD.</param>
/// <param name="EffectInputs">What the effect sizes rest on.</param>
/// <param name="Recovered">Share recovered, Wilson 95 % CI, over the change sample.</param>
/// <param name="Improved">Share improved (reliably, without recovering), over the change sample.</param>
/// <param name="Unchanged">Share unchanged, over the change sample.</param>
/// <param name="Deteriorated">Share deteriorated, over the change sample.</param>
/// <param name="ReliablyImproved">Share recovered or improved, over the change sample.</param>
/// <param name="Harmed">Share harmed over the intake-functional episodes (the only ones that can be harmed).</param>
/// <param name="ClosedEpisodes">Closed episodes.</param>
/// <param name="Dropout">Share of closed episodes that ended as dropout, Wilson 95 % CI.</param>
/// <param name="DropoutBeforeTarget">ICCE dropout: share of closed episodes that ended as dropout without a reliable
/// improvement at the latest session, Wilson 95 % CI.</param>
/// <param name="ClosedWithSessions">Closed episodes with at least one session (the denominator of <paramref name="SingleSession"/>).</param>
/// <param name="SingleSession">Share of closed episodes with sessions that had exactly one, Wilson 95 % CI.</param>
/// <param name="MeanSessions">Sessions per closed episode.</param>
/// <param name="MeanDays">Days from start to end per closed episode.</param>
/// <param name="AllianceIntakes">Episodes with an alliance score (the denominator of the two alliance metrics, in episodes).</param>
/// <param name="MeanIntakeAlliance">Mean alliance total at the first session that has one.</param>
/// <param name="AllianceBelowCutoff">Share of alliance-scored sessions below the alliance cutoff.</param>
/// <param name="Completeness">Share of sessions with both an outcome and an alliance score.</param>
/// <param name="TrajectoryEvaluated">Change-sample episodes whose latest status came from a calibrated expected trajectory.</param>
/// <param name="OnExpectedTrajectory">Share of <paramref name="TrajectoryEvaluated"/> with status green (at or above the
/// expected median), Wilson 95 % CI; null when none was evaluated.</param>
/// <param name="OpenChange">The change so far of open episodes with two or more scores and a clinical intake.</param>
public sealed record OutcomeMetrics(
    long Clients, long Episodes, long Sessions,
    long FewerThanTwoScores, long IntakeFunctional, long NoCutoff, long StillOpen, long ChangeSample,
    double? MeanIntake, double? SdIntake, double? MeanLast, double? SdLast, double? MeanChange, double? SdChange,
    EffectSize? EffectSize, EffectSize? NormativeEffectSize, EffectSizeInputs EffectInputs,
    Proportion? Recovered, Proportion? Improved, Proportion? Unchanged, Proportion? Deteriorated,
    Proportion? ReliablyImproved, Proportion? Harmed,
    long ClosedEpisodes, Proportion? Dropout, Proportion? DropoutBeforeTarget, long ClosedWithSessions, Proportion? SingleSession,
    double? MeanSessions, double? MeanDays,
    long AllianceIntakes, double? MeanIntakeAlliance, double? AllianceBelowCutoff, double? Completeness,
    long TrajectoryEvaluated, Proportion? OnExpectedTrajectory,
    OpenChange OpenChange);

/// <summary>
/// The change so far of episodes still running (two or more scores, clinical intake), reported apart from the
/// finished ones: it grows while they run, so it is no estimate of what treatment achieves.
/// </summary>
/// <param name="Episodes">Open episodes in this sample.</param>
/// <param name="MeanChange">Mean of latest − intake so far, points; null without episodes.</param>
/// <param name="SdChange">SD (n − 1) of latest − intake; null with fewer than two.</param>
/// <param name="ReliablyImproved">Share reliably improved so far (recovered or improved), Wilson 95 % CI.</param>
public sealed record OpenChange(long Episodes, double? MeanChange, double? SdChange, Proportion? ReliablyImproved);

/// <summary>
/// The inputs of a group's effect sizes: closed episodes with two or more scores, whatever the intake (functional
/// intakes included, so the standardiser is not the SD of intakes truncated at the cutoff).
/// </summary>
/// <param name="Episodes">Episodes in the sample (n).</param>
/// <param name="MeanChange">Mean of last − intake, points; null without episodes.</param>
/// <param name="SdIntake">SD (n − 1) of their intakes: the standardiser of the pre–post effect size.</param>
/// <param name="SdChange">SD (n − 1) of last − intake.</param>
/// <param name="NormativeSd">The instrument's normative SD (a setting), the standardiser of the normative effect size; null when not set.</param>
public sealed record EffectSizeInputs(long Episodes, double? MeanChange, double? SdIntake, double? SdChange, double? NormativeSd);
