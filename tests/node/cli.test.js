// The bert-wasm command line (web/cli.js): embed from JSONL / plain lines / arguments, tokenize,
// info, hub ids with a cache directory, errors and exit codes, and the progress bar on a
// terminal (a pseudo-terminal from util-linux `script`) but never in redirected output.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { progressBar } from '../../web/cli-progress.js';
import { loadModel } from '../../web/index.js';
import { startServer } from '../browser/server.js';
import { REPO, readJson, sharedPath } from './helpers.js';

const CLI = path.join(REPO, 'web', 'cli.js');
const TINY = sharedPath('models', 'tiny');
const texts = readJson('texts', 'texts.json').texts.map((t) => t.text).filter((t) => t.trim() && !t.includes('\n')).slice(0, 8);

let tmp;
let model;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-cli-'));
  model = await loadModel(TINY);
});
after(() => {
  model.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI: { code, stdout, stderr }. XDG_CACHE_HOME points into the test's temp dir. */
function cli(args, input = '') {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, XDG_CACHE_HOME: tmp } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const lines = (stdout) => stdout.trim().split('\n').map((l) => JSON.parse(l));

test('embed: JSONL in, JSONL out with the other fields kept; the exact float32 values', async () => {
  const input = texts.map((text, i) => JSON.stringify({ id: i, text })).join('\n');
  const r = await cli(['embed', '--model', TINY, '--batch-size', '3'], input);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'stderr must stay quiet when it is not a terminal');
  const out = lines(r.stdout);
  const { data, dims } = await model.embed(texts);
  assert.equal(out.length, texts.length);
  out.forEach((record, i) => {
    assert.equal(record.id, i);
    assert.equal(record.text, texts[i]);
    assert.deepEqual(Float32Array.from(record.embedding), data.subarray(i * dims[1], (i + 1) * dims[1]));
  });
});

test('embed: plain lines and arguments, with --pooling / --normalize', async () => {
  const r = await cli(['embed', '--model', TINY], `${texts[0]}\n\n${texts[1]}\n`);
  assert.deepEqual(lines(r.stdout).map((l) => l.text), [texts[0], texts[1]]);
  const args = await cli(['embed', '--model', TINY, '--pooling', 'cls', '--normalize', 'false', '--', texts[2], '-starts with a dash']);
  assert.equal(args.code, 0, args.stderr);
  const expected = await model.embed([texts[2], '-starts with a dash'], { pooling: 'cls', normalize: false });
  assert.deepEqual(Float32Array.from(lines(args.stdout).flatMap((l) => l.embedding)), expected.data);
});

test('tokenize and info', async () => {
  const t = await cli(['tokenize', '--model', TINY, 'Héllo, wörld!']);
  const e = model.tokenize('Héllo, wörld!');
  assert.deepEqual(lines(t.stdout), [{ text: 'Héllo, wörld!', ids: Array.from(e.ids), tokens: e.tokens, offsets: e.offsets }]);
  const i = await cli(['info', '--model', TINY]);
  const info = JSON.parse(i.stdout);
  assert.deepEqual(info.config, JSON.parse(JSON.stringify(model.config)));
  assert.deepEqual(Object.keys(info.files), ['config.json', 'tokenizer.json', 'model.safetensors']);
  assert.equal(info.files['model.safetensors'], fs.statSync(path.join(TINY, 'model.safetensors')).size);
  assert.equal(info.fileBytes, Object.values(info.files).reduce((a, b) => a + b));
  assert.equal(info.weightBytes, model.config.weightBytes);
  assert.equal(info.build, 'threads');
});

test('a hub id downloads once into the cache directory', { timeout: 60_000 }, async () => {
  const server = await startServer();
  try {
    const args = ['embed', '--model', 'test/tiny', '--host', server.origin, 'hello'];
    const first = await cli(args);
    assert.equal(first.code, 0, first.stderr);
    const count = server.requests.length;
    assert.equal(count, 4);
    assert.ok(fs.existsSync(path.join(tmp, 'bert-wasm')), 'no default cache under $XDG_CACHE_HOME/bert-wasm');
    const second = await cli(args);
    assert.equal(second.stdout, first.stdout);
    assert.equal(server.requests.length, count, 'the second run went to the network');
  } finally {
    await server.close();
  }
});

test('errors: exit 1 with the error on stderr; usage: exit 2', async () => {
  const missing = await cli(['embed', '--model', '/no/such/model', 'x']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^bert-wasm: E_IO: \/no\/such\/model: no such file or directory/);
  const badLine = await cli(['embed', '--model', TINY], '{"text": "ok"}\n{"id": 2}\n');
  assert.equal(badLine.code, 1);
  assert.match(badLine.stderr, /E_INPUT: stdin line 2: no "text" string/);
  const badFlag = await cli(['embed', '--model', TINY, '--batch-size', 'many', 'x']);
  assert.match(badFlag.stderr, /--batch-size must be a positive integer/);
  for (const args of [[], ['embed'], ['fly', '--model', TINY]]) {
    const r = await cli(args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^usage: bert-wasm/);
  }
});

test('on a terminal, long inputs draw a progress bar on stderr', { timeout: 60_000 }, async () => {
  const input = path.join(tmp, 'many.txt');
  fs.writeFileSync(input, `${Array.from({ length: 40 }, (_, i) => `text number ${i}`).join('\n')}\n`);
  const out = path.join(tmp, 'many.jsonl');
  const command = `${process.execPath} ${CLI} embed --model ${TINY} --batch-size 8 < ${input} > ${out}`;
  const { stdout: terminal } = await new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { timeout: 50_000 }, (e, stdout) => (e ? reject(e) : resolve({ stdout })));
  });
  assert.match(terminal, /embedding \[#+\] 100% 40\/40/);
  assert.equal(fs.readFileSync(out, 'utf8').trim().split('\n').length, 40);
});

test('progressBar draws on a TTY, redraws in place, and is silent elsewhere', () => {
  const written = [];
  const tty = { isTTY: true, columns: 60, write: (s) => written.push(s) };
  const bar = progressBar(tty, 'files', { unit: 'bytes' });
  bar.update(512, 2048);
  bar.update(2048, 2048);
  bar.finish();
  assert.match(written[0], /^\rfiles \[#+-+\]  25% 512 B\/2\.0 kB\x1b\[K$/);
  assert.match(written.at(-2), /^\rfiles \[#+\] 100% 2\.0 kB\/2\.0 kB\x1b\[K$/);
  assert.equal(written.at(-1), '\n');
  const pipe = { isTTY: false, write: () => assert.fail('wrote to a pipe') };
  const quiet = progressBar(pipe, 'files');
  quiet.update(1, 2);
  quiet.finish();
});
