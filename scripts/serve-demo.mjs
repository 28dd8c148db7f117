#!/usr/bin/env node
// Serves the semantic-search demo on 127.0.0.1, cross-origin isolated (COOP same-origin + COEP
// require-corp, so the page runs the pthreads build). Everything the page loads comes from here:
//   /demo/ /web/ /dist/                        this repository's files (the page and the package)
//   /models/<name>/<file>, /models/index.json  the shared test models (../shared/models), if present
//   /hub/<org>/<name>/resolve/<revision>/<f>   a Hugging Face hub mirror: the file from the CLI's
//                                              download cache, else fetched from --upstream and kept
// Usage: node scripts/serve-demo.mjs [--port 8080] [--upstream https://huggingface.co] [--cache-dir DIR]
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { MemoryFiles } from '../web/heap-files.js';
import { DEFAULT_HUB, hubBaseUrl, remoteReader } from '../web/remote-files.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATIC_ROOTS = ['demo', 'web', 'dist'];
const HUB_PATH = /^\/hub\/([\w.-]+\/[\w.-]+)\/resolve\/([^/]+)\/(.+)$/;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** The CLI's download cache (web/cli-commands.js): a model fetched by `bert-wasm` is served offline. */
export function defaultCacheDir() {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'bert-wasm');
}

/** ../shared (BERTWASM_SHARED overrides it), as the tests find it. */
export function defaultSharedDir() {
  return path.resolve(process.env.BERTWASM_SHARED ?? path.join(REPO, '../shared'));
}

/**
 * Starts the server. port 0 picks a free one. Returns { origin, requests, close() };
 * `requests` logs each request as { path, status }.
 */
export async function startDemoServer({ port = 8080, upstream = DEFAULT_HUB, cacheDir = defaultCacheDir(), shared = defaultSharedDir(), log = () => {} } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    handle(req, res, { upstream, cacheDir, shared, log }).catch((e) => send(res, 500, `demo server: ${e?.message ?? e}`)).finally(() => {
      requests.push({ path: new URL(req.url, 'http://x').pathname, status: res.statusCode });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

const HEADERS = {
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

function send(res, status, body, type = 'text/plain; charset=utf-8', extra = {}) {
  if (res.headersSent) return res.end();
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...HEADERS, ...extra, 'content-type': type, 'content-length': bytes.byteLength });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

async function handle(req, res, options) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET or HEAD only', undefined, { allow: 'GET, HEAD' });
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    return send(res, 400, `${req.url}: malformed percent-encoding`);
  }
  if (pathname.split('/').includes('..')) return send(res, 400, `${pathname}: '..' is not allowed`);
  if (pathname === '/' || pathname === '/demo') return send(res, 302, '', undefined, { location: '/demo/' });
  const hub = HUB_PATH.exec(pathname);
  if (hub) return serveHub(res, hub[1], hub[2], hub[3], options);
  if (pathname === '/models/index.json') return send(res, 200, JSON.stringify(listModels(options.shared)), TYPES['.json']);
  const model = /^\/models\/([\w.-]+)\/(.+)$/.exec(pathname);
  if (model) return serveFile(res, inside(path.join(options.shared, 'models', model[1]), model[2]));
  const root = pathname.split('/')[1];
  if (!STATIC_ROOTS.includes(root)) return send(res, 404, `${pathname}: not found`);
  const relative = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
  return serveFile(res, inside(REPO, relative.slice(1)));
}

function serveFile(res, file) {
  let stat;
  try {
    stat = file && fs.statSync(file);
  } catch {
    stat = null;
  }
  if (!stat?.isFile()) return send(res, 404, 'not found');
  res.writeHead(200, { ...HEADERS, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': stat.size });
  if (res.req.method === 'HEAD') return res.end();
  fs.createReadStream(file).pipe(res);
}

// The hub mirror: remoteReader keeps what it fetches in cacheDir (the CLI's layout), so a model
// fetched once is served without the network afterwards; a 404 upstream is a 404 here.
async function serveHub(res, repo, revision, name, { upstream, cacheDir, log }) {
  const files = new MemoryFiles();
  const reader = await remoteReader(hubBaseUrl(repo, { host: upstream, revision: decodeURIComponent(revision) }), files, { repo, cacheDir });
  let found;
  try {
    found = await reader.read(name);
  } catch (e) {
    log(`hub mirror: ${e.message}`);
    return send(res, 502, `${repo}: ${name} is not in the cache (${cacheDir}) and the hub could not be reached: ${e.message}`);
  }
  if (!found) return send(res, 404, `${reader.where(name)}: not found`);
  const bytes = files.get(name);
  return send(res, 200, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), TYPES[path.extname(name)] ?? 'application/octet-stream');
}

// The shared models a page may offer: folders with a config.json.
function listModels(shared) {
  const dir = path.join(shared, 'models');
  let names = [];
  try {
    names = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'config.json'))).sort();
  } catch {
    // no shared models: an empty list
  }
  return names.map((name) => ({ name, url: `/models/${name}/` }));
}

function inside(dir, relative) {
  const file = path.resolve(dir, relative);
  return file.startsWith(path.resolve(dir) + path.sep) ? file : null;
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!['--port', '--upstream', '--cache-dir'].includes(flag) || value === undefined) {
      throw new Error(`unknown option ${flag}; usage: serve-demo.mjs [--port N] [--upstream URL] [--cache-dir DIR]`);
    }
    if (flag === '--port') {
      options.port = Number(value);
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`--port ${value}: expected a port number`);
    }
    if (flag === '--upstream') options.upstream = value;
    if (flag === '--cache-dir') options.cacheDir = value;
  }
  return options;
}

async function main() {
  let server;
  let options = {};
  try {
    options = parseArgs(process.argv.slice(2));
    server = await startDemoServer({ ...options, log: (line) => console.error(line) });
  } catch (e) {
    const hint = e.code === 'EADDRINUSE' ? ` (port ${options.port ?? 8080} is taken: pass --port N)` : '';
    console.error(`serve-demo: ${e.message}${hint}`);
    process.exit(1);
  }
  const models = listModels(defaultSharedDir());
  console.log(`bert-wasm demo: ${server.origin}/demo/`);
  if (models.length) console.log(`  offline, with a shared test model: ${server.origin}/demo/?model=/models/${models.find((m) => m.name === 'minilm-f16')?.name ?? models[0].name}/`);
  console.log('  (Ctrl-C stops the server)');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
