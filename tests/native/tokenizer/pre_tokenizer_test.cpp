// BertPreTokenizer splits, including the example from tokenizers' own test suite.
#include "tokenizer/pre_tokenizer.h"

#include <gtest/gtest.h>

#include <string>

#include "tokenizer/utf8.h"

namespace bertwasm {
namespace {

std::vector<std::string> words(std::u32string_view text) {
  std::vector<WordRange> ranges;
  pre_tokenize(text.data(), 0, uint32_t(text.size()), ranges);
  std::vector<std::string> out;
  for (const WordRange& w : ranges) out.push_back(to_utf8(text.substr(w.begin, w.end - w.begin)));
  return out;
}

TEST(PreTokenizer, SplitsOnWhitespaceAndIsolatesPunctuation) {
  EXPECT_EQ(words(U"Hey friend!     How are you?!?"),
            (std::vector<std::string>{"Hey", "friend", "!", "How", "are", "you", "?", "!", "?"}));
  EXPECT_EQ(words(U"x**2 + a_b|c~d$"),
            (std::vector<std::string>{"x", "*", "*", "2", "+", "a", "_", "b", "|", "c", "~", "d", "$"}));
  EXPECT_EQ(words(U"“smart” — ok…"), (std::vector<std::string>{"“", "smart", "”", "—", "ok", "…"}));
  EXPECT_EQ(words(U"√d ≈ ½n²"), (std::vector<std::string>{"√d", "≈", "½n²"}));  // Sm/No are not P*
  EXPECT_EQ(words(U"a\u3000b\u00A0c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(words(U"   \t ").empty());
  EXPECT_TRUE(words(U"").empty());
}

TEST(PreTokenizer, RangesAreRelativeToTheWholeBuffer) {
  std::u32string text = U"ab cd,ef";
  std::vector<WordRange> ranges;
  pre_tokenize(text.data(), 3, 8, ranges);
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(ranges[0].begin, 3u);
  EXPECT_EQ(ranges[1].begin, 5u);
  EXPECT_EQ(ranges[2].end, 8u);
}

}  // namespace
}  // namespace bertwasm
