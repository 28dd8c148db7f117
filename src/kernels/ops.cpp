#include "kernels/ops.h"
#include <vector>

#include "kernels/reference.h"

namespace bertwasm {

void matmul(const float* x, int m, const PackedWeights& w, const float* bias, float* y, ThreadPool*) {
  // Scalar for now; the SIMD-128 kernels replace this.
  std::vector<float> row(size_t(w.k()));
  for (int j = 0; j < w.n(); ++j) {
    w.dequantize_row(j, row.data());
    for (int i = 0; i < m; ++i) {
      const float* xr = x + size_t(i) * w.k();
      float acc = 0.0f;
      for (int t = 0; t < w.k(); ++t) acc += xr[t] * row[t];
      y[size_t(i) * w.n() + j] = bias ? acc + bias[j] : acc;
    }
  }
}

void gelu_erf(float* x, size_t count) { reference::gelu_erf(x, count); }

void add_layer_norm(float* x, const float* residual, int rows, int cols, const float* gamma,
                    const float* beta, float eps) {
  reference::add_layer_norm(x, residual, rows, cols, gamma, beta, eps);
}

void attention(const float* qkv, int seq, int n_heads, int head_dim, float* out, float* scratch) {
  reference::attention(qkv, seq, n_heads, head_dim, out, scratch);
}

size_t attention_scratch_floats(int seq) { return size_t(seq); }

void mean_rows(const float* x, int rows, int cols, float* out) { reference::mean_rows(x, rows, cols, out); }
void l2_normalize(float* x, int count) { reference::l2_normalize(x, count); }
void tanh_inplace(float* x, size_t count) { reference::tanh_inplace(x, count); }

}  // namespace bertwasm
