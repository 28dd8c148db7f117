// The task pipelines of the JS API (DESIGN.md): argument checks and defaults here, the work in
// WebAssembly (bindings/task_bindings.cpp), results shaped like transformers.js's pipelines
// (README.md "## Tasks" lists where and why they differ). Texts go in as UTF-8 bytes; every
// start/end that comes back is in UTF-16 code units of the caller's own string.
import { BertWasmError, unwrap } from './errors.js';
import { getRuntime } from './runtime.js';

const utf8 = new TextEncoder();
const owners = new WeakMap(); // native model -> the WebAssembly runtime it lives in
const INT_MAX = 2 ** 31 - 1;
const AGGREGATIONS = ['none', 'simple', 'first', 'average', 'max'];

function text(value, what) {
  if (typeof value !== 'string') {
    throw new BertWasmError('E_INPUT', `${what} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  return utf8.encode(value);
}

// The runtime (WebAssembly build) that loaded `native`: the default build, else the other one
// (a model loaded with an explicit build option). Task functions must run in that same module.
async function runtimeOf(native) {
  let runtime = owners.get(native);
  if (runtime) return runtime;
  for (const build of [undefined, 'single', 'threads']) {
    runtime = await getRuntime(build);
    if (native instanceof runtime.WasmModel) {
      owners.set(native, runtime);
      return runtime;
    }
  }
  throw new BertWasmError('E_STATE', 'this model belongs to no loaded WebAssembly module');
}

// A whole number >= min; `all` (returned for null / Infinity) when the option allows "no limit".
function count(value, what, min, all) {
  if (all !== undefined && (value === null || value === Infinity)) return all;
  if (!Number.isInteger(value) || value < min) {
    const limit = all !== undefined ? ' (or null / Infinity for no limit)' : '';
    throw new BertWasmError('E_INPUT', `${what} must be an integer >= ${min}${limit}, got ${String(value)}`);
  }
  return Math.min(value, INT_MAX);
}

/** fillMask(text, { topK }) -> [{ token, tokenId, score, sequence }]; one such list per [MASK] when there are several. */
export async function fillMask(native, input, { topK = 5 } = {}) {
  const runtime = await runtimeOf(native);
  const masks = unwrap(runtime.fillMask(native, text(input, 'text'), count(topK, 'topK', 1)));
  return masks.length === 1 ? masks[0] : masks;
}

/** nextSentence(a, b) -> { isNext, logits }: the probability that b follows a. */
export async function nextSentence(native, a, b) {
  const runtime = await runtimeOf(native);
  return unwrap(runtime.nextSentence(native, text(a, 'a'), text(b, 'b')));
}

/** classify(text | [text, pair] | { text, textPair }, { topK }) -> [{ label, score }], best first. */
export async function classify(native, input, { topK = 1 } = {}) {
  let first = input;
  let pair = null;
  if (Array.isArray(input)) {
    if (input.length !== 2) throw new BertWasmError('E_INPUT', `a text pair is [text, pair], got ${input.length} items`);
    [first, pair] = input;
  } else if (input !== null && typeof input === 'object') {
    ({ text: first, textPair: pair = null } = input);
  }
  const runtime = await runtimeOf(native);
  const k = count(topK, 'topK', 1, 0);
  const raw = unwrap(runtime.classify(native, text(first, 'text'), pair === null ? null : text(pair, 'pair'), k));
  return raw.labels;
}

/**
 * tokenClassify(text, { aggregation, ignoreLabels }) -> entities. aggregation 'none':
 * [{ entity, score, index, word, start, end }] per token; otherwise [{ label, score, word, start, end }] per group.
 */
export async function tokenClassify(native, input, { aggregation = 'none', ignoreLabels = ['O'] } = {}) {
  if (!AGGREGATIONS.includes(aggregation)) {
    throw new BertWasmError('E_INPUT', `aggregation must be one of ${AGGREGATIONS.join(', ')}, got ${String(aggregation)}`);
  }
  if (!Array.isArray(ignoreLabels) || !ignoreLabels.every((l) => typeof l === 'string')) {
    throw new BertWasmError('E_INPUT', 'ignoreLabels must be an array of label strings');
  }
  const runtime = await runtimeOf(native);
  const raw = unwrap(runtime.tokenClassify(native, text(input, 'text'), aggregation, ignoreLabels));
  if (aggregation !== 'none') return raw.map(({ label, score, word, start, end }) => ({ label, score, word, start, end }));
  return raw.map(({ label, score, index, word, start, end }) => ({ entity: label, score, index, word, start, end }));
}

/**
 * answer(question, context, { topK, maxAnswerLength, maxLength, stride }) -> [{ answer, score, start, end }],
 * best first; start/end index `context`, and answer is context.slice(start, end).
 */
export async function answer(native, question, context, { topK = 1, maxAnswerLength = 30, maxLength = 0, stride } = {}) {
  const q = text(question, 'question');
  const c = text(context, 'context');
  const args = [
    count(topK, 'topK', 1),
    count(maxAnswerLength, 'maxAnswerLength', 1, 0),
    count(maxLength, 'maxLength', 0),
    stride === undefined || stride === null ? -1 : count(stride, 'stride', 0),
  ];
  const runtime = await runtimeOf(native);
  const raw = unwrap(runtime.answer(native, q, c, ...args));
  return raw.map(({ score, start, end }) => ({ answer: context.slice(start, end), score, start, end }));
}
