// Self-attention of a batch of sequences, head by head, straight from the [seq, 3·hidden] qkv rows,
// computed transposed so that the softmax runs down columns (no horizontal reductions, no
// transposes of the probabilities):
//   1. per head, keys are packed as matmul activation tiles of 4 keys and values as tiles of 4
//      head columns (Vᵀ);
//   2. per block of 16 queries, the queries become two weight panels of 8, and the f32 matmul
//      microkernels compute Sᵀ = K·Qᵀ straight into panel layout [seq][8 queries];
//   3. the softmax runs vertically: lane c of each row belongs to query c;
//   4. the microkernels compute Oᵀ = Vᵀ·E from the unnormalized exponentials E, and each output
//      is divided by its query's sum while it is transposed into place.
// Every query's numbers come from its own lane in a fixed order, so a result never depends on
// the query's position in its block. exp is the vector one of simd_math.h.
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

constexpr int kPanels = 2;                          // query panels per block
constexpr int kQueryBlock = kPanels * kPanelCols;   // queries sharing each pass over K and V

// One worker's scratch, carved out of a float array.
struct HeadScratch {
  float* keys;     // [seq · head_dim]: tiles of 4 keys, [head_dim][4] each (then the tail tile)
  float* values;   // [head_dim · seq]: tiles of 4 head columns, [seq][4] each (then the tail)
  float* queries;  // kPanels panels of [head_dim][8]
  float* exps;     // kPanels panels of [seq][8]: scores, then exponentials
  float* out;      // [head_dim][16]: Oᵀ of the block
  float* sums;     // [16] softmax denominators

  static size_t floats(int seq, int head_dim) {
    return 2 * size_t(seq) * head_dim + size_t(kQueryBlock) * (2 * head_dim + seq + 1);
  }
  HeadScratch(float* base, int seq, int head_dim) {
    keys = base;
    values = keys + size_t(seq) * head_dim;
    queries = values + size_t(seq) * head_dim;
    exps = queries + size_t(kQueryBlock) * head_dim;
    out = exps + size_t(kQueryBlock) * seq;
    sums = out + size_t(kQueryBlock) * head_dim;
  }
};

int tile_rows(int total, int first) { return std::min(kMaxTileRows, total - first); }

// Packs rows of 4 keys per tile: tile t holds [d][r] = k[4t + r][d].
void pack_keys(const float* k, size_t stride, int seq, int head_dim, float* tiles) {
  for (int j0 = 0; j0 < seq; j0 += kMaxTileRows, tiles += size_t(kMaxTileRows) * head_dim)
    gemm::pack_x_f32(k + stride * j0, stride, tile_rows(seq, j0), head_dim, tiles);
}

// Packs Vᵀ: the tile of head columns d0..d0+3 holds [j][r] = v[j][d0 + r].
void pack_values(const float* v, size_t stride, int seq, int head_dim, float* tiles) {
  for (int d0 = 0; d0 < head_dim; d0 += kMaxTileRows) {
    const int mr = tile_rows(head_dim, d0);
    if (mr == kMaxTileRows) {
      for (int j = 0; j < seq; ++j, tiles += mr) wasm_v128_store(tiles, wasm_v128_load(v + stride * j + d0));
    } else {
      for (int j = 0; j < seq; ++j, tiles += mr)
        for (int r = 0; r < mr; ++r) tiles[r] = v[stride * j + d0 + r];
    }
  }
}

// Softmax numerators of one panel, down its columns: e = exp(s · scale - max) in place, and
// the column sums. max(s) · scale is max(s · scale) exactly (scale > 0, rounding is monotonic).
void softmax_columns(float* panel, int seq, float scale, float* sums) {
  v128_t max0 = wasm_f32x4_splat(-INFINITY), max1 = max0;
  for (int j = 0; j < seq; ++j) {
    max0 = wasm_f32x4_pmax(max0, wasm_v128_load(panel + size_t(j) * kPanelCols));
    max1 = wasm_f32x4_pmax(max1, wasm_v128_load(panel + size_t(j) * kPanelCols + 4));
  }
  const v128_t s = wasm_f32x4_splat(scale);
  max0 = wasm_f32x4_mul(max0, s);
  max1 = wasm_f32x4_mul(max1, s);
  v128_t sum0 = wasm_f32x4_splat(0.0f), sum1 = sum0;
  for (int j = 0; j < seq; ++j) {
    float* row = panel + size_t(j) * kPanelCols;
    const v128_t e0 = simd::exp_nonpositive_f32x4(wasm_f32x4_sub(wasm_f32x4_mul(wasm_v128_load(row), s), max0));
    const v128_t e1 = simd::exp_nonpositive_f32x4(wasm_f32x4_sub(wasm_f32x4_mul(wasm_v128_load(row + 4), s), max1));
    wasm_v128_store(row, e0);
    wasm_v128_store(row + 4, e1);
    sum0 = wasm_f32x4_add(sum0, e0);
    sum1 = wasm_f32x4_add(sum1, e1);
  }
  wasm_v128_store(sums, sum0);
  wasm_v128_store(sums + 4, sum1);
}

// out[i][d] = o_t[d][i] / sums[i] for the block's `rows` queries (o_t is [head_dim][16]), 4 × 4
// at a time through transposes.
void divide_transposed(const float* o_t, const float* sums, int rows, int head_dim, float* out, size_t out_stride) {
  int d = 0;
  if (rows == kQueryBlock) {
    for (; d + 4 <= head_dim; d += 4) {
      const float* src = o_t + size_t(d) * kQueryBlock;
      for (int i = 0; i < kQueryBlock; i += 4) {
        v128_t q0 = wasm_v128_load(src + i), q1 = wasm_v128_load(src + kQueryBlock + i);
        v128_t q2 = wasm_v128_load(src + 2 * kQueryBlock + i), q3 = wasm_v128_load(src + 3 * kQueryBlock + i);
        simd::transpose4x4(q0, q1, q2, q3);  // now q_r = dims d..d+3 of query i + r
        const v128_t qs[4] = {q0, q1, q2, q3};
        for (int r = 0; r < 4; ++r)
          wasm_v128_store(out + size_t(i + r) * out_stride + d, wasm_f32x4_div(qs[r], wasm_f32x4_splat(sums[i + r])));
      }
    }
  }
  for (int i = 0; i < rows; ++i)
    for (int dd = d; dd < head_dim; ++dd) out[size_t(i) * out_stride + dd] = o_t[size_t(dd) * kQueryBlock + i] / sums[i];
}

void attention_head(const float* qkv, int seq, int n_heads, int head_dim, int h, float* out, const HeadScratch& s) {
  const int hidden = n_heads * head_dim;
  const size_t stride = size_t(3) * hidden;
  const float* q = qkv + size_t(h) * head_dim;
  const float scale = 1.0f / std::sqrt(float(head_dim));
  pack_keys(q + hidden, stride, seq, head_dim, s.keys);
  pack_values(q + 2 * hidden, stride, seq, head_dim, s.values);
  const gemm::Ukernel full = gemm::ukernel(gemm::Family::f32, kMaxTileRows);

  for (int i0 = 0; i0 < seq; i0 += kQueryBlock) {
    const int rows = std::min(kQueryBlock, seq - i0);
    const int panels = (rows + kPanelCols - 1) / kPanelCols;
    for (int p = 0; p < panels; ++p) {
      const int cols = std::min(kPanelCols, rows - p * kPanelCols);
      float* queries = s.queries + size_t(p) * kPanelCols * head_dim;
      float* exps = s.exps + size_t(p) * kPanelCols * seq;
      gemm::pack_panel_f32(q + stride * (i0 + p * kPanelCols), sizeof(float) * stride, cols, head_dim, queries);
      // Sᵀ = K · Qᵀ, 4 keys at a time, into [seq][8].
      const int full_tiles = seq / kMaxTileRows, tail = seq % kMaxTileRows;
      gemm::gemm_f32_4x8_run__simd128({head_dim, s.keys, queries, nullptr, exps, size_t(kPanelCols), kPanelCols},
                                      full_tiles);
      if (tail) {
        const int j0 = seq - tail;
        gemm::ukernel(gemm::Family::f32, tail)({head_dim, s.keys + size_t(j0) * head_dim, queries, nullptr,
                                                exps + size_t(j0) * kPanelCols, size_t(kPanelCols), kPanelCols});
      }
      softmax_columns(exps, seq, scale, s.sums + p * kPanelCols);
      // Oᵀ = Vᵀ · E, 4 head columns at a time, into [head_dim][16].
      const float* values = s.values;
      for (int d0 = 0; d0 < head_dim; d0 += kMaxTileRows) {
        const int mr = tile_rows(head_dim, d0);
        (mr == kMaxTileRows ? full : gemm::ukernel(gemm::Family::f32, mr))(
            {seq, values, exps, nullptr, s.out + size_t(d0) * kQueryBlock + p * kPanelCols, size_t(kQueryBlock), kPanelCols});
        values += size_t(mr) * seq;
      }
    }
    divide_transposed(s.out, s.sums, rows, head_dim, out + size_t(i0) * hidden + size_t(h) * head_dim, hidden);
  }
}

}  // namespace

size_t attention_scratch_floats(int seq, int head_dim, const ThreadPool* pool) {
  return HeadScratch::floats(seq, head_dim) * size_t(pool ? pool->size() : 1);
}

void attention(const float* qkv, const int* lengths, int sequences, int n_heads, int head_dim, float* out,
               float* scratch, ThreadPool* pool) {
  const int max_seq = *std::max_element(lengths, lengths + sequences);
  const size_t per_worker = HeadScratch::floats(max_seq, head_dim);
  const size_t hidden = size_t(n_heads) * head_dim;
  // Task s · n_heads + h: head h of sequence s, whose rows follow those of sequences 0..s-1.
  auto head = [&](int task, int worker) {
    const int s = task / n_heads;
    size_t row = 0;
    for (int i = 0; i < s; ++i) row += size_t(lengths[i]);
    attention_head(qkv + row * 3 * hidden, lengths[s], n_heads, head_dim, task % n_heads, out + row * hidden,
                   HeadScratch(scratch + per_worker * worker, lengths[s], head_dim));
  };
  if (pool) {
    pool->parallel_for(sequences * n_heads, head);
  } else {
    for (int t = 0; t < sequences * n_heads; ++t) head(t, 0);
  }
}

}  // namespace bertwasm
