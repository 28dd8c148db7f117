// The page's handle on the search worker (search-worker.js): one worker per loaded model.
// Each call returns a promise; errors come back as BertWasmError (package errors, with their
// code) or Error. A worker that dies rejects everything pending with a message saying so.
import { BertWasmError } from '../web/worker.js';

export class SearchEngine {
  #worker;
  #pending = new Map(); // id -> { resolve, reject, onProgress }
  #nextId = 1;
  #dead = null;

  /**
   * Starts a worker and loads a model in it.
   * @returns {Promise<{ engine: SearchEngine, config: object, fingerprint: string }>}
   */
  static async start(source, options, onProgress) {
    const engine = new SearchEngine();
    try {
      const { config, fingerprint } = await engine.#call('load', { source, options }, onProgress);
      return { engine, config, fingerprint };
    } catch (e) {
      engine.terminate();
      throw e;
    }
  }

  constructor() {
    this.#worker = new Worker(new URL('./search-worker.js', import.meta.url), { type: 'module' });
    this.#worker.onmessage = ({ data }) => this.#receive(data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#fail(`the search worker stopped: ${event.message || 'it could not start'}`);
    };
  }

  /** Starts a new index beside the one searched. */
  begin() { return this.#call('begin'); }

  /** Embeds passages (ids[i] names texts[i]) into the new index: { chunks }. */
  add(ids, texts, chunk) { return this.#call('add', { ids, texts, chunk }); }

  /** Makes the new index the one searched: { size }. */
  commit() { return this.#call('commit'); }

  /** Replaces the searched index by VectorIndex bytes (toBytes): { size }. */
  restore(bytes) { return this.#call('restore', { bytes }); }

  /** The searched index as bytes. */
  save() { return this.#call('save'); }

  /** { hits: [{ id, score }], embedMs, searchMs } */
  search(query, k) { return this.#call('search', { query, k }); }

  terminate() {
    this.#fail('the model was replaced');
    this.#worker.terminate();
  }

  #call(op, args = {}, onProgress) {
    if (this.#dead) return Promise.reject(new Error(this.#dead));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ ...args, id, op });
    });
  }

  #receive({ id, ok, value, error, progress }) {
    const entry = this.#pending.get(id);
    if (!entry) return;
    if (progress) return entry.onProgress?.(progress);
    this.#pending.delete(id);
    if (ok) entry.resolve(value);
    else entry.reject(error.name === 'BertWasmError' ? new BertWasmError(error.code, error.message) : new Error(error.message));
  }

  #fail(reason) {
    this.#dead ??= reason;
    for (const { reject } of this.#pending.values()) reject(new Error(reason));
    this.#pending.clear();
  }
}
