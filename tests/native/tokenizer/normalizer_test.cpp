// BertNormalizer step by step: each flag alone, HF's step order, the source index each output
// char keeps, and the final-sigma rule.
#include "tokenizer/normalizer.h"

#include <gtest/gtest.h>

namespace bertwasm {
namespace {

using namespace std::string_literals;  // U"..."s keeps embedded NULs

std::u32string run(NormalizerFlags flags, std::u32string_view text) {
  return BertNormalizer(flags).normalize(text);
}

constexpr NormalizerFlags kNone{false, false, false, false};

TEST(Normalizer, CleanTextDropsControlsAndMapsWhitespace) {
  NormalizerFlags f = kNone;
  f.clean_text = true;
  // NUL, BEL, U+FFFD, ZWSP (Cf), soft hyphen, private use, unassigned: dropped.
  EXPECT_EQ(run(f, U"a\u0000b\u0007c\uFFFDd\u200Be\u00ADf\uE000g\U000E0080h"s), U"abcdefgh");
  // \t \n \r, NBSP, em space, line/paragraph separators, ideographic space: ' '.
  EXPECT_EQ(run(f, U"a\tb\nc\rd\u00A0e\u2003f\u2028g\u2029h\u3000i"), U"a b c d e f g h i");
  // VT, FF and NEL are Cc: the filter drops them before whitespace mapping sees them.
  EXPECT_EQ(run(f, U"a\u000Bb\u000Cc\u0085d"), U"abcd");
  EXPECT_EQ(run(kNone, U"a\u0000b"s), U"a\u0000b"s);
}

TEST(Normalizer, ChineseCharsAreSpaced) {
  NormalizerFlags f = kNone;
  f.handle_chinese_chars = true;
  EXPECT_EQ(run(f, U"ab東京cd"), U"ab 東  京 cd");
  EXPECT_EQ(run(f, U"はい"), U"はい");
}

TEST(Normalizer, StripAccentsIsNfdWithoutNonspacingMarks) {
  NormalizerFlags f = kNone;
  f.strip_accents = true;
  EXPECT_EQ(run(f, U"Crème Ångström naïve"), U"Creme Angstrom naive");
  EXPECT_EQ(run(f, U"nai\u0308ve"), U"naive");
  EXPECT_EQ(run(f, U"안"), U"\u110B\u1161\u11AB");       // Hangul: NFD into jamo
  EXPECT_EQ(run(f, U"नमस्ते"), U"नमसत");                // virama and vowel sign E are Mn
  EXPECT_EQ(run(f, U"ﬁ"), U"ﬁ");                        // compatibility forms are kept
  EXPECT_EQ(run(f, U"ＡＢＣ"), U"ＡＢＣ");
}

TEST(Normalizer, LowercaseIsFullWithFinalSigma) {
  NormalizerFlags f = kNone;
  f.lowercase = true;
  EXPECT_EQ(run(f, U"İSTANBUL"), U"i\u0307stanbul");
  EXPECT_EQ(run(f, U"ΟΔΥΣΣΕΥΣ ΣΟΦΟΣ."), U"οδυσσευς σοφος.");
  EXPECT_EQ(run(f, U"Σ"), U"σ");              // no cased letter before it
  EXPECT_EQ(run(f, U"ΑΣ'Β"), U"ασ'β");         // apostrophe is case-ignorable, then cased
  EXPECT_EQ(run(f, U"ΑΣ-Β"), U"ας-β");         // '-' is not: the word ends
  EXPECT_EQ(run(f, U"Α'Σ"), U"α'ς");
  EXPECT_EQ(run(f, U"STRASSE Straße ẞ"), U"strasse straße ß");
}

TEST(Normalizer, StripsBeforeLowercasing) {
  // With both on (the BERT default), İ loses its dot: NFD gives I + U+0307, the mark is
  // dropped, then I lowercases to i.
  EXPECT_EQ(run(NormalizerFlags{}, U"İzmir CAFÉ 東京"), U"izmir cafe  東  京 ");
}

TEST(Normalizer, EveryOutputCharKnowsItsSource) {
  BertNormalizer n(NormalizerFlags{true, true, false, true});  // lowercase, keep accents
  std::u32string text = U"x\u0000İ東"s;
  NormalizedText out, scratch;
  n.normalize(text.data(), 0, uint32_t(text.size()), out, scratch);
  EXPECT_EQ(std::u32string(out.chars.begin(), out.chars.end()), U"xi\u0307 東 ");
  EXPECT_EQ(out.source, (std::vector<uint32_t>{0, 2, 2, 3, 3, 3}));
  // A sub-range keeps absolute indices.
  n.normalize(text.data(), 2, 3, out, scratch);
  EXPECT_EQ(out.source, (std::vector<uint32_t>{2, 2}));
}

TEST(Normalizer, NfdReordersMarksAndKeepsTheirSources) {
  BertNormalizer n(NormalizerFlags{false, false, true, false});
  // U+1D165 (Mc, ccc 216) then U+1D16D (Mc, ccc 226) are spacing marks, so they survive
  // stripping; given in the wrong order they are reordered by ccc with their sources.
  std::u32string text = U"a\U0001D16D\U0001D165";
  NormalizedText out, scratch;
  n.normalize(text.data(), 0, 3, out, scratch);
  EXPECT_EQ(std::u32string(out.chars.begin(), out.chars.end()), U"a\U0001D165\U0001D16D");
  EXPECT_EQ(out.source, (std::vector<uint32_t>{0, 2, 1}));
}

}  // namespace
}  // namespace bertwasm
