// The demo's Web Worker: holds the model and the vector index, so embedding never blocks the
// page. The page (engine.js) sends { id, op, ...args } and gets { id, ok, value | error } or
// { id, progress }. Messages run one at a time, in order. A new index is built beside the one
// in use (begin / add / commit), so searches keep answering while a corpus is indexed.
// The package is imported by path; in an app it is 'bert-wasm' (workers have no import maps).
// It is imported dynamically: its module awaits the WebAssembly runtime at the top level, and
// onmessage must be set before the page's first message arrives.
import { chunkId } from './ranking.js';

const bertWasm = import('../web/index.js');

const PROBE = 'bert-wasm demo: the fingerprint of a model is its embedding of this sentence.';

let model = null;
let index = null; // searched
let building = null; // being filled by add()

const ops = {
  async load({ source, options }, progress) {
    const { loadModel } = await bertWasm;
    model = await loadModel(source, { ...options, onProgress: progress });
    const probe = await model.embed(PROBE);
    return { config: model.config, fingerprint: fingerprint(probe.data) };
  },
  async begin() {
    const { VectorIndex } = await bertWasm;
    building?.dispose();
    building = new VectorIndex(model.config.hiddenSize);
    return null;
  },
  async add({ ids, texts, chunk }) {
    if (!building) throw new Error('add() before begin()');
    const embedded = await model.embed(texts, { chunk });
    building.add(embedded.chunks.map((c) => chunkId(ids[c.text], c.start, c.end)), embedded);
    return { chunks: embedded.chunks.length };
  },
  commit() {
    index?.dispose();
    [index, building] = [building, null];
    return { size: index.size };
  },
  async restore({ bytes }) {
    const { VectorIndex } = await bertWasm;
    const restored = VectorIndex.fromBytes(bytes, { dim: model.config.hiddenSize });
    index?.dispose();
    index = restored;
    return { size: index.size };
  },
  save() {
    return index.toBytes();
  },
  async search({ query, k }) {
    const t0 = performance.now();
    const { data } = await model.embed(query);
    const t1 = performance.now();
    const hits = index ? index.search(data, Math.min(k, index.size)) : [];
    return { hits, embedMs: t1 - t0, searchMs: performance.now() - t1 };
  },
};

// FNV-1a over the probe embedding's bits, twice (two seeds): the same weights and dtype give
// the same fingerprint from any source, since results are bitwise reproducible.
function fingerprint(data) {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const hash = (seed) => {
    let h = seed >>> 0;
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  return hash(0x811c9dc5) + hash(0x2166136);
}

let queue = Promise.resolve();
self.onmessage = ({ data: message }) => {
  queue = queue.then(async () => {
    const progress = (event) => self.postMessage({ id: message.id, progress: event });
    try {
      const value = await ops[message.op](message, progress);
      self.postMessage({ id: message.id, ok: true, value });
    } catch (e) {
      self.postMessage({ id: message.id, ok: false, error: { name: e?.name, code: e?.code, message: e?.message ?? String(e) } });
    }
  });
};
