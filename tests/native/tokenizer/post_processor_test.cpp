// Truncation lengths, checked against the table in tokenizers' utils/truncation.rs tests
// (max_length 7 over encodings of 0, 2, 4 and 8 tokens).
#include "tokenizer/post_processor.h"

#include <gtest/gtest.h>

namespace bertwasm {
namespace {

TEST(Truncation, LongestFirstMatchesTokenizersTable) {
  struct Case { size_t a, b, keep_a, keep_b; };
  const Case cases[] = {
      {0, 0, 0, 0}, {0, 2, 0, 2}, {0, 4, 0, 4}, {0, 8, 0, 7},
      {2, 0, 2, 0}, {2, 2, 2, 2}, {2, 4, 2, 4}, {2, 8, 2, 5},
      {4, 0, 4, 0}, {4, 2, 4, 2}, {4, 4, 3, 4}, {4, 8, 3, 4},
      {8, 0, 7, 0}, {8, 2, 5, 2}, {8, 4, 4, 3}, {8, 8, 3, 4},
  };
  for (const Case& c : cases) {
    KeptLengths k = truncation_lengths(c.a, c.b, true, 7);
    EXPECT_EQ(k.first, c.keep_a) << c.a << "+" << c.b;
    EXPECT_EQ(k.second, c.keep_b) << c.a << "+" << c.b;
  }
  // max_length 0 empties both (truncate_encodings_empty).
  KeptLengths z = truncation_lengths(4, 4, true, 0);
  EXPECT_EQ(z.first + z.second, 0u);
}

TEST(Truncation, SingleTextKeepsThePrefix) {
  EXPECT_EQ(truncation_lengths(600, 0, false, 510).first, 510u);
  EXPECT_EQ(truncation_lengths(10, 0, false, 510).first, 10u);
  EXPECT_EQ(truncation_lengths(10, 0, false, 0).first, 0u);
}

TEST(Truncation, OddBudgetGoesToTheLongerText) {
  KeptLengths k = truncation_lengths(100, 90, true, 7);  // first is longer: it gets 4
  EXPECT_EQ(k.first, 4u);
  EXPECT_EQ(k.second, 3u);
}

TEST(Template, SpecialTokenCounts) {
  EXPECT_EQ(special_token_count(false, true), 2u);
  EXPECT_EQ(special_token_count(true, true), 3u);
  EXPECT_EQ(special_token_count(true, false), 0u);
}

}  // namespace
}  // namespace bertwasm
