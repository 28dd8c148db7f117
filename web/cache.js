// Keeps downloaded model files so the next load makes no network request. Browsers: the Cache
// API (storage 'bert-wasm', keyed by URL). Node: a directory given as cacheDir, laid out as
// <cacheDir>/<host>/<url path>. A file the server did not have (HTTP 404) is remembered too, as a
// 404 entry (Cache API) or an empty '<file>.missing' marker (directory).
// A store: get(url) -> { bytes } | { missing: true } | null; put(url, bytes); putMissing(url).
// Storage failures never fail a load: the cache is only a shortcut.

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
  return {
    async get(url) {
      const hit = await storage.match(url).catch(() => undefined);
      if (!hit) return null;
      if (hit.status === 404) return { missing: true };
      return { bytes: new Uint8Array(await hit.arrayBuffer()) };
    },
    async put(url, bytes) {
      const headers = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) };
      await storage.put(url, new Response(bytes, { headers })).catch(() => {});
    },
    async putMissing(url) {
      await storage.put(url, new Response(null, { status: 404 })).catch(() => {});
    },
  };
}

async function directoryStore(root) {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const fileOf = (url) => {
    const u = new URL(url);
    const parts = u.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p).replace(/[^\w.@+-]/g, '_'));
    return path.join(root, u.host.replace(/[^\w.-]/g, '_'), ...parts.map((p) => (p === '..' || p === '.' ? '_' : p)));
  };
  const write = async (file, bytes) => {
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, file);
    } catch {
      // a read-only or full disk only costs the next load a download
    }
  };
  return {
    async get(url) {
      const file = fileOf(url);
      try {
        return { bytes: new Uint8Array(await fs.readFile(file)) };
      } catch {
        const missing = await fs.access(`${file}.missing`).then(() => true, () => false);
        return missing ? { missing: true } : null;
      }
    },
    put: (url, bytes) => write(fileOf(url), bytes),
    putMissing: (url) => write(`${fileOf(url)}.missing`, new Uint8Array(0)),
  };
}
