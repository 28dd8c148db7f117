// bert-wasm/worker: the API of 'bert-wasm' with the model running off the calling thread, in a
// Web Worker (browsers) or a worker thread (Node). Each loadModel() starts one worker holding
// one model; its methods (whatever Model offers) return promises, run one at a time in call
// order, and hand results back by transfer; dispose() ends the worker.
import { BertWasmError } from './errors.js';
import { absoluteSource } from './sources.js';
import { errorFromMessage } from './worker-messages.js';

export { BertWasmError };

const isNode = typeof process === 'object' && !!process.versions?.node;
const hostUrl = new URL('./worker-host.js', import.meta.url);

/** Like loadModel from 'bert-wasm'; every method of the model returns a promise. */
export async function loadModel(source, options = {}) {
  const { onProgress, ...rest } = options ?? {};
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new BertWasmError('E_INPUT', 'onProgress must be a function');
  }
  const connection = await Connection.start();
  try {
    const request = { op: 'load', source: absoluteSource(source), options: { ...rest, progress: !!onProgress } };
    const { config, methods } = await connection.request(request, onProgress);
    return workerModel(connection, config, methods);
  } catch (e) {
    connection.close();
    throw e;
  }
}

function workerModel(connection, config, methods) {
  const model = { config: Object.freeze(config) };
  for (const method of methods) {
    model[method] = (...args) => connection.request({ op: 'call', method, args });
  }
  model.dispose = async () => {
    if (connection.closed) return;
    await connection.request({ op: 'dispose' }).catch(() => {});
    connection.close();
  };
  return Object.freeze(model);
}

// One worker and its requests in flight. Node: the worker keeps the process alive only while
// a request is pending.
class Connection {
  #worker;
  #pending = new Map(); // id -> { resolve, reject, onProgress }
  #nextId = 1;
  closed = false;

  static async start() {
    const connection = new Connection();
    await connection.#open();
    return connection;
  }

  async #open() {
    if (isNode) {
      const { Worker } = await import('node:worker_threads');
      // Flags of the parent that a worker refuses (node --input-type=module -e ...) stay behind.
      const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
      this.#worker = new Worker(hostUrl, { execArgv });
      this.#worker.on('message', (m) => this.#onMessage(m));
      this.#worker.on('error', (e) => this.#fail(e?.message ?? String(e)));
      this.#worker.on('exit', (code) => this.#fail(`it exited with code ${code}`));
    } else {
      this.#worker = new Worker(hostUrl, { type: 'module' });
      this.#worker.onmessage = (event) => this.#onMessage(event.data);
      this.#worker.onerror = (event) => {
        event.preventDefault?.();
        this.#fail(event.message || `could not start ${hostUrl.href}`);
      };
      this.#worker.onmessageerror = () => this.#fail('a message could not be read');
    }
    await new Promise((resolve, reject) => this.#pending.set(0, { resolve, reject }));
    this.#worker.unref?.();
  }

  request(message, onProgress) {
    if (this.closed) return Promise.reject(new BertWasmError('E_STATE', 'this model has been disposed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ ...message, id });
      } catch (e) {
        reject(new BertWasmError('E_INPUT', `the arguments cannot be sent to the worker: ${e?.message ?? e}`));
        return;
      }
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.ref?.();
    });
  }

  #onMessage(message) {
    if (message?.ready) return this.#settle(0, { ok: true });
    const entry = this.#pending.get(message?.id);
    if (!entry) return;
    if (message.progress) {
      try {
        entry.onProgress?.(message.progress);
      } catch {
        // a failing progress callback does not stop the load
      }
      return;
    }
    this.#settle(message.id, message);
  }

  #settle(id, { ok, value, error }) {
    const entry = this.#pending.get(id);
    this.#pending.delete(id);
    if (ok) entry?.resolve(value);
    else entry?.reject(errorFromMessage(error));
    if (this.#pending.size === 0) this.#worker.unref?.();
  }

  #fail(reason) {
    if (this.closed) return;
    this.closed = true;
    const error = new BertWasmError('E_STATE', `the bert-wasm worker stopped: ${reason}`);
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
    this.#worker.terminate();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    for (const { reject } of this.#pending.values()) reject(new BertWasmError('E_STATE', 'this model has been disposed'));
    this.#pending.clear();
    this.#worker.terminate();
  }
}
