// Bad files and bad input give a BertWasmError with a code and a message naming the fault,
// never a crash; the module keeps working afterwards.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { BertWasmError, loadModel } from '../../web/index.js';
import { sharedPath } from './helpers.js';

const dir = sharedPath('models', 'tiny');
const read = (f) => fs.readFileSync(`${dir}/${f}`);
const goodFiles = () => ({
  'config.json': read('config.json'),
  'model.safetensors': read('model.safetensors'),
  'vocab.txt': read('vocab.txt'),
  'tokenizer_config.json': read('tokenizer_config.json'),
});

async function rejectsWith(promise, code, pattern) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof BertWasmError, `expected BertWasmError, got ${e}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

let model;
before(async () => {
  model = await loadModel(dir);
});
after(() => model.dispose());

test('truncated safetensors', async () => {
  const files = goodFiles();
  files['model.safetensors'] = files['model.safetensors'].subarray(0, 100000);
  await rejectsWith(loadModel(files), 'E_FORMAT', /model\.safetensors/);
});

test('safetensors with a garbage header', async () => {
  const files = goodFiles();
  const bytes = new Uint8Array(files['model.safetensors']);
  bytes.fill(0x7b, 8, 40); // '{{{{…' inside the JSON header
  files['model.safetensors'] = bytes;
  await rejectsWith(loadModel(files), 'E_FORMAT', /model\.safetensors/);
});

test('an absurd safetensors header length', async () => {
  const files = goodFiles();
  const bytes = new Uint8Array(files['model.safetensors']);
  new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(0, 1n << 60n, true);
  files['model.safetensors'] = bytes;
  await rejectsWith(loadModel(files), 'E_FORMAT', /model\.safetensors/);
});

test('corrupted config.json', async () => {
  const files = goodFiles();
  files['config.json'] = '{"hidden_size": 128, "num_attention_heads": ';
  await rejectsWith(loadModel(files), 'E_FORMAT', /config\.json/);
});

test('config.json that disagrees with the weights names the tensor', async () => {
  const files = goodFiles();
  const config = JSON.parse(read('config.json'));
  config.intermediate_size = 256;
  files['config.json'] = JSON.stringify(config);
  await rejectsWith(loadModel(files), 'E_FORMAT', /intermediate\.dense\.weight/);
});

test('a missing tensor is named', async () => {
  const files = goodFiles();
  const config = JSON.parse(read('config.json'));
  config.num_hidden_layers = 3;
  files['config.json'] = JSON.stringify(config);
  await rejectsWith(loadModel(files), 'E_FORMAT', /encoder\.layer\.2\./);
});

test('a wrong dtype is named', async () => {
  const files = goodFiles();
  const bytes = new Uint8Array(files['model.safetensors']);
  const headerLen = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLen));
  // Same byte width, a type the encoder cannot use: F32 -> I32 for the pooler weight.
  const patched = header.replace(/("pooler\.dense\.weight":\{"dtype":")F32/, '$1I32');
  assert.notEqual(patched, header);
  bytes.set(new TextEncoder().encode(patched), 8);
  files['model.safetensors'] = bytes;
  await rejectsWith(loadModel(files), 'E_UNSUPPORTED', /pooler\.dense\.weight.*I32/);
});

test('missing files', async () => {
  const files = goodFiles();
  delete files['model.safetensors'];
  await rejectsWith(loadModel(files), 'E_IO', /model\.safetensors/);
  const noVocab = goodFiles();
  delete noVocab['vocab.txt'];
  await rejectsWith(loadModel(noVocab), 'E_IO', /vocab\.txt|tokenizer\.json/);
  await rejectsWith(loadModel('/nonexistent/model/dir'), 'E_IO', /nonexistent/);
});

test('a broken tokenizer.json', async () => {
  const files = goodFiles();
  delete files['vocab.txt'];
  files['tokenizer.json'] = '{"model": {"type": "WordPiece", "vocab": [1, 2, 3]}}';
  await rejectsWith(loadModel(files), 'E_FORMAT', /tokenizer\.json/);
});

test('bad options and arguments', async () => {
  await rejectsWith(loadModel(dir, { dtype: 'int3' }), 'E_INPUT', /int3/);
  await rejectsWith(model.embed(42), 'E_INPUT', /texts/);
  await rejectsWith(model.embed(['ok', null]), 'E_INPUT', /texts\[1\]/);
  await rejectsWith(model.embed('x', { pooling: 'max-ish' }), 'E_INPUT', /max-ish/);
  await rejectsWith(model.embed('x', { maxLength: 100000 }), 'E_INPUT', /maxLength/);
  assert.throws(() => model.tokenize(undefined), BertWasmError);
});

test('edge-case texts have defined results', async () => {
  const empty = await model.embed('');
  assert.deepEqual(empty.dims, [1, 128]);
  assert.deepEqual(model.tokenize('').tokens, ['[CLS]', '[SEP]']);

  // A lone surrogate reaches WebAssembly as U+FFFD, which BERT's cleaning drops (as Hugging Face
  // does for U+FFFD); offsets still count the surrogate as one UTF-16 unit.
  const lone = model.tokenize('a\uD800b');
  assert.deepEqual(lone.tokens, ['[CLS]', 'ab', '[SEP]']);
  assert.deepEqual(lone.offsets, [[0, 0], [0, 3], [0, 0]]);
  const after = model.tokenize('\uDC00 x');
  assert.deepEqual(after.tokens, ['[CLS]', 'x', '[SEP]']);
  assert.deepEqual(after.offsets[1], [2, 3]);

  const huge = 'lorem ipsum dolor sit amet '.repeat(40000); // ~1 MB
  const t0 = Date.now();
  const r = await model.embed(huge);
  assert.deepEqual(r.truncated, [true]);
  assert.ok(Date.now() - t0 < 30000);
});

test('the module keeps working after every error above', async () => {
  const again = await model.embed('The weather in Paris was unexpectedly warm for late October this year.');
  assert.equal(again.data.length, 128);
  assert.ok(again.data.every(Number.isFinite));
});

test('a disposed model says so', async () => {
  const m = await loadModel(dir);
  m.dispose();
  await rejectsWith(m.embed('x'), 'E_STATE', /disposed/);
  m.dispose(); // twice is fine
});
