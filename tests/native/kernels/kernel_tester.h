// Shared helpers of the kernel tests: seeded random inputs, buffers whose data starts at an odd
// offset and is followed by guard values (checked untouched after the kernel ran), the odd
// sizes every kernel is run over, and float comparisons in ulps.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "quant/blocks.h"

namespace bertwasm::test {

// Sizes around the 4 × 8 tiles and odd ones (ggml's test-quantize-fns walks similar ones).
inline const std::vector<int> kOddSizes = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 26, 31, 33};
// Row lengths of the quantized paths (k % 32 == 0).
inline const std::vector<int> kBlockSizes = {32, 64, 96, 160, 384};

inline std::vector<float> random_floats(size_t count, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(count);
  for (float& f : v) f = dist(rng);
  return v;
}

// `count` floats starting `kOffset` floats into the allocation, then kGuards guard values.
class GuardedFloats {
 public:
  static constexpr size_t kOffset = 3;  // keeps data off 16-byte alignment
  static constexpr size_t kGuards = 37;
  static constexpr float kGuard = -12345.678f;

  explicit GuardedFloats(size_t count) : count_(count), data_(kOffset + count + kGuards, kGuard) {}
  GuardedFloats(const std::vector<float>& values) : GuardedFloats(values.size()) {
    std::copy(values.begin(), values.end(), data());
  }
  float* data() { return data_.data() + kOffset; }
  const float* data() const { return data_.data() + kOffset; }
  size_t size() const { return count_; }
  float operator[](size_t i) const { return data()[i]; }
  std::vector<float> values() const { return std::vector<float>(data(), data() + count_); }
  // True when nothing before or after the data was written.
  bool guards_intact() const {
    for (size_t i = 0; i < data_.size(); ++i)
      if ((i < kOffset || i >= kOffset + count_) && !bit_equal(data_[i], kGuard)) return false;
    return true;
  }
  static bool bit_equal(float a, float b) { return std::memcmp(&a, &b, sizeof(float)) == 0; }

 private:
  size_t count_;
  std::vector<float> data_;
};

// Index of the first element whose bits differ, or -1.
inline long first_difference(const float* a, const float* b, size_t count) {
  for (size_t i = 0; i < count; ++i)
    if (!GuardedFloats::bit_equal(a[i], b[i])) return long(i);
  return -1;
}

// Distance in units in the last place between two finite floats.
inline int64_t ulp_distance(float a, float b) {
  auto ordered = [](float f) {
    int32_t i;
    std::memcpy(&i, &f, sizeof(i));
    return i < 0 ? int64_t(INT32_MIN) - i : int64_t(i);
  };
  const int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

}  // namespace bertwasm::test
