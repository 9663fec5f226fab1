namespace FitService.Statistics.Reporting;

/// <summary>Where an episode counts in an outcome report. Every episode lands in exactly one.</summary>
public enum ReportSample
{
    /// <summary>Fewer than two outcome scores: no change can be measured. Counted apart.</summary>
    FewerThanTwoScores,
    /// <summary>Two or more scores, episode still open: its change so far is reported apart, never mixed with finished ones.</summary>
    StillOpen,
    /// <summary>Closed, two or more scores, intake already in the functional range. Counted apart (harmed is measured here).</summary>
    IntakeFunctional,
    /// <summary>Closed, two or more scores, but no clinical cutoff for the client's age. Counted apart.</summary>
    NoCutoff,
    /// <summary>Closed, two or more scores and intake in the clinical range: the change metrics use these.</summary>
    ChangeSample,
}

/// <summary>
/// One episode's outcome summary as reports see it (the summary columns of the episodes table).
/// It carries no pseudonym, clinician or free text; <paramref name="ClientKey"/> only lets a report count distinct clients.
/// </summary>
/// <param name="ClientKey">Opaque key of the client, to count distinct clients; never reported.</param>
/// <param name="StartedOn">Start of the episode (reports group by its month).</param>
/// <param name="EndedOn">End of the episode; null while open.</param>
/// <param name="Dropout">True when the episode ended as a dropout.</param>
/// <param name="SessionCount">Sessions with an outcome score (every session has one).</param>
/// <param name="Intake">Outcome total at the first session; null without sessions.</param>
/// <param name="Last">Outcome total at the latest session; null without sessions.</param>
/// <param name="IntakeClinical">Intake on the clinical side of the age cutoff; null when no cutoff covers the age.</param>
/// <param name="Category">Category at the latest session (needs two sessions).</param>
/// <param name="IntakeAlliance">Alliance total at the first session that has one; null when none.</param>
/// <param name="AllianceCount">Sessions with an alliance score.</param>
/// <param name="AllianceBelowCutoff">Sessions whose alliance total was below the alliance cutoff.</param>
/// <param name="Trajectory">Status against the expected trajectory at the latest session; null when none was stored.</param>
/// <param name="TrajectoryMethod">How <paramref name="Trajectory"/> was computed; null when none was stored.</param>
public sealed record EpisodeOutcome(
    Guid ClientKey,
    DateOnly StartedOn,
    DateOnly? EndedOn,
    bool Dropout,
    int SessionCount,
    decimal? Intake,
    decimal? Last,
    bool? IntakeClinical,
    OutcomeCategory? Category,
    decimal? IntakeAlliance,
    int AllianceCount,
    int AllianceBelowCutoff,
    TrajectoryStatus? Trajectory = null,
    TrajectoryMethod? TrajectoryMethod = null)
{
    /// <summary>
    /// Fewer than two sessions → <see cref="ReportSample.FewerThanTwoScores"/>; else still open →
    /// <see cref="ReportSample.StillOpen"/>; else no cutoff → <see cref="ReportSample.NoCutoff"/>; else intake
    /// functional → <see cref="ReportSample.IntakeFunctional"/>; else <see cref="ReportSample.ChangeSample"/>.
    /// Open episodes stay out of the change metrics: a running period would look worse only because its episodes are short.
    /// </summary>
    public ReportSample Sample => SessionCount < 2 ? ReportSample.FewerThanTwoScores
        : EndedOn is null ? ReportSample.StillOpen
        : IntakeClinical is null ? ReportSample.NoCutoff
        : IntakeClinical.Value ? ReportSample.ChangeSample
        : ReportSample.IntakeFunctional;

    /// <summary>
    /// In the change sample and evaluated against a calibrated expected trajectory
    /// (<see cref="TrajectoryMethod.QuantileRegression"/>): the denominator of the on-expected-trajectory share.
    /// Episodes under the session 3 / 6 rules, or with no stored status, are not.
    /// </summary>
    public bool TrajectoryEvaluated => Sample == ReportSample.ChangeSample && TrajectoryMethod == Statistics.TrajectoryMethod.QuantileRegression;

    /// <summary>
    /// Closed with two or more scores, whatever the intake: the sample of the effect sizes, so that the standardiser is
    /// the SD of all intakes, not of intakes already cut off at the clinical cutoff (which would inflate d).
    /// </summary>
    public bool InEffectSample => Sample is ReportSample.ChangeSample or ReportSample.IntakeFunctional or ReportSample.NoCutoff;

    /// <summary>Still open, two or more scores, intake in the clinical range: the sample of the change so far.</summary>
    public bool InOpenChange => Sample == ReportSample.StillOpen && IntakeClinical == true;

    /// <summary>
    /// A dropout as the ICCE counts it: the client ended unilaterally (end reason dropout) before reaching the target,
    /// here a reliable improvement at the latest session (recovered or improved).
    /// </summary>
    public bool DropoutBeforeTarget => EndedOn is not null && Dropout && Category is not (OutcomeCategory.Recovered or OutcomeCategory.Improved);
}
