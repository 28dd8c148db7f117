// A user's corpus: pasted text or .txt / .md / .jsonl files, cut into passages { id, title, text }.
// Text is split at blank lines, a heading joined to the paragraph after it; a JSONL line is one
// passage { text, id?, title? }. Problems come back as messages naming the file and line; a file
// that yields nothing is a problem too.
import { checkTextSize, readTextFile } from './text-files.js';

export const MAX_PASSAGES = 20000;
// One line: a Markdown heading, or short and without closing punctuation.
const isHeading = (p) => !p.includes('\n') && (/^#{1,6}\s/.test(p) || (p.length < 80 && !/[.!?:;"')\]]$/.test(p)));

/** Passages of text (a .txt or .md document) called `name`. */
export function passagesFromText(text, name) {
  const paragraphs = text.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean);
  const passages = [];
  let pending = '';
  for (const paragraph of paragraphs) {
    pending = pending ? `${pending}\n\n${paragraph}` : paragraph;
    if (!isHeading(paragraph)) {
      passages.push(pending);
      pending = '';
    }
  }
  if (pending) passages.push(pending);
  return passages.map((t, i) => ({ id: `${name}#${i + 1}`, title: `${name} · ${i + 1}`, text: t }));
}

/** Passages of a JSONL document: { passages, problems }. */
export function passagesFromJsonl(text, name) {
  const passages = [];
  const problems = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${name} line ${i + 1}`;
    let item;
    try {
      item = JSON.parse(line);
    } catch (e) {
      return problems.push(`${where}: not JSON (${e.message})`);
    }
    if (typeof item?.text !== 'string' || !item.text.trim()) return problems.push(`${where}: no "text" string`);
    const id = typeof item.id === 'string' || typeof item.id === 'number' ? `${item.id}` : `${name}#${i + 1}`;
    passages.push({ id, title: typeof item.title === 'string' ? item.title : id, text: item.text });
  });
  return { passages, problems };
}

/** A corpus from pasted text: { label, passages } or throws. */
export function pastedCorpus(text) {
  checkTextSize(text, 'the pasted text');
  const passages = passagesFromText(text, 'pasted');
  if (passages.length === 0) throw new Error('Nothing to index: the pasted text is empty');
  return { label: `pasted text (${passages.length} passages)`, passages };
}

/** A corpus from document files: { corpus: { label, passages } | null, problems: string[] }. */
export async function filesCorpus(files) {
  const passages = [];
  const problems = [];
  for (const file of files) {
    try {
      const text = await readTextFile(file);
      const found = /\.jsonl$/i.test(file.name) ? passagesFromJsonl(text, file.name) : { passages: passagesFromText(text, file.name), problems: [] };
      problems.push(...summarize(found.problems, file.name));
      if (found.passages.length === 0 && found.problems.length === 0) problems.push(`${file.name} is empty: no text to index`);
      passages.push(...found.passages);
    } catch (e) {
      problems.push(e.message);
    }
  }
  const ids = new Set();
  const unique = passages.filter((p) => !ids.has(p.id) && ids.add(p.id));
  if (unique.length < passages.length) problems.push(`${passages.length - unique.length} passages repeat an id already used and were left out`);
  if (unique.length > MAX_PASSAGES) {
    problems.push(`${unique.length} passages: the demo indexes at most ${MAX_PASSAGES}; the rest were left out`);
    unique.length = MAX_PASSAGES;
  }
  const names = files.map((f) => f.name);
  const label = names.length === 1 ? names[0] : `${names.length} documents`;
  return { corpus: unique.length ? { label: `${label} (${unique.length} passages)`, passages: unique } : null, problems };
}

// The first three problems of a file, and how many more.
function summarize(problems, name) {
  if (problems.length <= 3) return problems;
  return [...problems.slice(0, 3), `${name}: ${problems.length - 3} more lines skipped`];
}
