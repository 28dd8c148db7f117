// embed(texts, { chunk }) for long documents: one vector per overlapping window, with the
// window's UTF-16 span in its source text; nothing is truncated.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { BertWasmError, loadModel } from '../../web/index.js';
import { sharedPath } from './helpers.js';

let model;
before(async () => {
  model = await loadModel(sharedPath('models', 'tiny'));
});
after(() => model.dispose());

const doc = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} 🙂 mentions naïve café owners in Zürich.`).join(' ');

test('windows cover the document, spans are UTF-16 and overlap', async () => {
  const r = await model.embed(['Short one.', doc], { chunk: { maxTokens: 48, overlap: 8 } });
  assert.equal(r.dims[0], r.chunks.length);
  assert.equal(r.data.length, r.chunks.length * 128);
  assert.deepEqual(r.truncated, [false, false]);
  assert.deepEqual(r.chunks[0], { text: 0, start: 0, end: 10 });
  const windows = r.chunks.filter((c) => c.text === 1);
  assert.ok(windows.length > 5, `${windows.length} windows`);
  assert.equal(windows[0].start, 0);
  assert.equal(windows.at(-1).end, doc.length);
  for (let i = 1; i < windows.length; i++) {
    assert.ok(windows[i].start < windows[i - 1].end, 'consecutive windows overlap');
    assert.ok(windows[i].start > windows[i - 1].start);
  }
  // Every span starts and ends on a token boundary of the original text.
  const tokens = model.tokenize(doc, null, { truncation: false });
  const starts = new Set(tokens.offsets.map(([s]) => s));
  const ends = new Set(tokens.offsets.map(([, e]) => e));
  for (const w of windows) assert.ok(starts.has(w.start) && ends.has(w.end));
});

test('the first window embeds like the text truncated to the window', async () => {
  const chunked = await model.embed(doc, { chunk: { maxTokens: 64, overlap: 0 } });
  const truncated = await model.embed(doc, { maxLength: 64 });
  assert.deepEqual(chunked.data.subarray(0, 128), truncated.data);
});

test('bad chunk options are E_INPUT', async () => {
  for (const chunk of [{ maxTokens: 2 }, { maxTokens: 16, overlap: 14 }, { maxTokens: 4096 }, 'big']) {
    await assert.rejects(model.embed(doc, { chunk }), (e) => e instanceof BertWasmError && e.code === 'E_INPUT');
  }
});
