// The Q8_0 block scales of quantize_row_q8_0 (d = amax / 127, stored as f16; values are
// multiplied by 1/d, or 0 when d = 0), four blocks at a time: two divisions and the f16
// rounding per block were a third of a quantizer's time when scalar. Shared by the activation
// tiles (quantize_x.cpp) and the load path's row converter (convert_rows.cpp).
#pragma once

#include "kernels/simd128.h"
#include "quant/blocks.h"
#include "quant/fp16.h"

namespace bertwasm::q8_0 {

constexpr int kGroupBlocks = 4;  // blocks whose scales are computed together (one per lane)

// Largest |x| of one 32-value block, as a vector whose lanes hold partial maxima. Each pmax has
// a NaN-free first operand, so NaNs are skipped as std::max(amax, |x|) skips them.
inline v128_t block_amax(const float* x) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t abs = simd::opaque(wasm_i32x4_splat(0x7fffffff));  // |x| as one `and`
  v128_t m[4];
  for (int i = 0; i < 4; ++i) {
    m[i] = wasm_f32x4_pmax(zero, wasm_v128_and(wasm_v128_load(x + 4 * i), abs));
    m[i] = wasm_f32x4_pmax(m[i], wasm_v128_and(wasm_v128_load(x + 16 + 4 * i), abs));
  }
  return wasm_f32x4_pmax(wasm_f32x4_pmax(m[0], m[1]), wasm_f32x4_pmax(m[2], m[3]));
}

// Lane b = the largest |x| of block b of the four consecutive blocks at x.
inline v128_t amax4(const float* x) {
  v128_t v0 = block_amax(x), v1 = block_amax(x + kQuantBlock), v2 = block_amax(x + 2 * kQuantBlock),
         v3 = block_amax(x + 3 * kQuantBlock);
  simd::transpose4x4(v0, v1, v2, v3);
  return wasm_f32x4_pmax(wasm_f32x4_pmax(v0, v1), wasm_f32x4_pmax(v2, v3));
}

// Scales of `count` blocks from their amax: d rounded through f16 (as a float) and 1/d.
inline void scales(const float* amax, int count, float* d16, float* inverse) {
  for (int b = 0; b < count; ++b) {
    const float d = amax[b] / 127.0f;
    inverse[b] = d != 0.0f ? 1.0f / d : 0.0f;
    d16[b] = f16_to_f32(f32_to_f16(d));
  }
}

// The same for four blocks at once. f32 -> f16 -> f32 of a d in the normal f16 range is
// rounding the mantissa to 10 bits, ties to even; otherwise (d < 2^-14, or rounding to inf)
// the four go the scalar way.
inline void scales4(v128_t amax, float* d16, float* inverse) {
  const v128_t d = wasm_f32x4_div(amax, wasm_f32x4_splat(127.0f));
  const v128_t nonzero = wasm_f32x4_ne(d, wasm_f32x4_splat(0.0f));
  wasm_v128_store(inverse, wasm_v128_and(wasm_f32x4_div(wasm_f32x4_splat(1.0f), d), nonzero));
  const v128_t normal = wasm_v128_and(wasm_i32x4_ge(d, wasm_i32x4_splat(0x38800000)), wasm_i32x4_lt(d, wasm_i32x4_splat(0x477ff000)));
  if (!wasm_i32x4_all_true(normal)) {
    float lanes[kGroupBlocks];
    wasm_v128_store(lanes, amax);
    scales(lanes, kGroupBlocks, d16, inverse);
    return;
  }
  const v128_t odd = wasm_v128_and(wasm_u32x4_shr(d, 13), wasm_i32x4_splat(1));
  wasm_v128_store(d16, wasm_v128_and(wasm_i32x4_add(wasm_i32x4_add(d, wasm_i32x4_splat(0xfff)), odd), wasm_i32x4_splat(~0x1fff)));
}

// Scales of `count` <= kGroupBlocks consecutive blocks at x.
inline void group_scales(const float* x, int count, float* d16, float* inverse) {
  if (count == kGroupBlocks) {
    scales4(amax4(x), d16, inverse);
    return;
  }
  float amax[kGroupBlocks];
  for (int b = 0; b < count; ++b) amax[b] = simd::hmax_f32x4(block_amax(x + b * kQuantBlock));
  scales(amax, count, d16, inverse);
}

}  // namespace bertwasm::q8_0
