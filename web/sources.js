// Turns what a user hands loadModel into the model's files: name -> bytes.
//   - a map { 'config.json': bytes, ... } (Uint8Array, ArrayBuffer, Blob/File or string)
//   - a local directory path (Node)
import { BertWasmError } from './errors.js';

const isNode = typeof process === 'object' && !!process.versions?.node;

/** The files of a Hugging Face model directory that the library reads. */
export const HF_FILES = {
  required: ['config.json', 'model.safetensors'],
  tokenizer: ['tokenizer.json', 'vocab.txt'], // the first present is enough
  optional: ['tokenizer_config.json', 'modules.json', '1_Pooling/config.json', 'sentence_bert_config.json'],
};

async function toBytes(name, value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (typeof Blob !== 'undefined' && value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  throw new BertWasmError('E_INPUT', `${name}: expected bytes (Uint8Array, ArrayBuffer, Blob or string)`);
}

async function fromFileMap(map) {
  const files = new Map();
  for (const [name, value] of Object.entries(map)) files.set(name, await toBytes(name, value));
  return files;
}

async function fromDirectory(dir) {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch (e) {
    throw new BertWasmError('E_IO', `${dir}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
  }
  if (!stat.isDirectory()) throw new BertWasmError('E_UNSUPPORTED', `${dir}: expected a model directory`);
  const files = new Map();
  const names = [...HF_FILES.required, ...HF_FILES.tokenizer, ...HF_FILES.optional];
  for (const name of names) {
    try {
      files.set(name, new Uint8Array(await fs.readFile(path.join(dir, name))));
    } catch (e) {
      if (e.code !== 'ENOENT') throw new BertWasmError('E_IO', `${path.join(dir, name)}: ${e.message}`);
    }
  }
  return files;
}

/** @returns {Promise<Map<string, Uint8Array>>} */
export async function resolveSource(source) {
  if (typeof source === 'string') {
    if (!isNode) throw new BertWasmError('E_UNSUPPORTED', `${source}: local paths work in Node only`);
    return fromDirectory(source);
  }
  if (source && typeof source === 'object' && !ArrayBuffer.isView(source) && !(source instanceof ArrayBuffer)) {
    return fromFileMap(source);
  }
  throw new BertWasmError('E_INPUT', 'model source must be a path or a map of file names to bytes');
}
