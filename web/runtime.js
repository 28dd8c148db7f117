// Loads a WebAssembly build once per process, page or worker. Two builds ship in dist/:
// 'single' (bert-wasm.js, works everywhere) and 'threads' (bert-wasm-mt.js, pthreads; needs
// SharedArrayBuffer: Node, or a crossOriginIsolated page). Its pthread worker script is CommonJS
// and lives in dist/pthread/ beside a {"type":"commonjs"} package.json (TOOLCHAIN.md). The
// pthreads build starts with no workers: each model starts the ones it needs (reserveThreads),
// so a model on one thread never waits for a worker.
import { BertWasmError } from './errors.js';

const isNode = typeof process === 'object' && !!process.versions?.node;
const distUrl = new URL('../dist/', import.meta.url);
const MAX_THREADS = 8; // threads per model: BERT-sized matrices gain little beyond this
const MAX_WORKERS = 32; // pthread workers per runtime, over all the models alive at once

const BUILDS = {
  single: { script: 'bert-wasm.js', wasm: 'bert-wasm.wasm' },
  threads: { script: 'bert-wasm-mt.js', wasm: 'bert-wasm-mt.wasm', worker: 'pthread/bert-wasm-mt.worker.js' },
};

const runtimes = new Map(); // build name -> Promise<module>

/** Whether this environment can run the pthreads build. */
export function threadsSupported() {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  return isNode || globalThis.crossOriginIsolated === true;
}

/** Resolves 'auto' | 'single' | 'threads' to the build to load. */
export async function pickBuild(build = 'auto') {
  if (build === 'single') return 'single';
  if (build === 'threads') {
    if (!threadsSupported()) {
      throw new BertWasmError('E_UNSUPPORTED', "build 'threads' needs SharedArrayBuffer: Node, or a page served with COOP same-origin + COEP require-corp");
    }
    return 'threads';
  }
  if (build !== 'auto') throw new BertWasmError('E_INPUT', `build '${build}' is not one of auto, single, threads`);
  if (!threadsSupported()) return 'single';
  // A development tree may hold only the single-threaded build; the package always has both.
  if (isNode && !(await nodeFileExists(new URL(BUILDS.threads.wasm, distUrl)))) return 'single';
  return 'threads';
}

/** Threads a model uses by default (and at most): one per core, at most MAX_THREADS. */
export async function defaultThreads() {
  const cores = isNode ? (await import('node:os')).availableParallelism?.() ?? 4 : globalThis.navigator?.hardwareConcurrency || 4;
  return Math.max(1, Math.min(MAX_THREADS, cores));
}

/** The instantiated Emscripten module of a build ('auto' picks one), shared by every model. */
export async function getRuntime(build = 'auto') {
  const name = await pickBuild(build);
  if (!runtimes.has(name)) {
    const pending = instantiate(name).catch((e) => {
      runtimes.delete(name);
      throw e instanceof BertWasmError ? e : new BertWasmError('E_IO', `dist/${BUILDS[name].script}: could not start the WebAssembly module: ${e?.message ?? e}`, { cause: e });
    });
    runtimes.set(name, pending);
  }
  return runtimes.get(name);
}

async function instantiate(name) {
  const files = BUILDS[name];
  const scriptUrl = new URL(files.script, distUrl);
  const { default: createBertWasm } = await import(scriptUrl.href);
  const options = {};
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    options.wasmBinary = await readFile(new URL(files.wasm, distUrl));
    options.locateFile = (file) => fileURLToPath(locate(file, files));
  } else {
    options.locateFile = (file) => locate(file, files).href;
  }
  if (name === 'threads') options.mainScriptUrlOrBlob = scriptUrl.href; // the worker lives in another folder
  const module = await createBertWasm(options);
  module.build = name;
  module.maxThreads = name === 'threads' ? await defaultThreads() : 1;
  module.reservedWorkers = 0; // idle workers promised to models being loaded
  return module;
}

/**
 * Makes sure `threads` threads can start for a model being loaded (the caller's own thread and
 * threads - 1 pthread workers), starting workers while the runtime has fewer idle ones that no
 * other load counts on: each model starts its own threads, and a thread without a worker does
 * not start. Resolves to { threads, release }: the threads the model may use (fewer only past
 * MAX_WORKERS), and release(), to call once the model has started its threads or failed to load.
 */
export async function reserveThreads(module, threads) {
  if (module.build !== 'threads') return { threads: 1, release() {} };
  const { PThread } = module;
  const total = PThread.unusedWorkers.length + PThread.runningWorkers.length;
  const idle = Math.max(0, PThread.unusedWorkers.length - module.reservedWorkers);
  const add = Math.max(0, Math.min(threads - 1 - idle, MAX_WORKERS - total));
  const reserved = Math.min(threads - 1, idle + add);
  module.reservedWorkers += reserved; // before any await, so concurrent loads see it
  let held = true;
  const release = () => {
    if (held) module.reservedWorkers -= reserved;
    held = false;
  };
  await Promise.all(Array.from({ length: add }, () => new Promise((resolve) => {
    PThread.allocateUnusedWorker();
    const worker = PThread.unusedWorkers[PThread.unusedWorkers.length - 1];
    PThread.loadWasmModuleToWorker(worker, () => {
      if (isNode) worker.unref(); // idle workers must not keep Node alive (its 'message' listener refs it)
      resolve();
    });
  })));
  return { threads: reserved + 1, release };
}

function locate(file, files) {
  return new URL(file.endsWith('.worker.js') ? files.worker : file, distUrl);
}

async function nodeFileExists(url) {
  const { access } = await import('node:fs/promises');
  return access(url).then(() => true, () => false);
}
