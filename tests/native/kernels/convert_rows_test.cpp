// The load path's row converters (kernels/convert_rows.h) against the scalar references of
// quant/quantize.h, bit for bit: every f16 / bf16 value, odd lengths with unaligned inputs and
// guarded outputs, random and adversarial blocks (.5 ties, zeros, -0, huge, subnormal, inf, NaN,
// tied maxima of opposite sign), and every pair of types convert_row handles.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "kernel_tester.h"
#include "kernels/convert_rows.h"
#include "quant/fp16.h"
#include "quant/quantize.h"

namespace bertwasm::test {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kDenormMin = std::numeric_limits<float>::denorm_min();
constexpr float kMax = std::numeric_limits<float>::max();
constexpr size_t kGuardBytes = 29;
constexpr uint8_t kGuardByte = 0xA5;

// Bytes of `count` items at an odd byte offset, then guard bytes.
template <class T>
class GuardedBytes {
 public:
  explicit GuardedBytes(size_t count) : size_(count * sizeof(T)), bytes_(1 + size_ + kGuardBytes, kGuardByte) {}
  T* data() { return reinterpret_cast<T*>(bytes_.data() + 1); }
  const uint8_t* begin() const { return bytes_.data() + 1; }
  bool guards_intact() const {
    for (size_t i = 1 + size_; i < bytes_.size(); ++i)
      if (bytes_[i] != kGuardByte) return false;
    return bytes_[0] == kGuardByte;
  }
  size_t size() const { return size_; }

 private:
  size_t size_;
  std::vector<uint8_t> bytes_;
};

// Halves (or bfloat16s) 0..65535, converted by `kernel` at every odd length's worth of
// offsets: each output float must have the reference's exact bits.
template <class Kernel, class Reference>
void expect_all_halves(Kernel kernel, Reference reference) {
  for (int length : {65536, 65535, 1, 3, 7, 9, 15, 17, 31, 33}) {
    SCOPED_TRACE("length " + std::to_string(length));
    GuardedBytes<uint16_t> in{size_t(length)};
    for (int i = 0; i < length; ++i) {
      const uint16_t h = uint16_t((i * 40503) & 0xffff);  // odd multiplier: a permutation
      std::memcpy(in.data() + i, &h, sizeof(h));
    }
    GuardedFloats out{size_t(length)};
    kernel(in.data(), out.data(), length);
    ASSERT_TRUE(out.guards_intact()) << "wrote outside the row";
    for (int i = 0; i < length; ++i) {
      uint16_t h;
      std::memcpy(&h, in.data() + i, sizeof(h));
      ASSERT_EQ(f32_bits(out[size_t(i)]), f32_bits(reference(h))) << "half 0x" << std::hex << h;
    }
  }
}

TEST(ConvertRows, F16ToF32EveryValue) { expect_all_halves(f16_to_f32_row__simd128, f16_to_f32); }

TEST(ConvertRows, Bf16ToF32EveryValue) { expect_all_halves(bf16_to_f32_row__simd128, bf16_to_f32); }

// Blocks that stress each step of the block quantizers.
std::vector<float> adversarial_blocks() {
  std::vector<std::vector<float>> blocks;
  auto block = [&](auto value) {
    std::vector<float> b(kQuantBlock);
    for (int j = 0; j < kQuantBlock; ++j) b[size_t(j)] = value(j);
    blocks.push_back(b);
  };
  // Scale exactly 1 (amax 127): every x.5 is a tie, roundf takes it away from zero.
  block([](int j) { return j == 0 ? 127.0f : (j % 2 ? -1.0f : 1.0f) * (float(j % 13) + 0.5f); });
  // Q4_0 scale 1 (max -8): x · id + 8.5 lands on whole numbers.
  block([](int j) { return j == 5 ? -8.0f : float(j % 17 - 8); });
  block([](int) { return 0.0f; });
  block([](int) { return -0.0f; });
  block([](int j) { return j % 3 ? 0.0f : -0.0f; });
  block([](int j) { return (j % 2 ? kMax : -kMax) * float(j + 1) / 32.0f; });  // huge
  block([](int j) { return j == 9 ? -kMax : 1.0f; });
  block([](int j) { return kDenormMin * float(j - 16); });                       // 1/d overflows
  block([](int j) { return 1e-40f * float(j % 5); });                            // subnormal
  block([](int j) { return j == 4 ? 1e-38f : kDenormMin * float(j); });          // normal amax
  block([](int j) { return 1e-30f * float(j - 20); });                           // f16 scale 0
  block([](int j) { return 6e-5f * float(j - 11); });                            // f16 subnormal scale
  block([](int j) { return j == 7 ? kInf : float(j); });
  block([](int j) { return j == 7 ? -kInf : float(j); });
  block([](int j) { return j % 4 ? kNaN : float(j); });
  block([](int) { return kNaN; });
  block([](int j) { return j == 3 ? 2.0f : j == 10 ? -2.0f : 0.5f; });  // tied maxima: the first
  block([](int j) { return j == 3 ? -2.0f : j == 10 ? 2.0f : 0.5f; });  // one's sign wins
  block([](int j) { return j == 31 ? -3.0f : 1.0f; });                  // maximum last
  std::vector<float> all;
  for (const auto& b : blocks) all.insert(all.end(), b.begin(), b.end());
  return all;
}

template <class Block, class Kernel, class Reference>
void expect_blocks_match(const std::vector<float>& values, Kernel kernel, Reference reference) {
  const int k = int(values.size());
  const size_t blocks = values.size() / kQuantBlock;
  const GuardedFloats x(values);  // unaligned input
  GuardedBytes<Block> out(blocks);
  std::vector<Block> expected(blocks);
  kernel(x.data(), out.data(), k);
  reference(values.data(), expected.data(), k);
  ASSERT_TRUE(out.guards_intact()) << "wrote outside the row";
  for (size_t b = 0; b < blocks; ++b) {
    const uint8_t* got = out.begin() + b * sizeof(Block);
    const auto* want = reinterpret_cast<const uint8_t*>(&expected[b]);
    for (size_t i = 0; i < sizeof(Block); ++i) {
      ASSERT_EQ(got[i], want[i]) << "block " << b << " byte " << i << ", block values from "
                                 << values[b * kQuantBlock] << " to " << values[b * kQuantBlock + kQuantBlock - 1];
    }
  }
}

TEST(ConvertRows, QuantizeQ8_0MatchesReference) {
  for (int k : kBlockSizes)
    for (uint32_t seed = 1; seed <= 8; ++seed)
      expect_blocks_match<BlockQ8_0>(random_floats(size_t(k), seed * 31 + uint32_t(k), -4.0f, 4.0f),
                                     quantize_row_q8_0__simd128, quantize_row_q8_0);
  expect_blocks_match<BlockQ8_0>(random_floats(1536, 7, -kMax, kMax), quantize_row_q8_0__simd128, quantize_row_q8_0);
  expect_blocks_match<BlockQ8_0>(adversarial_blocks(), quantize_row_q8_0__simd128, quantize_row_q8_0);
}

TEST(ConvertRows, QuantizeQ4_0MatchesReference) {
  for (int k : kBlockSizes)
    for (uint32_t seed = 1; seed <= 8; ++seed)
      expect_blocks_match<BlockQ4_0>(random_floats(size_t(k), seed * 37 + uint32_t(k), -4.0f, 4.0f),
                                     quantize_row_q4_0__simd128, quantize_row_q4_0);
  expect_blocks_match<BlockQ4_0>(random_floats(1536, 9, -kMax, kMax), quantize_row_q4_0__simd128, quantize_row_q4_0);
  expect_blocks_match<BlockQ4_0>(adversarial_blocks(), quantize_row_q4_0__simd128, quantize_row_q4_0);
}

// With 127 in a block its scale is exactly 1, so the other values reach the rounding as they
// are: every half-integer of the int8 range, and the floats just below and above each.
TEST(ConvertRows, QuantizeQ8_0RoundsLikeRoundf) {
  std::vector<float> values;
  for (int i = -128; i < 128; ++i) {
    const float tie = float(i) + 0.5f;
    for (float v : {std::nextafter(tie, -kInf), tie, std::nextafter(tie, kInf)}) {
      if (values.size() % kQuantBlock == 0) values.push_back(127.0f);
      if (std::fabs(v) <= 127.0f) values.push_back(v);
    }
  }
  while (values.size() % kQuantBlock) values.push_back(-0.5f);
  expect_blocks_match<BlockQ8_0>(values, quantize_row_q8_0__simd128, quantize_row_q8_0);
}

// A row of k random values in `type` (ggml row layout), made with the scalar references.
std::vector<uint8_t> row_in(DType type, int k, uint32_t seed) {
  const std::vector<float> v = random_floats(size_t(k), seed, -2.0f, 2.0f);
  std::vector<uint8_t> row(row_bytes(type, k));
  switch (type) {
    case DType::f32: std::memcpy(row.data(), v.data(), row.size()); break;
    case DType::f16: quantize_row_f16(v.data(), reinterpret_cast<uint16_t*>(row.data()), k); break;
    case DType::bf16:
      for (int i = 0; i < k; ++i) {
        const uint16_t h = f32_to_bf16(v[size_t(i)]);
        std::memcpy(row.data() + 2 * i, &h, 2);
      }
      break;
    case DType::q8_0: quantize_row_q8_0(v.data(), reinterpret_cast<BlockQ8_0*>(row.data()), k); break;
    case DType::q4_0: quantize_row_q4_0(v.data(), reinterpret_cast<BlockQ4_0*>(row.data()), k); break;
  }
  return row;
}

// What convert_row must produce: the row as floats, then the reference quantizer of `to`.
std::vector<uint8_t> reference_convert(DType from, const std::vector<uint8_t>& row, DType to, int k) {
  std::vector<float> values(static_cast<size_t>(k));
  dequantize_row(from, row.data(), 0, k, values.data());
  std::vector<uint8_t> out(row_bytes(to, k));
  switch (to) {
    case DType::f32: std::memcpy(out.data(), values.data(), out.size()); break;
    case DType::f16: quantize_row_f16(values.data(), reinterpret_cast<uint16_t*>(out.data()), k); break;
    case DType::q8_0: quantize_row_q8_0(values.data(), reinterpret_cast<BlockQ8_0*>(out.data()), k); break;
    case DType::q4_0: quantize_row_q4_0(values.data(), reinterpret_cast<BlockQ4_0*>(out.data()), k); break;
    case DType::bf16: break;
  }
  return out;
}

TEST(ConvertRows, ConvertRowEveryPairOfTypes) {
  const DType sources[] = {DType::f32, DType::f16, DType::bf16, DType::q8_0, DType::q4_0};
  const DType targets[] = {DType::f32, DType::f16, DType::q8_0, DType::q4_0};
  for (DType from : sources) {
    for (DType to : targets) {
      const bool blocks = from == DType::q8_0 || from == DType::q4_0 || to == DType::q8_0 || to == DType::q4_0;
      for (int k : blocks ? kBlockSizes : kOddSizes) {
        SCOPED_TRACE(std::string(dtype_name(from)) + " -> " + dtype_name(to) + ", k " + std::to_string(k));
        const std::vector<uint8_t> row = row_in(from, k, uint32_t(k) * 7 + uint32_t(from) + 100 * uint32_t(to));
        GuardedBytes<uint8_t> in(row.size());
        std::memcpy(in.data(), row.data(), row.size());  // unaligned
        GuardedBytes<uint8_t> out(row_bytes(to, k));
        std::vector<float> scratch(static_cast<size_t>(k));
        convert_row(from, in.data(), to, out.data(), k, scratch.data());
        ASSERT_TRUE(out.guards_intact()) << "wrote outside the row";
        const std::vector<uint8_t> expected = reference_convert(from, row, to, k);
        ASSERT_EQ(std::memcmp(out.begin(), expected.data(), expected.size()), 0);
      }
    }
  }
}

}  // namespace
}  // namespace bertwasm::test
