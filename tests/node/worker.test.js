// bert-wasm/worker in Node (a worker thread): every Model method is forwarded and gives what
// the main thread gives, calls run in order, errors arrive as BertWasmError, progress events
// cross over, dispose() ends the thread, and an idle worker does not keep Node alive.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { BertWasmError, loadModel } from '../../web/index.js';
import { loadModel as loadInWorker } from '../../web/worker.js';
import { methodNames } from '../../web/worker-messages.js';
import { REPO, readJson, sharedPath } from './helpers.js';

const TINY = sharedPath('models', 'tiny');
const texts = readJson('texts', 'texts.json').texts.map((t) => t.text).slice(0, 10);

let local;
let remote;
before(async () => {
  [local, remote] = await Promise.all([loadModel(TINY), loadInWorker(TINY)]);
});
after(async () => {
  local.dispose();
  await remote.dispose();
});

test('the worker model offers every method of Model, and the same config', () => {
  assert.deepEqual(Object.keys(remote).filter((k) => k !== 'config').sort(), methodNames(local).sort());
  assert.deepEqual(remote.config, local.config);
});

test('tokenize, embed and encode give what the main thread gives', async () => {
  assert.deepEqual(await remote.tokenize(texts[0], 'a pair'), local.tokenize(texts[0], 'a pair'));
  assert.deepEqual(await remote.embed(texts), await local.embed(texts));
  assert.deepEqual(await remote.embed(texts, { pooling: 'cls', normalize: false }), await local.embed(texts, { pooling: 'cls', normalize: false }));
  assert.deepEqual(await remote.encode(texts[1]), await local.encode(texts[1]));
});

test('task methods are forwarded too (BertForPreTraining: fillMask, nextSentence)', async () => {
  const dir = sharedPath('models', 'tiny-pretraining');
  const [a, b] = await Promise.all([loadModel(dir), loadInWorker(dir)]);
  try {
    assert.deepEqual(await b.fillMask('the capital of france is [MASK].', { topK: 3 }), await a.fillMask('the capital of france is [MASK].', { topK: 3 }));
    assert.deepEqual(await b.nextSentence('it rained.', 'the streets were wet.'), await a.nextSentence('it rained.', 'the streets were wet.'));
  } finally {
    a.dispose();
    await b.dispose();
  }
});

test('concurrent calls are answered in call order; a failing call does not stop the queue', async () => {
  const finished = [];
  const calls = texts.map((t, i) => remote.embed(t).then(() => finished.push(i)));
  const bad = remote.embed(42).then(
    () => finished.push('bad resolved'),
    (e) => finished.push(`bad ${e.code}`),
  );
  const last = remote.tokenize('last').then(() => finished.push('last'));
  await Promise.all([...calls, bad, last]);
  assert.deepEqual(finished, [...texts.keys(), 'bad E_INPUT', 'last']);
});

test('errors arrive as BertWasmError with their code and message', async () => {
  await assert.rejects(remote.embed([1]), (e) => e instanceof BertWasmError && e.code === 'E_INPUT' && /texts\[0\]/.test(e.message));
  await assert.rejects(loadInWorker('/no/such/dir'), (e) => e instanceof BertWasmError && e.code === 'E_IO' && /\/no\/such\/dir/.test(e.message));
  await assert.rejects(remote.embed('x', { pooling: () => 'mean' }), (e) => e instanceof BertWasmError && e.code === 'E_INPUT' && /cannot be sent/.test(e.message));
});

test('progress events reach the caller; dispose() ends the worker', async () => {
  const events = [];
  const model = await loadInWorker(TINY, { onProgress: (e) => events.push(e) });
  assert.deepEqual([...new Set(events.map((e) => e.file))], ['config.json', 'tokenizer.json', 'model.safetensors']);
  await model.dispose();
  await model.dispose(); // twice is fine
  await assert.rejects(model.embed('x'), (e) => e instanceof BertWasmError && e.code === 'E_STATE');
});

test('an idle worker model does not keep Node running', { timeout: 60_000 }, async () => {
  const script = `
    import { loadModel } from ${JSON.stringify(new URL('web/worker.js', `file://${REPO}/`).href)};
    const model = await loadModel(${JSON.stringify(TINY)});
    const { dims } = await model.embed('left running on purpose');
    console.log(JSON.stringify(dims));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
  assert.equal(stdout.trim(), '[1,128]');
});
