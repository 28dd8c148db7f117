// VectorIndex::to_bytes / from_bytes: lossless round trips for every storage, and hostile
// bytes (truncated at every byte, bad magic, version, dims, absurd counts and lengths, values
// out of range) each give a clean E_FORMAT naming the offset.
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "index/vector_index.h"
#include "synthetic_data.h"

namespace bertwasm {
namespace {

struct Case {
  const char* name;
  IndexOptions options;
};
const Case kCases[] = {{"f32", {IndexStorage::f32}},
                       {"int8", {IndexStorage::int8}},
                       {"binary", {IndexStorage::binary, 0}},
                       {"binary+rescore", {IndexStorage::binary, 7}}};

// An index of dim 13 (not a multiple of 8) with removed entries, replaced entries and ids that
// hold any bytes.
VectorIndex small_index(IndexOptions options) {
  const int dim = 13;
  auto index = VectorIndex::create(dim, options);
  EXPECT_TRUE(index.ok());
  const auto data = test::gaussian_vectors(6, dim, 21);
  const std::vector<std::string> ids = {"0", std::string("n\0l", 3), "", "\xff\xfe", "long id with spaces", "5"};
  EXPECT_TRUE(index->add(ids, data.data(), data.size(), 6, dim).ok());
  EXPECT_TRUE(index->remove("0"));
  EXPECT_TRUE(index->add({"5"}, data.data(), dim, 1, dim).ok());
  return std::move(index).value();
}

void expect_same_search(const VectorIndex& a, const VectorIndex& b) {
  const auto queries = test::gaussian_vectors(5, a.dim(), 22);
  for (size_t q = 0; q < 5; ++q) {
    auto ha = a.search(&queries[q * a.dim()], a.dim(), 10);
    auto hb = b.search(&queries[q * b.dim()], b.dim(), 10);
    ASSERT_TRUE(ha.ok() && hb.ok());
    ASSERT_EQ(ha->size(), hb->size());
    for (size_t i = 0; i < ha->size(); ++i) {
      EXPECT_EQ((*ha)[i].id, (*hb)[i].id);
      EXPECT_EQ((*ha)[i].score, (*hb)[i].score);
    }
  }
}

TEST(VectorIndexBytes, RoundTripIsLossless) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    const VectorIndex index = small_index(c.options);
    const auto bytes = index.to_bytes();
    auto back = VectorIndex::from_bytes(bytes.data(), bytes.size(), 13);
    ASSERT_TRUE(back.ok()) << back.status().to_string();
    EXPECT_EQ(back->size(), 5u);
    EXPECT_EQ(back->storage(), index.storage());
    EXPECT_EQ(back->rescore(), index.rescore());
    EXPECT_TRUE(back->contains(std::string("n\0l", 3)));
    EXPECT_TRUE(back->contains(""));
    EXPECT_FALSE(back->contains("0"));
    EXPECT_EQ(back->to_bytes(), bytes);
    expect_same_search(index, *back);
  }
}

TEST(VectorIndexBytes, EmptyIndexRoundTrips) {
  auto index = VectorIndex::create(384, {IndexStorage::int8});
  ASSERT_TRUE(index.ok());
  const auto bytes = index->to_bytes();
  EXPECT_EQ(bytes.size(), 32u);
  auto back = VectorIndex::from_bytes(bytes.data(), bytes.size());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->size(), 0u);
  EXPECT_EQ(back->dim(), 384);
}

TEST(VectorIndexBytes, HeaderLayoutIsAsDocumented) {
  const VectorIndex index = small_index({IndexStorage::binary, 7});
  const auto bytes = index.to_bytes();
  ASSERT_GE(bytes.size(), 32u);
  EXPECT_EQ(std::memcmp(bytes.data(), "BWVINDEX", 8), 0);
  const uint8_t header[24] = {1, 0, 0, 0, 2, 0, 0, 0, 13, 0, 0, 0, 7, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(std::memcmp(bytes.data() + 8, header, 24), 0);
  // ids (4 + n bytes each), then scales, int8 and bits: 5 · (4 + 13 + 2).
  const size_t id_bytes = (4 + 3) + (4 + 0) + (4 + 2) + (4 + 19) + (4 + 1);
  EXPECT_EQ(bytes.size(), 32 + id_bytes + 5 * (4 + 13 + 2));
}

Status load_error(const std::vector<uint8_t>& bytes, int expected_dim = 0) {
  auto r = VectorIndex::from_bytes(bytes.data(), bytes.size(), expected_dim);
  return r.ok() ? Status() : r.status();
}

void expect_format_error(const std::vector<uint8_t>& bytes, const std::string& fragment, int expected_dim = 0) {
  const Status s = load_error(bytes, expected_dim);
  EXPECT_EQ(s.code(), ErrorCode::format) << s.to_string();
  EXPECT_NE(s.message().find(fragment), std::string::npos) << s.message();
}

void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (8 * i));
}

TEST(VectorIndexBytes, TruncatedAtAnyByteIsAFormatError) {
  for (const Case& c : kCases) {
    const auto bytes = small_index(c.options).to_bytes();
    for (size_t n = 0; n < bytes.size(); ++n) {
      const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + long(n));
      EXPECT_EQ(load_error(cut).code(), ErrorCode::format) << c.name << " cut at " << n;
    }
  }
}

TEST(VectorIndexBytes, TrailingBytesAreAFormatError) {
  auto bytes = small_index({IndexStorage::f32}).to_bytes();
  bytes.push_back(0);
  expect_format_error(bytes, "need");
}

TEST(VectorIndexBytes, BadHeadersAreFormatErrors) {
  const auto good = small_index({IndexStorage::f32}).to_bytes();
  auto b = good;
  b[0] = 'X';
  expect_format_error(b, "offset 0: bad magic");
  b = good;
  put_u32(b, 8, 2);
  expect_format_error(b, "offset 8: version 2 is not supported");
  b = good;
  put_u32(b, 12, 3);
  expect_format_error(b, "offset 12: unknown storage 3");
  b = good;
  put_u32(b, 16, 0);
  expect_format_error(b, "offset 16: dim 0");
  b = good;
  put_u32(b, 16, 0xFFFFFFFF);
  expect_format_error(b, "offset 16: dim 4294967295");
  expect_format_error(good, "offset 16: dim 13, expected 384", 384);
  b = good;
  put_u32(b, 20, 1);  // rescore on f32
  expect_format_error(b, "offset 20: rescore 1");
  expect_format_error(std::vector<uint8_t>(good.begin(), good.begin() + 31), "header needs 32 bytes, got 31");
}

TEST(VectorIndexBytes, AbsurdCountsAndLengthsAreFormatErrorsWithoutAllocating) {
  const auto good = small_index({IndexStorage::int8}).to_bytes();
  for (uint64_t count : {uint64_t(1) << 32, ~uint64_t(0)}) {
    auto b = good;
    for (int i = 0; i < 8; ++i) b[24 + i] = uint8_t(count >> (8 * i));
    expect_format_error(b, "offset 24: count " + std::to_string(count) + " does not fit");
  }
  auto b = good;
  b[24] = 6;  // one more than there are: the sixth "id" is read from vector bytes
  EXPECT_EQ(load_error(b).code(), ErrorCode::format);
  b = good;
  put_u32(b, 32, 0xFFFFFFF0);  // first id's length
  expect_format_error(b, "offset 32: id 0: length 4294967280 exceeds");
  b = good;
  put_u32(b, 32, 0);  // first id shorter: the rest shifts, the sizes no longer add up
  EXPECT_EQ(load_error(b).code(), ErrorCode::format);
}

TEST(VectorIndexBytes, ValuesOutOfRangeAreFormatErrors) {
  // f32: a NaN in the first vector (right after the ids).
  auto f32 = small_index({IndexStorage::f32}).to_bytes();
  const size_t ids_end = f32.size() - 5 * 13 * 4;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(&f32[ids_end + 4], &nan, 4);
  expect_format_error(f32, "offset " + std::to_string(ids_end + 4) + ": vector value is not finite");

  // int8: a zero scale, then a -128 value.
  auto int8 = small_index({IndexStorage::int8}).to_bytes();
  const size_t scales_at = int8.size() - 5 * (4 + 13);
  auto b = int8;
  std::memset(&b[scales_at + 8], 0, 4);
  expect_format_error(b, "offset " + std::to_string(scales_at + 8) + ": int8 scale");
  b = int8;
  b[scales_at + 20 + 3] = 0x80;
  expect_format_error(b, "offset " + std::to_string(scales_at + 23) + ": int8 value -128");

  // binary: bits past dim 13 must be zero (second byte of each row, bits 5..7).
  auto bits = small_index({IndexStorage::binary, 0}).to_bytes();
  b = bits;
  b[b.size() - 1] |= 0x20;
  expect_format_error(b, "offset " + std::to_string(b.size() - 1) + ": sign bits past dim");
  b = bits;
  b[b.size() - 2] |= 0xFF;  // all 8 bits of a full byte are used
  EXPECT_TRUE(load_error(b).ok());
}

TEST(VectorIndexBytes, DuplicateIdsAreAFormatError) {
  auto index = VectorIndex::create(2, {IndexStorage::f32});
  ASSERT_TRUE(index.ok());
  const std::vector<float> v = {1, 0, 0, 1};
  ASSERT_TRUE(index->add({"ab", "ac"}, v.data(), 4, 2, 2).ok());
  auto b = index->to_bytes();
  b[32 + 4 + 6 + 1] = 'b';  // second id "ac" → "ab"
  expect_format_error(b, "id 1 repeats an earlier id");
}

}  // namespace
}  // namespace bertwasm
