// VectorIndex end to end through the package's WebAssembly module: every storage, number and
// string ids, replace / remove, toBytes / fromBytes, and errors that are BertWasmErrors after
// which the module keeps working.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BertWasmError, VectorIndex } from '../../web/index.js';

// Deterministic pseudo-random vectors (mulberry32), rows × dim.
function randomVectors(rows, dim, seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return { data: Float32Array.from({ length: rows * dim }, next), dims: [rows, dim] };
}

function row(vectors, r) {
  const dim = vectors.dims[1];
  return vectors.data.subarray(r * dim, (r + 1) * dim);
}

// Cosine similarities computed here in float64, best first.
function bruteForce(vectors, ids, query, k) {
  const dim = vectors.dims[1];
  const norm = (v) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  const qn = norm(query);
  const scored = ids.map((id, r) => {
    const v = row(vectors, r);
    let dot = 0;
    for (let i = 0; i < dim; i++) dot += v[i] * query[i];
    return { id, score: dot / (norm(v) * qn) };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, k);
}

function throwsCode(fn, code, pattern) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof BertWasmError, `expected BertWasmError, got ${e}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

test('f32 search matches a float64 brute force, with number ids', () => {
  const vectors = randomVectors(200, 24, 1);
  const ids = Array.from({ length: 200 }, (_, i) => i * 10);
  const index = new VectorIndex(24);
  try {
    index.add(ids, vectors);
    assert.equal(index.size, 200);
    assert.equal(index.dim, 24);
    assert.equal(index.storage, 'f32');
    const query = row(randomVectors(1, 24, 2), 0);
    const got = index.search(query, 5);
    const want = bruteForce(vectors, ids, query, 5);
    assert.deepEqual(got.map((h) => h.id), want.map((h) => h.id));
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(got[i].score - want[i].score) < 1e-6);
    assert.equal(typeof got[0].id, 'number');
    // { data, dims: [1, dim] } is the same query.
    assert.deepEqual(index.search({ data: query, dims: [1, 24] }, 5), got);
    assert.equal(index.search(query).length, 10); // k defaults to 10
  } finally {
    index.dispose();
  }
});

test('every storage finds each vector first, with string ids', () => {
  const vectors = randomVectors(50, 64, 3);
  const ids = Array.from({ length: 50 }, (_, i) => `doc-${i}`);
  for (const [storage, rescore] of [['f32'], ['int8'], ['binary'], ['binary', false], ['binary', 3]]) {
    const index = new VectorIndex(64, { storage, rescore });
    try {
      index.add(ids, vectors);
      assert.equal(index.storage, storage);
      assert.equal(index.rescore, storage !== 'binary' ? 0 : rescore === false ? 0 : rescore ?? 10);
      for (let r = 0; r < 50; r += 7) {
        const [best] = index.search(row(vectors, r), 3);
        assert.equal(best.id, `doc-${r}`, `${storage} ${rescore}`);
        assert.ok(best.score > 0.98 && best.score < 1.02, `${storage}: ${best.score}`);
      }
    } finally {
      index.dispose();
    }
  }
});

test('1 and "1" are different ids; replace and remove', () => {
  const index = new VectorIndex(3, { storage: 'int8' });
  try {
    index.add([1, '1'], { data: new Float32Array([1, 0, 0, 0, 1, 0]), dims: [2, 3] });
    assert.equal(index.size, 2);
    let hits = index.search(new Float32Array([1, 0, 0]), 2);
    assert.deepEqual(hits.map((h) => h.id), [1, '1']);
    index.add(['1'], { data: [2, 0, 0], dims: [1, 3] }); // replaced in place: keeps its position
    hits = index.search([1, 0, 0], 2);
    assert.deepEqual(hits.map((h) => h.id), [1, '1']);
    assert.equal(hits[0].score, hits[1].score);
    assert.equal(index.remove(1), true);
    assert.equal(index.remove(1), false);
    assert.equal(index.remove('missing'), false);
    assert.deepEqual(index.search([1, 0, 0], 5).map((h) => h.id), ['1']);
    assert.equal(index.size, 1);
  } finally {
    index.dispose();
  }
});

test('toBytes / fromBytes round trip for every storage', () => {
  const vectors = randomVectors(30, 20, 4);
  const ids = Array.from({ length: 30 }, (_, i) => (i % 2 ? `s${i}` : i));
  const query = row(randomVectors(1, 20, 5), 0);
  for (const storage of ['f32', 'int8', 'binary']) {
    const index = new VectorIndex(20, { storage });
    index.add(ids, vectors);
    index.remove('s3');
    const bytes = index.toBytes();
    assert.ok(bytes instanceof Uint8Array);
    const back = VectorIndex.fromBytes(bytes, { dim: 20 });
    const fromBuffer = VectorIndex.fromBytes(Buffer.from(bytes)); // a view into Node's pool
    const fromArrayBuffer = VectorIndex.fromBytes(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    try {
      assert.equal(back.size, 29);
      assert.equal(back.storage, storage);
      assert.deepEqual(back.search(query, 8), index.search(query, 8));
      assert.deepEqual(fromBuffer.search(query, 8), index.search(query, 8));
      assert.deepEqual(fromArrayBuffer.search(query, 8), index.search(query, 8));
      assert.deepEqual(back.toBytes(), bytes);
    } finally {
      index.dispose();
      back.dispose();
      fromBuffer.dispose();
      fromArrayBuffer.dispose();
    }
  }
});

test('bad bytes are E_FORMAT errors', () => {
  const index = new VectorIndex(8);
  index.add(['a', 'b'], randomVectors(2, 8, 6));
  const bytes = index.toBytes();
  index.dispose();
  for (let n = 0; n < bytes.length; n += 5) {
    throwsCode(() => VectorIndex.fromBytes(bytes.subarray(0, n)), 'E_FORMAT', /vector index bytes: offset \d+/);
  }
  const bad = bytes.slice();
  bad[8] = 9; // version
  throwsCode(() => VectorIndex.fromBytes(bad), 'E_FORMAT', /offset 8: version 9/);
  throwsCode(() => VectorIndex.fromBytes(bytes, { dim: 384 }), 'E_FORMAT', /dim 8, expected 384/);
  throwsCode(() => VectorIndex.fromBytes('not bytes'), 'E_INPUT', /Uint8Array/);
});

test('bad input is a BertWasmError and the module keeps working', () => {
  throwsCode(() => new VectorIndex(8, { storage: 'f16' }), 'E_INPUT', /unknown index storage 'f16'/);
  throwsCode(() => new VectorIndex(0), 'E_INPUT', /dim must be 1 to 65536, got 0/);
  throwsCode(() => new VectorIndex('8'), 'E_INPUT', /dim must be an integer/);
  throwsCode(() => new VectorIndex(8, { storage: 'binary', rescore: 5000 }), 'E_INPUT', /rescore must be 0 to 1000/);
  const index = new VectorIndex(8);
  try {
    const vectors = randomVectors(3, 8, 7);
    throwsCode(() => index.add(['a', 'b', 'c'], { data: vectors.data, dims: [6, 4] }), 'E_INPUT', /dim 4, expected 8/);
    throwsCode(() => index.add(['a', 'b'], vectors), 'E_INPUT', /2 ids for 3 vectors/);
    throwsCode(() => index.add(['a', 'b', 'c'], { data: vectors.data.subarray(1), dims: [3, 8] }), 'E_INPUT', /holds 23 values/);
    throwsCode(() => index.add([{}, 'b', 'c'], vectors), 'E_INPUT', /ids\[0\] must be a string or a finite number/);
    throwsCode(() => index.add([NaN, 'b', 'c'], vectors), 'E_INPUT', /ids\[0\]/);
    throwsCode(() => index.add(['a', 'b', 'c'], { data: vectors.data }), 'E_INPUT', /dims must be \[rows, dim\]/);
    const nan = vectors.data.slice();
    nan[13] = NaN;
    throwsCode(() => index.add(['a', 'b', 'c'], { data: nan, dims: [3, 8] }), 'E_INPUT', /vector 1: value 5 is NaN/);
    assert.equal(index.size, 0);
    index.add(['a', 'b', 'c'], vectors);
    throwsCode(() => index.search(new Float32Array(7), 1), 'E_INPUT', /query has dim 7, expected 8/);
    throwsCode(() => index.search(row(vectors, 0), 0), 'E_INPUT', /k must be at least 1, got 0/);
    throwsCode(() => index.search(row(vectors, 0), 1.5), 'E_INPUT', /k must be an integer/);
    throwsCode(() => index.search(new Float32Array(8), 1), 'E_INPUT', /query: all values are zero/);
    throwsCode(() => index.search({ data: vectors.data, dims: [3, 8] }, 1), 'E_INPUT', /one query vector/);
    throwsCode(() => index.search(null, 1), 'E_INPUT', /query must be a Float32Array/);
    // Still works, including with a huge k.
    assert.deepEqual(index.search(row(vectors, 1), 1e12).map((h) => h.id).length, 3);
    assert.equal(index.search(row(vectors, 1), 1)[0].id, 'b');
  } finally {
    index.dispose();
  }
  throwsCode(() => index.size, 'E_STATE', /disposed/);
  throwsCode(() => index.search(new Float32Array(8), 1), 'E_STATE', /disposed/);
  index.dispose(); // twice is harmless
});
