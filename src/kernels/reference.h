// Scalar references for every kernel: the plain definition of each operation, compiled on every
// target. Tests compare the dispatched kernels of ops.h against these.
#pragma once

#include <cstddef>

#include "quant/blocks.h"

namespace bertwasm::reference {

// y[m, n] = x[m, k] · Wᵀ + bias with W [n, k] given as rows of `type` (ggml row layout);
// the quantized types quantize each row of x to Q8_0 first, as the integer kernels do.
void matmul(const float* x, int m, int k, DType type, const void* w_rows, int n,
            const float* bias, float* y);
void gelu_erf(float* x, size_t count);
// Mean and variance accumulate in double (the float kernel's error is measured against exact).
void add_layer_norm(float* x, const float* residual, int rows, int cols, const float* gamma,
                    const float* beta, float eps);
void attention(const float* qkv, int seq, int n_heads, int head_dim, float* out, float* scratch);
void mean_rows(const float* x, int rows, int cols, float* out);
void l2_normalize(float* x, int count);
void tanh_inplace(float* x, size_t count);

}  // namespace bertwasm::reference
