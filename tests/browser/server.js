// A small static HTTP server on 127.0.0.1 for the loading tests (Node and Chromium):
//   /<org>/<name>/resolve/<revision>/<file>   the Hugging Face hub layout over REPOS below
//   /models/<name>/<file>                     the shared models as plain URLs
//   /junk/<file>                              files that are not models
//   anything else                             files under `root` (the repo: /web, /dist, ...)
// isolated: true adds COOP same-origin + COEP require-corp (crossOriginIsolated pages). Every
// response is Cache-Control: no-store, so only the Cache API can spare a request. `requests`
// logs each request's path and status.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { REPO, sharedPath } from '../node/helpers.js';

const fixture = (f) => sharedPath('fixtures', 'hf-all-MiniLM-L6-v2', f);

/** Hub repos: a model folder, files laid over it, files hidden from it. */
export const REPOS = {
  'test/tiny': { dir: sharedPath('models', 'tiny') },
  'test/tiny-vocab': { dir: sharedPath('models', 'tiny'), hide: ['tokenizer.json'] },
  'test/tiny-st': {
    dir: sharedPath('models', 'tiny'),
    overlay: {
      'modules.json': fixture('modules.json'),
      '1_Pooling/config.json': fixture('1_Pooling/config.json'),
      'sentence_bert_config.json': fixture('sentence_bert_config.json'),
    },
  },
  'test/no-safetensors': { dir: sharedPath('models', 'tiny'), hide: ['model.safetensors'] },
  // The README's examples name the real repo; here it is the random-weight model of its shape.
  'sentence-transformers/all-MiniLM-L6-v2': {
    dir: sharedPath('models', 'minilm-f16'),
    overlay: {
      'modules.json': fixture('modules.json'),
      '1_Pooling/config.json': fixture('1_Pooling/config.json'),
      'sentence_bert_config.json': fixture('sentence_bert_config.json'),
    },
  },
};

const JUNK = {
  'readme.txt': 'This folder holds no model.\n',
  'model.gguf': 'GGML? no: this is text, not a GGUF file\n',
  'html/config.json': '<!doctype html><title>404</title>',
};

const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startServer({ root = REPO, isolated = false } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const headers = { 'cache-control': 'no-store', 'cross-origin-resource-policy': 'same-origin' };
    if (isolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    const reply = (status, body, type = 'text/plain; charset=utf-8') => {
      requests.push({ path: url.pathname, status });
      res.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const file = locate(decodeURIComponent(url.pathname), root);
    if (file === null) return reply(404, 'Entry not found');
    if (typeof file === 'object') return reply(200, file.body);
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) return reply(404, 'Entry not found');
      requests.push({ path: url.pathname, status: 200 });
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { ...headers, 'content-type': type, 'content-length': stat.size });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    /** Requests whose path starts with prefix. */
    requestsUnder: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/** A port nothing listens on (for "unreachable" tests). */
export async function closedPort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A path -> a file path, { body } for generated content, or null (404).
function locate(pathname, root) {
  const hub = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(pathname);
  if (hub) {
    const repo = REPOS[hub[1]];
    const name = hub[3];
    if (!repo || hub[2] !== 'main' || repo.hide?.includes(name)) return null;
    return repo.overlay?.[name] ?? inside(repo.dir, name);
  }
  const model = /^\/models\/([\w.-]+)\/(.+)$/.exec(pathname);
  if (model) return inside(sharedPath('models', model[1]), model[2]);
  const junk = /^\/junk\/(.+)$/.exec(pathname);
  if (junk) return junk[1] in JUNK ? { body: JUNK[junk[1]] } : null;
  return inside(root, pathname.slice(1));
}

function inside(dir, relative) {
  const file = path.resolve(dir, relative);
  return file.startsWith(path.resolve(dir) + path.sep) ? file : null;
}
