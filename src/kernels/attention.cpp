// Self-attention of one sequence, head by head, straight from the [seq, 3·hidden] qkv rows.
// Per head: K is packed as matmul weight panels (8 keys each) and V as panels of 8 head
// columns; then for each tile of up to 4 queries the f32 matmul microkernels compute the scores
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

// One worker's scratch, carved out of a float array.
struct HeadScratch {
  float* keys;    // round_up8(seq) / 8 panels of [head_dim][8]
  float* values;  // round_up8(head_dim) / 8 panels of [seq][8]
  float* query;   // [head_dim][4]: a packed tile of queries
  float* scores;  // [4][round_up8(seq)]: score rows, then probabilities
  float* probs;   // [seq][4]: the probabilities as a packed tile

  static size_t floats(int seq, int head_dim) {
    return size_t(round_up8(seq)) * head_dim + size_t(round_up8(head_dim)) * seq +
           size_t(kMaxTileRows) * (head_dim + round_up8(seq) + seq);
  }
  HeadScratch(float* base, int seq, int head_dim) {
    keys = base;
    values = keys + size_t(round_up8(seq)) * head_dim;
    query = values + size_t(round_up8(head_dim)) * seq;
    scores = query + size_t(kMaxTileRows) * head_dim;
    probs = scores + size_t(kMaxTileRows) * round_up8(seq);
  }
};

// row = softmax(row · scale) over its first `seq` entries.
void softmax_row(float* row, int seq, float scale) {
  const v128_t s = wasm_f32x4_splat(scale);
  const int vec_end = seq / 4 * 4;
  const int tail = seq - vec_end;
  // Lanes past seq read padding; they become -inf and then 0.
  const v128_t tail_mask = wasm_i32x4_lt(wasm_i32x4_make(0, 1, 2, 3), wasm_i32x4_splat(tail));
  const v128_t neg_inf = wasm_f32x4_splat(-INFINITY);
  v128_t vmax = neg_inf;
  for (int j = 0; j < seq; j += 4) {
    v128_t v = wasm_f32x4_mul(wasm_v128_load(row + j), s);
    if (j == vec_end) v = wasm_v128_bitselect(v, neg_inf, tail_mask);
    wasm_v128_store(row + j, v);
    vmax = wasm_f32x4_max(vmax, v);
  }
  const v128_t max = wasm_f32x4_splat(simd::hmax_f32x4(vmax));
  v128_t vsum = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < seq; j += 4) {
    const v128_t e = simd::exp_f32x4(wasm_f32x4_sub(wasm_v128_load(row + j), max));
    wasm_v128_store(row + j, e);
    vsum = wasm_f32x4_add(vsum, e);
  }
  const v128_t sum = wasm_f32x4_splat(simd::hsum_f32x4(vsum));
  for (int j = 0; j < seq; j += 4) wasm_v128_store(row + j, wasm_f32x4_div(wasm_v128_load(row + j), sum));
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
  for (int i0 = 0; i0 < seq; i0 += kMaxTileRows) {
    const int mr = std::min(kMaxTileRows, seq - i0);
    const gemm::Ukernel ukernel = gemm::ukernel(gemm::Family::f32, mr);
    // Scores of mr queries against every key.
    gemm::pack_x_f32(q + stride * i0, stride, mr, head_dim, s.query);
    for (int j0 = 0; j0 < seq8; j0 += kPanelCols)
      ukernel({head_dim, s.query, s.keys + size_t(j0) * head_dim, nullptr, s.scores + j0, size_t(seq8), kPanelCols});
    for (int r = 0; r < mr; ++r) softmax_row(s.scores + size_t(r) * seq8, seq, scale);
    // Probabilities times values, into the output rows of this head.
    gemm::pack_x_f32(s.scores, size_t(seq8), mr, seq, s.probs);
    float* o = out + size_t(i0) * hidden + size_t(h) * head_dim;
    for (int d0 = 0; d0 < head_dim; d0 += kPanelCols)
      ukernel({seq, s.probs, s.values + size_t(d0) * seq, nullptr, o + d0, size_t(hidden), std::min(kPanelCols, head_dim - d0)});
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
