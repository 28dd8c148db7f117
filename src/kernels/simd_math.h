// Vector elementary functions for the float kernels, on four lanes at a time:
//   exp_nonpositive_f32x4: e^x for x <= 0 (the softmax's x - max) as 2^n · e^r (|r| <= ln2/2,
//              degree-6 polynomial): within 1 ulp of the correctly rounded value for every float
//              in [-87.33, 0]; 0 below -87.34 (where e^x is subnormal) and for -inf. Positive x
//              are outside its contract (2^n would overflow the exponent field).
//   erf_f32x4: x · P(x²) / Q(x²), degrees 5 / 5 fitted near-minimax to erf on [0, 3.92]
//              (Lawson-weighted linear least squares in mpmath; 1.7e-8 in exact arithmetic),
//              ±erf(3.92) beyond. Evaluated in float its absolute error is at most 4.3e-7
//              (every float in [-7, 7]; worst at x = -3.853).
//   round_half_away_i32x4: roundf as int32 (the Q8_0 / Q4_0 quantizers).
//   gelu_f32x4: the exact-erf GELU on top of erf_f32x4 (gelu_erf, and matmul's GELU epilogue).
// tests/native/kernels/simd_math_test.cpp asserts both bounds.
#pragma once

#include "kernels/simd128.h"

namespace bertwasm::simd {

inline v128_t exp_nonpositive_f32x4(v128_t x) {
  const v128_t log2e = wasm_f32x4_splat(1.44269504088896341f);
  const v128_t magic = wasm_f32x4_splat(12582912.0f);  // 1.5 · 2^23: rounds to an integer
  const v128_t ln2_hi = wasm_f32x4_splat(0.693145751953125f);  // exact in float with n · ln2_hi
  const v128_t ln2_lo = wasm_f32x4_splat(1.42860682030941723e-6f);
  const v128_t min_x = wasm_f32x4_splat(-87.3365478515625f);   // e^x < 2^-126 below
  // n = round(x / ln2), r = x - n · ln2 in two steps.
  const v128_t nm = wasm_f32x4_add(wasm_f32x4_mul(x, log2e), magic);
  const v128_t n = wasm_f32x4_sub(nm, magic);
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, ln2_hi));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, ln2_lo));
  // e^r = 1 + r + r² · (c2 + r (c3 + r (c4 + r (c5 + r c6)))).
  v128_t p = wasm_f32x4_splat(1.3926175888627768e-3f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.363173343241215e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1666556149721146e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666577756404877e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r);
  p = wasm_f32x4_add(p, wasm_f32x4_splat(1.0f));
  // 2^n for n in [-126, 0]: nm's bits are those of magic plus n, so (bits + 127) << 23 keeps
  // exactly the biased exponent n + 127 (magic's own bits shift out).
  const v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(nm, wasm_i32x4_splat(127)), 23);
  return wasm_v128_andnot(wasm_f32x4_mul(p, scale), wasm_f32x4_lt(x, min_x));
}

inline v128_t erf_f32x4(v128_t x) {
  const v128_t limit = wasm_f32x4_splat(3.92f);
  const v128_t z = wasm_f32x4_pmin(wasm_f32x4_pmax(x, wasm_f32x4_neg(limit)), limit);
  const v128_t t = wasm_f32x4_mul(z, z);
  v128_t p = wasm_f32x4_splat(2.034594217548147e-06f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(2.874162746593356e-04f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(3.866855287924409e-03f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(5.3055960685014725e-02f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(1.9273383915424347e-01f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(1.128378987312317f));
  v128_t q = wasm_f32x4_splat(3.8065834814915434e-05f);
  q = wasm_f32x4_add(wasm_f32x4_mul(q, t), wasm_f32x4_splat(1.1876994976773858e-03f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, t), wasm_f32x4_splat(1.516941748559475e-02f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, t), wasm_f32x4_splat(1.1507163941860199e-01f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, t), wasm_f32x4_splat(5.041376352310181e-01f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, t), wasm_f32x4_splat(1.0f));
  return wasm_f32x4_div(wasm_f32x4_mul(z, p), q);
}

// roundf on each lane (half away from zero) as int32, through v + copysign(0.5 - 2^-25, v)
// truncated: adding the largest float below 0.5 never carries a fraction below .5 up to the
// next integer and does carry an exact .5 (v + 0.5 itself fails at v = 0.49999997). Equal to
// roundf for every float (exhaustively checked below 2^23; above, v is integral and the
// addition rounds back to v); NaN gives 0.
inline v128_t add_half_away(v128_t v) {
  return wasm_f32x4_add(v, wasm_v128_or(wasm_v128_and(v, wasm_i32x4_splat(INT32_MIN)), wasm_f32x4_splat(0x1.fffffep-2f)));
}
inline v128_t round_half_away_i32x4(v128_t v) { return wasm_i32x4_trunc_sat_f32x4(add_half_away(v)); }
// The same for |v| < 2^22 only (activations scaled to ±127): the integer is read from the bits
// of trunc(·) + 1.5·2^23, cheaper in V8 than i32x4.trunc_sat_f32x4.
inline v128_t round_half_away_small_i32x4(v128_t v) {
  const v128_t magic = wasm_f32x4_splat(12582912.0f);
  return wasm_i32x4_sub(wasm_f32x4_add(wasm_f32x4_trunc(add_half_away(v)), magic), magic);
}

// GELU, exact erf form: 0.5 · x · (1 + erf(x / √2)), in the reference's operation order.
inline v128_t gelu_f32x4(v128_t x) {
  const v128_t erf = erf_f32x4(wasm_f32x4_mul(x, wasm_f32x4_splat(0.70710678118654752f)));
  const v128_t half_x = wasm_f32x4_mul(wasm_f32x4_splat(0.5f), x);
  return wasm_f32x4_mul(half_x, wasm_f32x4_add(wasm_f32x4_splat(1.0f), erf));
}

}  // namespace bertwasm::simd
