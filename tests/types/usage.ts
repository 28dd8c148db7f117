// What a TypeScript user writes against 'bert-wasm' (checked by tsc --noEmit, never run).
// Lines marked @ts-expect-error must stay errors: they prove the types reject misuse.
import { BertWasmError, loadModel, VectorIndex } from 'bert-wasm';
import type { Embeddings, LoadProgress, Model, ModelConfig } from 'bert-wasm';

export async function loading(bytes: Uint8Array, buffer: ArrayBuffer, picked: FileList, blob: Blob): Promise<Model[]> {
  const progress: LoadProgress[] = [];
  return Promise.all([
    loadModel('sentence-transformers/all-MiniLM-L6-v2', { host: 'http://127.0.0.1:8080', revision: 'main', cache: true }),
    loadModel('https://example.com/models/minilm/', { onProgress: (e) => progress.push(e), dtype: 'q8_0' }),
    loadModel(new URL('https://example.com/model.gguf')),
    loadModel('./models/tiny', { cacheDir: '/tmp/bert-wasm', threads: 2, build: 'auto' }),
    loadModel(bytes),
    loadModel(buffer),
    loadModel(blob),
    loadModel(picked),
    loadModel({ 'config.json': '{}', 'model.safetensors': bytes, 'vocab.txt': blob }),
    loadModel(new Map([['model.gguf', bytes]])),
  ]);
}

export async function embedding(model: Model): Promise<number> {
  const config: ModelConfig = model.config;
  const e: Embeddings = await model.embed(['a', 'b'], { pooling: 'mean', normalize: true, maxLength: config.maxLength });
  const enc = model.tokenize('hello', null, { maxLength: 8 });
  const out = await model.encode('hello', 'world');
  const index = new VectorIndex(e.dims[1], { storage: 'int8' });
  index.add(['a', 'b'], e);
  const best = index.search(e.data.subarray(0, e.dims[1]), 1)[0];
  model.dispose();
  return best.score + enc.ids[0] + out.lastHiddenState.data[0];
}

export function errors(e: unknown): string | undefined {
  if (e instanceof BertWasmError) return e.code;
  return undefined;
}

export async function misuse(model: Model) {
  // @ts-expect-error: not a dtype
  await loadModel('org/name', { dtype: 'q5_1' });
  // @ts-expect-error: not a build
  await loadModel('org/name', { build: 'gpu' });
  // @ts-expect-error: a number is not a model source
  await loadModel(42);
  // @ts-expect-error: embed takes strings
  await model.embed([1, 2]);
  // @ts-expect-error: tokenize is synchronous on the main thread
  await model.tokenize('a').then(() => 0);
}
