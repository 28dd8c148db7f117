// Turns what a user hands loadModel into the model's files (name -> bytes):
//   - a URL: a model folder (files fetched below it) or a .gguf file
//   - a hub id 'org/name': <host>/org/name/resolve/<revision>/<file>
//   - a local path (Node): a model directory or a GGUF file
//   - an ArrayBuffer / typed array / Blob: one GGUF file
//   - a map of file names to bytes/Blobs/strings (object or Map), or a list of Files (FileList)
import { BertWasmError } from './errors.js';
import { GGUF_NAME, collectModelFiles, isGguf } from './model-files.js';
import { download, hubBaseUrl, remoteReader } from './remote-files.js';

const isNode = typeof process === 'object' && !!process.versions?.node;
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
const HF_FILE_NAMES = /(^|\/)(config\.json|model\.safetensors|tokenizer\.json|vocab\.txt)$/;

/**
 * What kind of source a string is: { kind: 'url', url } | { kind: 'hub', repo } | { kind: 'path', path }.
 * Browsers read a relative URL against the page; Node prefers an existing local path to a hub id.
 */
export async function classifyString(source) {
  if (/^(https?|blob|data):/i.test(source)) return { kind: 'url', url: source };
  if (isNode) {
    if (/^file:/i.test(source)) return { kind: 'path', path: (await import('node:url')).fileURLToPath(source) };
    const fs = await import('node:fs/promises');
    const exists = await fs.access(source).then(() => true, () => false);
    if (!exists && HUB_ID.test(source)) return { kind: 'hub', repo: source };
    return { kind: 'path', path: source };
  }
  if (HUB_ID.test(source) && !source.startsWith('.')) return { kind: 'hub', repo: source };
  if (/^(\/|\.\.?\/)/.test(source)) return { kind: 'url', url: new URL(source, globalThis.location?.href).href };
  throw new BertWasmError('E_INPUT', `'${source}': expected a URL (https://…, /…, ./…) or a hub id (org/name)`);
}

/** The source with relative browser URLs made absolute (before handing it to a worker). */
export function absoluteSource(source) {
  if (isNode || typeof source !== 'string' || !/^(\/|\.\.?\/)/.test(source)) return source;
  return new URL(source, globalThis.location?.href).href;
}

/**
 * @param options { onProgress, cache, cacheDir, host, revision }
 * @returns {Promise<Map<string, Uint8Array>>}
 */
export async function resolveSource(source, options = {}) {
  if (source instanceof URL) source = source.href;
  if (typeof source === 'string') {
    const s = await classifyString(source);
    if (s.kind === 'path') {
      const { readLocalModel } = await import('./local-files.js');
      return readLocalModel(s.path, options);
    }
    if (s.kind === 'hub') return fromRemote(hubBaseUrl(s.repo, options), { ...options, repo: s.repo });
    return fromUrl(s.url, options);
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source) || isBlob(source)) {
    return ggufFiles(await toBytes('model bytes', source), 'model bytes');
  }
  if (isFileList(source)) return fromFileMap(fileListMap(source), options);
  if (source instanceof Map) return fromFileMap(source, options);
  if (source && typeof source === 'object') return fromFileMap(new Map(Object.entries(source)), options);
  throw new BertWasmError('E_INPUT', 'model source must be a URL, a hub id, a path, GGUF bytes, or a map of file names to bytes');
}

async function fromUrl(url, options) {
  const { protocol, pathname } = new URL(url);
  if (protocol === 'blob:' || protocol === 'data:') {
    return ggufFiles(await downloadOne(url, GGUF_NAME, options.onProgress), url);
  }
  if (pathname.endsWith('/') || !/\.[^/]*$/.test(pathname)) return fromRemote(url.replace(/\/*$/, '/'), options);
  if (HF_FILE_NAMES.test(pathname)) return fromRemote(new URL('./', url).href, options);
  // One file: a GGUF model (whatever its name), or not a model at all.
  const name = decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
  const reader = await remoteReader(new URL('./', url).href, options);
  const bytes = await reader.read(name);
  if (!bytes) throw new BertWasmError('E_IO', `${reader.where(name)}: not found`);
  return ggufFiles(bytes, url);
}

async function downloadOne(url, name, onProgress) {
  const bytes = await download(url, name, onProgress);
  if (!bytes) throw new BertWasmError('E_IO', `${url}: not found (HTTP 404)`);
  return bytes;
}

async function fromRemote(baseUrl, options) {
  return collectModelFiles(await remoteReader(baseUrl, options));
}

function ggufFiles(bytes, where) {
  if (!isGguf(bytes)) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new BertWasmError('E_FORMAT', `${where}: not a model: a single file must be GGUF (magic "GGUF"), found bytes [${head}] at offset 0; a Hugging Face model is a folder URL or a map of its files`);
  }
  return new Map([[GGUF_NAME, bytes]]);
}

async function fromFileMap(map, { onProgress } = {}) {
  const read = async (name) => {
    if (!map.has(name) || map.get(name) == null) return null;
    const bytes = await toBytes(name, map.get(name));
    onProgress?.({ file: name, loaded: bytes.byteLength, total: bytes.byteLength, cached: false });
    return bytes;
  };
  if (map.has(GGUF_NAME)) return new Map([[GGUF_NAME, await read(GGUF_NAME)]]);
  return collectModelFiles({ read, where: (name) => `file map: ${name}` });
}

async function toBytes(name, value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (isBlob(value)) return new Uint8Array(await value.arrayBuffer());
  throw new BertWasmError('E_INPUT', `${name}: expected bytes (Uint8Array, ArrayBuffer, Blob or string), got ${value === null ? 'null' : typeof value}`);
}

const isBlob = (v) => typeof Blob === 'function' && v instanceof Blob;
const isFileList = (v) => (typeof FileList === 'function' && v instanceof FileList) || (Array.isArray(v) && v.length > 0 && v.every(isBlob));

// Files picked by a user: names relative to the picked folder (webkitRelativePath minus its
// first segment), else the plain file name.
function fileListMap(list) {
  const map = new Map();
  for (const file of list) {
    const relative = file.webkitRelativePath ? file.webkitRelativePath.split('/').slice(1).join('/') : '';
    map.set(relative || file.name, file);
  }
  return map;
}
