// The README's examples of loading and of bert-wasm/worker run as written (a Node ESM script in
// the repo, importing the package by name), with hub ids served by the local test server
// ($HF_ENDPOINT). A `console.log(...) // expected` line must print what its comment says
// (compared without spaces and quotes).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { startServer } from '../browser/server.js';
import { REPO } from './helpers.js';

const SECTIONS = ['### `await loadModel(', '### `bert-wasm/worker`'];

function examples() {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const found = [];
  for (const heading of SECTIONS) {
    const start = readme.indexOf(heading);
    assert.ok(start >= 0, `README has no section ${heading}`);
    const end = readme.indexOf('\n### ', start + heading.length);
    const section = readme.slice(start, end < 0 ? undefined : end);
    for (const [, code] of section.matchAll(/```js\n([\s\S]*?)```/g)) found.push({ heading, code });
  }
  return found;
}

const squash = (s) => s.replace(/[\s'"]/g, '');

let server;
let tmp; // the examples' os.tmpdir(), removed afterwards
before(async () => {
  server = await startServer();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-wasm-readme-'));
});
after(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const [i, { heading, code }] of examples().entries()) {
  test(`README example ${i + 1} (${heading.slice(4)}…) runs and prints what it says`, { timeout: 120_000 }, async () => {
    const env = { ...process.env, HF_ENDPOINT: server.origin, TMPDIR: tmp };
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO, env, timeout: 100_000 });
    const claims = [...code.matchAll(/^\s*console\.log\(.*\); \/\/ (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(stdout.trim().split('\n').filter(Boolean).map(squash), claims.map(squash));
  });
}
