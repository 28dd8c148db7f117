// Command-line options of `npm run bench` (tests/bench/run.mjs) and their defaults; --quick
// trades precision for time. Paths default to the checkout's ../shared (BERTWASM_SHARED
// overrides, as for the tests) and a peer install under node_modules/.cache.
import os from 'node:os';
import path from 'node:path';

import { REPO, SHARED } from '../node/helpers.js';
import { CASE_NAMES } from './cases.mjs';

export { REPO };

export const HELP = `npm run bench -- [options]      (or: node tests/bench/run.mjs [options])

  --quick               1 pass, 3 runs per case, 1 s warm-up, 50 index queries
  --passes N            rounds over all configurations, alternating processes (3)
  --runs N              timed runs per case and pass (10)
  --warmup N            untimed runs per case before its timed runs (2)
  --warmup-ms N         global warm-up cycling every case, for V8's tier-up (3000)
  --cases a,b           of ${CASE_NAMES.join(',')} (all)
  --threads 1,2         thread counts for both sides (1,2)
  --dtypes a,b          bert-wasm weight types, of f32,q8_0,q4_0 (q8_0,f32,q4_0)
  --sources a,b         bert-wasm model files: safetensors (the F16 checkpoint, quantized at
                        load) and/or gguf (converted to each dtype first, as transformers.js
                        loads an ONNX file quantized beforehand); gguf runs at the lowest
                        --threads count when both are given (safetensors,gguf)
  --build B             bert-wasm build: auto | single | threads (auto)
  --with-fp32-peer      export the peer's float32 ONNX model when missing (installs Debian's
                        python3-torch: ~220 packages, ~770 MB); without it no fp32 peer figures
  --no-peer             bert-wasm only (no ratios)
  --no-index            skip the vector index benchmark
  --index-only          only the vector index benchmark
  --index-queries N     queries for the index timings and recall (200)
  --guard               wait for idle CPUs before each process and repeat a process when
                        others used > 5% of the CPUs during it (up to 3 times)
  --model DIR           model directory (${path.join(SHARED, 'models/minilm-f16')})
  --peer-dir DIR        where the peer is installed (node_modules/.cache/bert-wasm-peer)
  --out DIR             results folder ($TMPDIR/bert-wasm-bench/<date>)`;

const FLAGS = new Set(['quick', 'with-fp32-peer', 'no-peer', 'no-index', 'index-only', 'guard', 'help']);
const VALUED = new Set(['passes', 'runs', 'warmup', 'warmup-ms', 'cases', 'threads', 'dtypes', 'sources', 'build',
  'index-queries', 'model', 'peer-dir', 'out']);

function list(value, allowed, what) {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (allowed && !allowed.includes(item)) throw new Error(`--${what}: '${item}' is not one of ${allowed.join(', ')}`);
  }
  if (items.length === 0) throw new Error(`--${what} needs at least one value`);
  return items;
}

function count(value, what) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${what} must be a non-negative integer, got '${value}'`);
  return n;
}

/** Parses argv into the options object every part of the benchmark reads. */
export function parseOptions(argv) {
  const raw = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}' (see --help)`);
    const key = arg.slice(2);
    if (FLAGS.has(key)) raw[key] = true;
    else if (!VALUED.has(key)) throw new Error(`unknown option ${arg} (see --help)`);
    else if (i + 1 < argv.length) raw[key] = argv[++i];
    else throw new Error(`${arg} needs a value`);
  }
  const quick = raw.quick === true;
  const date = new Date().toISOString().replace(/[:.]/g, '-');
  const options = {
    help: raw.help === true,
    passes: count(raw.passes ?? (quick ? 1 : 3), 'passes'),
    runs: count(raw.runs ?? (quick ? 3 : 10), 'runs'),
    warmup: count(raw.warmup ?? (quick ? 1 : 2), 'warmup'),
    warmupMs: count(raw['warmup-ms'] ?? (quick ? 1000 : 3000), 'warmup-ms'),
    cases: list(raw.cases ?? CASE_NAMES.join(','), CASE_NAMES, 'cases'),
    threads: list(raw.threads ?? '1,2', null, 'threads').map((t) => count(t, 'threads')),
    dtypes: list(raw.dtypes ?? 'q8_0,f32,q4_0', ['f32', 'q8_0', 'q4_0'], 'dtypes'),
    sources: list(raw.sources ?? 'safetensors,gguf', ['safetensors', 'gguf'], 'sources'),
    build: list(raw.build ?? 'auto', ['auto', 'single', 'threads'], 'build')[0],
    fp32Peer: raw['with-fp32-peer'] === true,
    peer: raw['no-peer'] !== true,
    models: raw['index-only'] !== true,
    index: raw['no-index'] !== true,
    indexQueries: count(raw['index-queries'] ?? (quick ? 50 : 200), 'index-queries'),
    guard: raw.guard === true,
    shared: SHARED,
    model: path.resolve(raw.model ?? path.join(SHARED, 'models/minilm-f16')),
    texts: path.join(SHARED, 'texts/texts.json'),
    peerDir: path.resolve(raw['peer-dir'] ?? path.join(REPO, 'node_modules/.cache/bert-wasm-peer')),
    out: path.resolve(raw.out ?? path.join(os.tmpdir(), 'bert-wasm-bench', date)),
  };
  if (options.threads.some((t) => t < 1)) throw new Error('--threads: thread counts start at 1');
  if (options.passes < 1 || options.runs < 1) throw new Error('--passes and --runs must be at least 1');
  return options;
}
