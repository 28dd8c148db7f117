// The package as users get it: npm pack, install the tarball into an empty directory (offline),
// then use it by name from a plain Node ESM script, its CLI, TypeScript, and a page in Chromium
// (an import map pointing at node_modules). Results must equal the repo's, bit for bit.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { launch } from '../browser/chromium.js';
import { TEXTS, TINY, nodeEmbeddings, sameBits } from '../browser/reference.js';
import { startServer } from '../browser/server.js';
import { REPO, oneMinusCosine, readJson } from './helpers.js';

const run = promisify(execFile);
const TIMEOUT = { timeout: 180_000 };
const DIST = ['bert-wasm.js', 'bert-wasm.wasm', 'bert-wasm-mt.js', 'bert-wasm-mt.wasm', 'pthread/bert-wasm-mt.worker.js', 'pthread/package.json'];

let tmp;
let app; // the empty project the tarball is installed into
let packed; // npm pack --json's file list
let expected;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-package-'));
  app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  const npm = (args, cwd) => run('npm', [...args, '--cache', path.join(tmp, 'npm-cache'), '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd, timeout: 120_000 });
  const { stdout } = await npm(['pack', '--json', '--pack-destination', tmp], REPO);
  [packed] = JSON.parse(stdout);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await npm(['install', '--offline', path.join(tmp, packed.filename)], app);
  expected = await nodeEmbeddings();
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the tarball holds exactly the package: web/, both builds, README, package.json', () => {
  const files = packed.files.map((f) => f.path).sort();
  const web = fs.readdirSync(path.join(REPO, 'web')).filter((f) => /\.(js|d\.ts)$/.test(f)).map((f) => `web/${f}`);
  assert.deepEqual(files, ['README.md', 'package.json', ...DIST.map((f) => `dist/${f}`), ...web].sort());
  assert.equal(JSON.parse(fs.readFileSync(path.join(app, 'node_modules/bert-wasm/dist/pthread/package.json'), 'utf8')).type, 'commonjs');
});

test('a plain Node ESM script imports it by name, on the main thread and in a worker', TIMEOUT, async () => {
  fs.writeFileSync(path.join(app, 'main.js'), `
import { loadModel, BertWasmError } from 'bert-wasm';
import { loadModel as loadInWorker } from 'bert-wasm/worker';
const texts = JSON.parse(process.argv[3]);
const model = await loadModel(process.argv[2]);
const { dims, data } = await model.embed(texts);
model.dispose();
const remote = await loadInWorker(process.argv[2]);
const inWorker = await remote.embed(texts);
await remote.dispose();
let error = null;
try { await loadModel(process.argv[2] + '/nowhere'); } catch (e) { error = e instanceof BertWasmError && e.code; }
console.log(JSON.stringify({ dims, data: Array.from(data), worker: Array.from(inWorker.data), error }));
`);
  const { stdout } = await run(process.execPath, ['main.js', TINY, JSON.stringify(TEXTS)], { cwd: app, timeout: 60_000 });
  const r = JSON.parse(stdout);
  assert.deepEqual(r.dims, expected.dims);
  assert.ok(sameBits(r.data, expected.data), 'installed package embeddings differ from the repo');
  assert.ok(sameBits(r.worker, expected.data), 'installed package worker embeddings differ from the repo');
  assert.equal(r.error, 'E_IO');

  // and they are right: the float64 reference of the tiny model (mean pooling + L2)
  const reference = readJson('models', 'tiny', 'reference', 'embeddings.json');
  const ids = readJson('texts', 'texts.json').texts.slice(0, TEXTS.length).map((t) => t.id);
  const hidden = r.dims[1];
  ids.forEach((id, i) => {
    const j = reference.ids.indexOf(id);
    assert.ok(j >= 0, `${id} has no reference`);
    assert.ok(oneMinusCosine(r.data.slice(i * hidden, (i + 1) * hidden), reference.mean_normalized[j]) < 1e-6, id);
  });
});

test('the installed CLI runs: info', TIMEOUT, async () => {
  const { stdout } = await run(path.join(app, 'node_modules/.bin/bert-wasm'), ['info', '--model', TINY], { cwd: app, timeout: 60_000 });
  const info = JSON.parse(stdout);
  assert.equal(info.config.hiddenSize, 128);
  assert.equal(info.config.dtype, 'f32');
});

test('TypeScript sees the types of both entry points through the exports map', TIMEOUT, async () => {
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [], strict: true, noEmit: true },
    files: ['check.ts'],
  }));
  fs.writeFileSync(path.join(app, 'check.ts'), `
import { loadModel, type Embeddings } from 'bert-wasm';
import { loadModel as loadInWorker, type WorkerModel } from 'bert-wasm/worker';
export async function f(): Promise<number> {
  const e: Embeddings = await (await loadModel('org/name', { dtype: 'q8_0' })).embed('x');
  const w: WorkerModel = await loadInWorker('org/name');
  return e.dims[1] + (await w.tokenize('x')).ids.length;
}
// @ts-expect-error: not a dtype
loadModel('org/name', { dtype: 'int3' });
`);
  await run(path.join(REPO, 'node_modules/.bin/tsc'), ['-p', app], { cwd: app, timeout: 60_000 });
});

test('a page imports it through an import map, in the page and in a Web Worker', TIMEOUT, async () => {
  fs.writeFileSync(path.join(app, 'index.html'), `<!doctype html>
<meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">
{ "imports": { "bert-wasm": "/node_modules/bert-wasm/web/index.js", "bert-wasm/worker": "/node_modules/bert-wasm/web/worker.js" } }
</script>
<script type="module">
import { loadModel } from 'bert-wasm';
import { loadModel as loadInWorker } from 'bert-wasm/worker';
window.embedBoth = async (texts) => {
  const model = await loadModel('/models/tiny/');
  const page = await model.embed(texts);
  model.dispose();
  const remote = await loadInWorker('/models/tiny/');
  const worker = await remote.embed(texts);
  await remote.dispose();
  return { page: Array.from(page.data), worker: Array.from(worker.data) };
};
</script>
`);
  const server = await startServer({ root: app });
  const browser = await launch();
  try {
    const page = await browser.page(`${server.origin}/index.html`);
    await page.waitForFunction(() => typeof window.embedBoth === 'function');
    const r = await page.evaluate((texts) => window.embedBoth(texts), TEXTS);
    assert.ok(sameBits(r.page, expected.data), 'page embeddings differ from Node');
    assert.ok(sameBits(r.worker, expected.data), 'worker embeddings differ from Node');
    assert.ok(server.requestsUnder('/node_modules/bert-wasm/dist/bert-wasm.wasm').length > 0);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
