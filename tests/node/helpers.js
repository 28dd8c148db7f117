// Shared helpers of the node --test suites: where ../shared lives, fixture readers, and embedding
// the shared sample texts with a freshly loaded model.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadModel } from '../../web/index.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(process.env.BERTWASM_SHARED ?? path.join(REPO, '../shared'));

export const sharedPath = (...parts) => path.join(SHARED, ...parts);
export const readJson = (...parts) => JSON.parse(fs.readFileSync(sharedPath(...parts), 'utf8'));
export const modelNames = () => fs.readdirSync(sharedPath('models')).sort();

/** Reads a little-endian NumPy .npy array of f8/f4 values: { shape, data: Float64Array }. */
export function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file}: not an .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').filter((s) => s.trim()).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(count);
  if (descr === '<f8') for (let i = 0; i < count; i++) data[i] = buf.readDoubleLE(start + 8 * i);
  else if (descr === '<f4') for (let i = 0; i < count; i++) data[i] = buf.readFloatLE(start + 4 * i);
  else throw new Error(`${file}: dtype ${descr} not handled`);
  return { shape, data };
}

export function maxAbsDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function oneMinusCosine(a, b) {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return 1 - dot / Math.sqrt(na * nb);
}

/** The first 12 shared texts (../shared/texts/texts.json). */
export const sampleTexts = readJson('texts', 'texts.json').texts.map((t) => t.text).slice(0, 12);

/** Loads a model from `source`, embeds sampleTexts with its defaults, disposes it. */
export async function embedWith(source, options) {
  const model = await loadModel(source, options);
  try {
    return { config: model.config, ...(await model.embed(sampleTexts)) };
  } finally {
    model.dispose();
  }
}
