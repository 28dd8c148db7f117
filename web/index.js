// bert-wasm: BERT text encoders in WebAssembly. See README.md for the API.
// loadModel = start a WebAssembly build (runtime.js) + read the files straight into its heap
// (sources.js, heap-files.js) while the model's pthread workers start, if it has any + build the
// model there, which frees the files; errors from the loader are prefixed with the source they
// came from.
import { BertWasmError, unwrap } from './errors.js';
import { HeapFiles } from './heap-files.js';
import { Model } from './model.js';
import { getRuntime, reserveThreads } from './runtime.js';
import { resolveSource } from './sources.js';

export { BertWasmError, Model };
export { VectorIndex } from './vector-index.js';

/**
 * Loads a model: see README.md ("Loading a model") for sources and options.
 * @param {*} source a URL, a hub id 'org/name', a local path (Node), GGUF bytes, or a file map
 * @param {{ dtype?, threads?, build?, onProgress?, cache?, cacheDir?, host?, revision? }} options
 */
export async function loadModel(source, options = {}) {
  const { dtype, threads, build = 'auto', onProgress, cache, cacheDir, host, revision } = options ?? {};
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new BertWasmError('E_INPUT', 'onProgress must be a function');
  }
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) {
    throw new BertWasmError('E_INPUT', `threads must be a positive integer, got ${threads}`);
  }
  const starting = getRuntime(build);
  const files = new HeapFiles(starting);
  const reserving = starting.then((runtime) => reserveThreads(runtime, Math.min(threads ?? runtime.maxThreads, runtime.maxThreads)));
  reserving.catch(() => {}); // a runtime that fails is reported by `starting`
  let reservation;
  try {
    await resolveSource(source, files, { onProgress, cache, cacheDir, host, revision });
    const runtime = await starting;
    const loader = await files.loader();
    reservation = await reserving;
    const load = { threads: reservation.threads };
    if (dtype !== undefined) load.dtype = dtype;
    try {
      unwrap(loader.load(load)); // starts the model's threads on the reserved workers
    } catch (e) {
      throw typeof source === 'string' || source instanceof URL ? new BertWasmError(e.code, `${source}: ${e.message}`) : e;
    }
    return new Model(new runtime.WasmModel(loader));
  } finally {
    files.dispose();
    if (reservation) reservation.release();
    else reserving.then((r) => r.release(), () => {});
  }
}
