// Files go straight into the WebAssembly heap (web/heap-files.js): a local load leaves no
// JavaScript copy of the weights, downloads of unknown length (chunked, gzip) fall back to one
// JS buffer and load the same model, a download that breaks off or is shorter than announced
// fails naming the URL, an unreadable cache entry is downloaded again, and a file too big for
// the heap is an error that leaves the module working.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import { BertWasmError, loadModel } from '../../web/index.js';
import { unwrap } from '../../web/errors.js';
import { getRuntime } from '../../web/runtime.js';
import { readJson, sharedPath } from './helpers.js';

const TINY = sharedPath('models', 'tiny');
const MINILM = sharedPath('models', 'minilm-f16');
const texts = readJson('texts', 'texts.json').texts.map((t) => t.text).slice(0, 6);

let reference; // embeddings of the local directory
before(async () => {
  reference = await embedWith(TINY);
});

async function embedWith(source, options) {
  const model = await loadModel(source, options);
  try {
    return (await model.embed(texts)).data;
  } finally {
    model.dispose();
  }
}

const sameBits = (a, b) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

// An HTTP server whose responses `handler(res, file, bytes)` writes for the files of TINY.
async function serve(handler) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
    requests.push(name);
    const file = path.join(TINY, name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    handler(res, name, fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

describe('no JavaScript copy of the weights', () => {
  test('loading a 45 MB checkpoint from disk leaves JS ArrayBuffers where they were', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const model = await loadModel(MINILM, { dtype: 'q8_0', threads: 1 });
    const grown = process.memoryUsage().arrayBuffers - before;
    model.dispose();
    assert.ok(grown < 8 << 20, `JS ArrayBuffers grew by ${(grown / 2 ** 20).toFixed(1)} MB during the load`);
  });
});

describe('downloads', () => {
  test('without Content-Length (chunked) or compressed: the same model, progress ends at the size', async () => {
    const chunked = await serve((res, name, bytes) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let at = 0; at < bytes.length; at += 1 << 20) res.write(bytes.subarray(at, at + (1 << 20)));
      res.end();
    });
    const gzip = await serve((res, name, bytes) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(bytes, { level: 1 }));
    });
    try {
      for (const server of [chunked, gzip]) {
        const events = [];
        assert.ok(sameBits(await embedWith(server.url, { onProgress: (e) => events.push(e) }), reference));
        const last = events.filter((e) => e.file === 'model.safetensors').at(-1);
        const size = fs.statSync(path.join(TINY, 'model.safetensors')).size;
        assert.deepEqual(last, { file: 'model.safetensors', loaded: size, total: size, cached: false });
      }
    } finally {
      await chunked.close();
      await gzip.close();
    }
  });

  test('a body shorter than its Content-Length fails, naming the URL and the bytes received', async () => {
    const server = await serve((res, name, bytes) => {
      res.writeHead(200, { 'content-length': bytes.length });
      res.end(name === 'model.safetensors' ? bytes.subarray(0, 4096) : bytes);
      if (name === 'model.safetensors') res.socket.destroy();
    });
    try {
      await assert.rejects(loadModel(server.url), (e) => {
        assert.ok(e instanceof BertWasmError, String(e));
        assert.equal(e.code, 'E_IO', e.message);
        assert.match(e.message, new RegExp(`${server.url}model\\.safetensors`));
        assert.match(e.message, /broke off after \d+ bytes|server announced/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  test('cacheDir: an unreadable cache entry is downloaded again', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-heap-cache-'));
    const server = await serve((res, name, bytes) => res.writeHead(200, { 'content-length': bytes.length }).end(bytes));
    try {
      assert.ok(sameBits(await embedWith(server.url, { cacheDir }), reference));
      const host = new URL(server.url).host.replace(/[^\w.-]/g, '_');
      const entry = path.join(cacheDir, host, 'model.safetensors');
      assert.equal(fs.statSync(entry).size, fs.statSync(path.join(TINY, 'model.safetensors')).size, 'the cache holds the whole download');
      fs.rmSync(entry);
      fs.mkdirSync(entry); // reading it now fails with EISDIR
      const start = server.requests.length;
      assert.ok(sameBits(await embedWith(server.url, { cacheDir }), reference));
      assert.deepEqual(server.requests.slice(start), ['model.safetensors']);
    } finally {
      await server.close();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('the heap', () => {
  test('a file too big for the heap is an E_IO error, and the module keeps working', async () => {
    for (const build of ['single', 'threads']) {
      const runtime = await getRuntime(build);
      const loader = new runtime.ModelLoader();
      try {
        assert.throws(() => unwrap(loader.reserve('model.safetensors', 2 ** 33)), (e) => e.code === 'E_IO' && /model\.safetensors: \d+ bytes do not fit/.test(e.message));
        assert.equal(loader.view('model.safetensors'), undefined);
      } finally {
        loader.delete();
      }
      assert.ok(sameBits(await embedWith(TINY, { build }), reference), `build ${build} after the error`);
    }
  });
});
