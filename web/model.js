// The JavaScript face of a loaded model (DESIGN.md's API). Texts go to WebAssembly as UTF-8
// bytes (TextEncoder turns a lone surrogate into U+FFFD, one UTF-16 unit, so offsets stay
// right); results come back as fresh typed arrays copied out of the heap.
import { BertWasmError, unwrap } from './errors.js';
import * as tasks from './tasks.js';

const utf8 = new TextEncoder();

function checkText(value, what) {
  if (typeof value !== 'string') {
    throw new BertWasmError('E_INPUT', `${what} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  return utf8.encode(value);
}

function optionalText(value, what) {
  return value === undefined || value === null ? null : checkText(value, what);
}

function pairsOf(flat) {
  const pairs = new Array(flat.length / 2);
  for (let i = 0; i < pairs.length; i++) pairs[i] = [flat[2 * i], flat[2 * i + 1]];
  return pairs;
}

function encodingOf(raw) {
  return {
    ids: raw.ids,
    typeIds: raw.typeIds,
    tokens: raw.tokens,
    offsets: pairsOf(raw.offsets),
    sequenceIds: Array.from(raw.sequenceIds, (s) => (s < 0 ? null : s)),
    truncated: raw.truncated,
  };
}

export class Model {
  #native;

  /** @internal use loadModel() */
  constructor(native) {
    this.#native = native;
    this.config = Object.freeze(native.config());
  }

  #live() {
    if (!this.#native) throw new BertWasmError('E_STATE', 'this model has been disposed');
    return this.#native;
  }

  tokenize(text, pair, { maxLength = 0, truncation = true } = {}) {
    const native = this.#live();
    const raw = unwrap(native.tokenize(checkText(text, 'text'), optionalText(pair, 'pair'), maxLength, truncation));
    return encodingOf(raw);
  }

  async embed(texts, { pooling, normalize, maxLength, batchSize, chunk } = {}) {
    const native = this.#live();
    const list = typeof texts === 'string' ? [texts] : texts;
    if (!Array.isArray(list)) throw new BertWasmError('E_INPUT', 'texts must be a string or an array of strings');
    const bytes = list.map((t, i) => checkText(t, `texts[${i}]`));
    if (chunk !== undefined && (chunk === null || typeof chunk !== 'object')) {
      throw new BertWasmError('E_INPUT', 'chunk must be an object { maxTokens, overlap }');
    }
    const options = { pooling, normalize, maxLength, batchSize, chunk };
    return unwrap(native.embed(bytes, options));
  }

  async encode(text, pair, { maxLength = 0 } = {}) {
    const native = this.#live();
    const raw = unwrap(native.encode(checkText(text, 'text'), optionalText(pair, 'pair'), maxLength));
    const seq = raw.encoding.ids.length;
    const hidden = this.config.hiddenSize;
    const out = {
      encoding: encodingOf(raw.encoding),
      lastHiddenState: { data: raw.lastHiddenState, dims: [seq, hidden] },
    };
    if (raw.poolerOutput) out.poolerOutput = { data: raw.poolerOutput, dims: [hidden] };
    return out;
  }

  async fillMask(text, options) { return tasks.fillMask(this.#live(), text, options); }

  async nextSentence(a, b) { return tasks.nextSentence(this.#live(), a, b); }

  async classify(input, options) { return tasks.classify(this.#live(), input, options); }

  async tokenClassify(text, options) { return tasks.tokenClassify(this.#live(), text, options); }

  async answer(question, context, options) { return tasks.answer(this.#live(), question, context, options); }

  dispose() {
    if (this.#native) {
      this.#native.delete();
      this.#native = null;
    }
  }
}
