// Model files over HTTP(S): a base URL (a model folder, or a Hugging Face repo resolved as
// <host>/<org>/<name>/resolve/<revision>/), each file streamed with progress events and kept
// in the cache (cache.js). A 404 means "the store has no such file" (read() gives null); any
// other failure is a BertWasmError naming the URL and the reason.
import { openCache } from './cache.js';
import { BertWasmError } from './errors.js';

export const DEFAULT_HUB = 'https://huggingface.co';

/** The base URL of a hub repo's files. */
export function hubBaseUrl(repo, { host, revision = 'main' } = {}) {
  const env = typeof process === 'object' ? process.env?.HF_ENDPOINT : undefined;
  const root = String(host ?? env ?? DEFAULT_HUB).replace(/\/+$/, '');
  return `${root}/${repo}/resolve/${encodeURIComponent(revision)}/`;
}

/**
 * A reader (model-files.js) of the files below baseUrl. repo: the hub id, named in messages.
 */
export async function remoteReader(baseUrl, { repo, onProgress, ...cacheOptions } = {}) {
  const store = await openCache(cacheOptions);
  const notFound = new Map(); // name -> reason
  const urlOf = (name) => new URL(name, baseUrl).href;
  return {
    where(name) {
      const url = urlOf(name);
      const why = notFound.get(name);
      if (repo) return `${repo}: ${name} (${why ? `${why} from ` : ''}${url})`;
      return why ? `${url} (${why})` : url;
    },
    async read(name) {
      const url = urlOf(name);
      const cached = await store?.get(url);
      if (cached?.missing) {
        notFound.set(name, 'HTTP 404, cached');
        return null;
      }
      if (cached) {
        onProgress?.({ file: name, loaded: cached.bytes.byteLength, total: cached.bytes.byteLength, cached: true });
        return cached.bytes;
      }
      const bytes = await download(url, name, onProgress);
      if (bytes === null) {
        notFound.set(name, 'HTTP 404');
        await store?.putMissing(url);
        return null;
      }
      await store?.put(url, bytes);
      return bytes;
    },
  };
}

/** Fetches url with progress events; null on HTTP 404. */
export async function download(url, file, onProgress) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    const reason = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(e);
    throw new BertWasmError('E_IO', `${url}: could not fetch ${file} (${reason}); is the server reachable?`, { cause: e });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) {
    await response.body?.cancel();
    const hint = response.status === 401 || response.status === 403 ? ': the repository does not exist or is private' : '';
    throw new BertWasmError('E_IO', `${url}: could not fetch ${file}: HTTP ${response.status} ${response.statusText}${hint}`);
  }
  return readBody(response, url, file, onProgress);
}

async function readBody(response, url, file, onProgress) {
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const length = Number(response.headers.get('content-length'));
  const total = !encoded && Number.isSafeInteger(length) && length > 0 ? length : null;
  onProgress?.({ file, loaded: 0, total, cached: false });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ file, loaded: bytes.byteLength, total: bytes.byteLength, cached: false });
    return bytes;
  }
  let buffer = new Uint8Array(total ?? 1 << 16);
  let loaded = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(Math.max(buffer.byteLength * 2, loaded + value.byteLength));
        grown.set(buffer.subarray(0, loaded));
        buffer = grown;
      }
      buffer.set(value, loaded);
      loaded += value.byteLength;
      onProgress?.({ file, loaded, total, cached: false });
    }
  } catch (e) {
    throw new BertWasmError('E_IO', `${url}: the download of ${file} broke off after ${loaded} bytes (${e?.message ?? e})`, { cause: e });
  }
  if (total !== null && loaded !== total) {
    throw new BertWasmError('E_IO', `${url}: ${file} is ${loaded} bytes, but the server announced ${total}`);
  }
  if (total === null) onProgress?.({ file, loaded, total: loaded, cached: false });
  return loaded === buffer.byteLength ? buffer : buffer.slice(0, loaded);
}
