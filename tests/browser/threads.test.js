// Chromium, page served with COOP same-origin + COEP require-corp (crossOriginIsolated): the
// pthreads build starts its worker pool, in the page and inside a Web Worker, and its
// embeddings are bitwise those of Node.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch } from './chromium.js';
import { TEXTS, nodeEmbeddings, sameBits } from './reference.js';
import { startServer } from './server.js';

const TIMEOUT = { timeout: 90_000 };
let server;
let browser;
let expected;

before(async () => {
  [server, browser, expected] = await Promise.all([startServer({ isolated: true }), launch(), nodeEmbeddings()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('page: crossOriginIsolated, pthreads build with its workers, embeddings bitwise as in Node', TIMEOUT, async () => {
  const page = await browser.page(`${server.origin}/tests/browser/pages/index.html`);
  const r = await page.evaluate(async ({ texts, host }) => {
    const { loadModel } = await import('/web/index.js');
    const { getRuntime } = await import('/web/runtime.js');
    const model = await loadModel('test/tiny', { host });
    const { data } = await model.embed(texts);
    const one = await model.embed(texts, { batchSize: 1 });
    model.dispose();
    const runtime = await getRuntime();
    return {
      isolated: crossOriginIsolated,
      build: runtime.build,
      pool: runtime.PThread.unusedWorkers.length + runtime.PThread.runningWorkers.length,
      maxThreads: runtime.maxThreads,
      data: Array.from(data),
      unbatched: Array.from(one.data),
    };
  }, { texts: TEXTS, host: server.origin });
  assert.equal(r.isolated, true);
  assert.equal(r.build, 'threads');
  // The model runs on the page's thread and maxThreads - 1 workers, started when it was loaded.
  assert.ok(r.maxThreads >= 1 && r.pool === r.maxThreads - 1, `pool ${r.pool}, maxThreads ${r.maxThreads}`);
  assert.ok(server.requestsUnder('/dist/pthread/bert-wasm-mt.worker.js').length >= 1, 'no pthread worker was started');
  assert.ok(sameBits(r.data, expected.data), 'threaded page embeddings differ from Node');
  assert.ok(sameBits(r.unbatched, expected.data), 'batch size changed the result');
  await page.close();
});

test('Web Worker under isolation runs the pthreads build too', TIMEOUT, async () => {
  const page = await browser.page(`${server.origin}/tests/browser/pages/index.html`);
  const start = server.requests.length;
  const r = await page.evaluate(async ({ texts }) => {
    const { loadModel } = await import('/web/worker.js');
    const model = await loadModel('/models/tiny/');
    const { data } = await model.embed(texts);
    await model.dispose();
    return { data: Array.from(data) };
  }, { texts: TEXTS });
  assert.ok(sameBits(r.data, expected.data), 'threaded worker embeddings differ from Node');
  const fetched = server.requests.slice(start).map((q) => q.path);
  assert.ok(fetched.includes('/web/worker-host.js'));
  assert.ok(fetched.includes('/dist/bert-wasm-mt.wasm') && fetched.includes('/dist/pthread/bert-wasm-mt.worker.js'), 'the worker did not start the pthreads build');
  assert.ok(!fetched.includes('/dist/bert-wasm.wasm'));
  assert.deepEqual(browser.errors, []);
  await page.close();
});
