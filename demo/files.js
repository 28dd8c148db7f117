// Files a user drops or picks, sorted by purpose: a model (a .gguf file, or a Hugging Face model's
// files: config.json, model.safetensors, tokenizer.json, …, possibly as a folder), documents to
// index (.txt, .md, .jsonl), index files (.bwindex), and anything else (reported, ignored).
// An entry is { path, file }: path is relative to a dropped or picked folder, else the file name.
import { EXTENSION } from './index-file.js';

const MODEL_FILES = new Set(['config.json', 'tokenizer.json', 'vocab.txt', 'tokenizer_config.json', 'special_tokens_map.json', 'modules.json', 'sentence_bert_config.json']);
const isWeights = (path) => /\.(gguf|safetensors)$/i.test(path);
const isDocument = (path) => /\.(txt|md|markdown|jsonl)$/i.test(path);
const baseName = (path) => path.slice(path.lastIndexOf('/') + 1);

/**
 * @param {{ path: string, file: File }[]} entries
 * @returns {{ model: { source, name } | null, documents: File[], indexFiles: File[], unknown: string[] }}
 */
export function sortFiles(entries) {
  const out = { model: null, documents: [], indexFiles: [], unknown: [] };
  const modelEntries = [];
  // A folder holding config.json or a .gguf file is a model folder: all of it goes to the loader,
  // which reads only what it needs.
  const modelFolders = new Set(entries.filter((e) => e.path.includes('/') && (baseName(e.path) === 'config.json' || isWeights(e.path))).map((e) => e.path.split('/')[0]));
  for (const entry of entries) {
    const top = entry.path.includes('/') ? entry.path.split('/')[0] : null;
    if (modelFolders.has(top)) modelEntries.push({ ...entry, path: entry.path.slice(top.length + 1) });
    else if (isWeights(entry.path) || MODEL_FILES.has(baseName(entry.path))) modelEntries.push({ ...entry, path: baseName(entry.path) });
    else if (entry.path.endsWith(EXTENSION)) out.indexFiles.push(entry.file);
    else if (isDocument(entry.path)) out.documents.push(entry.file);
    else out.unknown.push(entry.path);
  }
  if (modelEntries.length) out.model = modelSource(modelEntries, [...modelFolders][0]);
  return out;
}

// A GGUF file loads as its bytes (a Blob); Hugging Face files as a map of names to Files.
function modelSource(entries, folder) {
  const gguf = entries.find((e) => /\.gguf$/i.test(e.path));
  if (gguf) return { source: gguf.file, name: gguf.file.name };
  const name = folder ?? (entries.length === 1 ? entries[0].path : `${entries.length} model files`);
  return { source: new Map(entries.map((e) => [e.path, e.file])), name };
}

/** Entries of an <input type="file"> (with or without webkitdirectory). */
export function pickedEntries(fileList) {
  return Array.from(fileList, (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** Entries of a drop, folders walked. */
export async function droppedEntries(dataTransfer) {
  const roots = Array.from(dataTransfer.items ?? [], (item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (roots.length === 0) return pickedEntries(dataTransfer.files ?? []);
  const entries = [];
  for (const root of roots) await walk(root, '', entries);
  return entries;
}

async function walk(entry, prefix, out) {
  const path = prefix + entry.name;
  if (entry.isFile) {
    out.push({ path, file: await new Promise((resolve, reject) => entry.file(resolve, reject)) });
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, `${path}/`, out);
  }
}
