// The inside of bert-wasm/worker: runs in a Web Worker (module type) or a Node worker thread,
// holds one model, and answers worker.js's messages (worker-messages.js) strictly one at a time,
// so concurrent calls never interleave. Every method of the model is callable by name.
import { BertWasmError } from './errors.js';
import { loadModel } from './index.js';
import { errorToMessage, methodNames, transferables } from './worker-messages.js';

const isNode = typeof process === 'object' && !!process.versions?.node;
const port = isNode ? (await import('node:worker_threads')).parentPort : self;

let model = null;
let methods = new Set();
let queue = Promise.resolve();

const post = (message, transfer = []) => port.postMessage(message, transfer);

const handlers = {
  async load({ id, source, options }) {
    const onProgress = options.progress ? (event) => post({ id, progress: event }) : undefined;
    model?.dispose();
    model = null;
    const { progress, ...rest } = options;
    model = await loadModel(source, { ...rest, onProgress });
    methods = new Set(methodNames(model).filter((name) => name !== 'dispose'));
    return { config: model.config, methods: [...methods] };
  },
  async call({ method, args }) {
    if (!model) throw new BertWasmError('E_STATE', 'no model is loaded in this worker');
    if (!methods.has(method)) {
      throw new BertWasmError('E_INPUT', `model.${method} is not a method`);
    }
    return model[method](...args);
  },
  async dispose() {
    model?.dispose();
    model = null;
  },
};

function onMessage(message) {
  queue = queue.then(async () => {
    try {
      const value = await handlers[message.op](message);
      try {
        post({ id: message.id, ok: true, value }, transferables(value));
      } catch (e) {
        post({ id: message.id, ok: false, error: errorToMessage(e) }); // a result that cannot be cloned
      }
    } catch (e) {
      post({ id: message.id, ok: false, error: errorToMessage(e) });
    }
  });
}

if (isNode) port.on('message', onMessage);
else port.onmessage = (event) => onMessage(event.data);
post({ ready: true });
