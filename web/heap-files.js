// A model's files, written straight into the WebAssembly heap as they are read: each goes into
// room a ModelLoader reserves for it (bindings/wasm_model.h), so the weights exist once, in the
// heap, and no JavaScript copy outlives its read. A file arrives whole (put: one copy) or in
// chunks into room reserved for its known size (open). The heap may grow between two writes,
// which makes older views stale (the single-threaded build's even detach), so every write takes
// a fresh view right before it and uses it at once. MemoryFiles offers the same interface over
// JavaScript memory (for a tool that serves files rather than loading a model).
import { BertWasmError, unwrap } from './errors.js';

export class HeapFiles {
  #loader; // Promise<ModelLoader>
  #ready = null; // the ModelLoader once made
  #deleted = false;

  /** runtime: a promise of the Emscripten module (runtime.js); the loader is made when it is up. */
  constructor(runtime) {
    this.#loader = runtime.then((module) => {
      this.#ready = new module.ModelLoader();
      if (this.#deleted) this.#ready.delete();
      return this.#ready;
    });
    this.#loader.catch(() => {}); // a runtime that fails is reported to whoever awaits it
  }

  /** The ModelLoader holding the files (its load or convert takes them over). */
  loader() {
    return this.#loader;
  }

  /** Copies bytes (a Uint8Array) into the heap as file `name`. */
  async put(name, bytes) {
    const writer = await this.open(name, bytes.byteLength);
    writer.write(bytes);
  }

  /** Reserves `size` bytes for file `name`, filled in order through the writer. */
  async open(name, size) {
    const loader = await this.#loader;
    unwrap(loader.reserve(name, size));
    return new FileWriter(() => loader.view(name), size);
  }

  /** A JavaScript copy of the first `length` bytes of file `name` (small files, file heads). */
  bytes(name, length = Infinity) {
    const view = this.#ready?.view(name);
    if (!view) throw new BertWasmError('E_STATE', `${name}: not read`);
    return view.slice(0, Math.min(length, view.length));
  }

  /** Frees the loader and whatever files it still holds. */
  dispose() {
    this.#deleted = true;
    this.#ready?.delete();
  }
}

export class MemoryFiles {
  #files = new Map(); // name -> Uint8Array

  /** Keeps bytes as file `name` (not copied). */
  async put(name, bytes) {
    this.#files.set(name, bytes);
  }

  async open(name, size) {
    const bytes = new Uint8Array(size);
    this.#files.set(name, bytes);
    return new FileWriter(() => bytes, size);
  }

  bytes(name, length = Infinity) {
    const bytes = this.get(name);
    if (!bytes) throw new BertWasmError('E_STATE', `${name}: not read`);
    return bytes.subarray(0, Math.min(length, bytes.length));
  }

  /** File `name`'s bytes, or undefined. */
  get(name) {
    return this.#files.get(name);
  }
}

// Fills one reserved file front to back: write(chunk) copies a chunk in; next(n) + advance(n)
// let a reader (fs.readSync) fill the view itself. view() gives a fresh view of the whole file.
class FileWriter {
  #view;

  constructor(view, size) {
    this.#view = view;
    this.size = size;
    this.loaded = 0;
  }

  /** A fresh view of the next unwritten bytes, at most `length` of them. */
  next(length) {
    const end = Math.min(this.size, this.loaded + length);
    return this.#view().subarray(this.loaded, end);
  }

  advance(count) {
    this.loaded += count;
  }

  /** Appends a chunk; false, writing nothing, when it would run past the reserved size. */
  write(chunk) {
    if (chunk.byteLength > this.size - this.loaded) return false;
    this.next(chunk.byteLength).set(chunk);
    this.loaded += chunk.byteLength;
    return true;
  }
}

/** Calls onChunk(chunk) for each chunk of a ReadableStream; a throwing onChunk cancels it. */
export async function forEachChunk(stream, onChunk) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onChunk(value);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  }
}
