#!/usr/bin/env node
// bert-wasm command line, on the same WebAssembly module as the library.
//   bert-wasm embed --model <dir> [--pooling mean|cls|pooler] [--dtype f32|f16|q8_0|q4_0] [text ...]
//       texts from the arguments, else one per stdin line (plain text, or JSONL with "text");
//       prints one JSON line per text: {"text": ..., "embedding": [...]}
//   bert-wasm tokenize --model <dir> [text ...]
//   bert-wasm info --model <dir>
//   bert-wasm convert <hf-model-dir|model.gguf> -o <out.gguf> [--dtype f32|f16|q8_0|q4_0]
//       writes the model as GGUF (quantized from the checkpoint's own values)
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

import { BertWasmError, unwrap } from './errors.js';
import { loadModel } from './index.js';
import { getRuntime } from './runtime.js';
import { resolveSource } from './sources.js';

const USAGE = `usage: bert-wasm <embed|tokenize|info> --model <dir|file.gguf> [--pooling P] [--dtype D] [text ...]
       bert-wasm convert <hf-model-dir|model.gguf> -o <out.gguf> [--dtype f32|f16|q8_0|q4_0]`;

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = {};
  const texts = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith('-') && a.length > 1) {
      if (i + 1 >= rest.length) throw new BertWasmError('E_INPUT', `${a} needs a value`);
      options[a.replace(/^-+/, '')] = rest[++i];
    } else texts.push(a);
  }
  return { command, options, texts };
}

async function readStdinTexts() {
  const texts = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    if (line.trimStart().startsWith('{')) {
      const record = JSON.parse(line);
      if (typeof record.text !== 'string') throw new BertWasmError('E_INPUT', `JSONL line without "text": ${line.slice(0, 80)}`);
      texts.push(record.text);
    } else texts.push(line);
  }
  return texts;
}

// The same conversion as the native `bert-wasm convert`, in the WebAssembly module.
async function convert([input, ...extra], options) {
  const output = options.o ?? options.output;
  if (!input || extra.length || !output) {
    console.error(USAGE);
    return 2;
  }
  const dtype = options.dtype ?? 'f32';
  const [files, runtime] = await Promise.all([resolveSource(input), getRuntime()]);
  const bytes = unwrap(runtime.convertModel(Object.fromEntries(files), dtype));
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
  const model = await loadModel(options.model, { dtype: options.dtype });
  try {
    if (command === 'info') {
      console.log(JSON.stringify(model.config, null, 2));
      return 0;
    }
    const inputs = texts.length ? texts : await readStdinTexts();
    for (const text of inputs) {
      if (command === 'tokenize') {
        const e = model.tokenize(text);
        console.log(JSON.stringify({ text, ids: Array.from(e.ids), tokens: e.tokens, offsets: e.offsets }));
      } else {
        const { data } = await model.embed(text, { pooling: options.pooling });
        console.log(JSON.stringify({ text, embedding: Array.from(data, (v) => Number(v.toPrecision(7))) }));
      }
    }
    return 0;
  } finally {
    model.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof BertWasmError ? `bert-wasm: ${e.code}: ${e.message}` : e);
    process.exit(1);
  },
);
