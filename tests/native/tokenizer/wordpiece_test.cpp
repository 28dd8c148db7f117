// WordPiece greedy longest-match-first, including the cases of tokenizers' own tests
// (banana -> ba ##na ##na; nanana -> [UNK]).
#include "tokenizer/wordpiece.h"

#include <gtest/gtest.h>

namespace bertwasm {
namespace {

struct Result3 {
  std::vector<std::string> tokens;
  std::vector<std::pair<uint32_t, uint32_t>> spans;
};

Result3 run(const WordPiece& wp, const std::vector<std::string>& vocab, std::u32string_view word) {
  std::vector<Piece> pieces;
  WordPieceScratch scratch;
  wp.tokenize(vocab, word.data(), uint32_t(word.size()), pieces, scratch);
  Result3 r;
  for (const Piece& p : pieces) {
    r.tokens.push_back(vocab[p.id]);
    r.spans.emplace_back(p.begin, p.end);
  }
  return r;
}

TEST(WordPiece, GreedyLongestMatchFirst) {
  std::vector<std::string> vocab = {"[UNK]", "##na", "ba", "b", "##a", "##n", "un", "##aff", "##able", "##ab"};
  auto wp = WordPiece::create(vocab, vocab.size(), {}, "test");
  ASSERT_TRUE(wp.ok()) << wp.status().to_string();
  Result3 r = run(*wp, vocab, U"banana");
  EXPECT_EQ(r.tokens, (std::vector<std::string>{"ba", "##na", "##na"}));
  EXPECT_EQ(r.spans, (std::vector<std::pair<uint32_t, uint32_t>>{{0, 2}, {2, 4}, {4, 6}}));
  EXPECT_EQ(run(*wp, vocab, U"nanana").tokens, (std::vector<std::string>{"[UNK]"}));
  // Longest first at each step: ##aff is tried before ##a, ##able before ##ab.
  EXPECT_EQ(run(*wp, vocab, U"unaffable").tokens, (std::vector<std::string>{"un", "##aff", "##able"}));
  // A word that cannot be finished is one [UNK] over the whole word.
  Result3 bad = run(*wp, vocab, U"bananaz");
  EXPECT_EQ(bad.tokens, (std::vector<std::string>{"[UNK]"}));
  EXPECT_EQ(bad.spans, (std::vector<std::pair<uint32_t, uint32_t>>{{0, 7}}));
}

TEST(WordPiece, MaxInputCharsCountsChars) {
  std::vector<std::string> vocab = {"[UNK]", "é", "##é"};
  WordPieceConfig config;
  config.max_input_chars_per_word = 3;
  auto wp = WordPiece::create(vocab, vocab.size(), config, "test");
  ASSERT_TRUE(wp.ok());
  EXPECT_EQ(run(*wp, vocab, U"ééé").tokens, (std::vector<std::string>{"é", "##é", "##é"}));  // 6 bytes
  EXPECT_EQ(run(*wp, vocab, U"éééé").tokens, (std::vector<std::string>{"[UNK]"}));
}

TEST(WordPiece, CustomPrefixAndUnknown) {
  std::vector<std::string> vocab = {"<unk>", "ab", "@@cd", "##cd"};
  WordPieceConfig config;
  config.unk_token = "<unk>";
  config.continuing_subword_prefix = "@@";
  auto wp = WordPiece::create(vocab, vocab.size(), config, "test");
  ASSERT_TRUE(wp.ok());
  EXPECT_EQ(run(*wp, vocab, U"abcd").tokens, (std::vector<std::string>{"ab", "@@cd"}));
  EXPECT_EQ(wp->unk_id(), 0);
}

TEST(WordPiece, ErrorsNameTheSource) {
  std::vector<std::string> no_unk = {"a", "b"};
  auto r = WordPiece::create(no_unk, 2, {}, "vocab.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::format);
  EXPECT_NE(r.status().message().find("vocab.txt"), std::string::npos);
  EXPECT_NE(r.status().message().find("[UNK]"), std::string::npos);
  std::vector<std::string> dup = {"[UNK]", "a", "a"};
  r = WordPiece::create(dup, 3, {}, "vocab.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("\"a\""), std::string::npos);
  // Only vocab[0, model_size) belongs to the model.
  std::vector<std::string> extended = {"[UNK]", "a", "a"};
  EXPECT_TRUE(WordPiece::create(extended, 2, {}, "x").ok());
}

}  // namespace
}  // namespace bertwasm
