// Chromium, page NOT cross-origin isolated (single-threaded build): load by hub id and by URL
// with progress events, embed in the page and in a Web Worker bitwise as Node does, a second
// load served by the Cache API with zero network requests, and the loading errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch } from './chromium.js';
import { TEXTS, nodeEmbeddings, sameBits } from './reference.js';
import { closedPort, startServer } from './server.js';

const TIMEOUT = { timeout: 90_000 };
let server;
let browser;
let page;
let expected;

before(async () => {
  [server, browser, expected] = await Promise.all([startServer({ isolated: false }), launch(), nodeEmbeddings()]);
  page = await browser.page(`${server.origin}/tests/browser/pages/index.html`);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Runs in the page: loads `source` with the package at `entry`, embeds TEXTS, reports progress.
async function embedInPage({ entry, source, options, texts }) {
  const { loadModel } = await import(entry);
  const events = [];
  const model = await loadModel(source, { ...options, onProgress: (e) => events.push(e) });
  try {
    const { dims, data } = await model.embed(texts);
    return { dims, data: Array.from(data), events };
  } finally {
    await model.dispose();
  }
}

const modelRequests = (start) => server.requests.slice(start).filter((r) => !/^\/(web|dist|tests)\//.test(r.path));

test('the page is not cross-origin isolated and runs the single-threaded build', TIMEOUT, async () => {
  const info = await page.evaluate(async () => {
    const { getRuntime } = await import('/web/runtime.js');
    return { isolated: crossOriginIsolated, build: (await getRuntime()).build };
  });
  assert.deepEqual(info, { isolated: false, build: 'single' });
  assert.deepEqual(server.requestsUnder('/dist/bert-wasm-mt'), []);
});

test('hub id: progress events, only the needed files, embeddings bitwise as in Node', TIMEOUT, async () => {
  const start = server.requests.length;
  const r = await page.evaluate(embedInPage, { entry: '/web/index.js', source: 'test/tiny', options: { host: server.origin }, texts: TEXTS });
  assert.deepEqual(r.dims, expected.dims);
  assert.ok(sameBits(r.data, expected.data), 'page embeddings differ from Node');
  assert.deepEqual(modelRequests(start).map((q) => `${q.path} ${q.status}`), [
    '/test/tiny/resolve/main/config.json 200',
    '/test/tiny/resolve/main/tokenizer.json 200',
    '/test/tiny/resolve/main/modules.json 404',
    '/test/tiny/resolve/main/model.safetensors 200',
  ]);
  // Streamed: events from 0 to the total, never decreasing, with bytes reported part way. How
  // many parts depends on how Chromium cuts the body (up to ~2 MB a read when the page is busy),
  // so the test asks for several of them rather than a count.
  const weights = r.events.filter((e) => e.file === 'model.safetensors');
  const loaded = weights.map((e) => e.loaded);
  const total = weights.at(-1).total;
  assert.equal(loaded[0], 0);
  assert.equal(loaded.at(-1), total);
  assert.ok(loaded.every((n, i) => i === 0 || n >= loaded[i - 1]), `progress went back: ${loaded}`);
  const partWay = loaded.filter((n) => n > 0 && n < total).length;
  assert.ok(partWay >= 3, `model.safetensors (${total} bytes): ${partWay} progress events part way, expected a stream`);
  assert.ok(r.events.every((e) => e.cached === false));
});

test('second load, after a reload: from the Cache API, zero network requests', TIMEOUT, async () => {
  await page.reload();
  const start = server.requests.length;
  const r = await page.evaluate(embedInPage, { entry: '/web/index.js', source: 'test/tiny', options: { host: server.origin }, texts: TEXTS });
  assert.deepEqual(modelRequests(start), []);
  assert.ok(sameBits(r.data, expected.data));
  assert.deepEqual(r.events.map((e) => [e.file, e.cached]), [['config.json', true], ['tokenizer.json', true], ['model.safetensors', true]]);
});

test('URL of a model folder, with progress', TIMEOUT, async () => {
  const start = server.requests.length;
  const r = await page.evaluate(embedInPage, { entry: '/web/index.js', source: '/models/tiny/', options: {}, texts: TEXTS });
  assert.ok(sameBits(r.data, expected.data));
  assert.deepEqual(modelRequests(start).map((q) => q.path), ['config.json', 'tokenizer.json', 'modules.json', 'model.safetensors'].map((f) => `/models/tiny/${f}`));
  assert.deepEqual([...new Set(r.events.map((e) => e.file))], ['config.json', 'tokenizer.json', 'model.safetensors']);
});

test('Web Worker: same embeddings, served from the same cache, calls queued in order', TIMEOUT, async () => {
  const start = server.requests.length;
  const r = await page.evaluate(embedInPage, { entry: '/web/worker.js', source: 'test/tiny', options: { host: server.origin }, texts: TEXTS });
  assert.ok(sameBits(r.data, expected.data), 'worker embeddings differ from Node');
  assert.deepEqual(modelRequests(start), []);
  assert.ok(server.requestsUnder('/web/worker-host.js').length > 0);

  const order = await page.evaluate(async (texts) => {
    const { loadModel } = await import('/web/worker.js');
    const model = await loadModel('/models/tiny/');
    const finished = [];
    const calls = texts.map((t, i) => model.embed(t).then((e) => (finished.push(i), e.data)));
    const tokens = model.tokenize(texts[0]).then((e) => (finished.push('tokenize'), e.tokens));
    const results = await Promise.all(calls);
    await tokens;
    await model.dispose();
    let disposed = '';
    await model.embed('x').catch((e) => (disposed = `${e.name} ${e.code}`));
    return { finished, transferred: results.every((d) => d instanceof Float32Array), disposed };
  }, TEXTS.slice(0, 6));
  assert.deepEqual(order.finished, [0, 1, 2, 3, 4, 5, 'tokenize']);
  assert.equal(order.transferred, true);
  assert.equal(order.disposed, 'BertWasmError E_STATE');
});

test('errors: unreachable, 404, not a model, hub repo without safetensors', TIMEOUT, async () => {
  const port = await closedPort();
  const cases = [
    [`http://127.0.0.1:${port}/models/tiny/`, {}],
    ['/models/no-such-model/', {}],
    ['/junk/readme.txt', {}],
    ['test/no-safetensors', { host: server.origin }],
  ];
  const errors = await page.evaluate(async (cases) => {
    const { loadModel, BertWasmError } = await import('/web/index.js');
    const out = [];
    for (const [source, options] of cases) {
      try {
        await loadModel(source, options);
        out.push('loaded');
      } catch (e) {
        out.push({ isBertWasmError: e instanceof BertWasmError, code: e.code, message: e.message });
      }
    }
    return out;
  }, cases);
  const [unreachable, missing, junk, noWeights] = errors;
  assert.deepEqual([unreachable.isBertWasmError, unreachable.code], [true, 'E_IO']);
  assert.match(unreachable.message, new RegExp(`127\\.0\\.0\\.1:${port}/models/tiny/config\\.json: could not fetch config\\.json`));
  assert.equal(missing.code, 'E_IO');
  assert.match(missing.message, /\/models\/no-such-model\/config\.json \(HTTP 404\): not found/);
  assert.equal(junk.code, 'E_FORMAT');
  assert.match(junk.message, /\/junk\/readme\.txt: not a model/);
  assert.equal(noWeights.code, 'E_IO');
  assert.match(noWeights.message, /test\/no-safetensors: model\.safetensors \(HTTP 404 from .*\): not found; bert-wasm reads weights from model\.safetensors or a GGUF file/);
  assert.deepEqual(browser.errors, []);
});
