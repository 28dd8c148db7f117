// Loads the WebAssembly module once per process/page. In Node the .wasm bytes are read from
// disk and handed over (Emscripten 3.1.6's own fetch path fails under Node's global fetch);
// in browsers Emscripten fetches them next to the .js file.

const isNode = typeof process === 'object' && !!process.versions?.node;
const distUrl = new URL('../dist/', import.meta.url);

let runtime = null;

/** The instantiated Emscripten module (shared by every model). */
export function getRuntime() {
  runtime ??= instantiate().catch((e) => {
    runtime = null;
    throw e;
  });
  return runtime;
}

async function instantiate() {
  const { default: createBertWasm } = await import(new URL('bert-wasm.js', distUrl).href);
  const options = {};
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    options.wasmBinary = await readFile(new URL('bert-wasm.wasm', distUrl));
  } else {
    options.locateFile = (file) => new URL(file, distUrl).href;
  }
  return createBertWasm(options);
}
