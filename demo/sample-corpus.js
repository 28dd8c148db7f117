// The sample corpus written for the demo (corpus.json: { about, passages: [{ id, topic, title, text }] }).
export const SAMPLE_URL = new URL('./corpus.json', import.meta.url);

/** { label, passages } */
export async function sampleCorpus() {
  const response = await fetch(SAMPLE_URL);
  if (!response.ok) throw new Error(`${SAMPLE_URL.pathname}: HTTP ${response.status}`);
  const { passages } = await response.json();
  if (!Array.isArray(passages) || passages.length === 0) throw new Error(`${SAMPLE_URL.pathname}: no passages`);
  return { label: `sample corpus (${passages.length} passages)`, passages, sample: true };
}
