// Activation quantization (gemm::pack_x_q8_0) against quantize_row_q8_0, exactly: values, block
// scales and the 8·Σq corrections, including exact .5 ties (roundf rounds them away from zero)
// and all-zero blocks.
#include <cmath>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/gemm.h"
#include "quant/fp16.h"
#include "quant/quantize.h"

namespace bertwasm::test {
namespace {

// Unpacks one row of a packed tile and compares it with quantize_row_q8_0 of the same row.
void expect_row_matches(const float* row, const uint8_t* tile, int r, int mr, int k) {
  const int blocks = k / kQuantBlock;
  std::vector<BlockQ8_0> expected(static_cast<size_t>(blocks));
  quantize_row_q8_0(row, expected.data(), k);
  const auto* pairs = reinterpret_cast<const int16_t*>(tile);
  const auto* scales = reinterpret_cast<const float*>(tile + sizeof(int16_t) * size_t(k) * mr);
  const auto* sums = reinterpret_cast<const int32_t*>(scales + size_t(blocks) * mr);
  for (int b = 0; b < blocks; ++b) {
    SCOPED_TRACE("row " + std::to_string(r) + " block " + std::to_string(b));
    EXPECT_EQ(f32_bits(scales[size_t(b) * mr + r]), f32_bits(f16_to_f32(expected[size_t(b)].d)));
    int sum = 0;
    for (int j = 0; j < kQuantBlock; ++j) {
      const int pair = b * kQuantBlock / 2 + j / 2;
      const int16_t q = pairs[(size_t(pair) * mr + r) * 2 + j % 2];
      ASSERT_EQ(q, expected[size_t(b)].qs[j]) << "element " << j << " of " << row[b * kQuantBlock + j];
      sum += q;
    }
    EXPECT_EQ(sums[size_t(b) * mr + r], 8 * sum);
  }
}

void check(const std::vector<float>& x, int mr, int k) {
  std::vector<uint8_t> tile(gemm::x_tile_bytes(gemm::Family::q8_0, mr, k) + 16, 0x5A);
  gemm::pack_x_q8_0(x.data(), size_t(k), mr, k, tile.data());
  for (size_t i = tile.size() - 16; i < tile.size(); ++i) ASSERT_EQ(tile[i], 0x5A) << "wrote past the tile";
  for (int r = 0; r < mr; ++r) expect_row_matches(x.data() + size_t(r) * k, tile.data(), r, mr, k);
}

TEST(QuantizeActivations, MatchesQuantizeRowQ8_0) {
  for (int mr = 1; mr <= gemm::kMaxTileRows; ++mr)
    for (int k : {32, 64, 96, 384, 1536}) check(random_floats(size_t(mr) * k, uint32_t(mr * 1000 + k), -3.0f, 3.0f), mr, k);
}

TEST(QuantizeActivations, RoundsTiesAwayFromZero) {
  // amax 127 makes the scale exactly 1, so x.5 values are ties: roundf gives 3, -4, 1, -1 ...
  std::vector<float> x(64);
  for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 2 ? -1.0f : 1.0f) * (float(i % 9) + 0.5f);
  x[0] = 127.0f;
  x[32] = -127.0f;
  check(x, 1, 64);
}

TEST(QuantizeActivations, RoundsValuesNextToTies) {
  // Scale 1 again; every n + 0.5 and its float neighbours on both sides, both signs.
  std::vector<float> x;
  for (int n = 0; n < 127; ++n) {
    const float tie = float(n) + 0.5f;
    for (float v : {tie, std::nextafter(tie, 0.0f), std::nextafter(tie, 200.0f)}) {
      if (x.size() % kQuantBlock == 0) x.push_back(127.0f);
      x.push_back(x.size() % 2 ? v : -v);
    }
  }
  while (x.size() % kQuantBlock != 0) x.push_back(0.49999997f);
  check(x, 1, int(x.size()));
}

TEST(QuantizeActivations, ZeroAndTinyBlocks) {
  std::vector<float> x(96, 0.0f);
  for (int j = 32; j < 64; ++j) x[size_t(j)] = 1e-30f * float(j - 40);  // scale underflows in f16
  for (int j = 64; j < 96; ++j) x[size_t(j)] = 6e-5f * float(j - 70);   // f16 subnormal scale
  check(x, 1, 96);
}

TEST(QuantizeActivations, ScalesAtTheF16RangeEdges) {
  // Block maxima whose scale amax / 127 sits at the ends of the normal f16 range (2^-14 and
  // 65504), just inside and outside, and far past it (an infinite f16 scale): every path of
  // the vectorized scale must round exactly as f32_to_f16 does.
  const float smallest_normal = 127.0f * 6.103515625e-05f, largest = 127.0f * 65504.0f;
  const float tie_even = 127.0f * (1.0f + 0x1p-11f), tie_odd = 127.0f * (1.0f + 0x3p-11f);  // d halfway
  // Groups of four (scales computed together): all in range (the vector path), including f16
  // rounding ties; then one lane out of range per group (the group goes scalar); a last block
  // outside any group.
  const float maxima[] = {1.0f, smallest_normal, std::nextafter(smallest_normal, 1.0f), largest,
                          std::nextafter(largest, 0.0f), 127.0f * 65519.0f, 3.0f, 0.5f,
                          tie_even, tie_odd, tie_even * 0x1p-10f, tie_odd * 0x1p+8f,
                          std::nextafter(smallest_normal, 0.0f), 1.0f, 1.0f, 1.0f,
                          127.0f * 0x1.004p-15f, 1.0f, 1.0f, 1.0f,  // subnormal in f16: coarser steps
                          127.0f * 65520.0f, 1.0f, 1.0f, 1.0f,
                          3e38f, 1.0f, 1.0f, 1.0f,
                          0.0f, 1.0f, 1.0f, 1.0f,
                          1e-3f};
  std::vector<float> x;
  for (float amax : maxima) {
    for (int j = 0; j < kQuantBlock; ++j) x.push_back(amax * (float((j * 7) % 32 - 15) / 16.0f));
    x[x.size() - kQuantBlock + 3] = amax;
  }
  for (int mr : {1, 3, 4}) {
    std::vector<float> rows;
    for (int r = 0; r < mr; ++r) rows.insert(rows.end(), x.begin(), x.end());
    check(rows, mr, int(x.size()));
  }
}

TEST(QuantizeActivations, ScalesSkipNaNs) {
  // quantize_row_q8_0 takes the scale from std::max(amax, |x|), which passes over NaNs: so must
  // the vector maxima, wherever the NaN sits (values past a NaN are not compared: int8 of NaN).
  for (int at : {0, 5, 16, 31}) {
    SCOPED_TRACE("NaN at " + std::to_string(at));
    std::vector<float> x(4 * kQuantBlock);
    for (size_t i = 0; i < x.size(); ++i) x[i] = float(int(i % 13) - 6) * 0.25f;
    for (int b = 0; b < 4; ++b) x[size_t(b * kQuantBlock + at)] = NAN;
    std::vector<uint8_t> tile(gemm::x_tile_bytes(gemm::Family::q8_0, 1, int(x.size())));
    gemm::pack_x_q8_0(x.data(), x.size(), 1, int(x.size()), tile.data());
    std::vector<BlockQ8_0> expected(4);
    quantize_row_q8_0(x.data(), expected.data(), int(x.size()));
    const auto* scales = reinterpret_cast<const float*>(tile.data() + sizeof(int16_t) * x.size());
    for (int b = 0; b < 4; ++b) EXPECT_EQ(f32_bits(scales[b]), f32_bits(f16_to_f32(expected[size_t(b)].d))) << "block " << b;
  }
}

}  // namespace
}  // namespace bertwasm::test
