// Self-attention of one sequence, head by head, straight from the [seq, 3·hidden] qkv rows.
// Per head: K is packed as matmul weight panels (8 keys each) and V as panels of 8 head
// columns; then for each block of 16 queries the f32 matmul microkernels compute the scores
// Q·Kᵀ, a vector softmax turns them into probabilities, and the microkernels again compute P·V
// into the output rows. Scores and sums follow the reference's order; exp does not (simd_math.h).
#include <algorithm>
#include <cmath>

#include "kernels/gemm.h"
#include "kernels/ops.h"
#include "kernels/simd128.h"
#include "kernels/simd_math.h"
#include "kernels/thread_pool.h"

namespace bertwasm {
namespace {

using gemm::kMaxTileRows;
using gemm::kPanelCols;

int round_up8(int v) { return (v + kPanelCols - 1) / kPanelCols * kPanelCols; }

constexpr int kQueryBlock = 4 * kMaxTileRows;  // queries sharing each pass over K and V

// One worker's scratch, carved out of a float array.
struct HeadScratch {
  float* keys;    // round_up8(seq) / 8 panels of [head_dim][8]
  float* values;  // round_up8(head_dim) / 8 panels of [seq][8]
  float* query;   // 4 packed tiles of [head_dim][4] queries
  float* scores;  // [16][round_up8(seq)]: score rows, then exponentials
  float* probs;   // 4 packed tiles of [seq][4] probabilities
  float* sums;    // [16] softmax denominators

  static size_t floats(int seq, int head_dim) {
    return size_t(round_up8(seq)) * head_dim + size_t(round_up8(head_dim)) * seq +
           size_t(kQueryBlock) * (head_dim + round_up8(seq) + seq + 1);
  }
  HeadScratch(float* base, int seq, int head_dim) {
    keys = base;
    values = keys + size_t(round_up8(seq)) * head_dim;
    query = values + size_t(round_up8(head_dim)) * seq;
    scores = query + size_t(kQueryBlock) * head_dim;
    probs = scores + size_t(kQueryBlock) * round_up8(seq);
    sums = probs + size_t(kQueryBlock) * seq;
  }
};

// row = exp(row · scale - max) over its first `seq` entries; returns their sum.
float softmax_numerators(float* row, int seq, float scale) {
  const v128_t s = wasm_f32x4_splat(scale);
  const int vec_end = seq / 4 * 4;
  // Lanes past seq read padding; they become -inf and then 0.
  const v128_t tail_mask = wasm_i32x4_lt(wasm_i32x4_make(0, 1, 2, 3), wasm_i32x4_splat(seq - vec_end));
  const v128_t neg_inf = wasm_f32x4_splat(-INFINITY);
  v128_t vmax = neg_inf;
  for (int j = 0; j < seq; j += 4) {
    v128_t v = wasm_f32x4_mul(wasm_v128_load(row + j), s);
    if (j == vec_end) v = wasm_v128_bitselect(v, neg_inf, tail_mask);
    wasm_v128_store(row + j, v);
    vmax = wasm_f32x4_pmax(vmax, v);
  }
  const v128_t max = wasm_f32x4_splat(simd::hmax_f32x4(vmax));
  v128_t vsum = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < seq; j += 4) {
    const v128_t e = simd::exp_f32x4(wasm_f32x4_sub(wasm_v128_load(row + j), max));
    wasm_v128_store(row + j, e);
    vsum = wasm_f32x4_add(vsum, e);
  }
  return simd::hsum_f32x4(vsum);
}

// Packs mr rows of exponentials (row_stride apart) divided by their sums into a [seq][mr] tile;
// full tiles transpose four rows at a time.
void pack_probabilities(const float* e, size_t row_stride, int mr, int seq, const float* sums, float* tile) {
  int j = 0;
  if (mr == kMaxTileRows) {
    const v128_t sum = wasm_v128_load(sums);
    for (; j + 4 <= seq; j += 4, tile += 16) {
      const v128_t r0 = wasm_v128_load(e + j), r1 = wasm_v128_load(e + row_stride + j);
      const v128_t r2 = wasm_v128_load(e + 2 * row_stride + j), r3 = wasm_v128_load(e + 3 * row_stride + j);
      const v128_t lo01 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), hi01 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
      const v128_t lo23 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), hi23 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
      wasm_v128_store(tile, wasm_f32x4_div(wasm_i64x2_shuffle(lo01, lo23, 0, 2), sum));
      wasm_v128_store(tile + 4, wasm_f32x4_div(wasm_i64x2_shuffle(lo01, lo23, 1, 3), sum));
      wasm_v128_store(tile + 8, wasm_f32x4_div(wasm_i64x2_shuffle(hi01, hi23, 0, 2), sum));
      wasm_v128_store(tile + 12, wasm_f32x4_div(wasm_i64x2_shuffle(hi01, hi23, 1, 3), sum));
    }
  }
  for (; j < seq; ++j, tile += mr)
    for (int r = 0; r < mr; ++r) tile[r] = e[row_stride * r + j] / sums[r];
}

void attention_head(const float* qkv, int seq, int n_heads, int head_dim, int h, float* out, const HeadScratch& s) {
  const int hidden = n_heads * head_dim;
  const size_t stride = size_t(3) * hidden;
  const float* q = qkv + size_t(h) * head_dim;
  const float* k = q + hidden;
  const float* v = k + hidden;
  const int seq8 = round_up8(seq);
  const float scale = 1.0f / std::sqrt(float(head_dim));
  // Keys as weight panels of 8 keys (keys past seq are zero).
  std::fill(s.keys, s.keys + size_t(seq8) * head_dim, 0.0f);
  for (int j = 0; j < seq; ++j) {
    float* panel = s.keys + size_t(j / kPanelCols) * kPanelCols * head_dim + j % kPanelCols;
    for (int d = 0; d < head_dim; ++d) panel[size_t(d) * kPanelCols] = k[stride * j + d];
  }
  // Values as weight panels of 8 head columns (columns past head_dim are zero).
  for (int d0 = 0; d0 < head_dim; d0 += kPanelCols) {
    const int cols = std::min(kPanelCols, head_dim - d0);
    float* panel = s.values + size_t(d0) * seq;
    for (int j = 0; j < seq; ++j, panel += kPanelCols) {
      std::copy(v + stride * j + d0, v + stride * j + d0 + cols, panel);
      std::fill(panel + cols, panel + kPanelCols, 0.0f);
    }
  }
  // Blocks of up to 16 queries, as tiles of up to 4, so each panel of K and V serves 16 rows.
  for (int i0 = 0; i0 < seq; i0 += kQueryBlock) {
    const int rows = std::min(kQueryBlock, seq - i0);
    const int tiles = (rows + kMaxTileRows - 1) / kMaxTileRows;
    auto tile_rows = [&](int t) { return std::min(kMaxTileRows, rows - t * kMaxTileRows); };
    for (int t = 0; t < tiles; ++t)
      gemm::pack_x_f32(q + stride * (i0 + t * kMaxTileRows), stride, tile_rows(t), head_dim, s.query + size_t(t) * kMaxTileRows * head_dim);
    // Scores Q·Kᵀ.
    for (int j0 = 0; j0 < seq8; j0 += kPanelCols) {
      const float* panel = s.keys + size_t(j0) * head_dim;
      for (int t = 0; t < tiles; ++t)
        gemm::ukernel(gemm::Family::f32, tile_rows(t))({head_dim, s.query + size_t(t) * kMaxTileRows * head_dim, panel, nullptr,
                                                        s.scores + size_t(t) * kMaxTileRows * seq8 + j0, size_t(seq8), kPanelCols});
    }
    // Softmax: exponentials in place, then probabilities packed as matmul tiles.
    for (int r = 0; r < rows; ++r) s.sums[r] = softmax_numerators(s.scores + size_t(r) * seq8, seq, scale);
    for (int t = 0; t < tiles; ++t)
      pack_probabilities(s.scores + size_t(t) * kMaxTileRows * seq8, size_t(seq8), tile_rows(t), seq,
                         s.sums + t * kMaxTileRows, s.probs + size_t(t) * kMaxTileRows * seq);
    // Probabilities times values, into this head's output columns.
    for (int d0 = 0; d0 < head_dim; d0 += kPanelCols) {
      const float* panel = s.values + size_t(d0) * seq;
      for (int t = 0; t < tiles; ++t) {
        float* o = out + size_t(i0 + t * kMaxTileRows) * hidden + size_t(h) * head_dim + d0;
        gemm::ukernel(gemm::Family::f32, tile_rows(t))({seq, s.probs + size_t(t) * kMaxTileRows * seq, panel, nullptr, o,
                                                        size_t(hidden), std::min(kPanelCols, head_dim - d0)});
      }
    }
  }
}

}  // namespace

size_t attention_scratch_floats(int seq, int head_dim, const ThreadPool* pool) {
  return HeadScratch::floats(seq, head_dim) * size_t(pool ? pool->size() : 1);
}

void attention(const float* qkv, int seq, int n_heads, int head_dim, float* out, float* scratch, ThreadPool* pool) {
  const size_t per_worker = HeadScratch::floats(seq, head_dim);
  auto head = [&](int h, int worker) {
    attention_head(qkv, seq, n_heads, head_dim, h, out, HeadScratch(scratch + per_worker * worker, seq, head_dim));
  };
  if (pool) {
    pool->parallel_for(n_heads, head);
  } else {
    for (int h = 0; h < n_heads; ++h) head(h, 0);
  }
}

}  // namespace bertwasm
