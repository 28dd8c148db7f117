// The allocation-free token -> id index, with and without a skipped prefix.
#include "tokenizer/vocab_index.h"

#include <gtest/gtest.h>

namespace bertwasm {
namespace {

TEST(VocabIndex, FindsEveryTokenAndNothingElse) {
  std::vector<std::string> vocab;
  for (int i = 0; i < 5000; ++i) vocab.push_back("tok" + std::to_string(i));
  std::vector<int32_t> ids(vocab.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = int32_t(i);
  VocabIndex index;
  ASSERT_EQ(index.build(vocab, ids, 0), -1);
  for (size_t i = 0; i < vocab.size(); ++i) ASSERT_EQ(index.find(vocab, vocab[i]), int32_t(i));
  EXPECT_EQ(index.find(vocab, "tok5000"), -1);
  EXPECT_EQ(index.find(vocab, ""), -1);
  EXPECT_EQ(index.find(vocab, "tok1 "), -1);
  EXPECT_EQ(index.max_key_bytes(), 7u);
}

TEST(VocabIndex, SkipsAPrefix) {
  std::vector<std::string> vocab = {"a", "##b", "##", "c", "##abc"};
  VocabIndex index;
  ASSERT_EQ(index.build(vocab, {1, 2, 4}, 2), -1);
  EXPECT_EQ(index.find(vocab, "b"), 1);
  EXPECT_EQ(index.find(vocab, ""), 2);
  EXPECT_EQ(index.find(vocab, "abc"), 4);
  EXPECT_EQ(index.find(vocab, "a"), -1);
  EXPECT_EQ(index.find(vocab, "##b"), -1);
}

TEST(VocabIndex, ReportsTheFirstDuplicate) {
  std::vector<std::string> vocab = {"x", "y", "x", "y"};
  VocabIndex index;
  EXPECT_EQ(index.build(vocab, {0, 1, 2, 3}, 0), 2);
  VocabIndex empty;
  EXPECT_EQ(empty.find(vocab, "x"), -1);
}

}  // namespace
}  // namespace bertwasm
