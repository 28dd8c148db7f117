// Tokenizer behaviour beyond the reference items: offsets map back to the original text,
// cased and Chinese vocabularies, literal specials, truncation and pairs through encode(),
// invalid UTF-8, empty text, and speed on 1 MB inputs (typical and pathological).
#include "tokenizer/tokenizer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "test_helpers.h"
#include "test_support.h"
#include "tokenizer/utf8.h"

namespace bertwasm {
namespace {

using test::read_text;
using test::shared_path;

const Tokenizer& uncased() {
  static const Tokenizer tok = [] {
    auto t = Tokenizer::from_vocab_txt(read_text(shared_path("vocab/bert-base-uncased-vocab.txt")), {});
    EXPECT_TRUE(t.ok()) << t.status().to_string();
    return std::move(t).value();
  }();
  return tok;
}

Encoding encode(const Tokenizer& tok, const std::string& text, EncodeOptions options = {}) {
  auto r = tok.encode(text, nullptr, options);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? std::move(r).value() : Encoding{};
}

// Byte span of a token in its text.
std::string slice(const std::string& text, Span s) { return text.substr(s.start, s.end - s.start); }

// For every WordPiece token (not special, not [UNK]): normalizing the original text under its
// span gives the token without its "##". When one source char expands into several pieces
// (a Hangul syllable into jamo), the consecutive pieces sharing its span are joined first.
// Spans must agree across the three units.
void expect_offsets_round_trip(const Tokenizer& tok, const std::string& text) {
  SCOPED_TRACE(text);
  Encoding e = encode(tok, text);
  BertNormalizer normalizer(NormalizerFlags{true, true, true, true});
  SourceText src = decode_utf8_lenient(text);
  auto wordpiece = [&](size_t i) { return e.sequence_ids[i] >= 0 && e.ids[i] != tok.unk_id(); };
  auto same_span = [&](size_t i, size_t j) {
    return e.offsets_codepoints[i].start == e.offsets_codepoints[j].start &&
           e.offsets_codepoints[i].end == e.offsets_codepoints[j].end;
  };
  int checked = 0;
  for (size_t i = 0; i < e.size();) {
    if (!wordpiece(i)) {
      ++i;
      continue;
    }
    Span cp = e.offsets_codepoints[i];
    EXPECT_EQ(e.offsets_utf8[i].start, src.utf8_pos[cp.start]);
    EXPECT_EQ(e.offsets_utf8[i].end, src.utf8_pos[cp.end]);
    EXPECT_EQ(e.offsets_utf16[i].start, src.utf16_pos[cp.start]);
    EXPECT_EQ(e.offsets_utf16[i].end, src.utf16_pos[cp.end]);
    std::string joined;
    size_t j = i;
    for (; j < e.size() && wordpiece(j) && same_span(i, j); ++j) {
      const std::string& t = e.tokens[j];
      joined += t.rfind("##", 0) == 0 ? t.substr(2) : t;
    }
    std::u32string original(src.chars.begin() + cp.start, src.chars.begin() + cp.end);
    std::string normalized = to_utf8(normalizer.normalize(original));
    // handle_chinese_chars pads an ideograph with spaces, which pre-tokenization removes.
    normalized.erase(0, normalized.find_first_not_of(' '));
    normalized.erase(normalized.find_last_not_of(' ') + 1);
    EXPECT_EQ(normalized, joined) << "tokens " << i << ".." << j - 1;
    ++checked;
    i = j;
  }
  EXPECT_GT(checked, 0);
}

TEST(TokenizerOffsets, NormalizedSpanEqualsToken) {
  // (Greek capital sigma is left out: a lone "Σ" lowercases to σ while in context it may be ς.)
  for (const char* text : {
           "Crème brûlée, jalapeño and São Paulo; Ångström Øresund façade",
           "cafe\xCC\x81 nai\xCC\x88ve A\xCC\x8Angstro\xCC\x88m",   // decomposed accents
           "İstanbul, İZMİR ve Iğdır; Straße",                       // expansions and dotted I
           "東京は日本の首都です。北京欢迎你, 𠮷野家 in Tokyo",        // CJK incl. supplementary
           "I love pizza 🍕🍕 and cats 🐱! thumbs 👍🏽 ❤️ 👨‍👩‍👧‍👦 family",  // emoji, ZWJ, VS16
           "안녕하세요, 세계! ｆｕｌｌｗｉｄｔｈ ＡＢＣ",                   // Hangul syllables
           "soft\xC2\xADhyphen zero\xE2\x80\x8Bwidth \xEF\xBB\xBF" "BOM x\xEF\xBF\xBDy",
       }) {
    expect_offsets_round_trip(uncased(), text);
  }
}

TEST(TokenizerOffsets, ExpandedCharsShareTheirSourceSpan) {
  // NFD turns each Hangul syllable into 2-3 jamo; each jamo piece spans the whole syllable.
  Encoding e = encode(uncased(), "안녕");
  ASSERT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "ᄋ", "##ᅡ", "##ᆫ", "##ᄂ", "##ᅧ",
                                                "##ᆼ", "[SEP]"}));
  for (int i = 1; i <= 6; ++i) {
    uint32_t syllable = i <= 3 ? 0 : 1;
    EXPECT_EQ(e.offsets_utf8[i].start, 3 * syllable);
    EXPECT_EQ(e.offsets_utf8[i].end, 3 * syllable + 3);
    EXPECT_EQ(e.offsets_utf16[i].start, syllable);
  }
}

TEST(TokenizerOffsets, FinalSigmaDependsOnContext) {
  Encoding e = encode(uncased(), "ΣΟΦΟΣ.");
  ASSERT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "σ", "##ο", "##φ", "##ος", ".", "[SEP]"}));
  EXPECT_EQ(e.offsets_codepoints[4].start, 3u);
  EXPECT_EQ(e.offsets_codepoints[4].end, 5u);
}

TEST(TokenizerVocabularies, CasedKeepsCaseAndAccents) {
  TokenizerOptions cased;
  cased.lowercase = false;
  auto tok = Tokenizer::from_vocab_txt(read_text(shared_path("vocab/bert-base-cased-vocab.txt")), cased);
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  EXPECT_EQ(test::tokens(*tok, "Hello World"), (std::vector<std::string>{"Hello", "World"}));
  EXPECT_EQ(test::tokens(*tok, "Zürich café"), (std::vector<std::string>{"Zürich", "café"}));
  // Without lowercasing, accents stay unless strip_accents is asked for.
  TokenizerOptions stripped = cased;
  stripped.strip_accents = true;
  auto tok2 = Tokenizer::from_vocab_txt(read_text(shared_path("vocab/bert-base-cased-vocab.txt")), stripped);
  ASSERT_TRUE(tok2.ok());
  std::string joined;
  for (const std::string& t : test::tokens(*tok2, "Zürich")) joined += t.rfind("##", 0) == 0 ? t.substr(2) : t;
  EXPECT_EQ(joined, "Zurich");
}

TEST(TokenizerVocabularies, ChineseSplitsIdeographs) {
  auto tok = Tokenizer::from_vocab_txt(read_text(shared_path("vocab/bert-base-chinese-vocab.txt")), {});
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  EXPECT_EQ(test::tokens(*tok, "北京欢迎你，我爱"),
            (std::vector<std::string>{"北", "京", "欢", "迎", "你", "，", "我", "爱"}));
  // The vocabulary's U+2028 line is trimmed to "" as tokenizers' WordPiece::read_file does.
  EXPECT_EQ(tok->id_to_token(343), "");
}

TEST(TokenizerSpecials, LiteralSpecialsMatchOnlyAsWritten) {
  Encoding e = encode(uncased(), "a [MASK] b [mask] c[SEP]d");
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "a", "[MASK]", "b", "[", "mask", "]",
                                                "c", "[SEP]", "d", "[SEP]"}));
  EXPECT_EQ(e.ids[2], uncased().mask_id());
  EXPECT_EQ(e.sequence_ids[2], 0);  // a special written in the text belongs to the text
  EXPECT_EQ(e.offsets_utf8[2].start, 2u);
  EXPECT_EQ(e.offsets_utf8[2].end, 8u);
}

TEST(TokenizerSpecials, EmptyTextGivesClsSep) {
  Encoding e = encode(uncased(), "");
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "[SEP]"}));
  EXPECT_EQ(e.ids, (std::vector<int32_t>{101, 102}));
  EXPECT_FALSE(e.truncated);
  EncodeOptions o;
  o.add_special_tokens = false;
  EXPECT_EQ(encode(uncased(), "", o).size(), 0u);
}

TEST(TokenizerTruncation, SingleTextKeepsFinalSep) {
  EncodeOptions o;
  o.max_length = 5;
  Encoding e = encode(uncased(), "one two three four five six", o);
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "one", "two", "three", "[SEP]"}));
  EXPECT_TRUE(e.truncated);
  o.max_length = 2;
  e = encode(uncased(), "one two", o);
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "[SEP]"}));
  EXPECT_TRUE(e.truncated);
  o.max_length = 4;
  EXPECT_FALSE(encode(uncased(), "one two", o).truncated);
}

TEST(TokenizerTruncation, PairIsLongestFirst) {
  std::string a = "one two three four five six seven eight";  // 8 tokens
  std::string_view b = "nine ten";                            // 2 tokens
  EncodeOptions o;
  o.max_length = 10;  // 7 text tokens: the longer keeps 7 - 2 = 5
  auto e = uncased().encode(a, &b, o);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->tokens, (std::vector<std::string>{"[CLS]", "one", "two", "three", "four", "five",
                                                 "[SEP]", "nine", "ten", "[SEP]"}));
  EXPECT_EQ(e->type_ids, (std::vector<int32_t>{0, 0, 0, 0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(e->sequence_ids, (std::vector<int8_t>{-1, 0, 0, 0, 0, 0, -1, 1, 1, -1}));
  EXPECT_TRUE(e->truncated);
  // Both long: 7 split as 3 + 4, the extra one going to the longer (second) text.
  std::string_view b2 = "a b c d e f g h i";
  e = uncased().encode(a, &b2, o);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->tokens, (std::vector<std::string>{"[CLS]", "one", "two", "three", "[SEP]", "a", "b",
                                                 "c", "d", "[SEP]"}));
  // Pair offsets index the pair's own text.
  EXPECT_EQ(e->offsets_utf8[6].start, 2u);
}

TEST(TokenizerTruncation, TooSmallMaxLengthIsAnInputError) {
  EncodeOptions o;
  o.max_length = 1;
  auto r = uncased().encode("hello", nullptr, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::input);
  std::string_view pair = "x";
  o.max_length = 2;
  EXPECT_EQ(uncased().encode("hello", &pair, o).status().code(), ErrorCode::input);
  o.max_length = -5;
  o.add_special_tokens = false;
  EXPECT_EQ(uncased().encode("hello", nullptr, o).status().code(), ErrorCode::input);
  o.truncation = false;  // no limit: max_length is not looked at
  EXPECT_TRUE(uncased().encode("hello", nullptr, o).ok());
}

TEST(TokenizerInput, InvalidUtf8IsReplacedAndDropped) {
  // FF: invalid byte; C0 80: overlong (two bad bytes); F0 9F 98: truncated (three bad bytes).
  std::string text = "ab\xFFout \xC0\x80x \xF0\x9F\x98 y";
  Encoding e = encode(uncased(), text);
  // Each bad byte becomes one U+FFFD, which cleaning drops: "ab" + "out" join into one word.
  ASSERT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "about", "x", "y", "[SEP]"}));
  EXPECT_EQ(slice(text, e.offsets_utf8[1]), "ab\xFFout");
  // Every byte here is one code point and one UTF-16 unit, so all three units agree.
  for (const auto* offsets : {&e.offsets_utf8, &e.offsets_utf16, &e.offsets_codepoints}) {
    EXPECT_EQ((*offsets)[1].start, 0u);
    EXPECT_EQ((*offsets)[1].end, 6u);
    EXPECT_EQ((*offsets)[2].start, 9u);
    EXPECT_EQ((*offsets)[3].start, 15u);
    EXPECT_EQ((*offsets)[3].end, 16u);
  }
}

TEST(TokenizerInput, LoneSurrogateCountsAsOneUtf16Unit) {
  std::string text = "a\xED\xA0\x80" "b c\xF0\x9F\x98\x80" "d e";  // WTF-8 U+D800; U+1F600
  Encoding e = encode(uncased(), text);
  ASSERT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "ab", "[UNK]", "e", "[SEP]"}));
  // "ab" swallows the dropped surrogate: 5 bytes, 3 code points, 3 UTF-16 units.
  EXPECT_EQ(e.offsets_utf8[1].end, 5u);
  EXPECT_EQ(e.offsets_codepoints[1].end, 3u);
  EXPECT_EQ(e.offsets_utf16[1].end, 3u);
  // The emoji is not punctuation, so "c😀d" is one word the vocabulary cannot cover.
  EXPECT_EQ(e.offsets_utf8[2].start, 6u);
  EXPECT_EQ(e.offsets_utf8[2].end, 12u);
  EXPECT_EQ(e.offsets_codepoints[2].start, 4u);
  EXPECT_EQ(e.offsets_codepoints[2].end, 7u);
  EXPECT_EQ(e.offsets_utf16[2].start, 4u);
  EXPECT_EQ(e.offsets_utf16[2].end, 8u);
}

// At least 1 MiB made of copies of `unit`.
std::string megabyte_of(const std::string& unit) {
  std::string s;
  while (s.size() < (1u << 20)) s += unit;
  return s;
}

double seconds_to_encode(const std::string& text, const EncodeOptions& options, Encoding* out) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = uncased().encode(text, nullptr, options);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(r.ok());
  if (out && r.ok()) *out = std::move(r).value();
  return s;
}

TEST(TokenizerSpeed, MegabyteWithAndWithoutTruncation) {
  std::string text = megabyte_of(
      "The quick brown fox jumps over the lazy dog; Crème brûlée in São Paulo costs $3.50! "
      "東京は日本の首都です。 Emoji 🍕🐱 and ΟΔΥΣΣΕΥΣ, İstanbul, naïve café. ");
  uncased();  // load outside the timing
  Encoding truncated, full;
  double t1 = seconds_to_encode(text, EncodeOptions{}, &truncated);
  EncodeOptions no_limit;
  no_limit.truncation = false;
  double t2 = seconds_to_encode(text, no_limit, &full);
  std::printf("[ speed ] 1 MB: %.3f s truncated (%zu tokens), %.3f s full (%zu tokens)\n", t1,
              truncated.size(), t2, full.size());
  EXPECT_EQ(truncated.size(), 512u);
  EXPECT_TRUE(truncated.truncated);
  EXPECT_GT(full.size(), 200000u);
  EXPECT_FALSE(full.truncated);
  EXPECT_EQ(full.offsets_utf8[full.size() - 2].end, text.size() - 1);  // the final "."
  EXPECT_LT(t1, 1.0);
  EXPECT_LT(t2, 1.0);
}

TEST(TokenizerSpeed, PathologicalMegabyteInputsStayLinear) {
  std::vector<std::pair<std::string, std::string>> cases = {
      {"one huge word", megabyte_of("abcdefgh")},
      {"sigmas between case-ignorables", megabyte_of("\xCE\xA3'''':::\xCE\xA3")},
      {"a run of combining marks", "a" + megabyte_of("\xCC\x81\xCC\xA3\xCC\x95")},
      {"almost-specials", megabyte_of("[CLS[SEP[MAS")},
      {"punctuation only", megabyte_of("!?.,;")},
      {"100-char words", megabyte_of(std::string(100, 'z') + " ")},
  };
  EncodeOptions no_limit;
  no_limit.truncation = false;
  for (const auto& [name, text] : cases) {
    double t = seconds_to_encode(text, no_limit, nullptr);
    std::printf("[ speed ] %s: %.3f s\n", name.c_str(), t);
    EXPECT_LT(t, 1.0) << name;
  }
}

}  // namespace
}  // namespace bertwasm
