// bert-wasm: BERT text encoders in WebAssembly. See README.md for the API.
import { BertWasmError, unwrap } from './errors.js';
import { Model } from './model.js';
import { getRuntime } from './runtime.js';
import { resolveSource } from './sources.js';

export { BertWasmError, Model };
export { VectorIndex } from './vector-index.js';

/**
 * Loads a model. source: a local directory (Node) or a map of file names to bytes.
 * options.dtype: 'f32' | 'f16' | 'q8_0' | 'q4_0' (weights in memory; default f32).
 */
export async function loadModel(source, { dtype, threads } = {}) {
  const files = await resolveSource(source);
  const runtime = await getRuntime();
  const loader = new runtime.ModelLoader();
  try {
    for (const [name, bytes] of files) loader.addFile(name, bytes);
    unwrap(loader.load({ dtype, threads }));
    return new Model(new runtime.WasmModel(loader));
  } finally {
    loader.delete();
  }
}
