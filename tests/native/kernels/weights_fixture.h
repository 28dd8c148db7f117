// Test weights: a random W [n, k] as rows in a storage format (ggml row layout), the rows the
// scalar reference reads, and the PackedWeights made from them.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/ops.h"
#include "quant/quantize.h"

namespace bertwasm::test {

// Random values whose magnitude changes from block to block (so block scales differ).
inline std::vector<float> random_weights(int rows, int cols, uint32_t seed) {
  std::vector<float> v = random_floats(size_t(rows) * cols, seed);
  std::mt19937 rng(seed ^ 0x9e3779b9u);
  std::uniform_real_distribution<float> exponent(-3.0f, 1.0f);
  for (size_t i = 0; i < v.size(); i += kQuantBlock) {
    const float scale = std::pow(10.0f, exponent(rng));
    for (size_t j = i; j < std::min(v.size(), i + kQuantBlock); ++j) v[j] *= scale;
  }
  return v;
}

// W's rows converted to `storage` exactly as ggml stores them.
inline std::vector<uint8_t> to_rows(DType storage, const std::vector<float>& w, int n, int k) {
  const size_t rb = row_bytes(storage, k);
  std::vector<uint8_t> rows(rb * n);
  for (int r = 0; r < n; ++r) {
    const float* src = w.data() + size_t(r) * k;
    uint8_t* dst = rows.data() + rb * r;
    switch (storage) {
      case DType::f32: std::memcpy(dst, src, rb); break;
      case DType::f16: quantize_row_f16(src, reinterpret_cast<uint16_t*>(dst), k); break;
      case DType::q8_0: quantize_row_q8_0(src, reinterpret_cast<BlockQ8_0*>(dst), k); break;
      case DType::q4_0: quantize_row_q4_0(src, reinterpret_cast<BlockQ4_0*>(dst), k); break;
      case DType::bf16: break;
    }
  }
  return rows;
}

struct TestWeights {
  DType storage;
  int n, k;
  std::vector<uint8_t> rows;  // ggml row layout, what reference::matmul reads
  PackedWeights packed;

  TestWeights(DType storage_, int n_, int k_, uint32_t seed)
      : storage(storage_), n(n_), k(k_), rows(to_rows(storage_, random_weights(n_, k_, seed), n_, k_)) {
    auto r = PackedWeights::from_rows(storage, rows.data(), n, k);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    if (r.ok()) packed = std::move(r).value();
  }
};

inline const std::vector<DType> kAllStorages = {DType::f32, DType::f16, DType::q8_0, DType::q4_0};

inline bool is_quantized(DType t) { return t == DType::q8_0 || t == DType::q4_0; }

}  // namespace bertwasm::test
