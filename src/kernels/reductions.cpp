// Per-text reductions: mean_rows in vectors (per column the same additions, in the same order,
// as the reference, so it is exact), l2_normalize and tanh as their scalar definitions: they run
// once per text on `hidden` values, where SIMD would not pay.
#include "kernels/ops.h"
#include "kernels/reference.h"
#include "kernels/simd128.h"

namespace bertwasm {

void mean_rows(const float* x, int rows, int cols, float* out) {
  const v128_t divisor = wasm_f32x4_splat(float(rows));
  int c = 0;
  for (; c + 4 <= cols; c += 4) {
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int r = 0; r < rows; ++r) acc = wasm_f32x4_add(acc, wasm_v128_load(x + size_t(r) * cols + c));
    wasm_v128_store(out + c, wasm_f32x4_div(acc, divisor));
  }
  for (; c < cols; ++c) {
    float acc = 0.0f;
    for (int r = 0; r < rows; ++r) acc += x[size_t(r) * cols + c];
    out[c] = acc / float(rows);
  }
}

void l2_normalize(float* x, int count) { reference::l2_normalize(x, count); }
void tanh_inplace(float* x, size_t count) { reference::tanh_inplace(x, count); }

}  // namespace bertwasm
