// Character properties from the generated UCD tables, checked against values stated in the
// Unicode Standard (hand-written expectations, not derived from the tables).
#include "tokenizer/unicode.h"

#include <gtest/gtest.h>

#include <string>

#include "tokenizer/unicode_tables.h"

namespace bertwasm::unicode {
namespace {

using GC = GeneralCategory;

TEST(Unicode, TablesAreFromUnicode15AndWellFormed) {
  EXPECT_STREQ(version(), "15.0.0");
  namespace t = unicode_tables;
  ASSERT_GT(t::kPropertyRunCount, 1000u);
  EXPECT_EQ(t::kPropertyRuns[0] >> 8, 0u);  // the runs start at U+0000
  for (size_t i = 1; i < t::kPropertyRunCount; ++i) {
    ASSERT_LT(t::kPropertyRuns[i - 1] >> 8, t::kPropertyRuns[i] >> 8) << i;
  }
  for (size_t i = 1; i < t::kLowercaseCount; ++i) ASSERT_LT(t::kLowercase[i - 1].from, t::kLowercase[i].from);
  for (size_t i = 1; i < t::kDecompositionCount; ++i) {
    ASSERT_LT(t::kDecompositions[i - 1].cp, t::kDecompositions[i].cp);
  }
}

TEST(Unicode, GeneralCategories) {
  EXPECT_EQ(category('A'), GC::Lu);
  EXPECT_EQ(category('a'), GC::Ll);
  EXPECT_EQ(category('5'), GC::Nd);
  EXPECT_EQ(category(0x00), GC::Cc);
  EXPECT_EQ(category(0x85), GC::Cc);     // NEL
  EXPECT_EQ(category(0xAD), GC::Cf);     // soft hyphen
  EXPECT_EQ(category(0x200D), GC::Cf);   // ZWJ
  EXPECT_EQ(category(0xFEFF), GC::Cf);   // BOM
  EXPECT_EQ(category(0xE000), GC::Co);   // private use
  EXPECT_EQ(category(0xD800), GC::Cs);   // surrogate
  EXPECT_EQ(category(0xE0080), GC::Cn);  // unassigned
  EXPECT_EQ(category(0x110000), GC::Cn); // not a code point
  EXPECT_EQ(category(0x0301), GC::Mn);
  EXPECT_EQ(category(0x093E), GC::Mc);   // Devanagari vowel sign AA
  EXPECT_EQ(category(0x4E00), GC::Lo);   // CJK range (UnicodeData First/Last)
  EXPECT_EQ(category(0xAC01), GC::Lo);   // Hangul syllable range
  EXPECT_EQ(category(0x1F999), GC::So);  // llama (Unicode 11)
  EXPECT_EQ(category(0x1FAE8), GC::So);  // shaking face (Unicode 15.0)
  EXPECT_EQ(category(0x1F3FD), GC::Sk);  // skin tone modifier
  EXPECT_EQ(category(0x2028), GC::Zl);
  EXPECT_EQ(category(0x3000), GC::Zs);
}

TEST(Unicode, WhitespaceOtherPunctuation) {
  for (char32_t c : {U' ', U'\t', U'\n', U'\v', U'\f', U'\r', char32_t(0x85), char32_t(0xA0),
                     char32_t(0x2003), char32_t(0x2028), char32_t(0x2029), char32_t(0x3000)}) {
    EXPECT_TRUE(is_whitespace(c)) << std::hex << uint32_t(c);
  }
  for (char32_t c : {char32_t(0x200B), char32_t(0xFEFF), U'a'}) EXPECT_FALSE(is_whitespace(c));
  for (char32_t c : {char32_t(0), char32_t(7), char32_t(0xAD), char32_t(0xE000), char32_t(0xE0080)}) {
    EXPECT_TRUE(is_other(c));
  }
  EXPECT_FALSE(is_other(0xFFFD));  // So: the normalizer drops it by name
  for (char32_t c : {U'!', U'/', U':', U'@', U'[', U'`', U'{', U'~', U'$', U'+', U'^'}) {
    EXPECT_TRUE(is_punctuation(c)) << char(c);  // ASCII punctuation includes symbols
  }
  for (char32_t c : {char32_t(0x2014), char32_t(0x201C), char32_t(0x3002), char32_t(0xFF0C),
                     char32_t(0xA7), char32_t(0xB6)}) {
    EXPECT_TRUE(is_punctuation(c)) << std::hex << uint32_t(c);
  }
  for (char32_t c : {char32_t(0x221A), char32_t(0x2248), char32_t(0xBD), char32_t(0x1F355), U'a'}) {
    EXPECT_FALSE(is_punctuation(c)) << std::hex << uint32_t(c);
  }
}

TEST(Unicode, ChineseRangesAsHuggingFace) {
  EXPECT_TRUE(is_chinese_char(0x4E00));
  EXPECT_TRUE(is_chinese_char(0x9FFF));
  EXPECT_TRUE(is_chinese_char(0x20BB7));  // 𠮷
  EXPECT_TRUE(is_chinese_char(0xF900));
  EXPECT_FALSE(is_chinese_char(0x3042));   // hiragana
  EXPECT_FALSE(is_chinese_char(0xAC00));   // hangul
  EXPECT_FALSE(is_chinese_char(0x2B820));  // HF's table starts the next range at 0x2B920
  EXPECT_TRUE(is_chinese_char(0x2B920));
}

TEST(Unicode, LowercaseIsFullAndContextFree) {
  char32_t out[kMaxLowercase];
  ASSERT_EQ(to_lower('Q', out), 1u);
  EXPECT_EQ(out[0], U'q');
  ASSERT_EQ(to_lower(0x130, out), 2u);  // İ -> i + combining dot above
  EXPECT_EQ(out[0], U'i');
  EXPECT_EQ(out[1], char32_t(0x307));
  ASSERT_EQ(to_lower(0x3A3, out), 1u);  // Σ -> σ (the final form needs context)
  EXPECT_EQ(out[0], char32_t(0x3C3));
  ASSERT_EQ(to_lower(0xDF, out), 1u);  // ß stays
  EXPECT_EQ(out[0], char32_t(0xDF));
  ASSERT_EQ(to_lower(0x212B, out), 1u);  // Angstrom sign -> å
  EXPECT_EQ(out[0], char32_t(0xE5));
  ASSERT_EQ(to_lower(0x1E9E, out), 1u);  // capital sharp s -> ß
  EXPECT_EQ(out[0], char32_t(0xDF));
  ASSERT_EQ(to_lower(0xFF21, out), 1u);  // fullwidth A
  EXPECT_EQ(out[0], char32_t(0xFF41));
  EXPECT_TRUE(is_cased(0x3A3));
  EXPECT_TRUE(is_case_ignorable('\''));
  EXPECT_TRUE(is_case_ignorable(0x301));
  EXPECT_FALSE(is_cased(' '));
}

TEST(Unicode, CanonicalDecomposition) {
  char32_t out[kMaxDecomposition];
  ASSERT_EQ(decompose(0xE9, out), 2u);  // é
  EXPECT_EQ(out[0], U'e');
  EXPECT_EQ(out[1], char32_t(0x301));
  ASSERT_EQ(decompose(0x212B, out), 2u);  // Å sign -> A + ring (via U+00C5)
  EXPECT_EQ(out[0], U'A');
  EXPECT_EQ(out[1], char32_t(0x30A));
  ASSERT_EQ(decompose(0x1E69, out), 3u);  // ṩ -> s + dot below + dot above
  EXPECT_EQ(out[1], char32_t(0x323));
  ASSERT_EQ(decompose(0xC548, out), 3u);  // 안 -> ᄋ ᅡ ᆫ
  EXPECT_EQ(out[0], char32_t(0x110B));
  EXPECT_EQ(out[1], char32_t(0x1161));
  EXPECT_EQ(out[2], char32_t(0x11AB));
  ASSERT_EQ(decompose(0xAC00, out), 2u);  // 가 -> ᄀ ᅡ
  ASSERT_EQ(decompose(0xFB01, out), 1u);  // ﬁ: compatibility only, NFD keeps it
  ASSERT_EQ(decompose(0xFF21, out), 1u);
  EXPECT_EQ(combining_class(0x301), 230);
  EXPECT_EQ(combining_class(0x323), 220);
  EXPECT_EQ(combining_class(0x315), 232);
  EXPECT_EQ(combining_class('a'), 0);
}

}  // namespace
}  // namespace bertwasm::unicode
