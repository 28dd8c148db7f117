// What the browser tests compare against: the texts, and their embeddings computed by the
// package in this Node process (the pthreads build). Pages must reproduce them bit for bit.
import { loadModel } from '../../web/index.js';
import { readJson, sharedPath } from '../node/helpers.js';

export const TEXTS = readJson('texts', 'texts.json').texts.map((t) => t.text).slice(0, 16);
export const TINY = sharedPath('models', 'tiny');

/** { dims, data: number[] } of TEXTS embedded by the tiny model in Node. */
export async function nodeEmbeddings() {
  const model = await loadModel(TINY);
  try {
    const { dims, data } = await model.embed(TEXTS);
    return { dims, data: Array.from(data) };
  } finally {
    model.dispose();
  }
}

/** Whether two lists of float32 values are the same bits (NaN-safe). */
export function sameBits(a, b) {
  const x = new Uint32Array(Float32Array.from(a).buffer);
  const y = new Uint32Array(Float32Array.from(b).buffer);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
