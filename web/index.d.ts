// Types of the bert-wasm package (DESIGN.md's JavaScript API).

export type ErrorCode = 'E_FORMAT' | 'E_UNSUPPORTED' | 'E_INPUT' | 'E_IO' | 'E_STATE';

export class BertWasmError extends Error {
  readonly name: 'BertWasmError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown });
}

export type DType = 'f32' | 'f16' | 'q8_0' | 'q4_0';
export type Pooling = 'mean' | 'cls' | 'pooler';

/** A model directory (Node), or a map of file names ('config.json', 'model.safetensors', ...) to bytes. */
export type ModelSource = string | Record<string, Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string>;

export interface LoadOptions {
  /** Weight type in memory: quantized at load from safetensors. Default 'f32'. */
  dtype?: DType;
  /** Number of threads. */
  threads?: number;
}

export interface ModelConfig {
  readonly architecture: string;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly intermediateSize: number;
  readonly maxPositions: number;
  readonly vocabSize: number;
  /** Default pooling of embed() (from the sentence-transformers config, else 'mean'). */
  readonly pooling: Pooling;
  /** Whether embed() L2-normalizes by default. */
  readonly normalize: boolean;
  /** Default maximum tokens per text for embed(). */
  readonly maxLength: number;
  readonly labels?: readonly string[];
  readonly dtype: DType;
  /** Bytes of weights in memory. */
  readonly weightBytes: number;
}

export interface TokenizeOptions {
  /** Total tokens including [CLS]/[SEP]; default the model's maximum positions. */
  maxLength?: number;
  truncation?: boolean;
}

export interface Encoding {
  ids: Int32Array;
  typeIds: Int32Array;
  tokens: string[];
  /** [start, end) of each token in its own text, in UTF-16 code units; specials get [0, 0]. */
  offsets: Array<[number, number]>;
  /** null for special tokens, 0 for the first text, 1 for the pair. */
  sequenceIds: Array<0 | 1 | null>;
  truncated: boolean;
}

export interface EmbedOptions {
  pooling?: Pooling;
  normalize?: boolean;
  maxLength?: number;
  batchSize?: number;
}

export interface Tensor {
  data: Float32Array;
  dims: number[];
}

export interface Embeddings extends Tensor {
  dims: [number, number];
  truncated: boolean[];
}

export interface EncodeOutput {
  encoding: Encoding;
  lastHiddenState: Tensor;
  poolerOutput?: Tensor;
}

export class Model {
  readonly config: ModelConfig;
  tokenize(text: string, pair?: string | null, options?: TokenizeOptions): Encoding;
  embed(texts: string | string[], options?: EmbedOptions): Promise<Embeddings>;
  encode(text: string, pair?: string | null, options?: { maxLength?: number }): Promise<EncodeOutput>;
  /** Frees the model's WebAssembly memory; later calls throw E_STATE. */
  dispose(): void;
}

export function loadModel(source: ModelSource, options?: LoadOptions): Promise<Model>;

// ---- VectorIndex (web/vector-index.js) ----

export type IndexStorage = 'f32' | 'int8' | 'binary';
/** An id: a string or a finite number (kept as given: 1 and '1' are different ids). */
export type VectorId = string | number;

export interface VectorIndexOptions {
  /** How vectors are kept: 'f32' (exact), 'int8' (per-vector scale), 'binary' (sign bits). Default 'f32'. */
  storage?: IndexStorage;
  /**
   * binary only: re-score rescore · k Hamming candidates with kept int8 vectors (true: 10,
   * false or 0: keep only the bits; score is then 1 − 2·hamming/dim). Default true.
   */
  rescore?: boolean | number;
}

export interface SearchResult {
  id: VectorId;
  /** Cosine similarity (f32), its int8 estimate, or 1 − 2·hamming/dim (binary without re-scoring). */
  score: number;
}

export class VectorIndex {
  /** An empty index of dim-component vectors; vectors are L2-normalized on add. */
  constructor(dim: number, options?: VectorIndexOptions);
  /** Reads toBytes() output; options.dim, when given, must match (else E_FORMAT). */
  static fromBytes(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options?: { dim?: number }): VectorIndex;
  /** Adds vectors (row i under ids[i]); an id already present is replaced in place. */
  add(ids: readonly VectorId[], vectors: { data: Float32Array | ArrayLike<number>; dims: [number, number] | number[] }): void;
  /** Removes id; false if it was not present. */
  remove(id: VectorId): boolean;
  /** The min(k, size) best matches, best first; equal scores in insertion order. k defaults to 10. */
  search(query: Float32Array | ArrayLike<number> | { data: Float32Array | ArrayLike<number>; dims?: number[] }, k?: number): SearchResult[];
  readonly size: number;
  readonly dim: number;
  readonly storage: IndexStorage;
  /** Candidates per result re-scored (binary), 0 when none. */
  readonly rescore: number;
  /** The index in a versioned, checked binary format. */
  toBytes(): Uint8Array;
  /** Frees the index's WebAssembly memory; later calls throw E_STATE. */
  dispose(): void;
}
