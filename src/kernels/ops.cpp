// The ops.h entry points not yet moved to SIMD-128 kernels, and the matmul form without scratch:
// it borrows a per-thread buffer that only grows (steady-state calls do not allocate).
#include "kernels/aligned_buffer.h"
#include "kernels/ops.h"
#include "kernels/reference.h"

namespace bertwasm {
namespace {

uint8_t* thread_scratch(size_t bytes) {
  thread_local AlignedBuffer buffer;
  return buffer.reserve(bytes) ? buffer.data() : nullptr;
}

}  // namespace

void matmul(const float* x, int m, const PackedWeights& w, const float* bias, float* y, ThreadPool* pool) {
  matmul(x, m, w, bias, y, pool, thread_scratch(matmul_scratch_bytes(m, w)));
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
