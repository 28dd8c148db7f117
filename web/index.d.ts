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
