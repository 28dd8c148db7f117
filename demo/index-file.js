// The demo's index file (.bwindex), also what IndexedDB keeps: the corpus and the model it was
// built with, then the package's VectorIndex bytes. Little endian:
//   offset 0    8 bytes  magic "BWDEMOIX"
//          8    u32      version (FORMAT_VERSION)
//          12   u32      m: length of the JSON header
//          16   m bytes  header (UTF-8 JSON): { model: { name, fingerprint, hiddenSize, dtype, … },
//                        chunk: { maxTokens, overlap }, corpus: { label, passages }, created }
//          16+m …        VectorIndex.toBytes() (checked by VectorIndex.fromBytes)
export const FORMAT_VERSION = 1;
export const EXTENSION = '.bwindex';
const MAGIC = 'BWDEMOIX';

export function encodeIndexFile(header, indexBytes) {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(16 + json.byteLength + indexBytes.byteLength);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, json.byteLength, true);
  out.set(json, 16);
  out.set(indexBytes, 16 + json.byteLength);
  return out;
}

/** { header, indexBytes } of a file called `name`; throws an Error naming the offset at fault. */
export function decodeIndexFile(bytes, name) {
  if (bytes.byteLength < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error(`${name}: not a bert-wasm demo index file (no "${MAGIC}" at offset 0)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) {
    throw new Error(`${name}: index file format version ${version} (offset 8); this page reads version ${FORMAT_VERSION}: build the index again here`);
  }
  const length = view.getUint32(12, true);
  if (length > bytes.byteLength - 16) {
    throw new Error(`${name}: header length ${length} at offset 12 runs past the end of the file (${bytes.byteLength} bytes)`);
  }
  let header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + length)));
  } catch (e) {
    throw new Error(`${name}: the header at offset 16 is not JSON (${e.message})`);
  }
  const passages = header?.corpus?.passages;
  if (!header?.model || !Array.isArray(passages) || !passages.every((p) => typeof p?.id === 'string' && typeof p?.text === 'string')) {
    throw new Error(`${name}: the header at offset 16 lacks model or corpus.passages [{ id, text }]`);
  }
  return { header, indexBytes: bytes.subarray(16 + length) };
}

/** Throws when an index built with header.model cannot serve queries of `model`. */
export function checkIndexModel(header, model, name) {
  const built = header.model;
  if (built.hiddenSize !== model.hiddenSize) {
    throw new Error(`${name}: built with ${built.name} (${built.hiddenSize}-dimensional vectors); the loaded model ${model.name} makes ${model.hiddenSize}-dimensional ones: load that model or index the corpus again`);
  }
  if (built.fingerprint !== model.fingerprint) {
    throw new Error(`${name}: built with another model (${built.name}, ${built.dtype}, fingerprint ${built.fingerprint}); the loaded model ${model.name} (${model.dtype}) has fingerprint ${model.fingerprint}: load that model or index the corpus again`);
  }
}
