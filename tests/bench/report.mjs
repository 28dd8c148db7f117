// Turns the per-process results of run.mjs into Markdown: per configuration the median of the
// pass medians and the min of the mins; ratios bert-wasm / transformers.js at the same thread
// count (from the median, and from the min); thread speed-ups; the issue's targets with a
// verdict each; package sizes; the vector index.
import { CASE_NAMES } from './cases.mjs';
import { median } from './measure.mjs';

// Which transformers.js dtype each bert-wasm dtype is compared with.
export const PEER_DTYPE = { q8_0: 'q8', f32: 'fp32', q4_0: 'q8' };

const ms = (x) => (x === undefined || Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const ratio = (x) => (x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);
const labelOf = (r) => r.label ?? r.dtype; // 'q8_0', 'q8_0 gguf', peer 'q8'
const keyOf = (r) => `${r.side}|${labelOf(r)}|${r.threads}`;

/** Per configuration: median of pass medians, min of mins, max of peak RSS. */
export function combine(runs) {
  const groups = new Map();
  for (const r of runs) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return [...groups.values()].map((passes) => {
    const r0 = passes[0];
    const pick = (f) => median(passes.map(f));
    const optional = (key) => (r0[key] === undefined ? undefined : pick((p) => p[key])); // bert-wasm only
    const cases = {};
    for (const name of CASE_NAMES) {
      const have = passes.filter((p) => p.cases[name]);
      if (have.length === 0) continue;
      cases[name] = {
        median_ms: median(have.map((p) => p.cases[name].median_ms)),
        min_ms: Math.min(...have.map((p) => p.cases[name].min_ms)),
        cpu_per_wall: have[0].cases[name].cpu_per_wall === undefined ? undefined : median(have.map((p) => p.cases[name].cpu_per_wall)),
        tokens: r0.cases[name]?.tokens, batch: r0.cases[name]?.batch,
      };
    }
    return {
      side: r0.side, dtype: r0.dtype, source: r0.source, label: labelOf(r0), threads: r0.threads, build: r0.build,
      threads_effective: r0.threads_effective, weight_bytes: r0.weight_bytes,
      passes: passes.length, import_ms: pick((p) => p.import_ms), load_ms: pick((p) => p.load_ms),
      first_call_ms: pick((p) => p.first_call_ms), startup_ms: pick((p) => p.import_ms + p.load_ms + p.first_call_ms),
      peak_rss_mb: Math.max(...passes.map((p) => p.peak_rss_mb)),
      rss_after_load_mb: optional('rss_after_load_mb'), wasm_heap_mb: optional('wasm_heap_mb'),
      js_buffers_after_load_mb: optional('js_buffers_after_load_mb'),
      foreign_max: Math.max(...passes.map((p) => p.foreign_cpu_fraction ?? 0)),
      cpu_wait_max: Math.max(...passes.map((p) => p.cpu_wait ?? 0)), cases,
    };
  });
}

function find(results, side, label, threads) {
  return results.find((r) => r.side === side && r.label === label && r.threads === threads);
}

function configTable(results, cases) {
  const lines = [
    `| side | weights | threads (effective) | build | import+load ms | first call ms | ${cases.map((c) => `${c} ms [min]`).join(' | ')} | peak RSS MB (after load) | others' CPU | waited for CPU |`,
    `|${' --- |'.repeat(9 + cases.length)}`,
  ];
  for (const r of results) {
    const cells = cases.map((c) => {
      const x = r.cases[c];
      if (!x) return '–';
      const cpu = x.cpu_per_wall === undefined ? '' : ` cpu ${x.cpu_per_wall.toFixed(1)}`;
      return `${ms(x.median_ms)} [${ms(x.min_ms)}]${cpu}`;
    });
    const afterLoad = r.rss_after_load_mb === undefined ? '' : ` (${r.rss_after_load_mb.toFixed(0)})`;
    lines.push(`| ${r.side} | ${r.label} | ${r.threads} (${r.threads_effective}) | ${r.build} | ${ms(r.import_ms + r.load_ms)} | `
      + `${ms(r.first_call_ms)} | ${cells.join(' | ')} | ${r.peak_rss_mb.toFixed(0)}${afterLoad} | ${(100 * r.foreign_max).toFixed(0)}% | ${r.cpu_wait_max.toFixed(2)} |`);
  }
  return lines.join('\n');
}

/** Where bert-wasm's memory goes after load (RSS = Node itself + WebAssembly heap + JS buffers + code). */
function memoryTable(results) {
  const mb = (x) => (x === undefined ? '–' : x.toFixed(0));
  const lines = ['| bert-wasm | threads | weights MB | WebAssembly heap MB | JS ArrayBuffers MB | RSS after load MB | peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of results.filter((x) => x.side === 'bert-wasm')) {
    lines.push(`| ${r.label} | ${r.threads} | ${mb(r.weight_bytes / 2 ** 20)} | ${mb(r.wasm_heap_mb)} | ${mb(r.js_buffers_after_load_mb)} | `
      + `${mb(r.rss_after_load_mb)} | ${mb(r.peak_rss_mb)} |`);
  }
  return lines.join('\n');
}

/** bert-wasm / transformers.js for every pair measured at the same thread count. */
export function ratios(results, cases) {
  const out = [];
  for (const bw of results.filter((r) => r.side === 'bert-wasm')) {
    const peer = find(results, 'transformers.js', PEER_DTYPE[bw.dtype], bw.threads);
    if (!peer) continue;
    const row = { label: bw.label, peer_dtype: peer.dtype, threads: bw.threads, cases: {}, token_mismatch: [],
      startup: bw.startup_ms / peer.startup_ms, rss: bw.peak_rss_mb / peer.peak_rss_mb };
    for (const c of cases) {
      if (bw.cases[c] && peer.cases[c]) {
        row.cases[c] = { median: bw.cases[c].median_ms / peer.cases[c].median_ms, min: bw.cases[c].min_ms / peer.cases[c].min_ms };
        // Single texts must be the same tokens on both sides (the batch is padded only by the peer).
        if (bw.cases[c].batch === 1 && bw.cases[c].tokens !== peer.cases[c].tokens) {
          row.token_mismatch.push(`${c}: ${bw.cases[c].tokens} tokens here, ${peer.cases[c].tokens} in transformers.js`);
        }
      }
    }
    out.push(row);
  }
  return out;
}

function ratioTable(rows, cases) {
  const lines = [
    `| bert-wasm vs transformers.js | threads | ${cases.map((c) => `${c} median (min)`).join(' | ')} | import+load+first call | peak RSS |`,
    `|${' --- |'.repeat(4 + cases.length)}`,
  ];
  for (const r of rows) {
    const cells = cases.map((c) => (r.cases[c] ? `${ratio(r.cases[c].median)} (${ratio(r.cases[c].min)})` : '–'));
    lines.push(`| ${r.label} vs ${r.peer_dtype} | ${r.threads} | ${cells.join(' | ')} | ${ratio(r.startup)} | ${ratio(r.rss)} |`);
  }
  return lines.join('\n');
}

/** Speed-up of n threads over 1 thread (median over median) for every side and dtype. */
export function speedups(results, cases) {
  const out = [];
  for (const one of results.filter((r) => r.threads === 1)) {
    for (const many of results.filter((r) => r.side === one.side && r.label === one.label && r.threads > 1)) {
      const row = { side: one.side, label: one.label, threads: many.threads, threads_effective: many.threads_effective, build: many.build, cases: {} };
      for (const c of cases) if (one.cases[c] && many.cases[c]) row.cases[c] = one.cases[c].median_ms / many.cases[c].median_ms;
      out.push(row);
    }
  }
  return out;
}

function speedupTable(rows, cases) {
  const lines = [`| side | weights | threads (effective) | build | ${cases.join(' | ')} |`, `|${' --- |'.repeat(4 + cases.length)}`];
  for (const r of rows) {
    lines.push(`| ${r.side} | ${r.label} | ${r.threads} (${r.threads_effective}) | ${r.build} | ${cases.map((c) => ratio(r.cases[c])).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The issue's targets: [{ what, target, measured, ok }] (ok undefined when not measured). */
export function targets({ ratioRows, speedupRows, sizes, index }) {
  const out = [];
  const at = (label, threads) => ratioRows.find((r) => r.label === label && r.threads === threads);
  const exact = (x) => `${x.toFixed(3)}×`; // verdicts compare unrounded values: show enough digits
  const check = (what, target, value, ok, show = exact) => out.push({ what, target, measured: value === undefined ? 'not measured' : show(value), ok: value === undefined ? undefined : ok(value) });
  const q8 = at('q8_0', 1);
  for (const [c, limit] of [['single', 0.6], ['t128', 0.75], ['t512', 0.75], ['batch32', 0.65]]) {
    check(`Q8_0 1 thread, ${c}, vs transformers.js q8`, `≤ ${limit}×`, q8?.cases[c]?.median, (v) => v <= limit);
  }
  const f32 = at('f32', 1);
  for (const c of CASE_NAMES) check(`F32 1 thread, ${c}, vs transformers.js fp32`, '≤ 0.6×', f32?.cases[c]?.median, (v) => v <= 0.6);
  const bwSpeedups = speedupRows.filter((r) => r.side === 'bert-wasm' && r.threads === 2);
  for (const r of bwSpeedups) {
    const short = r.threads_effective < r.threads ? ` (only ${r.threads_effective} thread effective, build ${r.build})` : '';
    for (const c of ['t512', 'batch32']) check(`bert-wasm ${r.label}: 2 threads vs 1, ${c}${short}`, '≥ 1.8×', r.cases[c], (v) => v >= 1.8);
  }
  if (bwSpeedups.length === 0) check('bert-wasm: 2 threads vs 1', '≥ 1.8×', undefined);
  for (const label of ['q8_0', 'q8_0 gguf', 'f32', 'f32 gguf']) {
    const r = at(label, 1);
    if (!r && label.endsWith('gguf')) continue;
    const what = label.endsWith('gguf') ? `${label.split(' ')[0]} from a GGUF file` : `${label} from safetensors`;
    check(`import + load + first call, ${what}, 1 thread, vs transformers.js`, '≤ 0.25×', r?.startup, (v) => v <= 0.25);
    check(`peak RSS, ${what}, 1 thread, vs transformers.js`, '≤ 0.4×', r?.rss, (v) => v <= 0.4);
  }
  for (const s of sizes.filter((x) => x.side === 'bert-wasm')) {
    check(`${s.file} gzipped`, '≤ 400 KB', s.gzip / 1024, (v) => v <= 400, (v) => `${v.toFixed(0)} KB`);
  }
  const st = index?.storages ?? {};
  check('index f32 top-10, 100k × 384', '≤ 15 ms', st.f32?.median_ms, (v) => v <= 15, (v) => `${ms(v)} ms`);
  check('index int8 top-10, 100k × 384', '≤ 6 ms', st.int8?.median_ms, (v) => v <= 6, (v) => `${ms(v)} ms`);
  check('index int8 recall@10 vs f32', '≥ 0.99', st.int8?.recall_f32, (v) => v >= 0.99, (v) => v.toFixed(3));
  check('index binary+rescore recall@10 vs f32', '≥ 0.95', st['binary+rescore']?.recall_f32, (v) => v >= 0.95, (v) => v.toFixed(3));
  return out;
}

function targetTable(rows) {
  const mark = (ok) => (ok === undefined ? '–' : ok ? 'met' : '**missed**');
  return ['| target | wanted | measured (median) | |', '| --- | --- | --- | --- |',
    ...rows.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${mark(t.ok)} |`)].join('\n');
}

function sizeTable(sizes) {
  return ['| file | bytes | gzip -9 |', '| --- | --- | --- |',
    ...sizes.map((s) => `| ${s.side}: ${s.file} | ${(s.bytes / 1024).toFixed(0)} KB | ${(s.gzip / 1024).toFixed(0)} KB |`)].join('\n');
}

function indexTable(index) {
  const lines = [
    `${index.count} × ${index.dim} clustered unit vectors (${index.clusters} clusters, spread ${index.spread}), `
      + `top-${index.k}, ${index.queries} queries × ${index.rounds} rounds, one thread, build ${index.build}; `
      + 'recall against the f32 index and against a float64 brute force'
      + (index.cpu_wait === undefined ? '' : `; waited for CPU ${index.cpu_wait.toFixed(2)}`),
    '',
    '| storage | search ms median [min] | recall@10 vs f32 | recall@10 vs exact | bytes | add ms |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, s] of Object.entries(index.storages)) {
    lines.push(`| ${name} | ${ms(s.median_ms)} [${ms(s.min_ms)}] | ${s.recall_f32.toFixed(4)} | ${s.recall_exact.toFixed(4)} | `
      + `${(s.bytes / 1e6).toFixed(1)} MB | ${ms(s.add_ms)} |`);
  }
  return lines.join('\n');
}

/** The whole report as Markdown, and the numbers behind it. */
export function report({ meta, runs, index, sizes, options, notes }) {
  const results = combine(runs);
  const cases = options.cases;
  const ratioRows = ratios(results, cases);
  const speedupRows = speedups(results, cases);
  const targetRows = targets({ ratioRows, speedupRows, sizes, index });
  const mismatches = [...new Set(ratioRows.flatMap((r) => r.token_mismatch))];
  if (mismatches.length) notes = [...notes, `the two sides embedded different token counts (${mismatches.join('; ')}).`];
  const parts = [
    `bert-wasm benchmark, ${meta.date}, commit ${meta.commit}; ${meta.machine}; Node ${meta.node}; `
      + `transformers.js ${meta.peer ?? '(not run)'}; model ${meta.model}.`,
    `${options.passes} passes (processes alternating bert-wasm / transformers.js), ${options.runs} runs per case after `
      + `${options.warmup} warm-up runs and a ${options.warmupMs} ms global warm-up; cell = median of pass medians [min single run]; `
      + '"cpu" = process CPU time / wall time (≈ threads really busy); others\' CPU = worst share of the machine other processes used '
      + 'during a run; waited for CPU = worst time the run\'s threads were ready but had no CPU, per wall time (0.5 = half a thread kept waiting).',
    ...notes.map((n) => `Note: ${n}`),
  ];
  if (results.length) parts.push('### Latency', configTable(results, cases));
  if (ratioRows.length) parts.push('### bert-wasm / transformers.js (same run, same thread count; < 1 is faster or smaller)', ratioTable(ratioRows, cases));
  if (results.some((r) => r.side === 'bert-wasm')) parts.push('### bert-wasm memory after load', memoryTable(results));
  if (speedupRows.length) parts.push('### Thread speed-up (1-thread median / n-thread median)', speedupTable(speedupRows, cases));
  if (sizes.length) parts.push('### WebAssembly files', sizeTable(sizes));
  if (index) parts.push('### Vector index', indexTable(index));
  parts.push('### Targets', targetTable(targetRows));
  return { markdown: parts.join('\n\n') + '\n', summary: { meta, options, results, ratios: ratioRows, speedups: speedupRows, targets: targetRows, sizes, index } };
}
