// Added-token matching: leftmost-longest, non-overlapping, and the single_word, lstrip and
// rstrip rules of tokenizers' AddedVocabulary::find_matches.
#include "tokenizer/added_tokens.h"

#include <gtest/gtest.h>

#include <string>

#include "tokenizer/utf8.h"

namespace bertwasm {
namespace {

std::vector<std::string> split(const std::vector<AddedToken>& tokens, std::u32string_view text) {
  std::vector<std::u32string> patterns;
  for (const AddedToken& t : tokens) {
    std::u32string p;
    EXPECT_TRUE(decode_utf8_strict(t.content, p));
    patterns.push_back(p);
  }
  AddedTokenMatcher m;
  m.build(patterns, tokens);
  std::vector<AddedMatch> matches;
  m.find(text.data(), 0, uint32_t(text.size()), matches);
  std::vector<std::string> out;
  for (const AddedMatch& x : matches) {
    out.push_back(tokens[x.token].content + "@" + std::to_string(x.begin) + "-" + std::to_string(x.end));
  }
  return out;
}

AddedToken token(const char* content) {
  AddedToken t;
  t.content = content;
  return t;
}

TEST(AddedTokens, LeftmostThenLongest) {
  std::vector<AddedToken> tokens = {token("ab"), token("abc"), token("bcd"), token("[MASK]")};
  EXPECT_EQ(split(tokens, U"abcd"), (std::vector<std::string>{"abc@0-3"}));
  EXPECT_EQ(split(tokens, U"xbcdab"), (std::vector<std::string>{"bcd@1-4", "ab@4-6"}));
  EXPECT_EQ(split(tokens, U"[MASK][MASK] [mask] [MAS"),
            (std::vector<std::string>{"[MASK]@0-6", "[MASK]@6-12"}));
  EXPECT_TRUE(split({}, U"abc").empty());
}

TEST(AddedTokens, SingleWordNeedsWordBoundaries) {
  AddedToken t = token("cat");
  t.single_word = true;
  EXPECT_EQ(split({t}, U"a cat, cats, concat, cat"),
            (std::vector<std::string>{"cat@2-5", "cat@21-24"}));
}

TEST(AddedTokens, StripSwallowsNeighbouringWhitespace) {
  AddedToken t = token("<m>");
  t.lstrip = true;
  t.rstrip = true;
  EXPECT_EQ(split({t}, U"a  <m>  b"), (std::vector<std::string>{"<m>@1-8"}));
  // lstrip never reaches back into the previous match.
  EXPECT_EQ(split({t}, U"<m> <m>"), (std::vector<std::string>{"<m>@0-4", "<m>@4-7"}));
}

}  // namespace
}  // namespace bertwasm
