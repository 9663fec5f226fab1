// Who rated a session typed in by the clinician (the record form): sent as ratedBy.
export const raterTexts = {
  'rater.legend': ['Hvem har skåret skjemaet?', 'Who rated the form?'],
  'rater.client': ['Klienten, på papir', 'The client, on paper'],
  'rater.clinician': ['Behandleren', 'The clinician'],
  'rater.collateral': ['En pårørende eller annen (forelder, partner, lærer)', 'A relation (parent, partner, teacher or other)'],
};
