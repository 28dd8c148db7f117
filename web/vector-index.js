// VectorIndex: semantic search over embeddings (DESIGN.md), backed by the C++ index in
// WebAssembly (src/index/). Ids may be strings or finite numbers: each is stored as
// JSON.stringify(id) and parsed back, so 1 and '1' are different ids and numbers stay numbers.
// Vectors are L2-normalized on add; scores are cosines (or their int8 / binary estimates).
import { BertWasmError, unwrap } from './errors.js';
import { getRuntime } from './runtime.js';

const runtime = await getRuntime();
const adopt = Symbol('adopt');
const MAX_K = 0x7fffffff;

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value;
}

function inputError(message) {
  return new BertWasmError('E_INPUT', message);
}

function keyOf(id, where) {
  if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return JSON.stringify(id);
  throw inputError(`${where} must be a string or a finite number, got ${describe(id)}`);
}

function floatsOf(data, where) {
  if (data instanceof Float32Array) return data;
  if (ArrayBuffer.isView(data) || Array.isArray(data)) return Float32Array.from(data);
  throw inputError(`${where} must be a Float32Array or an array of numbers, got ${describe(data)}`);
}

function isCount(n) {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

function bytesOf(bytes) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw inputError(`bytes must be a Uint8Array or an ArrayBuffer, got ${describe(bytes)}`);
}

// 'rescore' option: true → the default (10 candidates per result), false → none, or a count.
function rescoreOf(rescore) {
  if (rescore === undefined || rescore === null || rescore === true) return undefined;
  if (rescore === false) return 0;
  if (Number.isInteger(rescore)) return Math.max(-MAX_K, Math.min(rescore, MAX_K));
  throw inputError(`rescore must be a boolean or an integer, got ${describe(rescore)}`);
}

export class VectorIndex {
  #native;

  /**
   * @param {number} dim vector length
   * @param {{ storage?: 'f32' | 'int8' | 'binary', rescore?: boolean | number }} options
   */
  constructor(dim, options = {}) {
    if (dim === adopt) {
      this.#native = options;
      return;
    }
    if (!Number.isInteger(dim)) throw inputError(`dim must be an integer, got ${describe(dim)}`);
    const { storage = 'f32', rescore } = options ?? {};
    if (typeof storage !== 'string') throw inputError(`storage must be 'f32', 'int8' or 'binary', got ${describe(storage)}`);
    const native = new runtime.WasmVectorIndex();
    try {
      unwrap(native.init(dim, { storage, rescore: rescoreOf(rescore) }));
    } catch (e) {
      native.delete();
      throw e;
    }
    this.#native = native;
  }

  /** Reads toBytes() output; options.dim, when given, must match the stored dimension. */
  static fromBytes(bytes, { dim = 0 } = {}) {
    const view = bytesOf(bytes);
    if (!isCount(dim)) throw inputError(`options.dim must be a positive integer (or 0 for any), got ${describe(dim)}`);
    const native = new runtime.WasmVectorIndex();
    try {
      unwrap(native.load(view, dim));
    } catch (e) {
      native.delete();
      throw e;
    }
    return new VectorIndex(adopt, native);
  }

  #live() {
    if (!this.#native) throw new BertWasmError('E_STATE', 'this vector index has been disposed');
    return this.#native;
  }

  /** Adds (or replaces) vectors: ids[i] gets row i of vectors ({ data, dims: [n, dim] }). */
  add(ids, vectors) {
    const native = this.#live();
    if (!Array.isArray(ids)) throw inputError(`ids must be an array, got ${describe(ids)}`);
    const keys = ids.map((id, i) => keyOf(id, `ids[${i}]`));
    const { data, dims } = vectors ?? {};
    if (!Array.isArray(dims) || dims.length !== 2 || !dims.every(isCount)) {
      throw inputError('vectors.dims must be [rows, dim]');
    }
    unwrap(native.add(keys, floatsOf(data, 'vectors.data'), dims[0], dims[1]));
  }

  /** Removes id; returns whether it was present. */
  remove(id) {
    return this.#live().remove(keyOf(id, 'id'));
  }

  /**
   * The k best matches for query (Float32Array [dim] or { data, dims: [1, dim] }), best first.
   * @returns {{ id: string | number, score: number }[]}
   */
  search(query, k = 10) {
    const native = this.#live();
    let data = query;
    if (query && !ArrayBuffer.isView(query) && !Array.isArray(query)) {
      const { dims } = query;
      if (dims !== undefined && !(Array.isArray(dims) && (dims.length === 1 || (dims.length === 2 && dims[0] === 1)))) {
        throw inputError(`search takes one query vector: dims must be [dim] or [1, dim], got ${JSON.stringify(dims)}`);
      }
      data = query.data;
    }
    if (!Number.isInteger(k)) throw inputError(`k must be an integer, got ${describe(k)}`);
    const raw = unwrap(native.search(floatsOf(data, 'query'), Math.min(k, MAX_K)));
    return raw.ids.map((key, i) => ({ id: JSON.parse(key), score: raw.scores[i] }));
  }

  get size() {
    return this.#live().size();
  }

  get dim() {
    return this.#live().dim();
  }

  get storage() {
    return this.#live().storage();
  }

  /** Candidates re-scored per result (binary storage), 0 when none. */
  get rescore() {
    return this.#live().rescore();
  }

  /** The whole index as bytes (a versioned, checked format; see src/index/vector_index.h). */
  toBytes() {
    return unwrap(this.#live().toBytes());
  }

  /** Frees the index's WebAssembly memory; later calls throw E_STATE. */
  dispose() {
    if (this.#native) {
      this.#native.delete();
      this.#native = null;
    }
  }
}
