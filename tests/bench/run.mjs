// `npm run bench`: bert-wasm side by side with transformers.js (ONNX Runtime Web) on the same
// model, machine and run. Every configuration runs in its own process (so peak RSS is its own),
// bert-wasm and peer processes alternate, and pass order flips each pass so drift on a shared
// machine hits both sides alike. Then the vector index benchmark. See tests/bench/README.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { machineCpu, runNode } from './measure.mjs';
import { HELP, REPO, parseOptions } from './options.mjs';
import { preparePeer, runPeer } from './peer.mjs';
import { PEER_DTYPE, report } from './report.mjs';

const HERE = path.join(REPO, 'tests', 'bench');
const MAX_FOREIGN = 0.05; // --guard: repeat a run when others used more of the CPUs than this
const log = (...a) => console.error('[bench]', ...a);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * One pass: per thread count, each bert-wasm dtype (from safetensors, then from GGUF) followed
 * by the peer dtype it is compared with. GGUF holds the same weights, so when both sources are
 * asked for it runs only at the lowest thread count (load time and memory are what differ).
 */
function planPass(options, peer, ggufs) {
  const jobs = [];
  const ggufThreads = options.sources.includes('safetensors') ? Math.min(...options.threads) : null;
  for (const threads of options.threads) {
    const peerDone = new Set();
    for (const dtype of options.dtypes) {
      if (options.sources.includes('safetensors')) {
        jobs.push({ side: 'bert-wasm', dtype, source: 'safetensors', label: dtype, threads, model: options.model });
      }
      if (ggufs[dtype] && (ggufThreads === null || threads === ggufThreads)) {
        jobs.push({ side: 'bert-wasm', dtype, source: 'gguf', label: `${dtype} gguf`, threads, model: ggufs[dtype] });
      }
      const p = PEER_DTYPE[dtype];
      if (peer?.dtypes[p] && !peerDone.has(p)) {
        jobs.push({ side: 'transformers.js', dtype: p, threads });
        peerDone.add(p);
      }
    }
  }
  return jobs;
}

/** Converts the model to a GGUF file per dtype with the package's CLI: { dtype: path }. */
async function convertGgufs(options, notes) {
  const ggufs = {};
  if (!options.sources.includes('gguf')) return ggufs;
  for (const dtype of options.dtypes) {
    const file = path.join(options.out, `${path.basename(options.model)}-${dtype}.gguf`);
    const proc = await runNode([path.join(REPO, 'web', 'cli.js'), 'convert', options.model, '-o', file, '--dtype', dtype]);
    if (proc.status === 0) ggufs[dtype] = file;
    else notes.push(`bert-wasm convert to ${dtype} GGUF failed (status ${proc.status}): no GGUF figures for ${dtype}.`);
  }
  return ggufs;
}

/** Runs one bert-wasm configuration: { result, proc } as runPeer. */
async function runBertWasm(options, job) {
  const name = `bert-wasm ${job.label} ${job.threads}t pass ${job.pass}`;
  const file = path.join(options.out, `${name.replace(/ /g, '-')}.json`);
  const spec = { ...job, texts: options.texts, cases: options.cases, build: options.build,
    runs: options.runs, warmup: options.warmup, warmupMs: options.warmupMs, result: file };
  const proc = await runNode([path.join(HERE, 'model-bench.mjs'), JSON.stringify(spec)]);
  if (proc.status !== 0) throw new Error(`${name} failed with status ${proc.status}`);
  return { result: JSON.parse(fs.readFileSync(file, 'utf8')), proc };
}

/** Waits (at most ~5 min) until the CPUs have been < 10% busy over 2 s. */
function waitIdle() {
  for (let i = 0; i < 60; i++) {
    const a = machineCpu();
    sleep(2000);
    const b = machineCpu();
    if ((b.busy - a.busy) / (b.total - a.total) < 0.1) return;
    sleep(3000);
  }
  log('the machine did not become idle; measuring anyway');
}

/**
 * Runs one job, recording how much of the machine other processes used meanwhile, and how long
 * the job's threads waited for a CPU (in threads: 0.5 = on average half a thread was kept waiting).
 */
async function measured(options, job, fn) {
  for (let attempt = 1; ; attempt++) {
    if (options.guard) waitIdle();
    const before = machineCpu();
    const { result: res, proc } = await fn();
    const after = machineCpu();
    if (before && after) {
      const busyMs = (after.busy - before.busy) * 10;
      res.foreign_cpu_fraction = Math.max(0, busyMs - res.own_cpu_ms) / (proc.wallMs * os.cpus().length);
    }
    if (proc.runMs > 0) res.cpu_wait = proc.waitMs / proc.wallMs;
    res.attempt = attempt;
    if (!options.guard || !(res.foreign_cpu_fraction > MAX_FOREIGN) || attempt > 3) return res;
    log(`${job.side} ${job.label ?? job.dtype} ${job.threads}t: others used ${(100 * res.foreign_cpu_fraction).toFixed(0)}% of the CPUs; repeating`);
  }
}

async function runIndex(options) {
  const file = path.join(options.out, 'index.json');
  const spec = { count: 100000, dim: 384, queries: options.indexQueries, k: 10, clusters: 1000, spread: 1, seed: 2024,
    warmupMs: options.warmupMs, rounds: 3, result: file };
  const proc = await runNode([path.join(HERE, 'index-bench.mjs'), JSON.stringify(spec)]);
  if (proc.status !== 0) throw new Error(`index benchmark failed with status ${proc.status}`);
  return { ...JSON.parse(fs.readFileSync(file, 'utf8')), cpu_wait: proc.waitMs / proc.wallMs };
}

/** Raw and gzip -9 sizes of our .wasm files and of the peer's runtime. */
function wasmSizes(options) {
  const files = fs.readdirSync(path.join(REPO, 'dist')).filter((f) => f.endsWith('.wasm'))
    .map((f) => ({ side: 'bert-wasm', file: `dist/${f}`, full: path.join(REPO, 'dist', f) }));
  try {
    const require = createRequire(path.join(options.peerDir, 'package.json'));
    const full = require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
    files.push({ side: 'transformers.js', file: path.basename(full), full });
  } catch { /* the peer is not installed */ }
  return files.map(({ side, file, full }) => {
    const bytes = fs.readFileSync(full);
    return { side, file, bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  });
}

function describeMachine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, `
    + `${os.platform()} ${os.release()}, load average ${os.loadavg()[0].toFixed(1)} at start`;
}

function gitCommit() {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) return console.log(HELP);
  if (!fs.existsSync(path.join(REPO, 'dist', 'bert-wasm.js'))) throw new Error('dist/bert-wasm.js is missing: run `npm run build` first');
  fs.mkdirSync(options.out, { recursive: true });
  const notes = [];
  let peer = null;
  if (options.peer && options.models) {
    try {
      peer = preparePeer(options, log);
      notes.push(...peer.missing.map((m) => `transformers.js ${m}; its figures and ratios are missing.`));
    } catch (e) {
      log(e.message);
      notes.push(`transformers.js could not be set up (${e.message}): no peer figures, no ratios.`);
    }
  } else if (options.models) {
    notes.push('run with --no-peer: no transformers.js figures, no ratios.');
  }
  const meta = { date: new Date().toISOString(), commit: gitCommit(), machine: describeMachine(), node: process.versions.node,
    peer: peer?.version, model: path.basename(options.model) };
  const ggufs = options.models ? await convertGgufs(options, notes) : {};
  const runs = [];
  for (let pass = 1; options.models && pass <= options.passes; pass++) {
    const jobs = planPass(options, peer, ggufs);
    if (pass % 2 === 0) jobs.reverse();
    for (const job of jobs) {
      const full = { ...job, pass };
      try {
        runs.push(await measured(options, full, () => (job.side === 'bert-wasm' ? runBertWasm(options, full) : runPeer(options, peer, full))));
      } catch (e) {
        log(e.message);
        notes.push(`${e.message}.`);
      }
      fs.writeFileSync(path.join(options.out, 'runs.json'), JSON.stringify(runs, null, 1));
    }
  }
  for (const file of Object.values(ggufs)) fs.rmSync(file); // made again next run, from the current converter
  let index = null;
  if (options.index) {
    try {
      index = await runIndex(options);
    } catch (e) {
      notes.push(`${e.message}.`);
    }
  }
  const { markdown, summary } = report({ meta, runs, index, sizes: wasmSizes(options), options, notes });
  fs.writeFileSync(path.join(options.out, 'summary.md'), markdown);
  fs.writeFileSync(path.join(options.out, 'summary.json'), JSON.stringify(summary, null, 1));
  console.log(`\n${markdown}\nResults: ${options.out}`);
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
