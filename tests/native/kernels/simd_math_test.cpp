// The vector elementary functions of kernels/simd_math.h against double-precision std::exp and
// std::erf, over a dense sweep of their ranges (the stated bounds were measured over every
// float of the range natively; SIMD-128 float ops are IEEE, so WebAssembly rounds the same).
#include <cmath>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/simd_math.h"

namespace bertwasm::test {
namespace {

constexpr int64_t MAX_EXP_ULP = 1;        // vs correctly rounded e^x, x in [-87.33, 0]
constexpr double MAX_ERF_ERROR = 4.5e-7;  // absolute, all x (measured 4.26e-7 at x = -3.853)

float exp1(float x) { return wasm_f32x4_extract_lane(simd::exp_nonpositive_f32x4(wasm_f32x4_splat(x)), 0); }
float erf1(float x) { return wasm_f32x4_extract_lane(simd::erf_f32x4(wasm_f32x4_splat(x)), 0); }

TEST(SimdMath, ExpWithinOneUlp) {
  constexpr int kSteps = 1 << 20;
  for (int i = 0; i <= kSteps; ++i) {
    const float x = -87.33f * float(i) / float(kSteps);
    ASSERT_LE(ulp_distance(exp1(x), float(std::exp(double(x)))), MAX_EXP_ULP) << "x = " << x;
  }
  EXPECT_EQ(exp1(0.0f), 1.0f);
  EXPECT_EQ(exp1(-100.0f), 0.0f);
  EXPECT_EQ(exp1(-INFINITY), 0.0f);
  EXPECT_LE(ulp_distance(exp1(-87.0f), float(std::exp(double(-87.0f)))), MAX_EXP_ULP);
  EXPECT_EQ(exp1(-0.0f), 1.0f);
  EXPECT_EQ(exp1(-87.5f), 0.0f);
}

TEST(SimdMath, ErfWithinBound) {
  constexpr int kSteps = 1 << 21;
  double worst = 0.0;
  for (int i = 0; i <= kSteps; ++i) {
    const float x = -7.0f + 14.0f * float(i) / float(kSteps);
    worst = std::max(worst, std::fabs(double(erf1(x)) - std::erf(double(x))));
  }
  EXPECT_LE(worst, MAX_ERF_ERROR);
  // The worst point found by the exhaustive sweep, odd symmetry, saturation.
  EXPECT_LE(std::fabs(double(erf1(-3.85304379f)) - std::erf(-3.85304379)), MAX_ERF_ERROR);
  EXPECT_EQ(erf1(0.0f), 0.0f);
  EXPECT_EQ(erf1(1.5f), -erf1(-1.5f));
  EXPECT_EQ(erf1(30.0f), erf1(3.92f));
  EXPECT_LE(std::fabs(erf1(30.0f) - 1.0f), MAX_ERF_ERROR);
}

}  // namespace
}  // namespace bertwasm::test
