// PackedWeights::from_sources: matrices stacked from several tensors of any file type pack to
// the very bytes that packing the reference-converted rows gives (dequantize_row, then the
// scalar quantizer of the storage type), whether a panel straddles two parts or not.
#include <gtest/gtest.h>

#include <cstring>

#include "kernels/packed_weights_impl.h"
#include "quant/fp16.h"
#include "weights_fixture.h"

namespace bertwasm::test {
namespace {

// n random rows of k values in `type` (ggml row layout), made by the scalar references.
std::vector<uint8_t> file_rows(DType type, int n, int k, uint32_t seed) {
  const std::vector<float> w = random_weights(n, k, seed);
  if (type != DType::bf16) return to_rows(type, w, n, k);
  std::vector<uint8_t> rows(w.size() * 2);
  for (size_t i = 0; i < w.size(); ++i) {
    const uint16_t h = f32_to_bf16(w[i]);
    std::memcpy(rows.data() + 2 * i, &h, 2);
  }
  return rows;
}

struct Part {
  DType type;
  int rows;
};

void expect_stacked_matches(DType storage, const std::vector<Part>& layout, int k) {
  std::string what = std::string(dtype_name(storage)) + " from";
  std::vector<std::vector<uint8_t>> files;
  std::vector<PackedWeights::SourceRows> parts;
  std::vector<float> values;  // every row as floats, stacked
  int n = 0;
  for (const Part& p : layout) {
    what += std::string(" ") + std::to_string(p.rows) + "x" + dtype_name(p.type);
    files.push_back(file_rows(p.type, p.rows, k, uint32_t(files.size() * 101 + k)));
    parts.push_back({p.type, files.back().data(), p.rows});
    std::vector<float> row(static_cast<size_t>(k));
    for (int r = 0; r < p.rows; ++r) {
      dequantize_row(p.type, files.back().data(), r, k, row.data());
      values.insert(values.end(), row.begin(), row.end());
    }
    n += p.rows;
  }
  SCOPED_TRACE(what);
  auto stacked = PackedWeights::from_sources(storage, parts, k);
  ASSERT_TRUE(stacked.ok()) << stacked.status().to_string();
  const std::vector<uint8_t> rows = to_rows(storage, values, n, k);
  auto expected = PackedWeights::from_rows(storage, rows.data(), n, k);
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(stacked->n(), n);
  ASSERT_EQ(stacked->byte_size(), expected->byte_size());
  EXPECT_EQ(std::memcmp(stacked->impl().panels.data(), expected->impl().panels.data(), expected->byte_size()), 0);
}

TEST(PackedWeights, FromSourcesStacksAnyFileTypes) {
  const DType file_types[] = {DType::f32, DType::f16, DType::bf16, DType::q8_0, DType::q4_0};
  for (DType storage : kAllStorages) {
    // One file type throughout: panel 0 straddles the first two parts, the rest lie in one.
    for (DType type : file_types) expect_stacked_matches(storage, {{type, 5}, {type, 3}, {type, 13}}, 64);
    // Mixed types, an empty part, a part of one row.
    expect_stacked_matches(storage, {{DType::f16, 8}, {DType::q8_0, 0}, {DType::f32, 1}, {DType::bf16, 12}}, 96);
    expect_stacked_matches(storage, {{DType::q4_0, 9}, {storage, 7}, {DType::q8_0, 17}}, 32);
  }
  // Rows that are not whole blocks, for the float storages.
  for (DType storage : {DType::f32, DType::f16})
    expect_stacked_matches(storage, {{DType::f16, 3}, {DType::bf16, 11}, {DType::f32, 2}}, 33);
}

TEST(PackedWeights, FromSourcesRejectsPartialBlocks) {
  const std::vector<float> w(96, 1.0f);
  auto r = PackedWeights::from_sources(DType::f32, {{DType::f32, w.data(), 1}, {DType::q8_0, w.data(), 1}}, 48);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::unsupported);
  EXPECT_NE(r.status().message().find("48"), std::string::npos);
  auto negative = PackedWeights::from_sources(DType::f32, {{DType::f32, w.data(), 2}, {DType::f32, w.data(), -1}}, 4);
  EXPECT_EQ(negative.status().code(), ErrorCode::input);
}

}  // namespace
}  // namespace bertwasm::test
