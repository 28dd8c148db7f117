// Normalization, int8 quantization and sign bits of one vector, on hand-worked examples.
#include "index/vector_codec.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace bertwasm::index {
namespace {

TEST(VectorCodec, NormalizesToUnitLength) {
  std::vector<float> x = {3.0f, 0.0f, -4.0f};
  ASSERT_TRUE(normalize_l2(x.data(), x.size()).ok());
  EXPECT_FLOAT_EQ(x[0], 0.6f);
  EXPECT_FLOAT_EQ(x[1], 0.0f);
  EXPECT_FLOAT_EQ(x[2], -0.8f);
}

TEST(VectorCodec, RejectsNanInfinityAndZero) {
  std::vector<float> nan = {1.0f, std::numeric_limits<float>::quiet_NaN()};
  Status s = normalize_l2(nan.data(), nan.size());
  EXPECT_EQ(s.code(), ErrorCode::input);
  EXPECT_NE(s.message().find("value 1 is NaN"), std::string::npos) << s.message();
  EXPECT_EQ(nan[0], 1.0f);  // unchanged

  std::vector<float> inf = {-std::numeric_limits<float>::infinity(), 1.0f};
  s = normalize_l2(inf.data(), inf.size());
  EXPECT_EQ(s.code(), ErrorCode::input);
  EXPECT_NE(s.message().find("value 0 is infinite"), std::string::npos) << s.message();

  std::vector<float> zero = {0.0f, -0.0f, 0.0f};
  s = normalize_l2(zero.data(), zero.size());
  EXPECT_EQ(s.code(), ErrorCode::input);
  EXPECT_NE(s.message().find("zero"), std::string::npos) << s.message();
}

TEST(VectorCodec, QuantizesPerVectorByMaxAbs) {
  // max|x| = 0.5: q = round(x / 0.5 · 127).
  const std::vector<float> x = {0.5f, -0.25f, 0.1f, -0.5f, 0.0f, 0.00197f};
  std::vector<int8_t> q(x.size());
  const float scale = quantize_int8(x.data(), x.size(), q.data());
  EXPECT_FLOAT_EQ(scale, 0.5f / 127.0f);
  // 0.1 / 0.5 · 127 = 25.4 → 25; 0.00197 / 0.5 · 127 = 0.50038 → 1; -0.25 → -63.5 → -64.
  EXPECT_EQ(q, (std::vector<int8_t>{127, -64, 25, -127, 0, 1}));
}

TEST(VectorCodec, QuantizesZeroToZero) {
  const std::vector<float> x(5, 0.0f);
  std::vector<int8_t> q(5, 9);
  EXPECT_EQ(quantize_int8(x.data(), x.size(), q.data()), 0.0f);
  EXPECT_EQ(q, std::vector<int8_t>(5, 0));
}

TEST(VectorCodec, QueryI16RangeKeepsTheIntegerDotBelow2To31) {
  EXPECT_EQ(query_i16_max(1), 32767);
  EXPECT_EQ(query_i16_max(384), 32767);
  EXPECT_EQ(query_i16_max(516), 32767);   // 516 · 32767 · 127 = 2 147 318 604 < 2^31
  EXPECT_EQ(query_i16_max(517), 32706);   // ⌊2 147 483 647 / (127 · 517)⌋
  EXPECT_EQ(query_i16_max(65536), 258);
  for (size_t dim : {1, 517, 1000, 65536}) {
    EXPECT_LT(int64_t(query_i16_max(dim)) * 127 * int64_t(dim), int64_t(1) << 31) << dim;
  }
}

TEST(VectorCodec, QuantizesQueriesToInt16) {
  const std::vector<float> x = {0.5f, -0.25f, 0.1f, 0.0f};
  std::vector<int16_t> a(x.size());
  const float scale = quantize_query_i16(x.data(), x.size(), a.data());
  EXPECT_FLOAT_EQ(scale, 0.5f / 32767.0f);
  // -0.25 / 0.5 · 32767 = -16383.5 → -16384; 0.1 / 0.5 · 32767 = 6553.4 → 6553.
  EXPECT_EQ(a, (std::vector<int16_t>{32767, -16384, 6553, 0}));
}

TEST(VectorCodec, SignBitsLeastSignificantFirstWithZeroPadding) {
  // Positive at 0, 2, 8 and 9; zero counts as not positive.
  const std::vector<float> x = {1.0f, -1.0f, 0.5f, 0.0f, -0.1f, -2.0f, -3.0f, -4.0f, 0.25f, 7.0f};
  ASSERT_EQ(sign_bytes(x.size()), 2u);
  std::vector<uint8_t> bits(2, 0xEE);
  sign_bits(x.data(), x.size(), bits.data());
  EXPECT_EQ(bits[0], 0b00000101);
  EXPECT_EQ(bits[1], 0b00000011);
  EXPECT_EQ(sign_bytes(1), 1u);
  EXPECT_EQ(sign_bytes(8), 1u);
  EXPECT_EQ(sign_bytes(384), 48u);
}

}  // namespace
}  // namespace bertwasm::index
