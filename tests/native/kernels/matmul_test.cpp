// ops.h matmul (tiling, tails, column panels, packing, scratch) against reference::matmul, bit
// for bit, for every storage type over odd and model shapes; the GELU epilogue against a separate
// gelu_erf pass; PackedWeights loading and errors.
#include <string>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/ops.h"
#include "kernels/reference.h"
#include "weights_fixture.h"

namespace bertwasm::test {
namespace {

void check_matmul(DType storage, int m, int k, int n, uint32_t seed) {
  SCOPED_TRACE(std::string(dtype_name(storage)) + " m=" + std::to_string(m) + " k=" + std::to_string(k) +
               " n=" + std::to_string(n));
  const TestWeights w(storage, n, k, seed);
  const GuardedFloats x(random_weights(m, k, seed + 1));
  const std::vector<float> bias = random_floats(size_t(n), seed + 2);
  const bool with_bias = seed % 3 != 0;
  // Scratch of exactly the announced size, followed by guard bytes.
  const size_t scratch_bytes = matmul_scratch_bytes(m, w.packed);
  std::vector<uint8_t> scratch(scratch_bytes + 64, 0xC3);
  GuardedFloats y(size_t(m) * n);
  matmul(x.data(), m, w.packed, with_bias ? bias.data() : nullptr, y.data(), nullptr, scratch.data());

  std::vector<float> expected(size_t(m) * n);
  reference::matmul(x.data(), m, k, storage, w.rows.data(), n, with_bias ? bias.data() : nullptr, expected.data());
  const long diff = first_difference(y.data(), expected.data(), expected.size());
  EXPECT_EQ(diff, -1) << "row " << diff / n << " col " << diff % n;
  EXPECT_TRUE(y.guards_intact());
  for (size_t i = scratch_bytes; i < scratch.size(); ++i) ASSERT_EQ(scratch[i], 0xC3) << "scratch overrun";

  // The fused GELU epilogue gives bitwise what a separate gelu_erf pass over y gives.
  GuardedFloats fused(y.size());
  matmul(x.data(), m, w.packed, with_bias ? bias.data() : nullptr, fused.data(), nullptr, scratch.data(), Epilogue::gelu);
  gelu_erf(expected.data(), expected.size());
  const long gelu_diff = first_difference(fused.data(), expected.data(), expected.size());
  EXPECT_EQ(gelu_diff, -1) << "GELU epilogue: row " << gelu_diff / n << " col " << gelu_diff % n;
  EXPECT_TRUE(fused.guards_intact());
}

TEST(Matmul, OddShapesAllStorages) {
  uint32_t seed = 10;
  for (DType storage : kAllStorages) {
    const std::vector<int> ks = is_quantized(storage) ? kBlockSizes : std::vector<int>{1, 3, 8, 26, 31, 33, 312};
    for (int m : {1, 2, 3, 4, 5, 8, 17})
      for (int k : ks)
        for (int n : {1, 3, 7, 8, 9, 33}) check_matmul(storage, m, k, n, seed++);
  }
}

TEST(Matmul, ModelShapes) {
  uint32_t seed = 500;
  for (DType storage : kAllStorages) {
    check_matmul(storage, 128, 384, 1152, seed++);
    check_matmul(storage, 17, 1536, 384, seed++);
    check_matmul(storage, 5, 384, 1536, seed++);
    check_matmul(storage, 3, 384, 30522, seed++);
  }
}

TEST(Matmul, LongBatch) {
  for (DType storage : kAllStorages) check_matmul(storage, 512, 384, 40, 900);
}

TEST(Matmul, FormWithoutScratchMatches) {
  const TestWeights w(DType::q8_0, 37, 96, 3);
  const std::vector<float> x = random_floats(size_t(5) * 96, 4);
  std::vector<float> a(size_t(5) * 37), b(a.size());
  matmul(x.data(), 5, w.packed, nullptr, a.data());
  std::vector<uint8_t> scratch(matmul_scratch_bytes(5, w.packed));
  matmul(x.data(), 5, w.packed, nullptr, b.data(), nullptr, scratch.data());
  EXPECT_EQ(first_difference(a.data(), b.data(), a.size()), -1);
}

TEST(PackedWeights, FromF32EqualsFromQuantizedRows) {
  for (DType storage : kAllStorages) {
    const int n = 13, k = 64;
    const std::vector<float> values = random_weights(n, k, 21);
    auto from_f32 = PackedWeights::from_f32(storage, values.data(), n, k);
    ASSERT_TRUE(from_f32.ok());
    const std::vector<uint8_t> rows = to_rows(storage, values, n, k);
    auto from_rows = PackedWeights::from_rows(storage, rows.data(), n, k);
    ASSERT_TRUE(from_rows.ok());
    EXPECT_EQ(from_f32->storage(), storage);
    EXPECT_EQ(from_f32->n(), n);
    EXPECT_EQ(from_f32->k(), k);
    ASSERT_EQ(from_f32->byte_size(), from_rows->byte_size());
    // Same rows back, and the same as dequantizing the ggml rows.
    std::vector<float> a(k), b(k), expected(k);
    for (int r = 0; r < n; ++r) {
      from_f32->dequantize_row(r, a.data());
      from_rows->dequantize_row(r, b.data());
      dequantize_row(storage, rows.data(), r, k, expected.data());
      ASSERT_EQ(first_difference(a.data(), expected.data(), size_t(k)), -1) << dtype_name(storage) << " row " << r;
      ASSERT_EQ(first_difference(b.data(), expected.data(), size_t(k)), -1) << dtype_name(storage) << " row " << r;
    }
  }
}

TEST(PackedWeights, RejectsBadShapes) {
  const std::vector<float> w(64, 1.0f);
  auto bad_k = PackedWeights::from_f32(DType::q8_0, w.data(), 2, 31);
  ASSERT_FALSE(bad_k.ok());
  EXPECT_EQ(bad_k.status().code(), ErrorCode::unsupported);
  EXPECT_NE(bad_k.status().message().find("31"), std::string::npos);
  auto q4_bad = PackedWeights::from_rows(DType::q4_0, w.data(), 1, 48);
  EXPECT_EQ(q4_bad.status().code(), ErrorCode::unsupported);
  auto empty = PackedWeights::from_f32(DType::f32, w.data(), 0, 4);
  EXPECT_EQ(empty.status().code(), ErrorCode::input);
  auto negative = PackedWeights::from_rows(DType::f16, w.data(), 4, -1);
  EXPECT_EQ(negative.status().code(), ErrorCode::input);
  auto bf16 = PackedWeights::from_rows(DType::bf16, w.data(), 4, 4);
  EXPECT_EQ(bf16.status().code(), ErrorCode::unsupported);
}

}  // namespace
}  // namespace bertwasm::test
