// VectorIndex search quality and bookkeeping: f32 exact against brute-force float64, int8 and
// binary recall on clustered data, replace / remove, tie order, and input errors.
#include "index/vector_index.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "synthetic_data.h"

namespace bertwasm {
namespace {

using test::ExactHit;

// f32 scores are float dot products of float-rounded unit vectors: within a few ulps of 1.
constexpr double kMaxF32ScoreError = 1e-6;
// Targets of the index's brief for recall@10 on clustered data.
constexpr double kMinRecallInt8 = 0.99;
constexpr double kMinRecallBinaryRescore = 0.95;

constexpr int kDim = 384;
constexpr size_t kCount = 4000;
constexpr size_t kQueries = 100;
constexpr int kK = 10;

std::vector<std::string> row_ids(size_t first, size_t count) {
  std::vector<std::string> ids;
  for (size_t r = first; r < first + count; ++r) ids.push_back(test::row_id(r));
  return ids;
}

VectorIndex make_index(IndexOptions options, const std::vector<float>& data, int dim) {
  auto index = VectorIndex::create(dim, options);
  EXPECT_TRUE(index.ok()) << index.status().to_string();
  const size_t rows = data.size() / size_t(dim);
  const Status s = index->add(row_ids(0, rows), data.data(), data.size(), rows, size_t(dim));
  EXPECT_TRUE(s.ok()) << s.to_string();
  return std::move(index).value();
}

// kCount vectors and kQueries queries drawn from the same 40 clusters.
struct Clustered {
  std::vector<float> data, queries;
  Clustered() {
    data = test::clustered_vectors(kCount + kQueries, kDim, 40, 1.0, 11);
    queries.assign(data.begin() + long(kCount * kDim), data.end());
    data.resize(kCount * kDim);
  }
};

const Clustered& clustered() {
  static const Clustered data;
  return data;
}

// Every rank holds a vector whose float64 score equals the exact one at that rank (so the set
// is exact up to float ties), and reports that score to kMaxF32ScoreError.
void expect_exact(const std::vector<SearchHit>& hits, const std::vector<ExactHit>& exact,
                  const std::vector<float>& data, const float* query) {
  ASSERT_EQ(hits.size(), exact.size());
  const auto all = test::exact_top_k(data, kDim, query, data.size() / kDim);
  std::vector<double> score_of_row(all.size());
  for (const ExactHit& e : all) score_of_row[e.row] = e.score;
  for (size_t i = 0; i < hits.size(); ++i) {
    const double truth = score_of_row[std::stoul(hits[i].id)];
    EXPECT_NEAR(truth, exact[i].score, kMaxF32ScoreError) << "rank " << i;
    EXPECT_NEAR(hits[i].score, truth, kMaxF32ScoreError) << "rank " << i;
  }
}

TEST(VectorIndex, F32TopKIsExactOnGaussianData) {
  const int dim = 33;
  const auto data = test::gaussian_vectors(700, dim, 5);  // not normalized: the index does it
  const auto queries = test::gaussian_vectors(20, dim, 6);
  const VectorIndex index = make_index({IndexStorage::f32}, data, dim);
  for (size_t q = 0; q < 20; ++q) {
    const float* query = &queries[q * dim];
    auto hits = index.search(query, dim, 25);
    ASSERT_TRUE(hits.ok()) << hits.status().to_string();
    const auto exact = test::exact_top_k(data, dim, query, 25);
    ASSERT_EQ(hits->size(), exact.size());
    const auto all = test::exact_top_k(data, dim, query, 700);
    std::vector<double> score_of_row(700);
    for (const ExactHit& e : all) score_of_row[e.row] = e.score;
    for (size_t i = 0; i < exact.size(); ++i) {
      EXPECT_NEAR(score_of_row[std::stoul((*hits)[i].id)], exact[i].score, kMaxF32ScoreError);
      EXPECT_NEAR((*hits)[i].score, exact[i].score, kMaxF32ScoreError);
    }
  }
}

TEST(VectorIndex, F32TopKIsExactOnClusteredData) {
  const auto& d = clustered();
  const VectorIndex index = make_index({IndexStorage::f32}, d.data, kDim);
  for (size_t q = 0; q < kQueries; ++q) {
    const float* query = &d.queries[q * kDim];
    auto hits = index.search(query, kDim, kK);
    ASSERT_TRUE(hits.ok());
    expect_exact(*hits, test::exact_top_k(d.data, kDim, query, kK), d.data, query);
  }
}

double mean_recall(const VectorIndex& index) {
  const auto& d = clustered();
  double sum = 0.0;
  for (size_t q = 0; q < kQueries; ++q) {
    const float* query = &d.queries[q * kDim];
    auto hits = index.search(query, kDim, kK);
    EXPECT_TRUE(hits.ok());
    EXPECT_EQ(hits->size(), size_t(kK));
    sum += test::recall(*hits, test::exact_top_k(d.data, kDim, query, kK));
  }
  return sum / kQueries;
}

TEST(VectorIndex, Int8RecallOnClusteredData) {
  const double r = mean_recall(make_index({IndexStorage::int8}, clustered().data, kDim));
  RecordProperty("recall_at_10", std::to_string(r));
  EXPECT_GE(r, kMinRecallInt8);
}

TEST(VectorIndex, BinaryRescoreRecallOnClusteredData) {
  const double r = mean_recall(make_index({IndexStorage::binary, 10}, clustered().data, kDim));
  RecordProperty("recall_at_10", std::to_string(r));
  EXPECT_GE(r, kMinRecallBinaryRescore);
}

TEST(VectorIndex, BinaryWithoutRescoreFindsTheClusterAndScoresByHamming) {
  const auto& d = clustered();
  const VectorIndex index = make_index({IndexStorage::binary, 0}, d.data, kDim);
  EXPECT_EQ(index.rescore(), 0);
  const float* query = &d.queries[0];
  auto hits = index.search(query, kDim, kK);
  ASSERT_TRUE(hits.ok());
  // Recall is lower without re-scoring, but well above chance (10 / 4000).
  EXPECT_GE(test::recall(*hits, test::exact_top_k(d.data, kDim, query, kK)), 0.3);
  // score = 1 − 2·hamming/dim: recompute hamming from the signs.
  for (const SearchHit& h : *hits) {
    const size_t row = std::stoul(h.id);
    int hamming = 0;
    for (int i = 0; i < kDim; ++i) hamming += (query[i] > 0) != (d.data[row * kDim + i] > 0);
    EXPECT_FLOAT_EQ(h.score, float(1.0 - 2.0 * hamming / kDim)) << h.id;
  }
}

TEST(VectorIndex, Int8ScoreIsTheDequantizedDot) {
  // Unit vectors whose quantization is exact: q = ±127 at one place.
  const std::vector<float> data = {1, 0, 0, 0, 0.6f, 0.8f, 0, 0};
  VectorIndex index = make_index({IndexStorage::int8}, data, 4);
  const float query[4] = {0, 2, 0, 0};  // normalized to (0, 1, 0, 0) → a = (0, 32767, 0, 0)
  auto hits = index.search(query, 4, 2);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  // (0.6, 0.8): max 0.8, q = (95, 127) (0.6/0.8·127 = 95.25), scale 0.8/127:
  // score = 32767·127 · (1/32767) · (0.8/127) = 0.8, the dequantized vector's 0.8 exactly.
  EXPECT_EQ((*hits)[0].id, "1");
  EXPECT_FLOAT_EQ((*hits)[0].score, 0.8f);
  EXPECT_EQ((*hits)[1].id, "0");
  EXPECT_EQ((*hits)[1].score, 0.0f);
}

TEST(VectorIndex, EqualScoresListEarlierInsertionFirst) {
  for (IndexStorage storage : {IndexStorage::f32, IndexStorage::int8, IndexStorage::binary}) {
    auto index = VectorIndex::create(3, {storage});
    ASSERT_TRUE(index.ok());
    const std::vector<float> same = {1, 2, 3, 1, 2, 3, 1, 2, 3};
    ASSERT_TRUE(index->add({"c", "a", "b"}, same.data(), same.size(), 3, 3).ok());
    const float query[3] = {1, 2, 3};
    auto hits = index->search(query, 3, 3);
    ASSERT_TRUE(hits.ok());
    ASSERT_EQ(hits->size(), 3u);
    EXPECT_EQ((*hits)[0].id, "c") << index_storage_name(storage);
    EXPECT_EQ((*hits)[1].id, "a");
    EXPECT_EQ((*hits)[2].id, "b");
    EXPECT_EQ((*hits)[0].score, (*hits)[2].score);
    // Re-adding "c" replaces it in place; removing and adding "a" moves it last.
    ASSERT_TRUE(index->add({"c"}, same.data(), 3, 1, 3).ok());
    EXPECT_TRUE(index->remove("a"));
    ASSERT_TRUE(index->add({"a"}, same.data(), 3, 1, 3).ok());
    hits = index->search(query, 3, 3);
    ASSERT_TRUE(hits.ok());
    EXPECT_EQ((*hits)[0].id, "c");
    EXPECT_EQ((*hits)[1].id, "b");
    EXPECT_EQ((*hits)[2].id, "a");
    // Compaction (many removals) keeps the order of what is left.
    const auto filler = test::gaussian_vectors(200, 3, 4);
    std::vector<std::string> filler_ids;
    for (int i = 0; i < 200; ++i) filler_ids.push_back("f" + std::to_string(i));
    ASSERT_TRUE(index->add(filler_ids, filler.data(), filler.size(), 200, 3).ok());
    ASSERT_TRUE(index->add({"z"}, same.data(), 3, 1, 3).ok());
    for (const std::string& id : filler_ids) EXPECT_TRUE(index->remove(id));
    hits = index->search(query, 3, 4);
    ASSERT_TRUE(hits.ok());
    ASSERT_EQ(hits->size(), 4u);
    EXPECT_EQ((*hits)[0].id, "c");
    EXPECT_EQ((*hits)[1].id, "b");
    EXPECT_EQ((*hits)[2].id, "a");
    EXPECT_EQ((*hits)[3].id, "z");
  }
}

TEST(VectorIndex, AddingAnExistingIdReplacesItsVector) {
  auto index = VectorIndex::create(2, {IndexStorage::f32});
  ASSERT_TRUE(index.ok());
  const std::vector<float> v = {1, 0, 0, 1};
  ASSERT_TRUE(index->add({"x", "y"}, v.data(), 4, 2, 2).ok());
  const std::vector<float> flipped = {0, -1};
  ASSERT_TRUE(index->add({"y"}, flipped.data(), 2, 1, 2).ok());
  EXPECT_EQ(index->size(), 2u);
  const float query[2] = {0, 1};
  auto hits = index->search(query, 2, 5);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].id, "x");
  EXPECT_EQ((*hits)[0].score, 0.0f);
  EXPECT_EQ((*hits)[1].id, "y");
  EXPECT_EQ((*hits)[1].score, -1.0f);
}

TEST(VectorIndex, RemovedVectorsNeverComeBackThroughCompaction) {
  for (IndexStorage storage : {IndexStorage::f32, IndexStorage::int8, IndexStorage::binary}) {
    const int dim = 16;
    const auto data = test::gaussian_vectors(300, dim, 9);
    VectorIndex index = make_index({storage}, data, dim);
    // Remove every row but multiples of 5 (enough holes to compact, more than once).
    for (size_t r = 0; r < 300; ++r) {
      if (r % 5 != 0) {
        EXPECT_TRUE(index.remove(test::row_id(r)));
      }
    }
    EXPECT_FALSE(index.remove("1"));
    EXPECT_FALSE(index.remove("no such id"));
    EXPECT_EQ(index.size(), 60u);
    EXPECT_TRUE(index.contains("295"));
    EXPECT_FALSE(index.contains("296"));
    // Each kept vector finds itself first.
    for (size_t r = 0; r < 300; r += 5) {
      auto hits = index.search(&data[r * dim], dim, 60);
      ASSERT_TRUE(hits.ok());
      ASSERT_EQ(hits->size(), 60u);
      EXPECT_EQ((*hits)[0].id, test::row_id(r)) << index_storage_name(storage);
      for (const SearchHit& h : *hits) EXPECT_EQ(std::stoul(h.id) % 5, 0u);
    }
  }
}

TEST(VectorIndex, KLargerThanTheIndexAndEmptyIndex) {
  auto empty = VectorIndex::create(4, {IndexStorage::binary});
  ASSERT_TRUE(empty.ok());
  const float query[4] = {1, 2, 3, 4};
  auto hits = empty->search(query, 4, 10);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
  const VectorIndex index = make_index({IndexStorage::binary}, test::gaussian_vectors(3, 4, 1), 4);
  hits = index.search(query, 4, 1000000);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 3u);
}

void expect_input_error(const Status& s, const std::string& fragment) {
  EXPECT_EQ(s.code(), ErrorCode::input) << s.to_string();
  EXPECT_NE(s.message().find(fragment), std::string::npos) << s.message();
}

TEST(VectorIndex, BadArgumentsAreInputErrors) {
  expect_input_error(VectorIndex::create(0).status(), "dim must be 1 to 65536, got 0");
  expect_input_error(VectorIndex::create(70000).status(), "got 70000");
  expect_input_error(VectorIndex::create(8, {IndexStorage::binary, -1}).status(), "rescore");
  expect_input_error(VectorIndex::create(8, {IndexStorage(7)}).status(), "storage");
  expect_input_error(parse_index_storage("f16").status(), "unknown index storage 'f16'");
  EXPECT_EQ(*parse_index_storage("int8"), IndexStorage::int8);

  VectorIndex index = make_index({IndexStorage::f32}, test::gaussian_vectors(2, 8, 1), 8);
  const auto four = test::gaussian_vectors(4, 8, 2);
  expect_input_error(index.add({"a", "b"}, four.data(), 16, 2, 4), "dim 4, expected 8");
  expect_input_error(index.add({"a", "b", "c"}, four.data(), 16, 2, 8), "3 ids for 2 vectors");
  expect_input_error(index.add({"a", "b"}, four.data(), 15, 2, 8), "holds 15 values");
  auto nan = four;
  nan[3 * 8 + 5] = std::numeric_limits<float>::quiet_NaN();
  expect_input_error(index.add({"a", "b", "c", "d"}, nan.data(), 32, 4, 8), "vector 3: value 5 is NaN");
  auto zero = four;
  for (int i = 0; i < 8; ++i) zero[8 + i] = 0.0f;
  expect_input_error(index.add({"a", "b", "c", "d"}, zero.data(), 32, 4, 8), "vector 1: all values are zero");
  EXPECT_EQ(index.size(), 2u);  // failed adds added nothing
  EXPECT_FALSE(index.contains("a"));

  expect_input_error(index.search(four.data(), 7, 3).status(), "query has dim 7, expected 8");
  expect_input_error(index.search(four.data(), 8, 0).status(), "k must be at least 1, got 0");
  expect_input_error(index.search(nan.data() + 24, 8, 1).status(), "query: value 5 is NaN");
  // The index still works after every error.
  auto hits = index.search(four.data(), 8, 5);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 2u);
}

}  // namespace
}  // namespace bertwasm
