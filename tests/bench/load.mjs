// Start-up and memory of loading only (issue #4), in a minute: each configuration loads the
// model with one thread in a fresh process, then embeds one sentence, N times; prints import +
// load and first-call ms, memory right after load (RSS, JS ArrayBuffers, WebAssembly heap) and
// peak RSS, as min / median. GGUF rows load files made beforehand by the package's own CLI.
//   node tests/bench/load.mjs [--model DIR] [--runs N] [--build auto|single|threads]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// As ../node/helpers.js has them, but not imported from there: it imports the package, which
// would start the WebAssembly runtime before a child's clock does.
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.resolve(process.env.BERTWASM_SHARED ?? path.join(REPO, '../shared'));

const SENTENCE = 'The quick brown fox jumps over the lazy dog near the river bank.';

async function child({ source, dtype, build }) {
  const t0 = performance.now();
  const { loadModel } = await import('../../web/index.js');
  const model = await loadModel(source, { dtype, threads: 1, build });
  const loadMs = performance.now() - t0;
  const memory = process.memoryUsage();
  const { getRuntime } = await import('../../web/runtime.js');
  const heap = (await getRuntime(build)).HEAP8?.buffer.byteLength;
  const t1 = performance.now();
  await model.embed(SENTENCE);
  const firstMs = performance.now() - t1;
  model.dispose();
  const mb = (bytes) => bytes / 2 ** 20;
  return {
    loadMs, firstMs, rss: mb(memory.rss), jsBuffers: mb(memory.arrayBuffers), heap: heap === undefined ? NaN : mb(heap),
    peakRss: process.resourceUsage().maxRSS / 1024,
  };
}

function options(argv) {
  const o = { model: path.join(SHARED, 'models', 'minilm-f16'), runs: 5, build: 'auto' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in o) || argv[i + 1] === undefined) throw new Error(`unknown option ${argv[i]}; usage: load.mjs [--model DIR] [--runs N] [--build B]`);
    o[key] = key === 'runs' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return o;
}

function stat(values) {
  const s = [...values].sort((a, b) => a - b);
  return `${s[0].toFixed(0)} / ${s[s.length >> 1].toFixed(0)}`;
}

async function main() {
  const o = options(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-load-'));
  try {
    const configs = [['q8_0', o.model, 'q8_0'], ['f32', o.model, 'f32']];
    for (const dtype of ['q8_0', 'f32']) {
      const file = path.join(dir, `model-${dtype}.gguf`);
      execFileSync(process.execPath, [path.join(REPO, 'web', 'cli.js'), 'convert', o.model, '-o', file, '--dtype', dtype], { stdio: 'ignore' });
      configs.push([`${dtype} gguf`, file, undefined]);
    }
    console.log(`${o.model}, ${o.runs} runs each, build ${o.build}, 1 thread (min / median)`);
    console.log('| config | import + load ms | first call ms | RSS after load MB | JS ArrayBuffers MB | wasm heap MB | peak RSS MB |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [label, source, dtype] of configs) {
      const job = JSON.stringify({ source, dtype, build: o.build });
      const rs = Array.from({ length: o.runs }, () => JSON.parse(execFileSync(process.execPath, [process.argv[1], '--child', job], { encoding: 'utf8' })));
      const col = (k) => stat(rs.map((r) => r[k]));
      console.log(`| ${label} | ${col('loadMs')} | ${col('firstMs')} | ${col('rss')} | ${col('jsBuffers')} | ${col('heap')} | ${col('peakRss')} |`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await child(JSON.parse(process.argv[3]))));
  process.exit(0);
} else {
  await main();
}
