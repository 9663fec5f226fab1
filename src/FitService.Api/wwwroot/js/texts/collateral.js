// Texts of the collateral ratings on the episode page: [bokmål, English].
export const collateralTexts = {
  'collateral.title': ['Kollaterale vurderinger', 'Collateral ratings'],
  'collateral.intro': ['En forelder, partner, lærer eller annen nær person fyller ut det samme skjemaet om klienten. Vurderingene vises for seg og endrer aldri klientens egne tall, kategori eller varsler.',
    'A parent, partner, teacher or other person close to the client fills in the same form about the client. The ratings are shown on their own and never change the client\'s own figures, category or alerts.'],
  'collateral.none': ['Ingen kollaterale vurderinger ennå.', 'No collateral ratings yet.'],
  'collateral.caption': ['Kollaterale vurderinger per time', 'Collateral ratings per session'],
  'collateral.add': ['Legg til en kollateral vurdering', 'Add a collateral rating'],
  'collateral.session': ['Hører til time', 'Accompanies session'],
  'collateral.sessionOption': ['Time {n} ({date})', 'Session {n} ({date})'],
  'collateral.relation': ['Hvem har vurdert', 'Who rated'],
  'collateral.relationHint': ['Bare relasjonen, aldri et navn.', 'The relation only, never a name.'],
  'collateral.save': ['Lagre kollateral vurdering', 'Save collateral rating'],
  'collateral.needsSession': ['Registrer en time først: en kollateral vurdering hører til en time.', 'Record a session first: a collateral rating accompanies a session.'],
  'relation.parent': ['Forelder', 'Parent'],
  'relation.partner': ['Partner', 'Partner'],
  'relation.teacher': ['Lærer', 'Teacher'],
  'relation.other': ['Annen', 'Other'],
};
