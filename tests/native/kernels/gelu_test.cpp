// gelu_erf against reference::gelu_erf (std::erf): the vector erf differs by at most
// MAX_ERF_ERROR, so GELU by at most about 0.5·|x|·MAX_ERF_ERROR plus roundings.
#include <cmath>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/ops.h"
#include "kernels/reference.h"

namespace bertwasm::test {
namespace {

// |gelu(x) - reference(x)| / max(1, |x|); measured 3.35e-7 over every float in [-12, 12].
constexpr double MAX_GELU_ERROR = 4e-7;

void check(const std::vector<float>& input) {
  GuardedFloats x(input);
  gelu_erf(x.data(), x.size());
  std::vector<float> expected = input;
  reference::gelu_erf(expected.data(), expected.size());
  for (size_t i = 0; i < input.size(); ++i) {
    const double scale = std::max(1.0, double(std::fabs(input[i])));
    ASSERT_LE(std::fabs(double(x[i]) - double(expected[i])) / scale, MAX_GELU_ERROR)
        << "x = " << input[i] << " at index " << i << " of " << input.size();
  }
  EXPECT_TRUE(x.guards_intact());
}

TEST(Gelu, OddCounts) {
  uint32_t seed = 1;
  for (int count : kOddSizes) check(random_floats(size_t(count), seed++, -6.0f, 6.0f));
}

TEST(Gelu, DenseSweep) {
  std::vector<float> x(1 << 20);
  for (size_t i = 0; i < x.size(); ++i) x[i] = -12.0f + 24.0f * float(i) / float(x.size());
  check(x);
}

TEST(Gelu, SpecialValues) {
  check({0.0f, -0.0f, 1e-30f, -1e-30f, 1e-7f, 3.85304379f * 1.41421356f, -5.449f, 20.0f, -20.0f, 1e6f, -1e6f});
}

TEST(Gelu, TailMatchesVectorLanes) {
  // An element's result does not depend on its position (vector body or tail).
  const std::vector<float> v = random_floats(7, 9, -4.0f, 4.0f);
  std::vector<float> whole = v, shifted(v.begin() + 1, v.end());
  gelu_erf(whole.data(), whole.size());
  gelu_erf(shifted.data(), shifted.size());
  EXPECT_EQ(first_difference(whole.data() + 1, shifted.data(), shifted.size()), -1);
}

}  // namespace
}  // namespace bertwasm::test
