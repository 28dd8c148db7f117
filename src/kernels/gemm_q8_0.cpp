// Q8_0 matmul microkernels (mr × 8 tiles) and the Q8_0 weight packer. Per k-pair, a
// sign-extending load widens 4 columns × 2 k of weights to i16x8 and i32x4.dot_i16x8_s meets a
// 32-bit splat of the row's activation pair. Each 32-block sums in int32, then folds in with one
// convert and one multiply-add: sum += float(isum) · (dx · dw), reference::matmul's order.
#include <cstring>

#include "kernels/gemm.h"
#include "kernels/gemm_store.h"
#include "kernels/simd128.h"
#include "quant/fp16.h"

namespace bertwasm::gemm {
namespace {

constexpr int kPairs = kQuantBlock / 2;  // k-pairs per block
constexpr size_t kBlockBytes = kQ8PanelBlockBytes;

}  // namespace

namespace {

// Transposes an 8 × 8 matrix of 16-bit lanes held as eight row vectors.
void transpose8x8_i16(v128_t v[8]) {
  v128_t a[8], b[8];
  for (int i = 0; i < 8; i += 2) {  // interleave 16-bit lanes of row pairs
    a[i] = wasm_i16x8_shuffle(v[i], v[i + 1], 0, 8, 1, 9, 2, 10, 3, 11);
    a[i + 1] = wasm_i16x8_shuffle(v[i], v[i + 1], 4, 12, 5, 13, 6, 14, 7, 15);
  }
  for (int i = 0; i < 8; i += 4) {  // then 32-bit lanes of pairs of pairs
    b[i] = wasm_i32x4_shuffle(a[i], a[i + 2], 0, 4, 1, 5);
    b[i + 1] = wasm_i32x4_shuffle(a[i], a[i + 2], 2, 6, 3, 7);
    b[i + 2] = wasm_i32x4_shuffle(a[i + 1], a[i + 3], 0, 4, 1, 5);
    b[i + 3] = wasm_i32x4_shuffle(a[i + 1], a[i + 3], 2, 6, 3, 7);
  }
  for (int i = 0; i < 4; ++i) {  // then 64-bit halves of the two groups of four
    v[2 * i] = wasm_i64x2_shuffle(b[i], b[i + 4], 0, 2);
    v[2 * i + 1] = wasm_i64x2_shuffle(b[i], b[i + 4], 1, 3);
  }
}

}  // namespace

// A panel block is the 8 columns' 16 k-pairs transposed: the 16-bit unit (q[2p], q[2p+1]) of
// column c goes to pair p, slot c. Full panels move as two 8 × 8 transposes of 16-bit lanes.
void pack_panel_q8_0(const BlockQ8_0* w, size_t row_stride, int rows, int k, void* panel) {
  auto* out = static_cast<uint8_t*>(panel);
  auto column = [&](int c) {
    return reinterpret_cast<const BlockQ8_0*>(reinterpret_cast<const char*>(w) + row_stride * c);
  };
  if (rows == kPanelCols) {
    for (int b = 0; b < k / kQuantBlock; ++b) {
      uint8_t* block = out + size_t(b) * kBlockBytes;
      v128_t lo[kPanelCols], hi[kPanelCols];
      for (int c = 0; c < kPanelCols; ++c) {
        const BlockQ8_0& src = column(c)[b];
        const float d = f16_to_f32(src.d);
        std::memcpy(block + sizeof(float) * c, &d, sizeof(float));
        lo[c] = wasm_v128_load(src.qs);
        hi[c] = wasm_v128_load(src.qs + 16);
      }
      transpose8x8_i16(lo);
      transpose8x8_i16(hi);
      uint8_t* values = block + kScaleBytes;
      for (int p = 0; p < kPanelCols; ++p) {
        wasm_v128_store(values + 16 * p, lo[p]);
        wasm_v128_store(values + 16 * (p + kPanelCols), hi[p]);
      }
    }
    return;
  }
  std::memset(out, 0, panel_bytes(Family::q8_0, k));  // padding columns
  for (int c = 0; c < rows; ++c) {
    const BlockQ8_0* row = column(c);
    for (int b = 0; b < k / kQuantBlock; ++b) {
      uint8_t* block = out + size_t(b) * kBlockBytes;
      const float d = f16_to_f32(row[b].d);
      std::memcpy(block + sizeof(float) * c, &d, sizeof(float));
      int8_t* values = reinterpret_cast<int8_t*>(block + kScaleBytes);
      for (int p = 0; p < kPairs; ++p) {
        values[p * 16 + c * 2] = row[b].qs[2 * p];
        values[p * 16 + c * 2 + 1] = row[b].qs[2 * p + 1];
      }
    }
  }
}

void unpack_column_q8_0(const void* panel, int c, int k, float* out) {
  const auto* in = static_cast<const uint8_t*>(panel);
  for (int b = 0; b < k / kQuantBlock; ++b) {
    const uint8_t* block = in + size_t(b) * kBlockBytes;
    float d;
    std::memcpy(&d, block + sizeof(float) * c, sizeof(float));
    const int8_t* values = reinterpret_cast<const int8_t*>(block + kScaleBytes);
    for (int p = 0; p < kPairs; ++p) {
      const int8_t* src = values + p * 16 + c * 2;
      *out++ = float(src[0]) * d;
      *out++ = float(src[1]) * d;
    }
  }
}

namespace {

template <int MR>
void gemm_q8_0_x8(const Tile& t) {
  const int blocks = t.k / kQuantBlock;
  const int32_t* xq = static_cast<const int32_t*>(t.x);           // [k/2][MR] int16 pairs
  const float* xd = reinterpret_cast<const float*>(xq + size_t(t.k / 2) * MR);  // [k/32][MR]
  const uint8_t* w = static_cast<const uint8_t*>(t.w);
  v128_t acc[MR][2];
  for (int r = 0; r < MR; ++r) acc[r][0] = acc[r][1] = wasm_f32x4_splat(0.0f);
  for (int b = 0; b < blocks; ++b) {
    const float* wd = reinterpret_cast<const float*>(w);
    w += kScaleBytes;
    // Integer dot products of the block.
    v128_t isum[MR][2];
    for (int r = 0; r < MR; ++r) isum[r][0] = isum[r][1] = wasm_i32x4_splat(0);
    BW_NO_UNROLL
    for (int p = 0; p < kPairs; ++p) {
      const v128_t w0 = wasm_i16x8_load8x8(w), w1 = wasm_i16x8_load8x8(w + 8);
      for (int r = 0; r < MR; ++r) {
        const v128_t xr = wasm_v128_load32_splat(xq + r);
        isum[r][0] = wasm_i32x4_add(isum[r][0], wasm_i32x4_dot_i16x8(w0, xr));
        isum[r][1] = wasm_i32x4_add(isum[r][1], wasm_i32x4_dot_i16x8(w1, xr));
      }
      xq += MR;
      w += 16;
    }
    // Fold the block in: acc += float(isum) · (dx · dw).
    const v128_t d0 = wasm_v128_load(wd), d1 = wasm_v128_load(wd + 4);
    for (int r = 0; r < MR; ++r) {
      const v128_t dx = wasm_v128_load32_splat(xd + r);
      acc[r][0] = wasm_f32x4_add(acc[r][0], wasm_f32x4_mul(wasm_f32x4_convert_i32x4(isum[r][0]), wasm_f32x4_mul(dx, d0)));
      acc[r][1] = wasm_f32x4_add(acc[r][1], wasm_f32x4_mul(wasm_f32x4_convert_i32x4(isum[r][1]), wasm_f32x4_mul(dx, d1)));
    }
    xd += MR;
  }
  store_tile<MR>(t, acc);
}

}  // namespace

void gemm_q8_0_1x8__simd128(const Tile& t) { gemm_q8_0_x8<1>(t); }
void gemm_q8_0_2x8__simd128(const Tile& t) { gemm_q8_0_x8<2>(t); }
void gemm_q8_0_3x8__simd128(const Tile& t) { gemm_q8_0_x8<3>(t); }
void gemm_q8_0_4x8__simd128(const Tile& t) { gemm_q8_0_x8<4>(t); }

}  // namespace bertwasm::gemm
