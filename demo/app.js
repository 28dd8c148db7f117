// The demo page: wires the controls to the session (session.js). The model comes from the URL
// (settings.js) or from files dropped or picked; the corpus from the sample, pasted text or
// documents; the search box answers as the user types, the latest query winning.
import { filesCorpus, pastedCorpus } from './documents.js';
import { droppedEntries, pickedEntries, sortFiles } from './files.js';
import { EXTENSION } from './index-file.js';
import { forgetSaved } from './saved-index.js';
import { sampleCorpus } from './sample-corpus.js';
import { Session } from './session.js';
import { DEFAULT_MODEL, loadOptions, readSettings } from './settings.js';
import * as view from './view.js';

const { $ } = view;
const settings = readSettings();
const session = new Session(settings.chunk);

// --- search as you type: one query in flight; when it returns, the newest text runs next.
let searching = false;
let rerun = false;

async function search() {
  if (searching) {
    rerun = true;
    return;
  }
  searching = true;
  try {
    do {
      rerun = false;
      const query = $('query').value.trim();
      if (!query || !session.passages.size) {
        view.renderResults([]);
        $('timings').textContent = '';
        continue;
      }
      const t0 = performance.now();
      const { ranked, embedMs, searchMs } = await session.search(query);
      if (rerun) continue; // stale: the text changed meanwhile
      view.renderResults(ranked);
      $('timings').textContent = `${ranked.length} of ${session.passages.size} passages · query embedded in ${view.ms(embedMs)} · searched in ${view.ms(searchMs)} · ${view.ms(performance.now() - t0)} in all`;
      $('results').dataset.query = query;
    } while (rerun);
  } catch (e) {
    view.showError(e);
  } finally {
    searching = false;
  }
}

session.onIndexChange = () => {
  $('query').disabled = false;
  search();
};

// --- files: dropped anywhere on the page, or picked.
async function useFiles(entries) {
  const { model, documents, indexFiles, unknown } = sortFiles(entries);
  for (const path of unknown) {
    view.showMessage(`${path}: ignored: not a document (.txt, .md, .jsonl), a model file (.gguf, .safetensors, config.json, tokenizer.json, vocab.txt) or an index file (${EXTENSION})`);
  }
  if (model) await session.loadModel(model.source, model.name, loadOptions(settings));
  if (!session.engine) return;
  for (const file of indexFiles) await importIndex(file);
  if (documents.length) {
    const { corpus, problems } = await filesCorpus(documents);
    for (const problem of problems) view.showMessage(problem);
    if (corpus) await session.indexCorpus(corpus);
  }
}

async function importIndex(file) {
  try {
    await session.useIndexFile(new Uint8Array(await file.arrayBuffer()), file.name);
  } catch (e) {
    view.showError(e);
  }
}

function wireDrop() {
  let depth = 0;
  const overlay = $('drop-overlay');
  document.addEventListener('dragenter', (e) => {
    e.preventDefault();
    overlay.hidden = ++depth === 0;
  });
  document.addEventListener('dragleave', () => {
    overlay.hidden = --depth <= 0;
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', async (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    useFiles(await droppedEntries(e.dataTransfer)).catch(view.showError);
  });
}

function wirePickers() {
  for (const id of ['pick-model-files', 'pick-model-folder', 'pick-documents', 'pick-index']) {
    $(id).addEventListener('change', (e) => {
      const entries = pickedEntries(e.target.files);
      e.target.value = '';
      useFiles(entries).catch(view.showError);
    });
  }
}

function wireButtons() {
  $('query').addEventListener('input', search);
  $('use-sample').onclick = async () => session.indexCorpus(await sampleCorpus()).catch(view.showError);
  $('index-pasted').onclick = () => {
    let corpus;
    try {
      corpus = pastedCorpus($('pasted').value);
    } catch (e) {
      view.showError(e);
      return;
    }
    session.indexCorpus(corpus);
  };
  $('save-index').onclick = async () => {
    if (!session.passages.size) return view.showMessage('There is no index to save yet');
    const bytes = await session.indexFile();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    link.download = `bert-wasm-index${EXTENSION}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  $('forget-index').onclick = async () => {
    if (!session.model) return;
    await forgetSaved(session.model.fingerprint).catch(view.showError);
    view.showMessage(`The index saved for ${session.model.name} is forgotten: the next visit embeds the corpus again`, { kind: 'note' });
  };
  $('clear-messages').onclick = view.clearMessages;
}

// The shared test models the demo server offers (/models/index.json), or none.
const localModels = fetch('/models/index.json')
  .then((response) => (response.ok ? response.json() : []))
  .catch(() => []);

// The model form: a hub id or URL, and a dtype; loading one reloads the page with it in the URL.
async function fillModelForm() {
  $('model-input').value = settings.model;
  $('dtype').value = settings.dtype;
  $('model-form').onsubmit = (e) => {
    e.preventDefault();
    location.search = withModel($('model-input').value.trim() || DEFAULT_MODEL, $('dtype').value);
  };
  const local = await localModels;
  $('model-list').replaceChildren(...[{ url: DEFAULT_MODEL }, ...local].map(({ url }) => new Option(url, url)));
}

function withModel(model, dtype = settings.dtype) {
  const params = new URLSearchParams(location.search);
  params.set('model', model);
  params.set('dtype', dtype);
  return `?${params}`;
}

// When the model of the URL does not load (offline, say), point at the models served locally.
async function offerLocalModels() {
  const local = await localModels;
  if (local.length === 0) return;
  view.showMessage('Offline, or the hub out of reach? The demo server has these test models (random weights):', {
    kind: 'note',
    links: local.map(({ name, url }) => ({ href: withModel(url), text: name })),
  });
}

function main() {
  for (const problem of settings.problems) view.showMessage(problem, { kind: 'note' });
  wireDrop();
  wirePickers();
  wireButtons();
  fillModelForm();
  session
    .loadModel(settings.model, settings.model, loadOptions(settings))
    .then(() => session.engine || offerLocalModels())
    .catch(view.showError);
}

main();
