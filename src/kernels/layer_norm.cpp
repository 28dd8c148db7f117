// add_layer_norm: x = LayerNorm(x + residual) · gamma + beta, row by row. Sums run in four
// vector lanes (then the lanes, then the < 4 tail columns); mean and variance use the corrected
// two-pass algorithm (Chan, Golub & LeVeque), which keeps them near float precision for wide
// rows; every element is then ((x - mean) · inv) · gamma + beta.
#include <algorithm>
#include <cmath>

#include "kernels/ops.h"
#include "kernels/simd128.h"

namespace bertwasm {
namespace {

// Adds the residual (if any) into x and returns Σ x.
float add_and_sum(float* x, const float* residual, int cols) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  int c = 0;
  for (; c + 4 <= cols; c += 4) {
    v128_t v = wasm_v128_load(x + c);
    if (residual) {
      v = wasm_f32x4_add(v, wasm_v128_load(residual + c));
      wasm_v128_store(x + c, v);
    }
    acc = wasm_f32x4_add(acc, v);
  }
  float sum = simd::hsum_f32x4(acc);
  for (; c < cols; ++c) {
    if (residual) x[c] += residual[c];
    sum += x[c];
  }
  return sum;
}

// Σ (x - mean) and Σ (x - mean)², for the corrected two-pass mean and variance.
void sum_deviations(const float* x, int cols, float mean, float* sum, float* sum_squares) {
  const v128_t m = wasm_f32x4_splat(mean);
  v128_t acc = wasm_f32x4_splat(0.0f), acc2 = wasm_f32x4_splat(0.0f);
  int c = 0;
  for (; c + 4 <= cols; c += 4) {
    const v128_t d = wasm_f32x4_sub(wasm_v128_load(x + c), m);
    acc = wasm_f32x4_add(acc, d);
    acc2 = wasm_f32x4_add(acc2, wasm_f32x4_mul(d, d));
  }
  *sum = simd::hsum_f32x4(acc);
  *sum_squares = simd::hsum_f32x4(acc2);
  for (; c < cols; ++c) {
    *sum += x[c] - mean;
    *sum_squares += (x[c] - mean) * (x[c] - mean);
  }
}

void normalize(float* x, int cols, float mean, float inv, const float* gamma, const float* beta) {
  const v128_t m = wasm_f32x4_splat(mean), s = wasm_f32x4_splat(inv);
  int c = 0;
  for (; c + 4 <= cols; c += 4) {
    const v128_t v = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + c), m), s), wasm_v128_load(gamma + c));
    wasm_v128_store(x + c, wasm_f32x4_add(v, wasm_v128_load(beta + c)));
  }
  for (; c < cols; ++c) x[c] = (x[c] - mean) * inv * gamma[c] + beta[c];
}

}  // namespace

void add_layer_norm(float* x, const float* residual, int rows, int cols, const float* gamma,
                    const float* beta, float eps) {
  for (int r = 0; r < rows; ++r) {
    float* xr = x + size_t(r) * cols;
    const float* rr = residual ? residual + size_t(r) * cols : nullptr;
    // Corrected two-pass: the deviations' sum repairs the rounding of the first mean.
    const float n = float(cols);
    const float rough_mean = add_and_sum(xr, rr, cols) / n;
    float dev_sum, dev_squares;
    sum_deviations(xr, cols, rough_mean, &dev_sum, &dev_squares);
    const float correction = dev_sum / n;
    const float var = std::max(0.0f, dev_squares / n - correction * correction);
    normalize(xr, cols, rough_mean + correction, 1.0f / std::sqrt(var + eps), gamma, beta);
  }
}

}  // namespace bertwasm
