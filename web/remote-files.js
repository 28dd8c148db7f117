// Model files over HTTP(S): a base URL (a model folder, or a Hugging Face repo resolved as
// <host>/<org>/<name>/resolve/<revision>/), each file streamed with progress events into the
// model's files (heap-files.js: chunk by chunk into the heap when the server gives its length)
// and kept in the cache (cache.js) as it arrives. A 404 means "the store has no such file"
// (read() gives false); any other failure is a BertWasmError naming the URL and the reason.
import { openCache } from './cache.js';
import { BertWasmError } from './errors.js';
import { forEachChunk } from './heap-files.js';

export const DEFAULT_HUB = 'https://huggingface.co';

/** The base URL of a hub repo's files. */
export function hubBaseUrl(repo, { host, revision = 'main' } = {}) {
  const env = typeof process === 'object' ? process.env?.HF_ENDPOINT : undefined;
  const root = String(host ?? env ?? DEFAULT_HUB).replace(/\/+$/, '');
  return `${root}/${repo}/resolve/${encodeURIComponent(revision)}/`;
}

/**
 * A reader (model-files.js) of the files below baseUrl into files (a HeapFiles). repo: the hub
 * id, named in messages. read(name, as) stores the file under the name `as` (default: name).
 */
export async function remoteReader(baseUrl, files, { repo, onProgress, ...cacheOptions } = {}) {
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
    async read(name, as = name) {
      const url = urlOf(name);
      const cached = await store?.get(url);
      if (cached?.missing) {
        notFound.set(name, 'HTTP 404, cached');
        return false;
      }
      if (cached) {
        const size = await cached.copyTo(files, as).catch((e) => {
          if (e instanceof BertWasmError) throw e;
          return null; // an unreadable cache entry: download the file again
        });
        if (size !== null) {
          onProgress?.({ file: name, loaded: size, total: size, cached: true });
          return true;
        }
      }
      if (!(await download(url, name, files, { as, onProgress, store }))) {
        notFound.set(name, 'HTTP 404');
        await store?.putMissing(url);
        return false;
      }
      return true;
    },
  };
}

/**
 * Fetches url into files as `as` (default: file), with progress events naming `file`, keeping
 * it in the cache `store` when given; false on HTTP 404.
 */
export async function download(url, file, files, { as = file, onProgress, store } = {}) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    const reason = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(e);
    throw new BertWasmError('E_IO', `${url}: could not fetch ${file} (${reason}); is the server reachable?`, { cause: e });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return false;
  }
  if (!response.ok) {
    await response.body?.cancel();
    const hint = response.status === 401 || response.status === 403 ? ': the repository does not exist or is private' : '';
    throw new BertWasmError('E_IO', `${url}: could not fetch ${file}: HTTP ${response.status} ${response.statusText}${hint}`);
  }
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = !encoded && Number.isSafeInteger(length) && length >= 0 && response.body ? length : null;
  onProgress?.({ file, loaded: 0, total, cached: false });
  const progress = (loaded) => onProgress?.({ file, loaded, total: total ?? loaded, cached: false });
  if (total === null) {
    const bytes = await readUnknownLength(response, url, file, (loaded) => onProgress?.({ file, loaded, total, cached: false }));
    progress(bytes.byteLength);
    await files.put(as, bytes);
    await store?.put(url, bytes);
    return true;
  }
  const writer = await files.open(as, total).catch(async (e) => {
    await response.body.cancel().catch(() => {});
    throw e;
  });
  const cache = store?.writer(url, total);
  try {
    await forEachChunk(response.body, (chunk) => {
      if (!writer.write(chunk)) {
        throw new BertWasmError('E_IO', `${url}: ${file} is longer than the ${total} bytes the server announced`);
      }
      cache?.write(chunk);
      progress(writer.loaded);
    });
    if (writer.loaded !== total) {
      throw new BertWasmError('E_IO', `${url}: ${file} is ${writer.loaded} bytes, but the server announced ${total}`);
    }
  } catch (e) {
    cache?.abort();
    if (e instanceof BertWasmError) throw e;
    throw new BertWasmError('E_IO', `${url}: the download of ${file} broke off after ${writer.loaded} bytes (${e?.message ?? e})`, { cause: e });
  }
  await cache?.close();
  return true;
}

// A body of unknown length (compressed, or chunked without Content-Length), gathered in JS.
async function readUnknownLength(response, url, file, onLoaded) {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  let buffer = new Uint8Array(1 << 16);
  let loaded = 0;
  try {
    await forEachChunk(response.body, (value) => {
      if (loaded + value.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(Math.max(buffer.byteLength * 2, loaded + value.byteLength));
        grown.set(buffer.subarray(0, loaded));
        buffer = grown;
      }
      buffer.set(value, loaded);
      loaded += value.byteLength;
      onLoaded(loaded);
    });
  } catch (e) {
    throw new BertWasmError('E_IO', `${url}: the download of ${file} broke off after ${loaded} bytes (${e?.message ?? e})`, { cause: e });
  }
  return buffer.subarray(0, loaded);
}
