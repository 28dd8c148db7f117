// The demo page (demo/) in headless Chromium, served by scripts/serve-demo.mjs with its hub
// mirror in front of the test hub (server.js): it indexes the sample corpus with the tiny model,
// answers a typed query with the passages, chunks and scores Node computes with the package,
// restores its index from IndexedDB after a reload without embedding, reads well at phone
// size, and reports bad input on the page while search keeps working. Screenshots go to
// tests/browser/artifacts/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { startDemoServer } from '../../scripts/serve-demo.mjs';
import { loadModel, VectorIndex } from '../../web/index.js';
import { REPO, sharedPath } from '../node/helpers.js';
import { launch } from './chromium.js';
import { startServer } from './server.js';

const TIMEOUT = { timeout: 60_000 };
const ARTIFACTS = path.join(REPO, 'tests', 'browser', 'artifacts');
const CHUNK = { maxTokens: 64, overlap: 16 };
const PAGE = `/demo/?model=test/tiny&dtype=q8_0&chunk=${CHUNK.maxTokens}&overlap=${CHUNK.overlap}`;
// A query whose best chunks include two of one passage before the tenth passage, so the page's
// grouping of chunks into passages is tested too (nodeRanking checks this).
const QUERY = 'sharpening a knife on a stone';
const SAMPLE = JSON.parse(fs.readFileSync(path.join(REPO, 'demo', 'corpus.json'), 'utf8')).passages;

let hub;
let demo;
let browser;
let page;
let cacheDir;
let expected;

// What the page must show for QUERY, computed here with the package: every chunk of the sample
// corpus in a VectorIndex, the 100 best chunks, the best chunk of each passage, ten passages.
async function nodeRanking() {
  const model = await loadModel(sharedPath('models', 'tiny'), { dtype: 'q8_0' });
  try {
    const embedded = await model.embed(SAMPLE.map((p) => p.text), { chunk: CHUNK });
    const index = new VectorIndex(embedded.dims[1]);
    index.add(embedded.chunks.map((c, i) => i), embedded);
    const hits = index.search((await model.embed(QUERY)).data, 100);
    index.dispose();
    const seen = new Set();
    const ranked = [];
    let repeats = 0;
    for (const { id, score } of hits) {
      const { text, start, end } = embedded.chunks[id];
      if (seen.has(text)) {
        repeats += ranked.length < 10 ? 1 : 0;
        continue;
      }
      seen.add(text);
      ranked.push({ id: SAMPLE[text].id, start, end, score });
    }
    assert.ok(repeats > 0, 'QUERY no longer tests the grouping of chunks: pick another');
    return { ranked: ranked.slice(0, 10), chunks: embedded.chunks.length };
  } finally {
    model.dispose();
  }
}

before(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-demo-hub-'));
  hub = await startServer();
  [demo, browser, expected] = await Promise.all([startDemoServer({ port: 0, upstream: hub.origin, cacheDir }), launch(), nodeRanking()]);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await demo?.close();
  await hub?.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const waitReady = () => page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 30_000 });
const text = (selector) => page.locator(selector).innerText();
const errors = () => page.locator('#messages li.error').allInnerTexts();

// Types the query key by key (each key searches) and reads the results of the full query.
async function typeQuery(query) {
  await page.fill('#query', '');
  await page.type('#query', query, { delay: 5 });
  await page.waitForFunction((q) => document.querySelector('#results').dataset.query === q, query);
  return page.$$eval('#results li', (items) => items.map((li) => ({
    id: li.dataset.id,
    chunk: li.dataset.chunk,
    score: Number(li.dataset.score),
    mark: li.querySelector('mark').textContent,
  })));
}

function assertExpectedResults(shown) {
  const spans = shown.map((r) => {
    const [, start, end] = /@(\d+)-(\d+)$/.exec(r.chunk);
    return { id: r.id, start: Number(start), end: Number(end), score: r.score };
  });
  assert.deepEqual(spans, expected.ranked);
  for (const r of spans.map((s, i) => ({ ...s, mark: shown[i].mark }))) {
    assert.equal(r.mark, SAMPLE.find((p) => p.id === r.id).text.slice(r.start, r.end), `${r.id}: the highlight is not the chunk`);
  }
}

test('indexes the sample corpus in a worker; typed query ranked as in Node', TIMEOUT, async () => {
  page = await browser.page(`${demo.origin}${PAGE}`);
  await waitReady();
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(await page.getAttribute('#index-card', 'data-embedded'), String(SAMPLE.length));
  assert.ok(SAMPLE.length >= 100);
  assert.match(await text('#index-detail'), new RegExp(`^${SAMPLE.length} passages · ${expected.chunks} chunks · embedded in`));
  assert.match(await text('#model-detail'), /^128 dims · q8_0 · \d+ threads? · loaded in/);
  // The model came through the server's hub mirror, which kept it for offline use.
  assert.ok(fs.existsSync(path.join(cacheDir, new URL(hub.origin).host.replace(/[^\w.-]/g, '_'), 'test', 'tiny', 'resolve', 'main', 'model.safetensors')));

  assertExpectedResults(await typeQuery(QUERY));
  assert.match(await text('#timings'), /^10 of 112 passages · query embedded in .* · searched in /);
  assert.deepEqual(await errors(), []);
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-desktop.png') });
});

test('a reload restores the index from IndexedDB without embedding the corpus', TIMEOUT, async () => {
  const start = demo.requests.length;
  await page.reload();
  await waitReady();
  assert.equal(await page.getAttribute('#index-card', 'data-embedded'), '0');
  assert.match(await text('#index-detail'), /restored from the index saved in this browser .*nothing re-embedded/);
  assertExpectedResults(await typeQuery(QUERY));
  assert.deepEqual(demo.requests.slice(start).filter((r) => r.path.startsWith('/hub/')), [], 'the model came from the Cache API');
});

test('phone-sized screen: one column, nothing wider than the screen', TIMEOUT, async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, cards: [...document.querySelectorAll('.card')].map((c) => Math.round(c.getBoundingClientRect().width)) }));
  assert.ok(widths.page <= 390, `page is ${widths.page}px wide`);
  assert.equal(widths.cards[0], widths.cards[1]);
  assert.ok(widths.cards[0] > 300, 'the status cards stack, each as wide as the column');
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-phone.png') });
  await page.setViewportSize({ width: 1200, height: 900 });
});

// Drops files on the page as a user would (a synthetic drop event with a DataTransfer).
async function drop(files) {
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const { name, bytes } of list) transfer.items.add(new File([new Uint8Array(bytes)], name));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files.map(({ name, bytes }) => ({ name, bytes: Array.from(bytes) })));
}

async function expectError(pattern) {
  const found = (source) => [...document.querySelectorAll('#messages li.error')].some((li) => new RegExp(source).test(li.textContent));
  await page.waitForFunction(found, pattern.source, { timeout: 10_000 }).catch(async () => {
    assert.fail(`no message matches ${pattern}; the page shows:\n${(await page.locator('#messages li').allInnerTexts()).join('\n')}`);
  });
}

async function openCorpusPanel() {
  if (!(await page.$eval('#corpus-panel', (details) => details.open))) await page.click('#corpus-panel summary');
}

async function savedIndexFile() {
  await openCorpusPanel();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-index')]);
  return fs.readFileSync(await download.path());
}

const pickIndex = (name, buffer) => page.setInputFiles('#pick-index', { name, mimeType: 'application/octet-stream', buffer });

test('bad input: clear messages, and search keeps answering', TIMEOUT, async () => {
  // An empty corpus.
  await openCorpusPanel();
  await page.fill('#pasted', '  \n\n  \n');
  await page.click('#index-pasted');
  await expectError(/Nothing to index: the pasted text is empty/);
  await page.setInputFiles('#pick-documents', { name: 'empty.md', mimeType: 'text/markdown', buffer: Buffer.from('\n\n') });
  await expectError(/empty\.md is empty: no text to index/);

  // A 5 MB document: refused by size before it is read.
  await page.setInputFiles('#pick-documents', { name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(5 << 20, 'lorem ipsum ') });
  await expectError(/big\.txt is 5\.0 MB: the demo indexes documents up to 1\.0 MB each/);

  // Binary garbage dropped: an unknown file, bytes that are not UTF-8, a NUL byte, a fake GGUF.
  await drop([
    { name: 'garbage.bin', bytes: [0x00, 0xff, 0x13, 0x37] },
    { name: 'noise.txt', bytes: [0x48, 0x69, 0x20, 0xc3, 0x28, 0x41] },
    { name: 'zeros.md', bytes: [0x61, 0x62, 0x00, 0x00] },
  ]);
  await expectError(/garbage\.bin: ignored: not a document/);
  await expectError(/noise\.txt: not UTF-8 text \(invalid byte sequence at offset 3: 0xc3 0x28\)/);
  await expectError(/zeros\.md: byte 0x00 at offset 2: this is binary data, not text/);
  await drop([{ name: 'model.gguf', bytes: [0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 0xff, 0xff] }]);
  await page.waitForSelector('#messages li.error[data-code="E_FORMAT"]');
  await waitReady();
  assert.match(await text('#model-detail'), /^128 dims · q8_0 · .* · model\.gguf did not load: still using this model$/);

  // Index files: this page's own (accepted), a newer format version, another model's dimension,
  // and package index bytes of another version (the package's BertWasmError).
  const file = await savedIndexFile();
  await pickIndex('good.bwindex', file);
  await page.waitForFunction(() => /restored from good\.bwindex/.test(document.querySelector('#index-detail').textContent));

  const newer = Buffer.from(file);
  newer.writeUInt32LE(2, 8);
  await pickIndex('newer.bwindex', newer);
  await expectError(/newer\.bwindex: index file format version 2 \(offset 8\); this page reads version 1/);

  await pickIndex('wide.bwindex', await otherDimensionFile(file));
  await expectError(/wide\.bwindex: built with minilm \(384-dimensional vectors\); the loaded model test\/tiny makes 128-dimensional ones/);

  const headerEnd = 16 + file.readUInt32LE(12);
  const oldIndex = Buffer.from(file);
  oldIndex.writeUInt32LE(7, headerEnd + 8); // VectorIndex's own version field
  await pickIndex('old-index.bwindex', oldIndex);
  await page.waitForFunction(() => [...document.querySelectorAll('#messages li.error[data-code="E_FORMAT"]')].some((li) => /version/.test(li.textContent)));

  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-errors.png'), fullPage: true });
  assertExpectedResults(await typeQuery(QUERY));
  assert.match(await text('#index-detail'), /restored from good\.bwindex/);
  assert.deepEqual(browser.errors, []);
});

// file with its header's model made 384-dimensional and a 384-dimensional VectorIndex after it.
async function otherDimensionFile(file) {
  const length = file.readUInt32LE(12);
  const header = JSON.parse(file.subarray(16, 16 + length).toString('utf8'));
  header.model = { ...header.model, name: 'minilm', hiddenSize: 384, fingerprint: '0123456789abcdef' };
  const index = new VectorIndex(384);
  index.add(['a@0-1'], { data: new Float32Array(384).fill(1), dims: [1, 384] });
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(16);
  file.copy(head, 0, 0, 12);
  head.writeUInt32LE(json.length, 12);
  const out = Buffer.concat([head, json, Buffer.from(index.toBytes())]);
  index.dispose();
  return out;
}

test('a pasted corpus is indexed and searched', TIMEOUT, async () => {
  const pasted = [
    'Lighthouses guided ships along dangerous coasts for centuries.',
    'A sourdough loaf rises slowly because wild yeast works at its own pace.',
    'Glaciers carve wide U-shaped valleys as they grind downhill.',
  ].join('\n\n');
  await openCorpusPanel();
  await page.fill('#pasted', pasted);
  await page.click('#index-pasted');
  await page.waitForFunction(() => document.querySelector('#index-title').textContent === 'pasted text (3 passages)' && document.body.dataset.state === 'ready');
  assert.equal(await page.getAttribute('#index-card', 'data-embedded'), '3');
  const shown = await typeQuery('glaciers');
  assert.deepEqual(shown.map((r) => r.id).sort(), ['pasted#1', 'pasted#2', 'pasted#3']);
  const texts = pasted.split('\n\n');
  for (const r of shown) assert.ok(texts[Number(r.id.slice(-1)) - 1].includes(r.mark), `${r.id}: highlight ${r.mark}`);
});

test('model files picked by the user: the same model, so its saved index is restored', TIMEOUT, async () => {
  await page.click('#model-panel summary');
  const files = ['config.json', 'tokenizer.json', 'model.safetensors'].map((f) => sharedPath('models', 'tiny', f));
  await page.setInputFiles('#pick-model-files', files);
  await page.waitForFunction(() => document.querySelector('#model-title').textContent === '3 model files');
  await waitReady();
  assert.match(await text('#model-detail'), /^128 dims · q8_0 · /);
  assert.equal(await text('#index-title'), 'pasted text (3 passages)');
  assert.match(await text('#index-detail'), /restored from the index saved in this browser/);
  assert.equal(await page.getAttribute('#index-card', 'data-embedded'), '3', 'nothing embedded since the pasted text');
  assert.deepEqual(browser.errors, []);
});
