// What a TypeScript user writes against 'bert-wasm/worker' (checked by tsc --noEmit, never run):
// the same calls, each returning a promise.
import { BertWasmError, loadModel } from 'bert-wasm/worker';
import type { WorkerModel } from 'bert-wasm/worker';
import type { Embeddings, Encoding, LoadProgress } from 'bert-wasm';

export async function inWorker(): Promise<number> {
  const model: WorkerModel = await loadModel('org/name', { onProgress: (e: LoadProgress) => void e.loaded, host: 'http://127.0.0.1:1' });
  const e: Embeddings = await model.embed('hello');
  const enc: Encoding = await model.tokenize('hello', 'world');
  const masks = await model.fillMask('the [MASK] sat', { topK: 3 });
  const entities = await model.tokenClassify('Anna lives in Berlin', { aggregation: 'simple' });
  await model.dispose();
  return e.data[0] + enc.ids.length + masks.length + entities.length + model.config.hiddenSize;
}

export function isError(e: unknown): boolean {
  return e instanceof BertWasmError;
}

export async function misuse(model: WorkerModel) {
  // @ts-expect-error: results arrive as promises
  const ids: Int32Array = model.tokenize('a').ids;
  // @ts-expect-error: not a method of Model
  await model.notAMethod();
  return ids;
}
