// The model commands of the bert-wasm CLI (cli.js parses the arguments): embed, tokenize, info.
// Each reads `options` (the --flags, without dashes) and `texts` (the other arguments), writes
// JSON lines on stdout, and returns the exit code. Progress bars go to stderr (cli-progress.js).
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { downloadBars, progressBar } from './cli-progress.js';
import { BertWasmError } from './errors.js';
import { loadModel } from './index.js';
import { getRuntime } from './runtime.js';

/** Downloads are kept here unless --cache-dir says otherwise. */
export function defaultCacheDir() {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'bert-wasm');
}

/** loadModel with the command line's options; also returns the size of each file read. */
async function openModel(options) {
  if (!options.model) throw new BertWasmError('E_INPUT', '--model is required');
  const bars = downloadBars(process.stderr);
  const files = {};
  const onProgress = (event) => {
    files[event.file] = event.loaded;
    bars.onProgress(event);
  };
  try {
    const model = await loadModel(options.model, {
      dtype: options.dtype,
      threads: options.threads === undefined ? undefined : integer(options.threads, '--threads'),
      host: options.host,
      revision: options.revision,
      build: options.build,
      cacheDir: options['cache-dir'] ?? defaultCacheDir(),
      onProgress,
    });
    return { model, files };
  } finally {
    bars.finish();
  }
}

export async function embed(texts, options) {
  const embedOptions = {
    pooling: options.pooling,
    normalize: options.normalize === undefined ? undefined : boolean(options.normalize, '--normalize'),
    maxLength: options['max-length'] === undefined ? undefined : integer(options['max-length'], '--max-length'),
  };
  const batchSize = options['batch-size'] === undefined ? 32 : integer(options['batch-size'], '--batch-size');
  const records = await inputRecords(texts);
  const { model } = await openModel(options);
  const bar = records.length > batchSize ? progressBar(process.stderr, 'embedding') : null;
  try {
    for (let start = 0; start < records.length; start += batchSize) {
      const batch = records.slice(start, start + batchSize);
      const { data, dims } = await model.embed(batch.map((r) => r.text), embedOptions);
      const lines = batch.map((record, i) => {
        const row = data.subarray(i * dims[1], (i + 1) * dims[1]);
        // 9 significant digits: the exact float32 comes back when the line is parsed
        return JSON.stringify({ ...record, embedding: Array.from(row, (v) => Number(v.toPrecision(9))) });
      });
      await write(`${lines.join('\n')}\n`);
      bar?.update(start + batch.length, records.length);
    }
  } finally {
    bar?.finish();
    model.dispose();
  }
  return 0;
}

export async function tokenize(texts, options) {
  const maxLength = options['max-length'] === undefined ? undefined : integer(options['max-length'], '--max-length');
  const records = await inputRecords(texts);
  const { model } = await openModel(options);
  try {
    for (const record of records) {
      const e = model.tokenize(record.text, null, { maxLength });
      await write(`${JSON.stringify({ ...record, ids: Array.from(e.ids), tokens: e.tokens, offsets: e.offsets })}\n`);
    }
  } finally {
    model.dispose();
  }
  return 0;
}

export async function info(texts, options) {
  if (texts.length) throw new BertWasmError('E_INPUT', `info takes no texts (got '${texts[0]}')`);
  const { model, files } = await openModel(options);
  try {
    const fileBytes = Object.values(files).reduce((a, b) => a + b, 0);
    const { build } = await getRuntime(options.build);
    const out = { source: options.model, config: model.config, files, fileBytes, weightBytes: model.config.weightBytes, build };
    await write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    model.dispose();
  }
  return 0;
}

// Texts from the arguments, else one per stdin line: plain text, or a JSON object with "text"
// whose other fields are kept. Blank lines are skipped.
async function inputRecords(texts) {
  if (texts.length) return texts.map((text) => ({ text }));
  const records = [];
  let n = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    if (!line.trimStart().startsWith('{')) {
      records.push({ text: line });
      continue;
    }
    let record;
    try {
      record = JSON.parse(line);
    } catch (e) {
      throw new BertWasmError('E_INPUT', `stdin line ${n}: not JSON (${e.message})`);
    }
    if (typeof record.text !== 'string') throw new BertWasmError('E_INPUT', `stdin line ${n}: no "text" string`);
    records.push(record);
  }
  return records;
}

function write(chunk) {
  return new Promise((resolve) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

function integer(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new BertWasmError('E_INPUT', `${flag} must be a positive integer, got '${value}'`);
  return n;
}

function boolean(value, flag) {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BertWasmError('E_INPUT', `${flag} must be true or false, got '${value}'`);
}
