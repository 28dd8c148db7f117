// The page's settings, read from its URL:
//   ?model=   a hub id 'org/name', or the URL of a model folder or .gguf file (default below)
//   ?host=    where hub ids resolve (default: the demo server's hub mirror at /hub)
//   ?dtype=   weights in memory: q8_0 (default), f32, f16, q4_0, or 'keep' (as stored)
//   ?chunk= ?overlap=   tokens per indexed window, and tokens shared by neighbouring windows
export const DEFAULT_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';
export const DTYPES = ['q8_0', 'f32', 'f16', 'q4_0', 'keep'];
const DEFAULTS = { dtype: 'q8_0', chunk: 64, overlap: 16 };

/** { model, host, dtype, chunk: { maxTokens, overlap }, problems: string[] } */
export function readSettings(search = globalThis.location?.search ?? '', origin = globalThis.location?.origin) {
  const params = new URLSearchParams(search);
  const problems = [];
  const model = params.get('model')?.trim() || DEFAULT_MODEL;
  const host = params.get('host')?.trim() || `${origin}/hub`;

  let dtype = params.get('dtype') ?? DEFAULTS.dtype;
  if (!DTYPES.includes(dtype)) {
    problems.push(`?dtype=${dtype} is not one of ${DTYPES.join(', ')}; using ${DEFAULTS.dtype}`);
    dtype = DEFAULTS.dtype;
  }
  const maxTokens = integerParam(params, 'chunk', DEFAULTS.chunk, 8, 512, problems);
  const overlap = integerParam(params, 'overlap', Math.min(DEFAULTS.overlap, maxTokens >> 1), 0, maxTokens >> 1, problems);
  return { model, host, dtype, chunk: { maxTokens, overlap }, problems };
}

/** loadModel's options for these settings. */
export function loadOptions({ host, dtype }) {
  return dtype === 'keep' ? { host } : { host, dtype };
}

function integerParam(params, name, fallback, min, max, problems) {
  if (!params.has(name)) return fallback;
  const value = Number(params.get(name));
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`?${name}=${params.get(name)} must be an integer from ${min} to ${max}; using ${fallback}`);
  return fallback;
}
