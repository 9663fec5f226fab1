// Texts of the evaluator's screens added later: the goals when they cannot be read, and the comparison's collateral
// section and severity-adjusted effect size. [bokmål, English].
export const reportExtraTexts = {
  'reportGoals.unavailable': ['Målene kunne ikke hentes akkurat nå. Rapporten over er likevel fullstendig; prøv igjen senere for å se målene.',
    'The goals could not be fetched just now. The report above is complete all the same; try again later to see the goals.'],
};
