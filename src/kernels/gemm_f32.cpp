// f32 matmul microkernels (mr × 8 tiles; f16 weights arrive here widened at pack time) and the
// f32 packers. Per k step: two weight vectors, one splat per row, one multiply and one add per
// accumulator, so each output is ((0 + x0·w0) + x1·w1) + ...: reference::matmul's own order.
#include <algorithm>
#include <cstring>

#include "kernels/gemm.h"
#include "kernels/gemm_store.h"
#include "kernels/simd128.h"

namespace bertwasm::gemm {

void pack_x_f32(const float* x, size_t x_stride, int mr, int k, float* tile) {
  if (mr == 4 && k % 4 == 0) {  // the main tile: 4 × 4 transposes
    const float* rows[4] = {x, x + x_stride, x + 2 * x_stride, x + 3 * x_stride};
    for (int t = 0; t < k; t += 4, tile += 16)
      simd::copy_transposed4x4(rows[0] + t, rows[1] + t, rows[2] + t, rows[3] + t, tile, 4);
    return;
  }
  for (int r = 0; r < mr; ++r) {
    const float* xr = x + x_stride * size_t(r);
    for (int t = 0; t < k; ++t) tile[size_t(t) * mr + r] = xr[t];
  }
}

void pack_panel_f32(const float* w, size_t row_stride, int rows, int k, float* panel) {
  auto row = [&](int c) { return reinterpret_cast<const float*>(reinterpret_cast<const char*>(w) + row_stride * c); };
  if (rows == kPanelCols && k % 4 == 0) {  // full panels: two 4 × 4 transposes per 4 k
    for (int t = 0; t < k; t += 4, panel += 4 * kPanelCols) {
      for (int c = 0; c < kPanelCols; c += 4)
        simd::copy_transposed4x4(row(c) + t, row(c + 1) + t, row(c + 2) + t, row(c + 3) + t, panel + c, kPanelCols);
    }
    return;
  }
  if (rows < kPanelCols) std::memset(panel, 0, panel_bytes(Family::f32, k));  // padding columns
  for (int c = 0; c < rows; ++c) {
    const float* wc = row(c);
    for (int t = 0; t < k; ++t) panel[size_t(t) * kPanelCols + c] = wc[t];
  }
}

void unpack_column_f32(const void* panel, int c, int k, float* out) {
  const float* in = static_cast<const float*>(panel);
  for (int t = 0; t < k; ++t) out[t] = in[size_t(t) * kPanelCols + c];
}

namespace {

template <int MR>
void gemm_f32_x8(const Tile& t) {
  const float* x = static_cast<const float*>(t.x);
  const float* w = static_cast<const float*>(t.w);
  v128_t acc[MR][2];
  for (int r = 0; r < MR; ++r) acc[r][0] = acc[r][1] = wasm_f32x4_splat(0.0f);
  BW_NO_UNROLL
  for (int i = 0; i < t.k; ++i) {
    const v128_t w0 = wasm_v128_load(w), w1 = wasm_v128_load(w + 4);
    for (int r = 0; r < MR; ++r) {
      const v128_t xr = wasm_v128_load32_splat(x + r);
      acc[r][0] = wasm_f32x4_add(acc[r][0], wasm_f32x4_mul(xr, w0));
      acc[r][1] = wasm_f32x4_add(acc[r][1], wasm_f32x4_mul(xr, w1));
    }
    x += MR;
    w += kPanelCols;
  }
  store_tile<MR>(t, acc);
}

}  // namespace

void gemm_f32_1x8__simd128(const Tile& t) { gemm_f32_x8<1>(t); }
void gemm_f32_2x8__simd128(const Tile& t) { gemm_f32_x8<2>(t); }
void gemm_f32_3x8__simd128(const Tile& t) { gemm_f32_x8<3>(t); }
void gemm_f32_4x8__simd128(const Tile& t) { gemm_f32_x8<4>(t); }

void gemm_f32_4x8_run__simd128(const Tile& first, int tiles) {
  Tile t = first;
  for (int i = 0; i < tiles; ++i) {
    gemm_f32_x8<4>(t);
    t.x = static_cast<const float*>(t.x) + size_t(kMaxTileRows) * t.k;
    t.y += size_t(kMaxTileRows) * t.y_stride;
  }
}

}  // namespace bertwasm::gemm
