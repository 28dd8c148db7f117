// Every matmul microkernel of kernels/ukernels.inc against reference::matmul, bit for bit:
// the kernels follow the reference's float operation order, and the integer paths sum exactly.
// One tile of exactly mr rows over k and n around the 8-column panels and odd sizes, with
// inputs at an odd offset and guard values after the output and the packed activations.
#include <string>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/gemm.h"
#include "kernels/packed_weights_impl.h"
#include "kernels/reference.h"
#include "weights_fixture.h"

namespace bertwasm::test {
namespace {

struct Variant {
  const char* name;
  gemm::Family family;
  int mr;
  gemm::Ukernel run;
};

void PrintTo(const Variant& v, std::ostream* os) { *os << v.name; }

const Variant kVariants[] = {
#define BW_GEMM_UKERNEL(name, fam, rows) {#name, gemm::Family::fam, rows, gemm::name},
#include "kernels/ukernels.inc"
#undef BW_GEMM_UKERNEL
};

std::vector<DType> storages_of(gemm::Family f) {
  switch (f) {
    case gemm::Family::f32: return {DType::f32, DType::f16};
    case gemm::Family::q8_0: return {DType::q8_0};
    case gemm::Family::q4_0: return {DType::q4_0};
  }
  return {};
}

// Runs one variant over all panels of W for one tile of mr rows and compares with the reference.
void check_tile(const Variant& v, DType storage, int k, int n, bool with_bias, uint32_t seed) {
  SCOPED_TRACE(std::string(v.name) + " " + dtype_name(storage) + " k=" + std::to_string(k) +
               " n=" + std::to_string(n) + (with_bias ? " bias" : ""));
  const TestWeights w(storage, n, k, seed);
  const GuardedFloats x(random_weights(v.mr, k, seed + 1));
  const std::vector<float> bias = random_floats(size_t(n), seed + 2);

  // Packed activations, followed by guard bytes.
  const size_t tile_bytes = gemm::x_tile_bytes(v.family, v.mr, k);
  std::vector<uint8_t> tile(tile_bytes + 64, 0xA5);
  gemm::pack_x(v.family, x.data(), size_t(k), v.mr, k, tile.data());
  for (size_t i = tile_bytes; i < tile.size(); ++i) ASSERT_EQ(tile[i], 0xA5) << "pack_x wrote past its tile";

  GuardedFloats y(size_t(v.mr) * n);
  const PackedWeights::Impl& impl = w.packed.impl();
  for (int p = 0; p < impl.panel_count(); ++p) {
    const int j0 = p * gemm::kPanelCols, nc = std::min(gemm::kPanelCols, n - j0);
    float bias8[gemm::kPanelCols] = {};
    std::copy(bias.begin() + j0, bias.begin() + j0 + nc, bias8);
    v.run({k, tile.data(), impl.panel(p), with_bias ? bias8 : nullptr, y.data() + j0, size_t(n), nc});
  }
  std::vector<float> expected(size_t(v.mr) * n);
  reference::matmul(x.data(), v.mr, k, storage, w.rows.data(), n, with_bias ? bias.data() : nullptr, expected.data());

  const long diff = first_difference(y.data(), expected.data(), expected.size());
  EXPECT_EQ(diff, -1) << "row " << diff / n << " col " << diff % n << ": " << y[size_t(diff)] << " vs "
                      << expected[size_t(diff)];
  EXPECT_TRUE(y.guards_intact()) << "wrote outside the output tile";
}

class GemmUkernel : public ::testing::TestWithParam<Variant> {};

TEST_P(GemmUkernel, MatchesReferenceExactly) {
  const Variant& v = GetParam();
  std::vector<int> ks = kBlockSizes;
  if (v.family == gemm::Family::f32) {
    ks = kOddSizes;
    ks.insert(ks.end(), {64, 312, 384});
  }
  const std::vector<int> ns = {1, 3, 7, 8, 9, 16, 17, 33};
  uint32_t seed = 1;
  for (DType storage : storages_of(v.family))
    for (int k : ks)
      for (int n : ns) { check_tile(v, storage, k, n, /*with_bias=*/(seed & 1) != 0, seed); ++seed; }
}

TEST_P(GemmUkernel, LongRows) {
  const Variant& v = GetParam();
  for (DType storage : storages_of(v.family)) check_tile(v, storage, 1536, 24, true, 77);
}

TEST(GemmF32Run, EqualsOneCallPerTile) {
  // Runs of consecutive 4-row tiles (attention's keys) against single-tile calls, bit for bit,
  // with a partial panel (nc = 5) and a row stride wider than the panel.
  for (int k : {1, 3, 32, 33}) {
    for (int tiles : {0, 1, 5}) {
      SCOPED_TRACE("k=" + std::to_string(k) + " tiles=" + std::to_string(tiles));
      const TestWeights w(DType::f32, 5, k, 90);
      const std::vector<float> x = random_weights(4 * tiles, k, 91);
      std::vector<float> packed_x(x.size());
      for (int t = 0; t < tiles; ++t)
        gemm::pack_x_f32(x.data() + size_t(t) * 4 * k, size_t(k), 4, k, packed_x.data() + size_t(t) * 4 * k);
      const size_t stride = 11;
      GuardedFloats run(size_t(4 * tiles) * stride), single(size_t(4 * tiles) * stride);
      const void* panel = w.packed.impl().panel(0);
      gemm::gemm_f32_4x8_run__simd128({k, packed_x.data(), panel, nullptr, run.data(), stride, 5}, tiles);
      for (int t = 0; t < tiles; ++t)
        gemm::gemm_f32_4x8__simd128(
            {k, packed_x.data() + size_t(t) * 4 * k, panel, nullptr, single.data() + size_t(t) * 4 * stride, stride, 5});
      EXPECT_EQ(first_difference(run.data(), single.data(), run.size()), -1);
      EXPECT_TRUE(run.guards_intact()) << "wrote outside the output";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, GemmUkernel, ::testing::ValuesIn(kVariants),
                         [](const ::testing::TestParamInfo<Variant>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace bertwasm::test
