// Lenient and strict UTF-8 decoding, and the positions kept for each code point.
#include "tokenizer/utf8.h"

#include <gtest/gtest.h>

namespace bertwasm {
namespace {

TEST(Utf8, PositionsInThreeUnits) {
  SourceText t = decode_utf8_lenient("a\xC3\xA9\xE6\x9D\xB1\xF0\x9F\x98\x80z");  // a é 東 😀 z
  EXPECT_EQ(t.chars, (std::vector<char32_t>{U'a', 0xE9, 0x6771, 0x1F600, U'z'}));
  EXPECT_EQ(t.utf8_pos, (std::vector<uint32_t>{0, 1, 3, 6, 10, 11}));
  EXPECT_EQ(t.utf16_pos, (std::vector<uint32_t>{0, 1, 2, 3, 5, 6}));
}

TEST(Utf8, EachBadByteIsOneReplacementChar) {
  // stray continuation, overlong 2-byte, truncated 4-byte, above U+10FFFF, overlong 3-byte.
  SourceText t = decode_utf8_lenient("\x80" "\xC0\xAF" "\xF0\x9F\x98" "\xF4\x90\x80\x80" "\xE0\x80\xAF" "x");
  ASSERT_EQ(t.size(), 1u + 2 + 3 + 4 + 3 + 1);
  for (uint32_t i = 0; i + 1 < t.size(); ++i) {
    EXPECT_EQ(t.chars[i], char32_t(0xFFFD)) << i;
    EXPECT_EQ(t.utf8_pos[i], i);
    EXPECT_EQ(t.utf16_pos[i], i);
  }
  EXPECT_EQ(t.chars.back(), U'x');
}

TEST(Utf8, WtfSurrogatesAreOneCharAndOneUnit) {
  SourceText t = decode_utf8_lenient("\xED\xA0\x80\xED\xBF\xBFq");
  EXPECT_EQ(t.chars, (std::vector<char32_t>{0xD800, 0xDFFF, U'q'}));
  EXPECT_EQ(t.utf8_pos, (std::vector<uint32_t>{0, 3, 6, 7}));
  EXPECT_EQ(t.utf16_pos, (std::vector<uint32_t>{0, 1, 2, 3}));
}

TEST(Utf8, StrictRejectsWhatLenientRepairs) {
  std::u32string out;
  EXPECT_TRUE(decode_utf8_strict("caf\xC3\xA9", out));
  EXPECT_EQ(out, U"café");
  EXPECT_FALSE(decode_utf8_strict("\xED\xA0\x80", out));
  EXPECT_FALSE(decode_utf8_strict("a\xFF", out));
  EXPECT_FALSE(decode_utf8_strict("\xE2\x82", out));
}

TEST(Utf8, EncodeRoundTrips) {
  std::u32string s = {U'a', 0xE9, 0x6771, 0x1F600, 0x10FFFF};
  std::u32string back;
  ASSERT_TRUE(decode_utf8_strict(to_utf8(s), back));
  EXPECT_EQ(back, s);
  EXPECT_EQ(to_utf8(U"\U0001F600"), "\xF0\x9F\x98\x80");
}

TEST(Utf8, EmptyText) {
  SourceText t = decode_utf8_lenient("");
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.utf8_pos, (std::vector<uint32_t>{0}));
  EXPECT_EQ(t.utf16_pos, (std::vector<uint32_t>{0}));
}

}  // namespace
}  // namespace bertwasm
