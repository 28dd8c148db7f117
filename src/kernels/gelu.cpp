// gelu_erf: x = 0.5 · x · (1 + erf(x / √2)) with the vector erf of kernels/simd_math.h, in the
// reference's operation order. A tail shorter than a vector runs through the same vector code
// (padded), so every element's result is independent of its position.
#include <cstring>

#include "kernels/ops.h"
#include "kernels/simd128.h"
#include "kernels/simd_math.h"

namespace bertwasm {
namespace {

v128_t gelu_f32x4(v128_t x) {
  const v128_t erf = simd::erf_f32x4(wasm_f32x4_mul(x, wasm_f32x4_splat(0.70710678118654752f)));
  const v128_t half_x = wasm_f32x4_mul(wasm_f32x4_splat(0.5f), x);
  return wasm_f32x4_mul(half_x, wasm_f32x4_add(wasm_f32x4_splat(1.0f), erf));
}

}  // namespace

void gelu_erf(float* x, size_t count) {
  size_t i = 0;
  for (; i + 4 <= count; i += 4) wasm_v128_store(x + i, gelu_f32x4(wasm_v128_load(x + i)));
  if (i < count) {
    float tail[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    std::memcpy(tail, x + i, sizeof(float) * (count - i));
    wasm_v128_store(tail, gelu_f32x4(wasm_v128_load(tail)));
    std::memcpy(x + i, tail, sizeof(float) * (count - i));
  }
}

}  // namespace bertwasm
