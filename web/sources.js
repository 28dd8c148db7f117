// Reads what a user hands loadModel into the model's files (heap-files.js: name -> bytes in
// the WebAssembly heap):
//   - a URL: a model folder (files fetched below it) or a .gguf file
//   - a hub id 'org/name': <host>/org/name/resolve/<revision>/<file>
//   - a local path (Node): a model directory or a GGUF file
//   - an ArrayBuffer / typed array / Blob: one GGUF file
//   - a map of file names to bytes/Blobs/strings (object or Map), or a list of Files (FileList)
// Bytes are copied into the heap once; Blobs are streamed there, never read whole into JS.
import { BertWasmError } from './errors.js';
import { forEachChunk } from './heap-files.js';
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
 * Reads the model's files into `files` (a HeapFiles).
 * @param options { onProgress, cache, cacheDir, host, revision }
 */
export async function resolveSource(source, files, options = {}) {
  if (source instanceof URL) source = source.href;
  if (typeof source === 'string') {
    const s = await classifyString(source);
    if (s.kind === 'path') {
      const { readLocalModel } = await import('./local-files.js');
      return readLocalModel(s.path, files, options);
    }
    if (s.kind === 'hub') return fromRemote(hubBaseUrl(s.repo, options), files, { ...options, repo: s.repo });
    return fromUrl(s.url, files, options);
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source) || isBlob(source)) {
    await copyValue(files, GGUF_NAME, 'model bytes', source);
    return checkGguf(files, 'model bytes');
  }
  if (isFileList(source)) return fromFileMap(fileListMap(source), files, options);
  if (source instanceof Map) return fromFileMap(source, files, options);
  if (source && typeof source === 'object') return fromFileMap(new Map(Object.entries(source)), files, options);
  throw new BertWasmError('E_INPUT', 'model source must be a URL, a hub id, a path, GGUF bytes, or a map of file names to bytes');
}

async function fromUrl(url, files, options) {
  const { protocol, pathname } = new URL(url);
  if (protocol === 'blob:' || protocol === 'data:') {
    if (!(await download(url, GGUF_NAME, files, { onProgress: options.onProgress }))) throw new BertWasmError('E_IO', `${url}: not found (HTTP 404)`);
    return checkGguf(files, url);
  }
  if (pathname.endsWith('/') || !/\.[^/]*$/.test(pathname)) return fromRemote(url.replace(/\/*$/, '/'), files, options);
  if (HF_FILE_NAMES.test(pathname)) return fromRemote(new URL('./', url).href, files, options);
  // One file: a GGUF model (whatever its name), or not a model at all.
  const name = decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
  const reader = await remoteReader(new URL('./', url).href, files, options);
  if (!(await reader.read(name, GGUF_NAME))) throw new BertWasmError('E_IO', `${reader.where(name)}: not found`);
  return checkGguf(files, url);
}

async function fromRemote(baseUrl, files, options) {
  return collectModelFiles(await remoteReader(baseUrl, files, options), files);
}

function checkGguf(files, where) {
  const head = files.bytes(GGUF_NAME, 4);
  if (!isGguf(head)) {
    const hex = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new BertWasmError('E_FORMAT', `${where}: not a model: a single file must be GGUF (magic "GGUF"), found bytes [${hex}] at offset 0; a Hugging Face model is a folder URL or a map of its files`);
  }
}

async function fromFileMap(map, files, { onProgress } = {}) {
  const read = async (name) => {
    if (!map.has(name) || map.get(name) == null) return false;
    const size = await copyValue(files, name, name, map.get(name));
    onProgress?.({ file: name, loaded: size, total: size, cached: false });
    return true;
  };
  if (map.has(GGUF_NAME)) {
    if (!(await read(GGUF_NAME))) throw new BertWasmError('E_INPUT', `file map: ${GGUF_NAME} is ${map.get(GGUF_NAME)}`);
    return;
  }
  return collectModelFiles({ read, where: (name) => `file map: ${name}` }, files);
}

// One value of a file map (or GGUF bytes) into files as `name`; resolves to its size. A Blob is
// streamed into its reserved room; bytes are copied once.
async function copyValue(files, name, what, value) {
  if (isBlob(value)) {
    const writer = await files.open(name, value.size);
    await forEachChunk(value.stream(), (chunk) => {
      if (!writer.write(chunk)) throw new BertWasmError('E_IO', `${what}: the Blob gave more than its ${value.size} bytes`);
    });
    if (writer.loaded !== value.size) throw new BertWasmError('E_IO', `${what}: the Blob gave ${writer.loaded} of its ${value.size} bytes`);
    return value.size;
  }
  const bytes = toBytes(what, value);
  await files.put(name, bytes);
  return bytes.byteLength;
}

function toBytes(what, value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  throw new BertWasmError('E_INPUT', `${what}: expected bytes (Uint8Array, ArrayBuffer, Blob or string), got ${value === null ? 'null' : typeof value}`);
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
