// mean_rows (vectorized, same additions per column as the reference: exact), l2_normalize and
// tanh_inplace (their scalar definitions) against reference.h.
#include <cmath>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/ops.h"
#include "kernels/reference.h"

namespace bertwasm::test {
namespace {

TEST(MeanRows, MatchesReferenceExactly) {
  uint32_t seed = 1;
  for (int rows : {1, 2, 3, 17, 128})
    for (int cols : kOddSizes) {
      const GuardedFloats x(random_floats(size_t(rows) * cols, seed++, -2.0f, 2.0f));
      GuardedFloats out(static_cast<size_t>(cols));
      mean_rows(x.data(), rows, cols, out.data());
      std::vector<float> expected(static_cast<size_t>(cols));
      reference::mean_rows(x.data(), rows, cols, expected.data());
      EXPECT_EQ(first_difference(out.data(), expected.data(), expected.size()), -1) << rows << "x" << cols;
      EXPECT_TRUE(out.guards_intact());
    }
}

TEST(L2Normalize, UnitNormAndZeroVector) {
  GuardedFloats x(random_floats(384, 3, -2.0f, 2.0f));
  l2_normalize(x.data(), 384);
  double ss = 0.0;
  for (size_t i = 0; i < x.size(); ++i) ss += double(x[i]) * x[i];
  EXPECT_NEAR(ss, 1.0, 1e-6);
  EXPECT_TRUE(x.guards_intact());
  std::vector<float> zero(5, 0.0f);
  l2_normalize(zero.data(), 5);
  for (float v : zero) EXPECT_EQ(v, 0.0f);
}

TEST(Tanh, MatchesStdTanh) {
  GuardedFloats x({-20.0f, -1.0f, -1e-8f, 0.0f, 0.5f, 3.0f, 20.0f});
  const std::vector<float> input = x.values();
  tanh_inplace(x.data(), x.size());
  for (size_t i = 0; i < input.size(); ++i) EXPECT_EQ(x[i], std::tanh(input[i]));
  EXPECT_TRUE(x.guards_intact());
}

}  // namespace
}  // namespace bertwasm::test
