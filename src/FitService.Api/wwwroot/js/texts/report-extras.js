// Texts of the evaluator's screens added later: the goals when they cannot be read, and the comparison's collateral
// section and severity-adjusted effect size. [bokmål, English].
export const reportExtraTexts = {
  'reportGoals.unavailable': ['Målene kunne ikke hentes akkurat nå. Rapporten over er likevel fullstendig; prøv igjen senere for å se målene.',
    'The goals could not be fetched just now. The report above is complete all the same; try again later to see the goals.'],
  'compareExtra.saesDifference': ['Alvorlighetsjustert effektstørrelse (Welch)', 'Severity-adjusted effect size (Welch)'],
  'compareExtra.collateralTitle': ['Kollaterale vurderinger', 'Collateral ratings'],
  'compareExtra.collateralIntro': ['Vurderinger av klienten fra en forelder, partner, lærer eller annen nær person: egne tall, ikke med i klientens tall over. En gruppe som er skjult i klientens tall, er skjult her også.',
    "Ratings of the client by a parent, partner, teacher or other person close to them: figures of their own, not part of the client figures above. A group hidden in the client figures is hidden here too."],
  'compareExtra.collateralCaption': ['Kollaterale vurderinger i de to periodene per avdeling', 'Collateral ratings in the two periods per department'],
  'compareExtra.collateralRegion': ['Tabellen over kollaterale vurderinger (kan rulles sidelengs)', 'The collateral ratings table (scrolls sideways)'],
  'compareExtra.collateralEpisodes': ['Forløp med vurderinger', 'Episodes with ratings'],
  'compareExtra.collateralFirst': ['Første vurdering (snitt)', 'First rating (mean)'],
  'compareExtra.collateralLast': ['Siste vurdering (snitt)', 'Last rating (mean)'],
  'reportCollateral.caption': ['Kollaterale vurderinger per gruppe i rapporten', "Collateral ratings per group of the report"],
};
