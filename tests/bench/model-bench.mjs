// One bert-wasm configuration (dtype × source × threads × build) in its own process, so peak
// RSS is its own. Source 'safetensors' quantizes the F16 checkpoint at load; 'gguf' loads a file
// already converted to the dtype (by run.mjs, with the package's CLI). Mirrors the peer's
// bench.mjs step by step: import, load, one timed first call, a global warm-up cycling every
// case (V8 tiers WebAssembly up after the first calls), then per case warm-up and timed runs.
// Usage: node model-bench.mjs '<json job>' (see run.mjs).
import fs from 'node:fs';

import { buildCases } from './cases.mjs';
import { cpuMs, peakRssMB, timeIt } from './measure.mjs';

const job = JSON.parse(process.argv[2]);
const EMBED = { pooling: 'mean', normalize: true }; // as the peer's feature-extraction call

/** Which WebAssembly build the runtime loaded, how many threads it can give a model, its heap size. */
async function describeRuntime(build, threads) {
  const { getRuntime } = await import('../../web/runtime.js');
  const runtime = await getRuntime(build);
  const name = runtime.build ?? (typeof runtime.PThread === 'object' ? 'threads' : 'single');
  const pool = runtime.maxThreads ?? (name === 'threads' ? runtime.PThread.unusedWorkers.length : 1);
  return { build: name, threads_effective: Math.min(threads, pool), pthread_pool: pool, wasm_heap_mb: runtime.HEAP8?.buffer.byteLength / 2 ** 20 };
}

async function main() {
  let t = performance.now();
  const { loadModel } = await import('../../web/index.js');
  const importMs = performance.now() - t;
  const rssAfterImport = process.memoryUsage.rss() / 2 ** 20;

  t = performance.now();
  const gguf = job.source === 'gguf';
  const model = await loadModel(job.model, { dtype: gguf ? undefined : job.dtype, threads: job.threads, build: job.build });
  const loadMs = performance.now() - t;
  const memory = process.memoryUsage();
  if (model.config.dtype !== job.dtype) throw new Error(`${job.model} holds ${model.config.dtype} weights, not ${job.dtype}`);
  const runtime = await describeRuntime(job.build, job.threads); // heap size right after load

  const countTokens = (text) => model.tokenize(text).ids.length;
  const all = buildCases(job.texts, countTokens);
  const cases = Object.fromEntries(job.cases.map((name) => [name, all[name]]));
  const embed = async (c) => {
    const { dims } = await model.embed(c.input, EMBED);
    if (dims[0] !== c.batch) throw new Error(`embed returned ${dims[0]} vectors for ${c.batch} texts`);
  };

  // First call after load: lazy initialisation and V8's baseline (Liftoff) code.
  t = performance.now();
  await embed(all.single);
  const firstCallMs = performance.now() - t;

  t = performance.now();
  for (let cycle = 0; cycle < 2 || performance.now() - t < job.warmupMs; cycle++) {
    for (const c of Object.values(cases)) await embed(c);
  }
  const result = {
    side: 'bert-wasm', dtype: job.dtype, source: job.source, label: job.label, threads: job.threads, pass: job.pass,
    ...runtime,
    versions: { node: process.versions.node },
    weight_bytes: model.config.weightBytes,
    import_ms: importMs, load_ms: loadMs, first_call_ms: firstCallMs,
    rss_after_import_mb: rssAfterImport, rss_after_load_mb: memory.rss / 2 ** 20, js_buffers_after_load_mb: memory.arrayBuffers / 2 ** 20,
    global_warmup_ms: performance.now() - t, cases: {},
  };
  for (const [name, c] of Object.entries(cases)) {
    const r = await timeIt(() => embed(c), job.runs, job.warmup);
    result.cases[name] = { ...r, batch: c.batch, tokens: c.tokens };
    console.error(`[pass ${job.pass} bert-wasm ${job.label} ${job.threads}t] ${name}: ${r.median_ms.toFixed(2)} ms median, `
      + `min ${r.min_ms.toFixed(2)}, CPU/wall ${r.cpu_per_wall.toFixed(2)} (tokens ${c.tokens})`);
  }
  model.dispose();
  result.peak_rss_mb = peakRssMB();
  result.own_cpu_ms = cpuMs();
  fs.writeFileSync(job.result, JSON.stringify(result, null, 1));
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
