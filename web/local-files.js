// Model files on a local disk (Node only): a Hugging Face model directory, or one GGUF file.
import { BertWasmError } from './errors.js';
import { GGUF_NAME, collectModelFiles, isGguf } from './model-files.js';

const HF_FILE_NAMES = new Set(['config.json', 'model.safetensors', 'tokenizer.json', 'vocab.txt']);

/** @returns {Promise<Map<string, Uint8Array>>} */
export async function readLocalModel(location, { onProgress } = {}) {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  let stat;
  try {
    stat = await fs.stat(location);
  } catch (e) {
    throw new BertWasmError('E_IO', `${location}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`, { cause: e });
  }
  if (stat.isFile() && HF_FILE_NAMES.has(path.basename(location))) {
    return readLocalModel(path.dirname(location), { onProgress }); // a file inside a model folder
  }
  if (stat.isFile()) {
    const bytes = await readFileBytes(fs, location, path.basename(location), onProgress).catch((e) => {
      throw new BertWasmError('E_IO', `${location}: ${e.message}`, { cause: e });
    });
    if (!isGguf(bytes)) {
      throw new BertWasmError('E_FORMAT', `${location}: not a model: expected a Hugging Face model directory or a GGUF file (magic "GGUF")`);
    }
    return new Map([[GGUF_NAME, bytes]]);
  }
  if (!stat.isDirectory()) throw new BertWasmError('E_UNSUPPORTED', `${location}: expected a model directory or a GGUF file`);

  const reasons = new Map();
  return collectModelFiles({
    where: (name) => `${path.join(location, name)}${reasons.has(name) ? ` (${reasons.get(name)})` : ''}`,
    async read(name) {
      try {
        return await readFileBytes(fs, path.join(location, name), name, onProgress);
      } catch (e) {
        if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null;
        if (e.code === 'EISDIR') {
          reasons.set(name, 'a directory');
          return null;
        }
        throw new BertWasmError('E_IO', `${path.join(location, name)}: ${e.message}`, { cause: e });
      }
    },
  });
}

async function readFileBytes(fs, file, name, onProgress) {
  const bytes = new Uint8Array(await fs.readFile(file));
  onProgress?.({ file: name, loaded: bytes.byteLength, total: bytes.byteLength, cached: false });
  return bytes;
}
