// Which files of a Hugging Face model bert-wasm reads, and in what order, from any store (a
// directory, a URL, a hub repo, a map of files) through a reader: read(name) puts the file into
// the model's files (heap-files.js) and gives true, or false when the store has no such file.
// Small files come first, so a wrong source fails before the weights download; only files the
// loader uses are asked for.
import { BertWasmError } from './errors.js';

export const GGUF_NAME = 'model.gguf';
export const WEIGHTS_NAME = 'model.safetensors';

/** Whether bytes start with the GGUF magic. */
export function isGguf(bytes) {
  return bytes.length >= 4 && bytes[0] === 0x47 && bytes[1] === 0x47 && bytes[2] === 0x55 && bytes[3] === 0x46;
}

/**
 * @param {{ read(name: string): Promise<boolean>, where(name: string): string }} reader
 *   where(name) names the file for messages (a path or URL, with the reason it was not found).
 * @param files the HeapFiles the reader fills (config.json and modules.json are checked there)
 */
export async function collectModelFiles(reader, files) {
  const get = (name) => reader.read(name);
  const missing = (name, why) => new BertWasmError('E_IO', `${reader.where(name)}: not found; ${why}`);

  if (!(await get('config.json'))) throw missing('config.json', 'a Hugging Face BERT model needs config.json');
  checkJson(files.bytes('config.json', 1 << 20), () => reader.where('config.json'));
  if (!(await get('tokenizer.json'))) {
    if (!(await get('vocab.txt'))) throw missing('vocab.txt', 'the model has neither tokenizer.json nor vocab.txt');
    await get('tokenizer_config.json');
  }
  if (await get('modules.json')) {
    for (const dir of poolingDirs(files.bytes('modules.json'))) await get(`${dir}/config.json`);
    await get('sentence_bert_config.json');
  }
  if (!(await get(WEIGHTS_NAME))) {
    throw missing(WEIGHTS_NAME, 'bert-wasm reads weights from model.safetensors or a GGUF file (PyTorch .bin pickles are not supported)');
  }
}

// A folder URL that answers with a web page (a dev server's fallback, a login wall) fails here,
// before the weights download.
function checkJson(bytes, where) {
  const text = new TextDecoder().decode(bytes);
  if (/^\s*\{/.test(text)) return;
  const head = JSON.stringify(text.trimStart().slice(0, 24));
  throw new BertWasmError('E_FORMAT', `${where()}: not a model's config.json: expected a JSON object, found ${head} at offset 0`);
}

// The folders of sentence-transformers Pooling modules named in modules.json. A modules.json
// that does not parse is left for the loader, which reports it with its offset.
function poolingDirs(bytes) {
  let modules;
  try {
    modules = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return [];
  }
  if (!Array.isArray(modules)) return [];
  return modules
    .filter((m) => m && m.type === 'sentence_transformers.models.Pooling' && typeof m.path === 'string')
    .map((m) => m.path.replace(/\/+$/, ''))
    .filter((p) => /^[\w.-]+$/.test(p) && p !== '.' && p !== '..');
}
