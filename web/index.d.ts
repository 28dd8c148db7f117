// Types of the bert-wasm package (DESIGN.md's JavaScript API).

export type ErrorCode = 'E_FORMAT' | 'E_UNSUPPORTED' | 'E_INPUT' | 'E_IO' | 'E_STATE';

export class BertWasmError extends Error {
  readonly name: 'BertWasmError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown });
}

export type DType = 'f32' | 'f16' | 'q8_0' | 'q4_0';
export type Pooling = 'mean' | 'cls' | 'pooler';

/** The bytes of one file. */
export type FileBytes = Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string;

/**
 * Where a model comes from:
 * - a URL (string or URL): a model folder (its Hugging Face files are fetched below it) or a .gguf file;
 * - a Hugging Face hub id 'org/name' (see LoadOptions.host and .revision);
 * - a local path (Node): a model directory or a GGUF file;
 * - GGUF bytes (ArrayBuffer, typed array, Blob);
 * - a map of file names ('config.json', 'model.safetensors', 'tokenizer.json', ..., or 'model.gguf')
 *   to bytes, as an object or a Map, or a list of Files a user picked (a FileList or File[]; folder picks keep their relative paths).
 */
export type ModelSource =
  | string
  | URL
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | Record<string, FileBytes>
  | Map<string, FileBytes>
  | ArrayLike<Blob>;

/** One step of a file's download or read. */
export interface LoadProgress {
  /** The file, as named in the model ('config.json', 'model.safetensors', '1_Pooling/config.json', ...). */
  file: string;
  /** Bytes so far. */
  loaded: number;
  /** The file's size, or null while unknown (no Content-Length). */
  total: number | null;
  /** Whether the bytes came from the cache (Cache API or cacheDir) rather than the network. */
  cached: boolean;
}

/** Which WebAssembly build runs the model. 'auto': 'threads' in Node and crossOriginIsolated pages, else 'single'. */
export type Build = 'auto' | 'single' | 'threads';

export interface LoadOptions {
  /** Weight type in memory: quantized at load from safetensors. Default 'f32'. */
  dtype?: DType;
  /**
   * Threads for the forward pass: default (and at most) one per core up to 8 in the pthreads build; 1 in the
   * single-threaded build. The model starts its threads - 1 pthread workers as it loads: threads 1 starts none.
   */
  threads?: number;
  /** Default 'auto'. */
  build?: Build;
  /** Called as each file downloads or is read. */
  onProgress?: (event: LoadProgress) => void;
  /** Browsers: keep downloads in the Cache API (storage 'bert-wasm'), so the next load makes no request. Default true. */
  cache?: boolean;
  /** Node: a directory that keeps downloaded files (none by default). */
  cacheDir?: string;
  /** Hub host for 'org/name' ids, for mirrors. Default 'https://huggingface.co' (Node: $HF_ENDPOINT if set). */
  host?: string;
  /** Hub branch, tag or commit. Default 'main'. */
  revision?: string;
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
  /** Threads the model runs on (1 in the single-threaded build). */
  readonly threads: number;
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

/** Long texts: one vector per window of maxTokens tokens (incl. [CLS]/[SEP]), consecutive windows sharing `overlap` tokens. */
export interface ChunkOptions {
  maxTokens?: number;
  overlap?: number;
}

export interface ChunkedEmbeddings extends Tensor {
  dims: [number, number];
  /** Per vector: the input it came from and its UTF-16 span there. */
  chunks: Array<{ text: number; start: number; end: number }>;
  /** Per input text: always false (windows cover every token). */
  truncated: boolean[];
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
  embed(texts: string | string[], options: EmbedOptions & { chunk: ChunkOptions }): Promise<ChunkedEmbeddings>;
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

// ---- Tasks (web/tasks.js): BertFor* checkpoints. A model without the head a task needs
// rejects with E_UNSUPPORTED; bad text or options with E_INPUT. start/end are UTF-16 code units.

export interface FillMaskResult {
  /** The vocabulary entry ("##ire" for a continuation piece). */
  token: string;
  tokenId: number;
  /** Softmax over the vocabulary. */
  score: number;
  /** The text decoded with this token in place of the [MASK] (with special tokens when there are several masks). */
  sequence: string;
}

export interface NextSentenceResult {
  /** Probability that the second text follows the first. */
  isNext: number;
  /** seq_relationship logits: [follows, random]. */
  logits: Float32Array;
}

export interface LabelScore {
  label: string;
  /** Softmax over the labels (sigmoid for multi-label and single-output models). */
  score: number;
}

export type Aggregation = 'none' | 'simple' | 'first' | 'average' | 'max';

export interface TokenEntity {
  /** The token's label, e.g. 'B-PER'. */
  entity: string;
  score: number;
  /** The token's index in the encoding ([CLS] is 0). */
  index: number;
  /** The token ('##emy'), or the text an [UNK] stands for. */
  word: string;
  start: number;
  end: number;
}

export interface EntityGroup {
  /** The group's tag without its B-/I- prefix, e.g. 'PER' (Hugging Face Python: entity_group). */
  label: string;
  /** Mean score of the group's tokens (or words). */
  score: number;
  /** The group's tokens joined as Hugging Face decodes them ('louis fremy'). */
  word: string;
  start: number;
  end: number;
}

export interface TokenClassifyOptions<A extends Aggregation = Aggregation> {
  /** 'none' (default): one result per token; others group tokens (and words) as Hugging Face does. */
  aggregation?: A;
  /** Labels (or groups) left out. Default ['O']. */
  ignoreLabels?: string[];
}

export interface AnswerOptions {
  /** Answers returned, best first. Default 1. */
  topK?: number;
  /** Tokens per answer; null or Infinity for no limit. Default 30. */
  maxAnswerLength?: number | null;
  /** Tokens per window ([CLS] question [SEP] context part [SEP]); default min(384, maxPositions). */
  maxLength?: number;
  /** Context tokens shared by consecutive windows; default min(128, half the room for context). */
  stride?: number;
}

export interface AnswerResult {
  /** context.slice(start, end) */
  answer: string;
  /** p(start) · p(end) within the answer's window. */
  score: number;
  start: number;
  end: number;
}

export interface Model {
  /** Top-k fills of the [MASK] (default topK 5); with several [MASK]s, one list per mask. */
  fillMask(text: string, options?: { topK?: number }): Promise<FillMaskResult[] | FillMaskResult[][]>;
  nextSentence(a: string, b: string): Promise<NextSentenceResult>;
  /** A text, a pair [text, pair] or { text, textPair }; topK default 1, null or Infinity for all labels. */
  classify(input: string | [string, string] | { text: string; textPair?: string | null }, options?: { topK?: number | null }): Promise<LabelScore[]>;
  tokenClassify(text: string, options?: TokenClassifyOptions<'none'>): Promise<TokenEntity[]>;
  tokenClassify(text: string, options: TokenClassifyOptions<'simple' | 'first' | 'average' | 'max'>): Promise<EntityGroup[]>;
  answer(question: string, context: string, options?: AnswerOptions): Promise<AnswerResult[]>;
}
