// "Show to client": the feedback graph full screen for the client, without the clinician's prompt or any identifier.
export const showClientTexts = {
  'showClient.open': ['Vis til klienten', 'Show to the client'],
  'showClient.title': ['Slik går det', 'How things are going'],
  'showClient.graphIntro': ['Linjen viser hvordan du har hatt det, time for time.',
    'The line shows how you have been, session by session.'],
  'showClient.back': ['Tilbake til behandlervisningen', 'Back to the clinician\'s view'],
};
