// The one SIMD layer of the kernels: WebAssembly SIMD-128 intrinsics (`wasm_*`, `v128_t`).
// Under Emscripten they are the real instructions; natively SIMDe implements the very same
// intrinsics (SSE/NEON underneath), so host tests run exactly the kernel source that ships.
// Only baseline SIMD-128 is used (no relaxed SIMD: clang 14 emits opcodes engines reject).
#pragma once

#include <cstddef>

#if defined(__EMSCRIPTEN__) || defined(__wasm_simd128__)
#include <wasm_simd128.h>
#else
#define SIMDE_WASM_SIMD128_ENABLE_NATIVE_ALIASES
#include <simde/wasm/simd128.h>
#endif

// Keeps a loop rolled. Unrolled k loops made clang hoist loads and V8 spill registers
// (KERNELS.md: Q8_0 fell from 64 to 34 GOP/s), so every matmul k loop carries this.
#if defined(__clang__)
#define BW_NO_UNROLL _Pragma("clang loop unroll(disable)")
#elif defined(__GNUC__)
#define BW_NO_UNROLL _Pragma("GCC unroll 1")
#else
#define BW_NO_UNROLL
#endif

// Use wasm_f32x4_pmin / pmax (a < b ? b : a: one minps / maxps) rather than f32x4.min / max,
// whose NaN and ±0 rules cost V8 a sequence of about eight instructions on x86.

namespace bertwasm::simd {

// Hides a value from clang's combiner. clang 14 folds `x & 0x7fffffff` into f32x4.abs and
// extends into byte shuffles, which V8 lowers to several instructions per use (rebuilding the
// mask or shuffle pattern each time); an opaque constant stays one register for the loop.
inline v128_t opaque(v128_t v) {
#if defined(__wasm_simd128__)
  __asm__("" : "+r"(v));
#endif
  return v;
}

// Sum of the four lanes, in the fixed order (l0 + l2) + (l1 + l3).
inline float hsum_f32x4(v128_t v) {
  const v128_t pairs = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  return wasm_f32x4_extract_lane(pairs, 0) + wasm_f32x4_extract_lane(pairs, 1);
}

// Largest of the four lanes.
inline float hmax_f32x4(v128_t v) {
  const v128_t pairs = wasm_f32x4_pmax(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  const v128_t all = wasm_f32x4_pmax(pairs, wasm_i32x4_shuffle(pairs, pairs, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(all, 0);
}

inline int32_t hsum_i32x4(v128_t v) {
  const v128_t pairs = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  return wasm_i32x4_extract_lane(pairs, 0) + wasm_i32x4_extract_lane(pairs, 1);
}

// Transposes a 4 × 4 matrix of 32-bit lanes held as four row vectors.
inline void transpose4x4(v128_t& r0, v128_t& r1, v128_t& r2, v128_t& r3) {
  const v128_t lo01 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), hi01 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
  const v128_t lo23 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), hi23 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  r0 = wasm_i64x2_shuffle(lo01, lo23, 0, 2);
  r1 = wasm_i64x2_shuffle(lo01, lo23, 1, 3);
  r2 = wasm_i64x2_shuffle(hi01, hi23, 0, 2);
  r3 = wasm_i64x2_shuffle(hi01, hi23, 1, 3);
}

// Copies a 4 × 4 block of 32-bit values transposed: element j of source row i goes to element i
// of destination row j (destination rows dst_stride elements apart). Unaligned is fine.
template <class T>
inline void copy_transposed4x4(const T* r0, const T* r1, const T* r2, const T* r3, T* dst, size_t dst_stride) {
  static_assert(sizeof(T) == 4, "32-bit lanes");
  v128_t v0 = wasm_v128_load(r0), v1 = wasm_v128_load(r1), v2 = wasm_v128_load(r2), v3 = wasm_v128_load(r3);
  transpose4x4(v0, v1, v2, v3);
  wasm_v128_store(dst, v0);
  wasm_v128_store(dst + dst_stride, v1);
  wasm_v128_store(dst + 2 * dst_stride, v2);
  wasm_v128_store(dst + 3 * dst_stride, v3);
}

}  // namespace bertwasm::simd
