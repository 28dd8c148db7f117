// What the page is doing: the loaded model (a SearchEngine), the indexed corpus, and the jobs
// that change them. Loading a model keeps the previous one until the new one works; a corpus is
// indexed beside the current index and swapped in when done; every finished index is saved in
// this browser (saved-index.js) and restored, not re-embedded, when the same model loads again.
import { SearchEngine } from './engine.js';
import { checkIndexModel, decodeIndexFile, encodeIndexFile } from './index-file.js';
import { buildIndex } from './indexer.js';
import { rankPassages } from './ranking.js';
import { loadSaved, saveIndex } from './saved-index.js';
import { sampleCorpus } from './sample-corpus.js';
import { formatBytes } from './text-files.js';
import * as view from './view.js';

export const SEARCH_CHUNKS = 100; // chunks fetched per query, then grouped into passages
export const SHOWN = 10; // passages shown

export class Session {
  engine = null;
  model = null; // { name, fingerprint, hiddenSize, dtype, threads }
  corpus = null; // { label, passages }
  passages = new Map(); // id -> passage of the searched index
  chunk; // { maxTokens, overlap } for new indexes
  embedded = 0; // passages embedded since the page loaded
  #job = 0; // the latest indexing job: older ones stop
  #load = 0; // the latest model load: older ones are dropped
  #indexing = false;
  #modelDetail = '';
  onIndexChange = () => {};

  constructor(chunk) {
    this.chunk = chunk;
  }

  /** Loads a model; on failure the previous one stays. Then opens its saved index or indexes. */
  async loadModel(source, name, options) {
    const load = ++this.#load;
    view.setState('loading');
    view.setCard('model', { title: name, detail: 'loading…', fraction: 0 });
    const t0 = performance.now();
    const files = new Map();
    const onProgress = ({ file, loaded, total }) => {
      files.set(file, { loaded, total: total ?? loaded });
      const sum = [...files.values()].reduce((a, f) => [a[0] + f.loaded, a[1] + f.total], [0, 0]);
      view.setCard('model', { detail: `${file}: ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}`, fraction: sum[1] ? sum[0] / sum[1] : null });
    };
    let started;
    try {
      started = await SearchEngine.start(source, options, onProgress);
    } catch (e) {
      this.#modelFailed(e, name);
      return;
    }
    const { engine, config, fingerprint } = started;
    if (load !== this.#load) return engine.terminate();
    this.#job++; // stops indexing with the old model
    this.engine?.terminate();
    this.engine = engine;
    this.model = { name, fingerprint, hiddenSize: config.hiddenSize, dtype: config.dtype, threads: config.threads };
    this.#modelDetail = `${config.hiddenSize} dims · ${config.dtype} · ${config.threads} thread${config.threads > 1 ? 's' : ''} · loaded in ${view.ms(performance.now() - t0)}`;
    view.setCard('model', { title: name, detail: this.#modelDetail });
    await this.#openIndex();
  }

  #modelFailed(e, name) {
    view.showError(e);
    if (this.engine) {
      view.setCard('model', { title: this.model.name, detail: `${this.#modelDetail} · ${name} did not load: still using this model` });
      view.setState(this.#indexing ? 'indexing' : 'ready');
    } else {
      view.setCard('model', { title: name, detail: 'not loaded: load another model below, or drop model files on the page' });
      view.setCard('index', { title: '—', detail: 'needs a model' });
      view.setState('error');
    }
  }

  // The saved index of this model if there is one, else the current (or the sample) corpus.
  async #openIndex() {
    let saved;
    try {
      saved = await loadSaved(this.model.fingerprint);
    } catch (e) {
      view.showMessage(`This browser cannot keep the index (${e?.message ?? e}); it is built on every visit`, { kind: 'note' });
    }
    if (saved) {
      try {
        await this.useIndexFile(saved.bytes, 'the index saved in this browser', { save: false });
        return;
      } catch (e) {
        view.showMessage(`${e.message}; indexing again`, { kind: 'note' });
      }
    }
    await this.indexCorpus(this.corpus ?? (await sampleCorpus()));
  }

  /** Indexes a corpus ({ label, passages }), then saves it. Returns false when cancelled or failed. */
  async indexCorpus(corpus) {
    const job = ++this.#job;
    const previous = { title: this.corpus?.label ?? '', detail: view.$('index-detail').textContent };
    view.setState('indexing');
    view.setCard('index', { title: corpus.label, detail: `embedding ${corpus.passages.length} passages…`, fraction: 0 });
    let built;
    this.#indexing = true;
    try {
      built = await buildIndex(this.engine, corpus.passages, {
        chunk: this.chunk,
        isCurrent: () => job === this.#job,
        onProgress: ({ done, total, chunks, ms }) => {
          view.setCard('index', { detail: `embedding: ${done} of ${total} passages, ${chunks} chunks, ${view.ms(ms)}`, fraction: done / total });
        },
      });
    } catch (e) {
      if (job !== this.#job) return false; // the model was replaced meanwhile
      view.showError(e);
      view.setCard('index', previous);
      view.setState(this.passages.size ? 'ready' : 'error');
      return false;
    } finally {
      if (job === this.#job) this.#indexing = false;
    }
    if (!built) return false;
    this.embedded += corpus.passages.length;
    const rate = Math.round((1000 * corpus.passages.length) / built.ms);
    this.#setCorpus(corpus, `${corpus.passages.length} passages · ${built.chunks} chunks · embedded in ${view.ms(built.ms)} (${rate} passages/s)`);
    await this.#save();
    return true;
  }

  /** Restores an index file (index-file.js); throws on a file this model cannot use. */
  async useIndexFile(bytes, name, { save = true } = {}) {
    const { header, indexBytes } = decodeIndexFile(bytes, name);
    checkIndexModel(header, this.model, name);
    const job = ++this.#job;
    const { size } = await this.engine.restore(indexBytes);
    if (job !== this.#job) return;
    const when = header.created ? ` on ${new Date(header.created).toLocaleString()}` : '';
    this.#setCorpus(header.corpus, `${header.corpus.passages.length} passages · ${size} chunks · restored from ${name}${when}, nothing re-embedded`);
    if (save) await this.#save();
  }

  /** The searched index as an index file. */
  async indexFile() {
    const header = {
      model: this.model,
      chunk: this.chunk,
      corpus: { label: this.corpus.label, passages: this.corpus.passages },
      created: Date.now(),
    };
    return encodeIndexFile(header, await this.engine.save());
  }

  /** { ranked, embedMs, searchMs } for a query. */
  async search(query) {
    const { engine } = this;
    let found;
    try {
      found = await engine.search(query, SEARCH_CHUNKS);
    } catch (e) {
      if (engine !== this.engine) return this.search(query); // the model was replaced meanwhile
      throw e;
    }
    const { hits, embedMs, searchMs } = found;
    return { ranked: rankPassages(hits, this.passages, SHOWN), embedMs, searchMs };
  }

  #setCorpus(corpus, detail) {
    this.corpus = corpus;
    this.passages = new Map(corpus.passages.map((p) => [p.id, p]));
    view.setCard('index', { title: corpus.label, detail });
    view.$('index-card').dataset.embedded = String(this.embedded);
    this.#indexing = false;
    view.setState('ready');
    this.onIndexChange();
  }

  async #save() {
    try {
      await saveIndex(this.model.fingerprint, await this.indexFile());
    } catch (e) {
      view.showMessage(`The index could not be saved in this browser (${e?.message ?? e}); a reload will embed it again`, { kind: 'note' });
    }
  }
}
