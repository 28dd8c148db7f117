// Vector index benchmark in its own process: 100 000 × 384 clustered unit vectors, top-10
// search through the package's JavaScript VectorIndex for each storage (f32, int8, binary with
// and without re-scoring), one thread. Recall@10 is measured against a float64 brute force
// computed here and against the f32 index. Usage: node index-bench.mjs '<json job>'.
import fs from 'node:fs';

import { median, peakRssMB } from './measure.mjs';
import { clusteredVectors, exactTopK, rowNorms } from './vectors.mjs';

const job = JSON.parse(process.argv[2]);
const { count, dim, queries: nQueries, k } = job;

const STORAGES = [
  { name: 'f32', options: { storage: 'f32' } },
  { name: 'int8', options: { storage: 'int8' } },
  { name: 'binary+rescore', options: { storage: 'binary' } },
  { name: 'binary (no rescore)', options: { storage: 'binary', rescore: false } },
];

function recall(hits, wanted) {
  const ids = new Set(wanted);
  return hits.filter((h) => ids.has(h.id)).length / wanted.length;
}

/** Times every query once per round after a warm-up of at least warmupMs: median and min per search. */
function timeSearches(index, queries) {
  const search = (q) => index.search(queries.subarray(q * dim, (q + 1) * dim), k);
  const t0 = performance.now();
  for (let q = 0; performance.now() - t0 < job.warmupMs || q < nQueries; q++) search(q % nQueries);
  const times = [];
  for (let round = 0; round < job.rounds; round++) {
    for (let q = 0; q < nQueries; q++) {
      const t = performance.now();
      search(q);
      times.push(performance.now() - t);
    }
  }
  return { median_ms: median(times), min_ms: Math.min(...times), searches: times.length };
}

async function main() {
  const { VectorIndex } = await import('../../web/index.js');
  const { getRuntime } = await import('../../web/runtime.js');
  const runtime = await getRuntime();
  const all = clusteredVectors(count + nQueries, dim, job.clusters, job.spread, job.seed);
  const data = all.subarray(0, count * dim);
  const queries = all.subarray(count * dim);
  const ids = Array.from({ length: count }, (_, r) => r);

  let t = performance.now();
  const norms = rowNorms(data, dim);
  const exact = [];
  for (let q = 0; q < nQueries; q++) exact.push(exactTopK(data, dim, norms, queries.subarray(q * dim, (q + 1) * dim), k).map((h) => h.row));
  const result = {
    count, dim, k, queries: nQueries, rounds: job.rounds, clusters: job.clusters, spread: job.spread,
    build: runtime.build ?? (typeof runtime.PThread === 'object' ? 'threads' : 'single'),
    exact_ms: performance.now() - t, storages: {},
  };

  let f32Hits = null;
  for (const { name, options } of STORAGES) {
    const index = new VectorIndex(dim, options);
    t = performance.now();
    index.add(ids, { data, dims: [count, dim] });
    const addMs = performance.now() - t;
    const timing = timeSearches(index, queries);
    const hits = [];
    for (let q = 0; q < nQueries; q++) hits.push(index.search(queries.subarray(q * dim, (q + 1) * dim), k));
    f32Hits ??= hits.map((h) => h.map((x) => x.id));
    const mean = (f) => hits.reduce((a, h, q) => a + f(h, q), 0) / nQueries;
    result.storages[name] = {
      ...timing, add_ms: addMs, bytes: index.toBytes().length, rescore: index.rescore,
      recall_exact: mean((h, q) => recall(h, exact[q])), recall_f32: mean((h, q) => recall(h, f32Hits[q])),
    };
    index.dispose();
    const s = result.storages[name];
    console.error(`[index] ${name}: ${s.median_ms.toFixed(2)} ms median, min ${s.min_ms.toFixed(2)}, `
      + `recall@${k} ${s.recall_f32.toFixed(4)} vs f32, ${s.recall_exact.toFixed(4)} vs exact`);
  }
  result.peak_rss_mb = peakRssMB();
  fs.writeFileSync(job.result, JSON.stringify(result, null, 1));
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
