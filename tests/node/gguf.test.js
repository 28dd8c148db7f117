// GGUF in the package: `bert-wasm convert` (the npm CLI, on the WebAssembly module), loading the
// result from a path, a Uint8Array or an ArrayBuffer, bitwise the same as quantizing the
// Hugging Face files at load (loadModel(dir, { dtype })), and clean errors for broken bytes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { BertWasmError, loadModel } from '../../web/index.js';
import { REPO, embedWith, oneMinusCosine, readJson, sampleTexts as texts, sharedPath } from './helpers.js';

const run = promisify(execFile);
const CLI = path.join(REPO, 'web', 'cli.js');
const TINY = sharedPath('models', 'tiny');

let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-gguf-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function convert(model, dtype) {
  const out = path.join(dir, `${path.basename(model)}-${dtype}.gguf`);
  const { stderr } = await run(process.execPath, [CLI, 'convert', model, '-o', out, '--dtype', dtype]);
  assert.match(stderr, new RegExp(`wrote .*${dtype}`));
  return out;
}

for (const dtype of ['f32', 'q8_0', 'q4_0']) {
  test(`convert --dtype ${dtype}: the GGUF file embeds exactly like the HF files loaded at ${dtype}`, async () => {
    const file = await convert(TINY, dtype);
    const fromHf = await embedWith(TINY, { dtype });
    const fromPath = await embedWith(file);
    assert.equal(fromHf.config.dtype, dtype); // quantized at load
    assert.equal(fromPath.config.dtype, dtype);
    assert.equal(fromPath.config.weightBytes, fromHf.config.weightBytes);
    assert.deepEqual(fromPath.data, fromHf.data);
    const bytes = fs.readFileSync(file);
    const fromBytes = await embedWith(new Uint8Array(bytes));
    assert.deepEqual(fromBytes.data, fromHf.data);
    const fromBuffer = await embedWith(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    assert.deepEqual(fromBuffer.data, fromHf.data);
  });
}

test('a Q8_0 file stays within 1e-4 (1 − cos) of the float64 reference', async () => {
  const file = await convert(TINY, 'q8_0');
  const { data, dims } = await embedWith(file);
  const reference = readJson('models', 'tiny', 'reference', 'embeddings.json').mean_normalized;
  const tokens = readJson('models', 'tiny', 'reference', 'tokens.json');
  let checked = 0;
  for (const [i, item] of tokens.entries()) {
    const at = texts.indexOf(item.text);
    if (item.text_pair != null || at < 0) continue;
    const vector = data.subarray(at * dims[1], (at + 1) * dims[1]);
    assert.ok(oneMinusCosine(vector, reference[i]) <= 1e-4, `${item.id}: ${oneMinusCosine(vector, reference[i])}`);
    checked++;
  }
  assert.ok(checked >= 5, `only ${checked} texts checked`);
});

test('convert keeps labels and heads: a sequence classifier converts and loads as one', async () => {
  const model = sharedPath('models', 'tiny-seqcls');
  const file = await convert(model, 'q8_0');
  const hf = await loadModel(model);
  const gguf = await loadModel(file);
  try {
    assert.equal(gguf.config.architecture, hf.config.architecture);
    assert.deepEqual(gguf.config.labels, hf.config.labels);
  } finally {
    hf.dispose();
    gguf.dispose();
  }
});

test('broken GGUF bytes fail with BertWasmError E_FORMAT and the module keeps working', async () => {
  const file = await convert(TINY, 'q4_0');
  const bytes = new Uint8Array(fs.readFileSync(file));
  for (const cut of [10, 1000, bytes.length >> 1, bytes.length - 100]) {
    await assert.rejects(loadModel(bytes.subarray(0, cut)), (e) => e instanceof BertWasmError && e.code === 'E_FORMAT', `cut at ${cut}`);
  }
  const bad = bytes.slice();
  bad[0] = 0x58;
  await assert.rejects(loadModel(bad), (e) => e instanceof BertWasmError && e.code === 'E_FORMAT' && /GGUF/.test(e.message));
  const model = await loadModel(bytes);
  assert.equal(model.config.dtype, 'q4_0');
  model.dispose();
});

test('the README section "Quantized models and GGUF" runs as written and prints what it says', async () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('## Quantized models and GGUF');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const inTmp = (code) => code.replaceAll('/tmp/', `${dir}/`);
  const [sh] = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => inTmp(m[1]));
  const [js] = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => inTmp(m[1]));
  await run('bash', ['-euc', sh], { cwd: REPO });
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', js], { cwd: REPO });
  const claims = [...js.matchAll(/^\s*console\.log\(.*\); \/\/ (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(stdout.trim().split('\n'), claims);
});

test('convert reports bad input with an exit code and a message', async () => {
  await assert.rejects(run(process.execPath, [CLI, 'convert', TINY, '-o', path.join(dir, 'x.gguf'), '--dtype', 'q3']), (e) => {
    assert.equal(e.code, 1);
    assert.match(e.stderr, /E_INPUT: dtype 'q3'/);
    return true;
  });
  await assert.rejects(run(process.execPath, [CLI, 'convert', path.join(dir, 'missing'), '-o', path.join(dir, 'x.gguf')]), (e) => {
    assert.equal(e.code, 1);
    assert.match(e.stderr, /E_IO/);
    return true;
  });
  await assert.rejects(run(process.execPath, [CLI, 'convert', TINY]), (e) => e.code === 2);
});
