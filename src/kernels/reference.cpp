// The scalar references of kernels/reference.h: each operation written as its plain definition
// (one sequential loop per sum), compiled on every target. Kernels are tested against these.
#include "kernels/reference.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "quant/fp16.h"
#include "quant/quantize.h"

namespace bertwasm::reference {
namespace {

// Σ_j x_q[j] · w_q[j] per 32-block, in integers, then scaled: ggml's vec_dot_q8_0_q8_0 shape.
template <class WBlock>
float dot_blocks(const BlockQ8_0* xq, const WBlock* wq, int k);

int weight_value(const BlockQ8_0& b, int j) { return b.qs[j]; }
int weight_value(const BlockQ4_0& b, int j) {
  constexpr int half = kQuantBlock / 2;
  return j < half ? int(b.qs[j] & 0x0f) - 8 : int(b.qs[j - half] >> 4) - 8;
}

template <class WBlock>
float dot_blocks(const BlockQ8_0* xq, const WBlock* wq, int k) {
  float sum = 0.0f;
  for (int b = 0; b < k / kQuantBlock; ++b) {
    int32_t isum = 0;
    for (int j = 0; j < kQuantBlock; ++j) isum += int32_t(xq[b].qs[j]) * weight_value(wq[b], j);
    sum += float(isum) * (f16_to_f32(xq[b].d) * f16_to_f32(wq[b].d));
  }
  return sum;
}

}  // namespace

void matmul(const float* x, int m, int k, DType type, const void* w_rows, int n,
            const float* bias, float* y) {
  const bool quantized = type == DType::q8_0 || type == DType::q4_0;
  std::vector<float> w(static_cast<size_t>(k));
  std::vector<BlockQ8_0> xq(quantized ? size_t(k / kQuantBlock) : 0);
  for (int i = 0; i < m; ++i) {
    const float* xr = x + size_t(i) * k;
    if (quantized) quantize_row_q8_0(xr, xq.data(), k);
    for (int j = 0; j < n; ++j) {
      const auto* row = static_cast<const uint8_t*>(w_rows) + size_t(j) * row_bytes(type, k);
      float acc;
      if (type == DType::q8_0) {
        acc = dot_blocks(xq.data(), reinterpret_cast<const BlockQ8_0*>(row), k);
      } else if (type == DType::q4_0) {
        acc = dot_blocks(xq.data(), reinterpret_cast<const BlockQ4_0*>(row), k);
      } else {
        dequantize_row(type, w_rows, j, k, w.data());
        acc = 0.0f;
        for (int t = 0; t < k; ++t) acc += xr[t] * w[t];
      }
      y[size_t(i) * n + j] = bias ? acc + bias[j] : acc;
    }
  }
}

void gelu_erf(float* x, size_t count) {
  for (size_t i = 0; i < count; ++i) x[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * 0.70710678118654752f));
}

void add_layer_norm(float* x, const float* residual, int rows, int cols, const float* gamma,
                    const float* beta, float eps) {
  // Mean and variance in double: the reference is the exact definition rounded once, not one
  // float summation order among many.
  for (int r = 0; r < rows; ++r) {
    float* xr = x + size_t(r) * cols;
    if (residual) {
      const float* rr = residual + size_t(r) * cols;
      for (int c = 0; c < cols; ++c) xr[c] += rr[c];
    }
    double mean = 0.0;
    for (int c = 0; c < cols; ++c) mean += xr[c];
    mean /= cols;
    double var = 0.0;
    for (int c = 0; c < cols; ++c) var += (xr[c] - mean) * (xr[c] - mean);
    var /= cols;
    const double inv = 1.0 / std::sqrt(var + eps);
    for (int c = 0; c < cols; ++c) xr[c] = float((xr[c] - mean) * inv * gamma[c] + beta[c]);
  }
}

void attention(const float* qkv, int seq, int n_heads, int head_dim, float* out, float* scratch) {
  const int hidden = n_heads * head_dim;
  const size_t stride = size_t(3) * hidden;
  const float scale = 1.0f / std::sqrt(float(head_dim));
  float* p = scratch;  // one row of probabilities: seq floats
  for (int h = 0; h < n_heads; ++h) {
    for (int i = 0; i < seq; ++i) {
      const float* q = qkv + i * stride + h * head_dim;
      float max = -INFINITY;
      for (int j = 0; j < seq; ++j) {
        const float* kr = qkv + j * stride + hidden + h * head_dim;
        float s = 0.0f;
        for (int d = 0; d < head_dim; ++d) s += q[d] * kr[d];
        p[j] = s * scale;
        max = std::max(max, p[j]);
      }
      float sum = 0.0f;
      for (int j = 0; j < seq; ++j) {
        p[j] = std::exp(p[j] - max);
        sum += p[j];
      }
      float* o = out + size_t(i) * hidden + h * head_dim;
      std::fill(o, o + head_dim, 0.0f);
      for (int j = 0; j < seq; ++j) {
        const float* vr = qkv + j * stride + 2 * hidden + h * head_dim;
        const float w = p[j] / sum;
        for (int d = 0; d < head_dim; ++d) o[d] += w * vr[d];
      }
    }
  }
}

void mean_rows(const float* x, int rows, int cols, float* out) {
  std::fill(out, out + cols, 0.0f);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) out[c] += x[size_t(r) * cols + c];
  for (int c = 0; c < cols; ++c) out[c] /= float(rows);
}

void l2_normalize(float* x, int count) {
  float ss = 0.0f;
  for (int i = 0; i < count; ++i) ss += x[i] * x[i];
  const float norm = std::max(std::sqrt(ss), 1e-12f);
  for (int i = 0; i < count; ++i) x[i] /= norm;
}

void tanh_inplace(float* x, size_t count) {
  for (size_t i = 0; i < count; ++i) x[i] = std::tanh(x[i]);
}

}  // namespace bertwasm::reference
