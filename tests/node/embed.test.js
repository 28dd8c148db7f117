// embed(): defaults, pooling options, batching invariance and sentence-transformers defaults.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { loadModel } from '../../web/index.js';
import { oneMinusCosine, readJson, sharedPath } from './helpers.js';

let model;
before(async () => {
  model = await loadModel(sharedPath('models', 'tiny'));
});
after(() => model.dispose());

const texts = readJson('texts', 'texts.json').texts.map((t) => t.text);

test('config describes the model', () => {
  const c = model.config;
  assert.equal(c.architecture, 'BertModel');
  assert.equal(c.hiddenSize, 128);
  assert.equal(c.numLayers, 2);
  assert.equal(c.numHeads, 2);
  assert.equal(c.intermediateSize, 512);
  assert.equal(c.maxPositions, 512);
  assert.equal(c.vocabSize, 30522);
  assert.equal(c.pooling, 'mean');
  assert.equal(c.normalize, true);
  assert.equal(c.dtype, 'f32');
});

test('a text embeds bitwise the same alone and inside batches of any size', async () => {
  const sample = texts.slice(0, 12);
  const batched = await model.embed(sample, { batchSize: 5 });
  const whole = await model.embed(sample, { batchSize: 64 });
  assert.deepEqual(batched.data, whole.data);
  for (const [i, text] of sample.entries()) {
    const alone = await model.embed(text);
    assert.deepEqual(alone.data, batched.data.subarray(i * 128, (i + 1) * 128), `text ${i}`);
  }
});

test('pooling options: cls and pooler match the reference, normalize: false keeps the norm', async () => {
  const emb = readJson('models', 'tiny', 'reference', 'embeddings.json');
  const cls = await model.embed(texts[0], { pooling: 'cls', normalize: false });
  assert.ok(oneMinusCosine(cls.data, emb.cls[0]) <= 1e-6);
  const pooler = await model.embed(texts[0], { pooling: 'pooler', normalize: false });
  assert.ok(oneMinusCosine(pooler.data, emb.pooler[0]) <= 1e-6);
  const raw = await model.embed(texts[0], { normalize: false });
  const norm = Math.hypot(...raw.data);
  assert.ok(Math.abs(norm - 1) > 1e-3, `unnormalized mean has norm ${norm}`);
  const unit = await model.embed(texts[0]);
  assert.ok(Math.abs(Math.hypot(...unit.data) - 1) < 1e-6);
});

test('long texts are truncated to maxLength and say so', async () => {
  const long = 'word '.repeat(1000);
  const r = await model.embed([long, 'short'], { maxLength: 64 });
  assert.deepEqual(r.truncated, [true, false]);
  assert.deepEqual(r.dims, [2, 128]);
  const t = model.tokenize(long, null, { maxLength: 64 });
  assert.equal(t.ids.length, 64);
  assert.equal(t.tokens.at(-1), '[SEP]');
});

test('sentence-transformers files set the default pooling, normalization and max length', async () => {
  // The real all-MiniLM-L6-v2 configuration files around the tiny model's weights.
  const fixture = (f) => fs.readFileSync(sharedPath('fixtures', 'hf-all-MiniLM-L6-v2', f));
  const files = {
    'config.json': fs.readFileSync(sharedPath('models', 'tiny', 'config.json')),
    'model.safetensors': fs.readFileSync(sharedPath('models', 'tiny', 'model.safetensors')),
    'tokenizer.json': fixture('tokenizer.json'),
    'modules.json': fixture('modules.json'),
    '1_Pooling/config.json': fixture('1_Pooling/config.json'),
    'sentence_bert_config.json': fixture('sentence_bert_config.json'),
  };
  const st = await loadModel(files);
  try {
    assert.equal(st.config.pooling, 'mean');
    assert.equal(st.config.normalize, true);
    assert.equal(st.config.maxLength, 256);
    const r = await st.embed('word '.repeat(400));
    assert.deepEqual(r.truncated, [true]);
    const ref = await model.embed('word '.repeat(400), { maxLength: 256 });
    assert.deepEqual(r.data, ref.data);
  } finally {
    st.dispose();
  }
});
