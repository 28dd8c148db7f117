// The operations the encoder's forward pass is made of. Each dispatches to the fastest kernel
// for the build (SIMD-128 under WebAssembly, the same source through SIMDe natively) and each
// kernel has a scalar reference in kernels/reference.h that tests compare it with.
//
// Determinism contract: every output element is computed by the same sequence of float
// operations whatever the row count m, the row's position in a batch, or the thread count, so
// a text's result is bitwise identical alone, in any batch, and with any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "quant/blocks.h"
#include "util/status.h"

namespace bertwasm {

class ThreadPool;

// A weight matrix W [n, k] (PyTorch Linear layout: n outputs, k inputs), repacked once at load
// into the layout its matmul kernel wants. storage is f32, f16, q8_0 or q4_0.
class PackedWeights {
 public:
  PackedWeights();
  ~PackedWeights();
  PackedWeights(PackedWeights&&) noexcept;
  PackedWeights& operator=(PackedWeights&&) noexcept;

  // Rows of W as a file holds them: `rows` rows of k values of `type` (f32, f16, bf16, q8_0,
  // q4_0) in ggml row layout, possibly unaligned.
  struct SourceRows {
    DType type;
    const void* data;
    int rows;
  };
  // From the rows of `parts` stacked in order (several tensors can make one matrix, as the
  // fused Q/K/V), converted to `storage` a panel of 8 rows at a time (kernels/convert_rows.h:
  // quantized to q8_0 / q4_0, rounded to f16 exactly as the scalar references do), so no
  // temporary holds more than a panel. q8_0 / q4_0 need k % 32 == 0 (E_UNSUPPORTED otherwise).
  static Result<PackedWeights> from_sources(DType storage, const std::vector<SourceRows>& parts, int k);
  // From float values: from_sources with one f32 part.
  static Result<PackedWeights> from_f32(DType storage, const float* w, int n, int k);
  // From rows already in storage format (ggml row layout: f16 values or 32-element blocks).
  static Result<PackedWeights> from_rows(DType storage, const void* rows, int n, int k);

  int n() const;
  int k() const;
  DType storage() const;
  // Bytes of the packed form (f16 is widened to f32 at pack time: 4 bytes per value).
  size_t byte_size() const;
  // Row r of W as floats (dequantized), for tests and for tied-embedding lookups.
  void dequantize_row(int r, float* out) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit PackedWeights(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// y[m, n] = x[m, k] · Wᵀ + bias. x rows are k floats apart, y rows n floats apart; bias may be
// null. Threads split the columns (and the rows, when columns are few); the result does not
// depend on the pool size.
// `scratch` holds matmul_scratch_bytes(m, w) bytes (x packed into tiles, Q8_0-quantized for
// q8_0 / q4_0 weights); the form without it uses a per-thread buffer that only grows.
void matmul(const float* x, int m, const PackedWeights& w, const float* bias, float* y,
            ThreadPool* pool = nullptr);
// With Epilogue::gelu, y = gelu_erf(x · Wᵀ + bias), bitwise what gelu_erf over y would give,
// applied to each chunk of columns while it is in cache and inside the threads' share.
enum class Epilogue { none, gelu };
void matmul(const float* x, int m, const PackedWeights& w, const float* bias, float* y,
            ThreadPool* pool, void* scratch, Epilogue epilogue = Epilogue::none);
size_t matmul_scratch_bytes(int m, const PackedWeights& w);

// x = GELU(x) with the exact erf form: 0.5 x (1 + erf(x / sqrt 2)).
void gelu_erf(float* x, size_t count);

// x[r] = LayerNorm(x[r] + residual[r]) * gamma + beta for each of `rows` rows of `cols`.
// residual may be null (plain LayerNorm).
void add_layer_norm(float* x, const float* residual, int rows, int cols, const float* gamma,
                    const float* beta, float eps);

// Multi-head self-attention of `sequences` unpadded sequences stored one after another
// (lengths[s] rows each). qkv is [rows, 3·hidden]: each row holds q, then k, then v (hidden =
// n_heads · head_dim), heads contiguous inside each. out is [rows, hidden]. Threads split the
// (sequence, head) pairs. scratch holds attention_scratch_floats(longest length, head_dim, pool)
// floats (room for each thread of the pool).
void attention(const float* qkv, const int* lengths, int sequences, int n_heads, int head_dim, float* out,
               float* scratch, ThreadPool* pool);
inline void attention(const float* qkv, int seq, int n_heads, int head_dim, float* out, float* scratch,
                      ThreadPool* pool) {
  attention(qkv, &seq, 1, n_heads, head_dim, out, scratch, pool);
}
size_t attention_scratch_floats(int seq, int head_dim, const ThreadPool* pool);

// out[c] = mean over rows of x[r][c].
void mean_rows(const float* x, int rows, int cols, float* out);
// x /= max(||x||, 1e-12) (torch.nn.functional.normalize).
void l2_normalize(float* x, int count);
// x = tanh(x), elementwise (the pooler's activation).
void tanh_inplace(float* x, size_t count);

}  // namespace bertwasm
