#!/usr/bin/env node
// bert-wasm command line, on the same WebAssembly module as the library (README: Command line).
//   bert-wasm embed --model M [--pooling mean|cls|pooler] [--normalize true|false] [--max-length N]
//                   [--batch-size N] [text ...]     one JSON line per text, with its "embedding"
//   bert-wasm tokenize --model M [--max-length N] [text ...]
//   bert-wasm info --model M                         config, file sizes, weight bytes, build
//   bert-wasm convert <hf-model-dir|model.gguf> -o <out.gguf> [--dtype f32|f16|q8_0|q4_0]
//       writes the model as GGUF (quantized from the checkpoint's own values)
// M: a directory, GGUF file, URL or hub id; with --dtype, --threads, --host, --revision,
// --cache-dir. Texts come from the arguments, else one per stdin line (plain, or JSONL).
import { writeFile } from 'node:fs/promises';

import * as commands from './cli-commands.js';
import { BertWasmError, unwrap } from './errors.js';
import { HeapFiles } from './heap-files.js';
import { getRuntime } from './runtime.js';
import { resolveSource } from './sources.js';

const USAGE = `usage: bert-wasm <embed|tokenize|info> --model <dir|file.gguf|url|org/name> [options] [text ...]
       bert-wasm convert <hf-model-dir|model.gguf> -o <out.gguf> [--dtype f32|f16|q8_0|q4_0]
options: --dtype D, --threads N, --host URL, --revision R, --cache-dir DIR,
         embed: --pooling P, --normalize true|false, --max-length N, --batch-size N`;

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = {};
  const texts = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      texts.push(...rest.slice(i + 1)); // texts that start with a dash
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (i + 1 >= rest.length) throw new BertWasmError('E_INPUT', `${a} needs a value`);
      options[a.replace(/^-+/, '')] = rest[++i];
    } else texts.push(a);
  }
  return { command, options, texts };
}

// The same conversion as the native `bert-wasm convert`, in the WebAssembly module.
async function convert([input, ...extra], options) {
  const output = options.o ?? options.output;
  if (!input || extra.length || !output) {
    console.error(USAGE);
    return 2;
  }
  const dtype = options.dtype ?? 'f32';
  const files = new HeapFiles(getRuntime());
  let bytes;
  try {
    await resolveSource(input, files);
    bytes = unwrap((await files.loader()).convert(dtype));
  } finally {
    files.dispose();
  }
  await writeFile(output, bytes);
  console.error(`bert-wasm: wrote ${output} (${dtype}, ${bytes.length} bytes)`);
  return 0;
}

async function main() {
  const { command, options, texts } = parseArgs(process.argv.slice(2));
  if (command === 'convert') return convert(texts, options);
  if (!['embed', 'tokenize', 'info'].includes(command) || !options.model) {
    console.error(USAGE);
    return 2;
  }
  return commands[command](texts, options);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof BertWasmError ? `bert-wasm: ${e.code}: ${e.message}` : e);
    process.exit(1);
  },
);
