// The four latency cases, built exactly as the peer's bench.mjs (../shared/peer) builds them
// from ../shared/texts/texts.json, so both sides embed the same strings:
//   single   the en_basic sentence            t128  the longest word prefix of long_600_words
//   t512     long_600_words (truncated to 512)  with at most 128 tokens ([CLS]/[SEP] included)
//   batch32  the first 32 sentences of long_600_words, in one call
import fs from 'node:fs';

export const CASE_NAMES = ['single', 't128', 't512', 'batch32'];

/**
 * @param {string} textsFile path of texts.json
 * @param {(text: string) => number} countTokens tokens of one text after truncation to 512
 * @returns {Record<string, { input: string | string[], batch: number, tokens: number | string }>}
 */
export function buildCases(textsFile, countTokens) {
  const { texts } = JSON.parse(fs.readFileSync(textsFile, 'utf8'));
  const text = (id) => {
    const found = texts.find((t) => t.id === id);
    if (!found) throw new Error(`${textsFile}: no text with id ${id}`);
    return found.text;
  };
  const long = text('long_600_words');
  const single = text('en_basic');
  const words = long.split(' ');
  let k = 1;
  while (k < words.length && countTokens(words.slice(0, k + 1).join(' ')) <= 128) k++;
  const t128 = words.slice(0, k).join(' ');
  const sentences = long.match(/[^.!?]+[.!?]+/g).map((s) => s.trim()).slice(0, 32);
  if (sentences.length !== 32) throw new Error(`${textsFile}: long_600_words has fewer than 32 sentences`);
  const batchTokens = sentences.map(countTokens);
  return {
    single: { input: single, batch: 1, tokens: countTokens(single) },
    t128: { input: t128, batch: 1, tokens: countTokens(t128) },
    t512: { input: long, batch: 1, tokens: countTokens(long) },
    batch32: { input: sentences, batch: 32, tokens: `32x${Math.max(...batchTokens)} (max; ${batchTokens.reduce((a, b) => a + b, 0)} in all)` },
  };
}
