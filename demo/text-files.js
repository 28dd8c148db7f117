// Reading a user's documents as text, refusing what is not: files over the size limit (checked
// before reading), binary data (a NUL byte) and bytes that are not UTF-8, each with the file name
// and the byte offset at fault.
export const MAX_DOCUMENT_BYTES = 1 << 20;

/** "1.5 MB" */
export function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1 << 20)).toFixed(1)} MB`;
}

/** The text of a File/Blob named `name`; throws an Error naming what is wrong with it. */
export async function readTextFile(file, name = file.name) {
  if (file.size > MAX_DOCUMENT_BYTES) {
    throw new Error(`${name} is ${formatBytes(file.size)}: the demo indexes documents up to ${formatBytes(MAX_DOCUMENT_BYTES)} each (split it into smaller files)`);
  }
  return decodeText(new Uint8Array(await file.arrayBuffer()), name);
}

/** Checks the length of pasted text as readTextFile checks a file's size. */
export function checkTextSize(text, name) {
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new Error(`${name} is ${formatBytes(bytes)}: the demo indexes documents up to ${formatBytes(MAX_DOCUMENT_BYTES)} each`);
  }
  return text;
}

/** UTF-8 bytes -> string; binary data and invalid UTF-8 throw with the byte offset. */
export function decodeText(bytes, name) {
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new Error(`${name}: byte 0x00 at offset ${nul}: this is binary data, not text`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const [start, end] = invalidSequence(bytes);
    const shown = Array.from(bytes.subarray(start, end), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    throw new Error(`${name}: not UTF-8 text (invalid byte sequence at offset ${start}: ${shown})`);
  }
}

// [start, end) of the first ill-formed sequence. Invalid prefixes only grow, so the byte that
// breaks decoding is found by bisection on prefix length (a streaming decode accepts a sequence
// cut short at the end, and rejects a wrong one); the sequence starts at its lead byte.
function invalidSequence(bytes) {
  const valid = (n) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let [lo, hi] = [0, bytes.length]; // valid(lo); the shortest failing prefix is at most hi long
  if (valid(hi)) hi = bytes.length + 1; // only the ending was cut short
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (valid(mid)) lo = mid;
    else hi = mid;
  }
  const end = Math.min(hi, bytes.length);
  const bad = end - 1; // the byte that broke decoding; it may belong to a sequence begun earlier
  let lead = bad - 1;
  while (lead >= 0 && bad - lead <= 3 && (bytes[lead] & 0xc0) === 0x80) lead--;
  const length = (b) => (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1);
  return [lead >= 0 && bytes[lead] >= 0xc0 && length(bytes[lead]) > bad - lead ? lead : bad, end];
}
