// Lookups over the generated UCD tables: binary searches over sorted runs and pairs, with a
// direct table for U+0000..U+00FF so ASCII/Latin-1 text never searches.
#include "tokenizer/unicode.h"

#include <algorithm>
#include <array>

namespace bertwasm::unicode {
namespace {

namespace t = unicode_tables;

uint8_t search_properties(char32_t cp) {
  const uint32_t* end = t::kPropertyRuns + t::kPropertyRunCount;
  // The last run whose first code point is <= cp.
  const uint32_t* it = std::upper_bound(t::kPropertyRuns, end, (uint32_t(cp) << 8) | 0xFFu);
  return uint8_t(*(it - 1) & 0xFFu);
}

const std::array<uint8_t, 256>& latin1_properties() {
  static const std::array<uint8_t, 256> table = [] {
    std::array<uint8_t, 256> a{};
    for (char32_t c = 0; c < 256; ++c) a[c] = search_properties(c);
    return a;
  }();
  return table;
}

uint8_t properties(char32_t cp) {
  if (cp < 256) return latin1_properties()[cp];
  if (cp > 0x10FFFF) return uint8_t(GeneralCategory::Cn);
  return search_properties(cp);
}

constexpr char32_t kHangulBase = 0xAC00, kLeadBase = 0x1100, kVowelBase = 0x1161,
                   kTrailBase = 0x11A7;
constexpr char32_t kVowelCount = 21, kTrailCount = 28, kHangulCount = 11172;

}  // namespace

GeneralCategory category(char32_t cp) {
  return GeneralCategory(properties(cp) & t::kCategoryMask);
}

bool is_whitespace(char32_t cp) { return properties(cp) & t::kWhiteSpaceFlag; }

bool is_other(char32_t cp) {
  switch (category(cp)) {
    case GeneralCategory::Cc: case GeneralCategory::Cf: case GeneralCategory::Cs:
    case GeneralCategory::Co: case GeneralCategory::Cn:
      return true;
    default:
      return false;
  }
}

bool is_punctuation(char32_t cp) {
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) ||
      (cp >= 123 && cp <= 126)) {
    return true;
  }
  GeneralCategory c = category(cp);
  return c >= GeneralCategory::Pc && c <= GeneralCategory::Po;
}

bool is_mark_nonspacing(char32_t cp) { return category(cp) == GeneralCategory::Mn; }
bool is_cased(char32_t cp) { return properties(cp) & t::kCasedFlag; }
bool is_case_ignorable(char32_t cp) { return properties(cp) & t::kCaseIgnorableFlag; }

bool is_chinese_char(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
         (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

bool is_word_char(char32_t cp) {
  if (cp == 0x200C || cp == 0x200D) return true;
  GeneralCategory c = category(cp);
  return (c >= GeneralCategory::Lu && c <= GeneralCategory::Me) || c == GeneralCategory::Nd ||
         c == GeneralCategory::Nl || c == GeneralCategory::Pc;
}

size_t to_lower(char32_t cp, char32_t out[kMaxLowercase]) {
  if (cp < 128) {
    out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return 1;
  }
  const auto* mend = t::kMultiLowercase + t::kMultiLowercaseCount;
  const auto* m = std::lower_bound(t::kMultiLowercase, mend, cp,
                                   [](const t::MultiLowercase& e, char32_t c) { return e.from < c; });
  if (m != mend && m->from == cp) {
    std::copy(m->to, m->to + m->size, out);
    return m->size;
  }
  const auto* end = t::kLowercase + t::kLowercaseCount;
  const auto* it = std::lower_bound(t::kLowercase, end, cp,
                                    [](const t::CodePointPair& e, char32_t c) { return e.from < c; });
  out[0] = (it != end && it->from == cp) ? it->to : cp;
  return 1;
}

size_t decompose(char32_t cp, char32_t out[kMaxDecomposition]) {
  if (cp < 0xC0) {
    out[0] = cp;
    return 1;
  }
  if (cp >= kHangulBase && cp < kHangulBase + kHangulCount) {
    char32_t s = cp - kHangulBase;
    out[0] = kLeadBase + s / (kVowelCount * kTrailCount);
    out[1] = kVowelBase + (s % (kVowelCount * kTrailCount)) / kTrailCount;
    if (s % kTrailCount == 0) return 2;
    out[2] = kTrailBase + s % kTrailCount;
    return 3;
  }
  const auto* end = t::kDecompositions + t::kDecompositionCount;
  const auto* it = std::lower_bound(t::kDecompositions, end, cp,
                                    [](const t::Decomposition& e, char32_t c) { return e.cp < c; });
  if (it == end || it->cp != cp) {
    out[0] = cp;
    return 1;
  }
  std::copy(t::kDecompositionPool + it->offset, t::kDecompositionPool + it->offset + it->size, out);
  return it->size;
}

uint8_t combining_class(char32_t cp) {
  if (cp < 0x300) return 0;
  const uint32_t* end = t::kCombiningClasses + t::kCombiningClassCount;
  const uint32_t* it = std::lower_bound(t::kCombiningClasses, end, uint32_t(cp) << 8);
  return (it != end && (*it >> 8) == cp) ? uint8_t(*it & 0xFFu) : 0;
}

const char* version() { return t::kUnicodeVersion; }

}  // namespace bertwasm::unicode
