// Texts of the episode's printable summary link: [bokmål, English].
export const episodePdfTexts = {
  'episode.pdf': ['Skriv ut / PDF', 'Print / PDF'],
};
