// Every kernel of src/index/distance_kernels.inc against exact arithmetic (float64 / int64 /
// bit by bit) over odd sizes, on inputs offset by one element and followed by guard values
// that would change the result if a kernel read past its n elements.
#include "index/distance_kernels.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "synthetic_data.h"

namespace bertwasm::index {
namespace {

// Worst-case bound of a float sum of n products (any order): n · 2^-24 · Σ|a·b|.
constexpr double kMaxDotF32RelError = 0x1.0p-24;
const size_t kSizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 33, 48, 384, 385, 1024};
constexpr size_t kGuard = 16;

using DotF32 = float (*)(const float*, const float*, size_t);
using DotI16I8 = int32_t (*)(const int16_t*, const int8_t*, size_t);
using Hamming = uint32_t (*)(const uint8_t*, const uint8_t*, size_t);

struct F32Case { const char* name; DotF32 fn; };
struct I16I8Case { const char* name; DotI16I8 fn; };
struct HammingCase { const char* name; Hamming fn; };

#define BW_DOT_F32_KERNEL(name) {#name, name},
#define BW_DOT_I16_I8_KERNEL(name)
#define BW_HAMMING_KERNEL(name)
const F32Case kF32Kernels[] = {
#include "index/distance_kernels.inc"
};
#undef BW_DOT_F32_KERNEL
#undef BW_DOT_I16_I8_KERNEL
#define BW_DOT_F32_KERNEL(name)
#define BW_DOT_I16_I8_KERNEL(name) {#name, name},
const I16I8Case kI16I8Kernels[] = {
#include "index/distance_kernels.inc"
};
#undef BW_DOT_I16_I8_KERNEL
#undef BW_HAMMING_KERNEL
#define BW_DOT_I16_I8_KERNEL(name)
#define BW_HAMMING_KERNEL(name) {#name, name},
const HammingCase kHammingKernels[] = {
#include "index/distance_kernels.inc"
};
#undef BW_DOT_F32_KERNEL
#undef BW_DOT_I16_I8_KERNEL
#undef BW_HAMMING_KERNEL

TEST(DistanceKernels, ListHasAScalarAndASimdVariantOfEach) {
  EXPECT_EQ(std::size(kF32Kernels), 2u);
  EXPECT_EQ(std::size(kI16I8Kernels), 2u);
  EXPECT_EQ(std::size(kHammingKernels), 2u);
}

TEST(DistanceKernels, DotF32WithinRoundingOfFloat64) {
  test::Rng rng(1);
  for (const F32Case& k : kF32Kernels) {
    for (size_t n : kSizes) {
      // One element of offset (unaligned), then NaN guards after the n values.
      std::vector<float> a(1 + n + kGuard, std::numeric_limits<float>::quiet_NaN());
      std::vector<float> b = a;
      double exact = 0.0, magnitude = 0.0;
      for (size_t i = 0; i < n; ++i) {
        a[1 + i] = float(rng.normal());
        b[1 + i] = float(rng.normal());
        exact += double(a[1 + i]) * b[1 + i];
        magnitude += std::fabs(double(a[1 + i]) * b[1 + i]);
      }
      const float got = k.fn(a.data() + 1, b.data() + 1, n);
      EXPECT_NEAR(got, exact, double(n) * kMaxDotF32RelError * magnitude) << k.name << " n=" << n;
    }
  }
}

TEST(DistanceKernels, DotF32SimdOfExactValuesIsExact) {
  // Small integers: every partial sum is exact in float whatever the order.
  for (size_t n : kSizes) {
    std::vector<float> a(n), b(n);
    int64_t exact = 0;
    for (size_t i = 0; i < n; ++i) {
      a[i] = float(int(i % 7) - 3);
      b[i] = float(int(i % 5) - 2);
      exact += int64_t(a[i]) * int64_t(b[i]);
    }
    for (const F32Case& k : kF32Kernels) EXPECT_EQ(k.fn(a.data(), b.data(), n), float(exact)) << k.name << " n=" << n;
  }
}

TEST(DistanceKernels, DotI16I8MatchesInt64Exactly) {
  test::Rng rng(2);
  for (const I16I8Case& k : kI16I8Kernels) {
    for (size_t n : kSizes) {
      std::vector<int16_t> a(1 + n + kGuard, 32767);
      std::vector<int8_t> b(1 + n + kGuard, 127);
      int64_t exact = 0;
      for (size_t i = 0; i < n; ++i) {
        a[1 + i] = int16_t(int(rng.next() % 65535) - 32767);
        b[1 + i] = int8_t(int(rng.next() % 255) - 127);
        exact += int64_t(a[1 + i]) * b[1 + i];
      }
      EXPECT_EQ(k.fn(a.data() + 1, b.data() + 1, n), exact) << k.name << " n=" << n;
    }
  }
}

TEST(DistanceKernels, DotI16I8AtTheOverflowBound) {
  // 516 · 32767 · 127 < 2^31 (the bound quantize_query_i16 keeps), all of one sign.
  const size_t n = 516;
  std::vector<int16_t> a(n, -32767);
  std::vector<int8_t> b(n, 127);
  for (const I16I8Case& k : kI16I8Kernels) {
    EXPECT_EQ(k.fn(a.data(), b.data(), n), int32_t(-32767 * 127 * int64_t(n))) << k.name;
  }
}

TEST(DistanceKernels, HammingMatchesBitByBitCount) {
  test::Rng rng(3);
  for (const HammingCase& k : kHammingKernels) {
    for (size_t n : kSizes) {
      std::vector<uint8_t> a(1 + n + kGuard, 0x00), b(1 + n + kGuard, 0xFF);
      uint32_t exact = 0;
      for (size_t i = 0; i < n; ++i) {
        a[1 + i] = uint8_t(rng.next());
        b[1 + i] = uint8_t(rng.next());
        for (int bit = 0; bit < 8; ++bit) exact += ((a[1 + i] >> bit) & 1) != ((b[1 + i] >> bit) & 1);
      }
      EXPECT_EQ(k.fn(a.data() + 1, b.data() + 1, n), exact) << k.name << " n=" << n;
    }
  }
}

TEST(DistanceKernels, HammingOfComplementsCountsEveryBit) {
  for (size_t n : kSizes) {
    std::vector<uint8_t> a(n, 0x5A), b(n, 0xA5);
    for (const HammingCase& k : kHammingKernels) EXPECT_EQ(k.fn(a.data(), b.data(), n), 8 * n) << k.name;
  }
}

}  // namespace
}  // namespace bertwasm::index
