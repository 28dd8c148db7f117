// loadModel's sources in Node: hub ids and URLs against a local server with the hub layout
// (tests/browser/server.js), progress events, the cache directory, local paths, GGUF bytes,
// file maps, both WebAssembly builds, and the errors of each. Never touches the network.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BertWasmError, loadModel } from '../../web/index.js';
import { getRuntime } from '../../web/runtime.js';
import { closedPort, startServer } from '../browser/server.js';
import { SHARED, embedWith, sampleTexts as texts, sharedPath } from './helpers.js';

process.env.HF_ENDPOINT = 'http://127.0.0.1:9'; // a forgotten `host` must fail, not reach the hub

const TINY = sharedPath('models', 'tiny');
const sizeOf = (f) => fs.statSync(path.join(TINY, f)).size;

let server;
let local; // embeddings of the local directory: what every other source must reproduce bitwise
before(async () => {
  server = await startServer();
  local = await embedWith(TINY);
});
after(() => server.close());

function assertSameEmbeddings(actual, what) {
  assert.deepEqual(actual.dims, local.dims, what);
  assert.ok(Buffer.from(actual.data.buffer).equals(Buffer.from(local.data.buffer)), `${what}: embeddings differ from the local load`);
}

async function rejectsWith(promise, code, patterns) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof BertWasmError, `expected a BertWasmError, got ${e}`);
    assert.equal(e.code, code, e.message);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

describe('hub ids', () => {
  test('fetch only the files the model needs, in the hub layout', async () => {
    const start = server.requests.length;
    assertSameEmbeddings(await embedWith('test/tiny', { host: server.origin }), 'test/tiny');
    assert.deepEqual(server.requests.slice(start), [
      { path: '/test/tiny/resolve/main/config.json', status: 200 },
      { path: '/test/tiny/resolve/main/tokenizer.json', status: 200 },
      { path: '/test/tiny/resolve/main/modules.json', status: 404 },
      { path: '/test/tiny/resolve/main/model.safetensors', status: 200 },
    ]);
  });

  test('vocab.txt and tokenizer_config.json when there is no tokenizer.json', async () => {
    const start = server.requests.length;
    assertSameEmbeddings(await embedWith('test/tiny-vocab', { host: `${server.origin}/` }), 'test/tiny-vocab');
    const paths = server.requests.slice(start).map((r) => `${r.path.split('/').slice(5).join('/')} ${r.status}`);
    assert.deepEqual(paths, ['config.json 200', 'tokenizer.json 404', 'vocab.txt 200', 'tokenizer_config.json 200', 'modules.json 404', 'model.safetensors 200']);
  });

  test('sentence-transformers files: modules.json, its Pooling folder, sentence_bert_config.json', async () => {
    const start = server.requests.length;
    const model = await loadModel('test/tiny-st', { host: server.origin });
    model.dispose();
    const fetched = server.requests.slice(start).filter((r) => r.status === 200).map((r) => r.path.split('/').slice(5).join('/'));
    assert.deepEqual(fetched, ['config.json', 'tokenizer.json', 'modules.json', '1_Pooling/config.json', 'sentence_bert_config.json', 'model.safetensors']);
    assert.equal(model.config.maxLength, 256); // from sentence_bert_config.json
  });

  test('another revision is another path', async () => {
    await rejectsWith(loadModel('test/tiny', { host: server.origin, revision: 'v2' }), 'E_IO', [/test\/tiny: config\.json/, /resolve\/v2\/config\.json/, /HTTP 404/]);
  });

  test('an existing local folder wins over a hub id of the same spelling', async () => {
    const cwd = process.cwd();
    process.chdir(SHARED);
    try {
      const start = server.requests.length;
      assertSameEmbeddings(await embedWith('models/tiny'), 'models/tiny as a path');
      assert.equal(server.requests.length, start);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('URLs', () => {
  test('a folder URL, with or without its slash, or one of its files', async () => {
    for (const url of [`${server.origin}/models/tiny`, `${server.origin}/models/tiny/`, `${server.origin}/models/tiny/config.json`]) {
      assertSameEmbeddings(await embedWith(url), url);
    }
    assertSameEmbeddings(await embedWith(new URL(`${server.origin}/models/tiny/`)), 'a URL object');
  });

  test('progress events stream each file up to its size', async () => {
    const events = [];
    const model = await loadModel(`${server.origin}/models/tiny/`, { onProgress: (e) => events.push(e) });
    model.dispose();
    const files = [...new Set(events.map((e) => e.file))];
    assert.deepEqual(files, ['config.json', 'tokenizer.json', 'model.safetensors']);
    for (const file of files) {
      const own = events.filter((e) => e.file === file);
      const size = sizeOf(file);
      assert.deepEqual(own.at(0), { file, loaded: 0, total: size, cached: false });
      assert.deepEqual(own.at(-1), { file, loaded: size, total: size, cached: false });
      for (let i = 1; i < own.length; i++) assert.ok(own[i].loaded >= own[i - 1].loaded, `${file}: loaded went backwards`);
    }
    assert.ok(events.filter((e) => e.file === 'model.safetensors').length > 10, 'model.safetensors arrived in one piece: no streaming');
  });

  test('cacheDir: the second load makes no request', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-cache-'));
    try {
      const first = server.requests.length;
      assertSameEmbeddings(await embedWith('test/tiny', { host: server.origin, cacheDir }), 'first load');
      assert.equal(server.requests.length - first, 4);
      assert.ok(fs.existsSync(path.join(cacheDir, server.origin.slice(7).replace(':', '_'), 'test/tiny/resolve/main/model.safetensors')));

      const second = server.requests.length;
      const events = [];
      assertSameEmbeddings(await embedWith('test/tiny', { host: server.origin, cacheDir, onProgress: (e) => events.push(e) }), 'cached load');
      assert.deepEqual(server.requests.slice(second), []);
      assert.deepEqual(events.map((e) => [e.file, e.cached]), [['config.json', true], ['tokenizer.json', true], ['model.safetensors', true]]);

      const third = server.requests.length;
      await embedWith('test/tiny', { host: server.origin }); // no cacheDir: no cache
      assert.equal(server.requests.length - third, 4);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('errors name the file and the reason', () => {
  test('an unreachable server', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/models/tiny/`;
    await rejectsWith(loadModel(url), 'E_IO', [new RegExp(`${url}config\\.json`), /ECONNREFUSED/]);
  });

  test('a 404', async () => {
    await rejectsWith(loadModel(`${server.origin}/models/no-such-model/`), 'E_IO', [/no-such-model\/config\.json/, /HTTP 404/, /not found/]);
    await rejectsWith(loadModel('test/no-such-repo', { host: server.origin }), 'E_IO', [/test\/no-such-repo: config\.json/, /HTTP 404/]);
  });

  test('a file that is not a model', async () => {
    await rejectsWith(loadModel(`${server.origin}/junk/readme.txt`), 'E_FORMAT', [/junk\/readme\.txt: not a model/, /GGUF/]);
    await rejectsWith(loadModel(`${server.origin}/junk/model.gguf`), 'E_FORMAT', [/junk\/model\.gguf: not a model/, /offset 0/]);
    await rejectsWith(loadModel(`${server.origin}/junk/html/`), 'E_FORMAT', [/junk\/html\/config\.json: not a model's config\.json/, /"<!doctype html>/]);
    await rejectsWith(loadModel(path.join(TINY, 'special_tokens_map.json')), 'E_FORMAT', [/special_tokens_map\.json: not a model/]);
    await rejectsWith(loadModel(new TextEncoder().encode('{"not": "gguf"}')), 'E_FORMAT', [/model bytes: not a model/, /7b 22 6e 6f/]);
  });

  test('a hub repo without safetensors', async () => {
    await rejectsWith(loadModel('test/no-safetensors', { host: server.origin }), 'E_IO', [
      /test\/no-safetensors: model\.safetensors/,
      /HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/test\/no-safetensors\/resolve\/main\/model\.safetensors/,
      /safetensors or a GGUF file/,
    ]);
  });

  test('a missing local directory, bad options', async () => {
    await rejectsWith(loadModel('/no/such/model/dir'), 'E_IO', [/\/no\/such\/model\/dir: no such file or directory/]);
    await rejectsWith(loadModel(TINY, { onProgress: 'yes' }), 'E_INPUT', [/onProgress/]);
    await rejectsWith(loadModel(TINY, { threads: 0 }), 'E_INPUT', [/threads/]);
    await rejectsWith(loadModel(TINY, { build: 'gpu' }), 'E_INPUT', [/gpu/]);
    await rejectsWith(loadModel(42), 'E_INPUT', [/model source/]);
  });
});

describe('local sources', () => {
  test('a file inside a model folder stands for the folder', async () => {
    assertSameEmbeddings(await embedWith(path.join(TINY, 'model.safetensors')), 'model.safetensors path');
  });

  test('file maps: an object, a Map, a list of Files; only the needed files are read', async () => {
    const names = ['config.json', 'tokenizer.json', 'model.safetensors'];
    const bytes = (f) => new Uint8Array(fs.readFileSync(path.join(TINY, f)));
    assertSameEmbeddings(await embedWith(Object.fromEntries(names.map((f) => [f, bytes(f)]))), 'object');
    assertSameEmbeddings(await embedWith(new Map(names.map((f) => [f, bytes(f).buffer]))), 'Map of ArrayBuffers');
    const files = [...names, 'vocab.txt', 'special_tokens_map.json'].map((f) => new File([bytes(f)], f));
    const read = [];
    assertSameEmbeddings(await embedWith(files, { onProgress: (e) => read.push(e.file) }), 'File[]');
    assert.deepEqual(read, names);
  });
});

describe('GGUF', () => {
  test('bytes, a Blob, a file map, a path and a URL of one GGUF file load the same model', { timeout: 60_000 }, async () => {
    const runtime = await getRuntime();
    const files = Object.fromEntries(['config.json', 'tokenizer.json', 'model.safetensors'].map((f) => [f, fs.readFileSync(path.join(TINY, f))]));
    const gguf = runtime.convertModel(files, 'f32');
    assert.ok(gguf instanceof Uint8Array, JSON.stringify(gguf?.error));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-gguf-'));
    const ggufServer = await startServer({ root: dir });
    try {
      fs.writeFileSync(path.join(dir, 'tiny-f32.gguf'), gguf);
      const sources = {
        'Uint8Array': gguf,
        'ArrayBuffer': gguf.slice().buffer,
        'Blob': new Blob([gguf]),
        'file map': { 'model.gguf': gguf },
        'path': path.join(dir, 'tiny-f32.gguf'),
        'URL': `${ggufServer.origin}/tiny-f32.gguf`,
      };
      for (const [what, source] of Object.entries(sources)) {
        assertSameEmbeddings(await embedWith(source), `GGUF as ${what}`); // f32 GGUF round-trips bitwise
      }
      assert.deepEqual(ggufServer.requests.map((r) => r.path), ['/tiny-f32.gguf']);
    } finally {
      await ggufServer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('WebAssembly builds', () => {
  test("Node picks the pthreads build; 'single' and 'threads' agree bitwise", async () => {
    const runtime = await getRuntime();
    assert.equal(runtime.build, 'threads');
    assert.ok(runtime.maxThreads >= 1);
    assertSameEmbeddings(await embedWith(TINY, { build: 'single' }), "build 'single'");
    assertSameEmbeddings(await embedWith(TINY, { build: 'threads', threads: 1 }), "build 'threads', 1 thread");
    assert.equal((await getRuntime('single')).build, 'single');
  });

  test('pthread workers start with the models that need them: none for one thread, threads - 1 each otherwise', async () => {
    const runtime = await getRuntime();
    const { PThread } = runtime;
    const workers = () => PThread.unusedWorkers.length + PThread.runningWorkers.length;
    const [before, running] = [workers(), PThread.runningWorkers.length];
    const models = [];
    try {
      models.push(await loadModel(TINY, { threads: 1 }));
      assert.equal(models[0].config.threads, 1);
      assert.equal(workers(), before, 'a model on one thread started a worker');
      // Loads at the same time do not count on the same idle worker.
      const n = runtime.maxThreads;
      models.push(...(await Promise.all([loadModel(TINY, { threads: n }), loadModel(TINY, { threads: n })])));
      assert.deepEqual(models.slice(1).map((m) => m.config.threads), [n, n]);
      assert.equal(PThread.runningWorkers.length, running + 2 * (n - 1));
      for (const model of models) assertSameEmbeddings(await model.embed(texts), 'a model of those loads');
    } finally {
      models.forEach((m) => m.dispose());
    }
  });

  test('more models alive than pthread workers: each still gets its threads (the pool grows)', async () => {
    const runtime = await getRuntime();
    const models = [];
    try {
      for (let i = 0; i < runtime.maxThreads + 2; i++) models.push(await loadModel(TINY));
      for (const model of models) {
        assert.equal(model.config.threads, runtime.maxThreads);
        assertSameEmbeddings(await model.embed(texts), 'one of several models');
      }
    } finally {
      models.forEach((m) => m.dispose());
    }
  });
});
