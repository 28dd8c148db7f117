// What bert-wasm/worker's two sides (worker.js, worker-host.js) say to each other.
//   client -> host: { id, op: 'load', source, options } | { id, op: 'call', method, args } | { id, op: 'dispose' }
//   host -> client: { id, ok: true, value } | { id, ok: false, error } | { id, progress: event }
// Errors travel as plain { name, code, message } and become BertWasmError again on arrival.
import { BertWasmError } from './errors.js';

export function errorToMessage(e) {
  return { name: e?.name ?? 'Error', code: e?.code, message: e?.message ?? String(e) };
}

export function errorFromMessage({ name, code, message }) {
  if (name === 'BertWasmError' && code) return new BertWasmError(code, message);
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The ArrayBuffers behind typed arrays anywhere in value, to transfer rather than copy. */
export function transferables(value, found = new Set(), depth = 0) {
  if (!value || typeof value !== 'object' || depth > 8) return [...found];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value instanceof ArrayBuffer) {
    found.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) if (item && typeof item === 'object') transferables(item, found, depth + 1);
  } else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
    for (const item of Object.values(value)) transferables(item, found, depth + 1);
  }
  return [...found];
}

/** Names of the methods an object offers (own prototype chain, Object.prototype excluded). */
export function methodNames(object) {
  const names = new Set();
  for (let p = Object.getPrototypeOf(object); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name !== 'constructor' && !name.startsWith('_') && typeof Object.getOwnPropertyDescriptor(p, name).value === 'function') {
        names.add(name);
      }
    }
  }
  for (const name of Object.keys(object)) if (typeof object[name] === 'function') names.add(name);
  return [...names];
}
