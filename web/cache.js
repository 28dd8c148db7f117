// Keeps downloaded model files so the next load makes no network request. Browsers: the Cache
// API (storage 'bert-wasm', keyed by URL). Node: a directory given as cacheDir, laid out as
// <cacheDir>/<host>/<url path>. A file the server did not have (HTTP 404) is remembered too, as a
// 404 entry (Cache API) or an empty '<file>.missing' marker (directory).
// A store: get(url) -> { copyTo(files, name) -> size } | { missing: true } | null, where
// copyTo reads the entry into the model's files (heap-files.js); writer(url, size) -> { write(chunk),
// close(), abort() } keeps a download as its chunks arrive; put(url, bytes); putMissing(url).
// Storage failures never fail a load: the cache is only a shortcut.
import { forEachChunk } from './heap-files.js';

const isNode = typeof process === 'object' && !!process.versions?.node;
export const CACHE_NAME = 'bert-wasm';

/** The store for these load options, or null when caching is off or unavailable. */
export async function openCache({ cache = true, cacheDir } = {}) {
  if (cache === false) return null;
  if (isNode) return cacheDir ? directoryStore(cacheDir) : null;
  if (typeof caches !== 'object' || !caches) return null; // not a secure context
  try {
    return cacheApiStore(await caches.open(CACHE_NAME));
  } catch {
    return null;
  }
}

function cacheApiStore(storage) {
  const headersOf = (size) => ({ 'content-type': 'application/octet-stream', 'content-length': String(size) });
  return {
    async get(url) {
      const hit = await storage.match(url).catch(() => undefined);
      if (!hit) return null;
      if (hit.status === 404) return { missing: true };
      return { copyTo: (files, name) => copyResponse(hit, files, name) };
    },
    writer(url, size) {
      let controller;
      const body = new ReadableStream({ start: (c) => { controller = c; } });
      const done = storage.put(url, new Response(body, { headers: headersOf(size) })).catch(() => {});
      // A stream the storage gave up on throws on enqueue: the download goes on regardless.
      const attempt = (action) => {
        try {
          action();
        } catch {
          // the entry is dropped
        }
      };
      return {
        write: (chunk) => attempt(() => controller.enqueue(chunk)),
        close: () => {
          attempt(() => controller.close());
          return done;
        },
        abort: () => attempt(() => controller.error(new Error('the download failed'))),
      };
    },
    async put(url, bytes) {
      await storage.put(url, new Response(bytes, { headers: headersOf(bytes.byteLength) })).catch(() => {});
    },
    async putMissing(url) {
      await storage.put(url, new Response(null, { status: 404 })).catch(() => {});
    },
  };
}

// A cached response's body into files: streamed into its reserved room when its length is known.
async function copyResponse(response, files, name) {
  const size = Number(response.headers.get('content-length') ?? NaN);
  if (!response.body || !Number.isSafeInteger(size) || size < 0) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    await files.put(name, bytes);
    return bytes.byteLength;
  }
  const writer = await files.open(name, size);
  await forEachChunk(response.body, (chunk) => {
    if (!writer.write(chunk)) throw new Error(`${name}: the cached copy is longer than its ${size} bytes`);
  });
  if (writer.loaded !== size) throw new Error(`${name}: the cached copy is shorter than its ${size} bytes`);
  return size;
}

async function directoryStore(root) {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const { readFileInto } = await import('./local-files.js');
  const fileOf = (url) => {
    const u = new URL(url);
    const parts = u.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p).replace(/[^\w.@+-]/g, '_'));
    return path.join(root, u.host.replace(/[^\w.-]/g, '_'), ...parts.map((p) => (p === '..' || p === '.' ? '_' : p)));
  };
  const writer = (file) => fileWriter(fs, path, file);
  return {
    async get(url) {
      const file = fileOf(url);
      const stat = await fs.stat(file).catch(() => null);
      if (stat?.isFile()) return { copyTo: (files, name) => readFileInto(files, name, file) };
      const missing = await fs.access(`${file}.missing`).then(() => true, () => false);
      return missing ? { missing: true } : null;
    },
    writer: (url) => writer(fileOf(url)),
    async put(url, bytes) {
      const w = writer(fileOf(url));
      w.write(bytes);
      await w.close();
    },
    async putMissing(url) {
      await writer(`${fileOf(url)}.missing`).close();
    },
  };
}

// Writes a file through a temporary beside it, renamed into place on close; chunks are written
// in order as they come. Any failure (a read-only or full disk) only drops the entry.
function fileWriter(fs, path, file) {
  const tmp = `${file}.${process.pid}.tmp`;
  let handle = fs.mkdir(path.dirname(file), { recursive: true }).then(() => fs.open(tmp, 'w')).catch(() => null);
  const drop = async (h) => {
    await h?.close().catch(() => {});
    await fs.rm(tmp, { force: true }).catch(() => {});
    return null;
  };
  return {
    write(chunk) {
      handle = handle.then(async (h) => {
        if (!h) return null;
        try {
          for (let at = 0; at < chunk.byteLength;) at += (await h.write(chunk, at, chunk.byteLength - at)).bytesWritten;
          return h;
        } catch {
          return drop(h);
        }
      });
    },
    async close() {
      const h = await handle;
      if (!h) return;
      try {
        await h.close();
        await fs.rename(tmp, file);
      } catch {
        await drop(null);
      }
    },
    abort() {
      handle = handle.then(drop);
    },
  };
}
