// BertWasmError: every failure the package reports, with a machine-readable code.
//   E_FORMAT      a file is malformed (names the file, tensor, key or byte offset)
//   E_UNSUPPORTED a valid file or option this library does not handle
//   E_INPUT       bad arguments or text
//   E_IO          a file could not be read or fetched
//   E_STATE       the model was used after dispose(), or similar misuse

export class BertWasmError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'BertWasmError';
    this.code = code;
  }
}

/** Returns `result`, or throws the BertWasmError it carries ({ error: { code, message } }). */
export function unwrap(result) {
  if (result && typeof result === 'object' && result.error) {
    throw new BertWasmError(result.error.code, result.error.message);
  }
  return result;
}
