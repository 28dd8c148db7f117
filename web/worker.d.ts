// Types of bert-wasm/worker: loadModel as in 'bert-wasm', the model living in a worker. Every
// method returns a promise (those of Model that already do keep their exact signatures), and
// dispose() resolves once the worker has ended.
import type { LoadOptions, Model, ModelConfig, ModelSource } from './index.js';

export { BertWasmError } from './index.js';
export type * from './index.js';

type Promised<F> = F extends (...args: any[]) => Promise<any>
  ? F
  : F extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;

/** A Model running in a worker. */
export type WorkerModel = {
  readonly config: ModelConfig;
  /** Ends the worker and frees its memory; later calls reject with E_STATE. */
  dispose(): Promise<void>;
} & {
  readonly [K in Exclude<keyof Model, 'config' | 'dispose'>]: Promised<Model[K]>;
};

/** Loads a model in a new Web Worker (browsers) or worker thread (Node). */
export function loadModel(source: ModelSource, options?: LoadOptions): Promise<WorkerModel>;
