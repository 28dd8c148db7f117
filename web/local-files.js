// Model files on a local disk (Node only): a Hugging Face model directory, or one GGUF file,
// read in chunks straight into the WebAssembly heap (heap-files.js).
import { BertWasmError } from './errors.js';
import { GGUF_NAME, collectModelFiles, isGguf } from './model-files.js';

const HF_FILE_NAMES = new Set(['config.json', 'model.safetensors', 'tokenizer.json', 'vocab.txt']);
const CHUNK_BYTES = 8 << 20;

/** Reads the model at `location` into files (a HeapFiles). */
export async function readLocalModel(location, files, { onProgress } = {}) {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  let stat;
  try {
    stat = await fs.stat(location);
  } catch (e) {
    throw new BertWasmError('E_IO', `${location}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`, { cause: e });
  }
  if (stat.isFile() && HF_FILE_NAMES.has(path.basename(location))) {
    return readLocalModel(path.dirname(location), files, { onProgress }); // a file inside a model folder
  }
  if (stat.isFile()) {
    const size = await readFileInto(files, GGUF_NAME, location).catch((e) => {
      throw e instanceof BertWasmError ? e : new BertWasmError('E_IO', `${location}: ${e.message}`, { cause: e });
    });
    onProgress?.({ file: path.basename(location), loaded: size, total: size, cached: false });
    if (!isGguf(files.bytes(GGUF_NAME, 4))) {
      throw new BertWasmError('E_FORMAT', `${location}: not a model: expected a Hugging Face model directory or a GGUF file (magic "GGUF")`);
    }
    return;
  }
  if (!stat.isDirectory()) throw new BertWasmError('E_UNSUPPORTED', `${location}: expected a model directory or a GGUF file`);

  const reasons = new Map();
  await collectModelFiles({
    where: (name) => `${path.join(location, name)}${reasons.has(name) ? ` (${reasons.get(name)})` : ''}`,
    async read(name) {
      try {
        const size = await readFileInto(files, name, path.join(location, name));
        onProgress?.({ file: name, loaded: size, total: size, cached: false });
        return true;
      } catch (e) {
        if (e instanceof BertWasmError) throw e;
        if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return false;
        if (e.code === 'EISDIR') {
          reasons.set(name, 'a directory');
          return false;
        }
        throw new BertWasmError('E_IO', `${path.join(location, name)}: ${e.message}`, { cause: e });
      }
    },
  }, files);
}

/**
 * Reads the local file `file` into files as `name`; resolves to its size. Each chunk is read
 * synchronously into a fresh view of the heap, so no allocation can make that view stale
 * during the read; the event loop runs between chunks.
 */
export async function readFileInto(files, name, file) {
  const fs = await import('node:fs');
  const handle = await fs.promises.open(file, 'r');
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const writer = await files.open(name, stat.size);
    while (writer.loaded < writer.size) {
      const target = writer.next(CHUNK_BYTES);
      const count = fs.readSync(handle.fd, target, 0, target.length, writer.loaded);
      if (count === 0) throw new Error(`the file ended after ${writer.loaded} of its ${writer.size} bytes`);
      writer.advance(count);
      if (writer.loaded < writer.size) await new Promise((resolve) => setImmediate(resolve));
    }
    return writer.size;
  } finally {
    await handle.close();
  }
}
