// Top-k selection against a full sort, including many equal scores (lower position first).
#include "index/top_k.h"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "synthetic_data.h"

namespace bertwasm::index {
namespace {

std::vector<Scored> sorted_prefix(std::vector<Scored> all, size_t k) {
  std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.position < b.position;
  });
  all.resize(std::min(k, all.size()));
  return all;
}

void expect_same(const std::vector<Scored>& got, const std::vector<Scored>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].score, want[i].score) << "rank " << i;
    EXPECT_EQ(got[i].position, want[i].position) << "rank " << i;
  }
}

TEST(TopK, MatchesFullSortInAnyOfferOrder) {
  test::Rng rng(7);
  for (size_t k : {1, 2, 10, 99, 100, 500}) {
    std::vector<Scored> all;
    for (uint32_t p = 0; p < 300; ++p) all.push_back({float(rng.next() % 40), p});  // many ties
    const auto want = sorted_prefix(all, k);
    TopK forward(k);
    for (const Scored& s : all) forward.offer(s.score, s.position);
    expect_same(forward.take_sorted(), want);
    TopK backward(k);
    for (auto it = all.rbegin(); it != all.rend(); ++it) backward.offer(it->score, it->position);
    expect_same(backward.take_sorted(), want);
  }
}

TEST(TopK, EqualScoresKeepTheLowestPositions) {
  TopK top(3);
  for (uint32_t p : {5u, 1u, 9u, 3u, 7u}) top.offer(0.5f, p);
  const auto got = top.take_sorted();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].position, 1u);
  EXPECT_EQ(got[1].position, 3u);
  EXPECT_EQ(got[2].position, 5u);
}

TEST(TopK, FewerCandidatesThanK) {
  TopK top(10);
  top.offer(-1.0f, 0);
  top.offer(2.0f, 1);
  const auto got = top.take_sorted();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].position, 1u);
  EXPECT_EQ(got[1].position, 0u);
}

}  // namespace
}  // namespace bertwasm::index
