// SIMD-128 similarity kernels of the index (one stage comment each). Native builds compile
// this very source through SIMDe (kernels/simd128.h), so host tests run the shipped code.
#include "index/distance_kernels.h"

#include "kernels/simd128.h"

namespace bertwasm::index {

float dot_f32__simd128(const float* a, const float* b, size_t n) {
  // Main loop: 16 floats per step into four independent accumulators.
  v128_t acc0 = wasm_f32x4_splat(0.0f), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
    acc2 = wasm_f32x4_add(acc2, wasm_f32x4_mul(wasm_v128_load(a + i + 8), wasm_v128_load(b + i + 8)));
    acc3 = wasm_f32x4_add(acc3, wasm_f32x4_mul(wasm_v128_load(a + i + 12), wasm_v128_load(b + i + 12)));
  }
  // Remaining whole vectors of 4.
  for (; i + 4 <= n; i += 4) {
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  }
  // Reduce in a fixed order, then the scalar tail.
  float sum = simd::hsum_f32x4(wasm_f32x4_add(wasm_f32x4_add(acc0, acc1), wasm_f32x4_add(acc2, acc3)));
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

int32_t dot_i16_i8__simd128(const int16_t* a, const int8_t* b, size_t n) {
  // Main loop: 16 int8 of b per step, widened to two i16x8 halves, each multiplied pairwise with
  // 8 int16 of a into i32 lanes.
  v128_t acc_lo = wasm_i32x4_splat(0), acc_hi = acc_lo;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const v128_t vb = wasm_v128_load(b + i);
    acc_lo = wasm_i32x4_add(acc_lo, wasm_i32x4_dot_i16x8(wasm_v128_load(a + i), wasm_i16x8_extend_low_i8x16(vb)));
    acc_hi = wasm_i32x4_add(acc_hi, wasm_i32x4_dot_i16x8(wasm_v128_load(a + i + 8), wasm_i16x8_extend_high_i8x16(vb)));
  }
  // One half step of 8 (a sign-extending 8-byte load of b).
  if (i + 8 <= n) {
    acc_lo = wasm_i32x4_add(acc_lo, wasm_i32x4_dot_i16x8(wasm_v128_load(a + i), wasm_i16x8_load8x8(b + i)));
    i += 8;
  }
  // Reduce, then the scalar tail.
  int32_t sum = simd::hsum_i32x4(wasm_i32x4_add(acc_lo, acc_hi));
  for (; i < n; ++i) sum += int32_t(a[i]) * int32_t(b[i]);
  return sum;
}

uint32_t hamming__simd128(const uint8_t* a, const uint8_t* b, size_t n_bytes) {
  // Main loop: popcount of a ^ b per byte, widened to u32 lanes at once (no lane can overflow).
  v128_t acc = wasm_i32x4_splat(0);
  size_t i = 0;
  for (; i + 16 <= n_bytes; i += 16) {
    const v128_t bits = wasm_i8x16_popcnt(wasm_v128_xor(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    acc = wasm_i32x4_add(acc, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(bits)));
  }
  // Reduce, then the bytes left (popcount per byte, as the reference).
  uint32_t count = uint32_t(simd::hsum_i32x4(acc));
  for (; i < n_bytes; ++i) {
    for (unsigned x = unsigned(a[i] ^ b[i]); x != 0; x &= x - 1) ++count;
  }
  return count;
}

}  // namespace bertwasm::index
