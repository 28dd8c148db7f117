// gelu_erf: x = 0.5 · x · (1 + erf(x / √2)) with the vector erf of kernels/simd_math.h, in the
// reference's operation order. A tail shorter than a vector runs through the same vector code
// (padded), so every element's result is independent of its position.
#include <cstring>

#include "kernels/ops.h"
#include "kernels/simd128.h"
#include "kernels/simd_math.h"

namespace bertwasm {

void gelu_erf(float* x, size_t count) {
  size_t i = 0;
  for (; i + 4 <= count; i += 4) wasm_v128_store(x + i, simd::gelu_f32x4(wasm_v128_load(x + i)));
  if (i < count) {
    float tail[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    std::memcpy(tail, x + i, sizeof(float) * (count - i));
    wasm_v128_store(tail, simd::gelu_f32x4(wasm_v128_load(tail)));
    std::memcpy(x + i, tail, sizeof(float) * (count - i));
  }
}

}  // namespace bertwasm
