// Synthetic sentence-embedding-like data for the vector index benchmark, and the float64 brute
// force it is judged against. Same model as tests/native/index's synthetic_data.h (unit cluster
// centers, per-vector noise level, L2-normalized: cosine ≈ 0.7 to the center and ≈ 0.5 to the
// cluster's other members at spread 1), with a 32-bit PRNG so it runs fast in JavaScript.

/** mulberry32: a seeded uniform [0, 1) generator, and standard normals by Box–Muller. */
function makeRng(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

function normalize(x) {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  const norm = Math.sqrt(sum);
  for (let i = 0; i < x.length; i++) x[i] /= norm;
}

/** count unit vectors [count × dim] in nClusters topics: x = c + level · g, level ∈ [0.5, 1.5] · spread / √dim. */
export function clusteredVectors(count, dim, nClusters, spread, seed) {
  const rng = makeRng(seed);
  const centers = Array.from({ length: nClusters }, () => {
    const c = Float64Array.from({ length: dim }, rng.normal);
    normalize(c);
    return c;
  });
  const noise = spread / Math.sqrt(dim);
  const out = new Float32Array(count * dim);
  const x = new Float64Array(dim);
  for (let r = 0; r < count; r++) {
    const c = centers[Math.floor(rng.uniform() * nClusters)];
    const level = noise * (0.5 + rng.uniform());
    for (let i = 0; i < dim; i++) x[i] = c[i] + level * rng.normal();
    normalize(x);
    out.set(x, r * dim);
  }
  return out;
}

/** The k rows of data with the highest float64 cosine to query, best first (ties: lower row). */
export function exactTopK(data, dim, norms, query, k) {
  let qq = 0;
  for (let i = 0; i < dim; i++) qq += query[i] * query[i];
  const best = []; // sorted best first, at most k
  const rows = data.length / dim;
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let i = 0, o = r * dim; i < dim; i++) dot += query[i] * data[o + i];
    const score = dot / Math.sqrt(qq * norms[r] * norms[r]);
    if (best.length === k && score <= best[k - 1].score) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].score < score) at--;
    best.splice(at, 0, { row: r, score });
    if (best.length > k) best.pop();
  }
  return best;
}

/** Euclidean norm of every row, in float64. */
export function rowNorms(data, dim) {
  const norms = new Float64Array(data.length / dim);
  for (let r = 0; r < norms.length; r++) {
    let s = 0;
    for (let i = 0, o = r * dim; i < dim; i++) s += data[o + i] * data[o + i];
    norms[r] = Math.sqrt(s);
  }
  return norms;
}
