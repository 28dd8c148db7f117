// Activation quantization for the integer matmuls: rows of x become Q8_0 blocks bit-identical to
// quantize_row_q8_0 (amax / 127 scale rounded to f16, values rounded half away from zero), laid
// out as the tile the microkernels read (kernels/gemm.h): int16 pairs, block scales, 8·Σq.
#include "kernels/gemm.h"
#include "kernels/simd128.h"
#include "kernels/simd_math.h"
#include "quant/fp16.h"

namespace bertwasm::gemm {

void pack_x_q8_0(const float* x, size_t x_stride, int mr, int k, void* tile) {
  constexpr int kVecs = kQuantBlock / 4;
  const int blocks = k / kQuantBlock;
  int32_t* pairs = static_cast<int32_t*>(tile);                                     // [k/2][mr]
  float* scales = reinterpret_cast<float*>(pairs + size_t(k / 2) * mr);             // [k/32][mr]
  int32_t* sums = reinterpret_cast<int32_t*>(scales + size_t(blocks) * mr);         // [k/32][mr]
  for (int r = 0; r < mr; ++r) {
    const float* xr = x + x_stride * size_t(r);
    for (int b = 0; b < blocks; ++b, xr += kQuantBlock) {
      // Scale from the largest magnitude, as quantize_row_q8_0 computes it.
      v128_t v[kVecs];
      v128_t amax = wasm_f32x4_splat(0.0f);
      for (int i = 0; i < kVecs; ++i) {
        v[i] = wasm_v128_load(xr + 4 * i);
        amax = wasm_f32x4_pmax(amax, wasm_f32x4_abs(v[i]));
      }
      const float d = simd::hmax_f32x4(amax) / 127.0f;
      const v128_t id = wasm_f32x4_splat(d != 0.0f ? 1.0f / d : 0.0f);
      scales[size_t(b) * mr + r] = f16_to_f32(f32_to_f16(d));
      // Round, narrow to int16 pairs and scatter them to the tile's (pair, row) slots.
      v128_t sum = wasm_i32x4_splat(0);
      int32_t* dst = pairs + size_t(b) * (kQuantBlock / 2) * mr + r;
      for (int i = 0; i < kVecs; i += 2, dst += 4 * mr) {
        const v128_t q0 = simd::round_half_away_small_i32x4(wasm_f32x4_mul(v[i], id));
        const v128_t q1 = simd::round_half_away_small_i32x4(wasm_f32x4_mul(v[i + 1], id));
        sum = wasm_i32x4_add(sum, wasm_i32x4_add(q0, q1));
        const v128_t q = wasm_i16x8_narrow_i32x4(q0, q1);
        dst[0] = wasm_i32x4_extract_lane(q, 0);
        dst[mr] = wasm_i32x4_extract_lane(q, 1);
        dst[2 * mr] = wasm_i32x4_extract_lane(q, 2);
        dst[3 * mr] = wasm_i32x4_extract_lane(q, 3);
      }
      sums[size_t(b) * mr + r] = 8 * simd::hsum_i32x4(sum);
    }
  }
}

}  // namespace bertwasm::gemm
