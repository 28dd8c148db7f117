// The Unicode data the tokenizer needs, as compact sorted tables generated from the Unicode
// Character Database by scripts/gen_unicode_tables.py (into unicode_tables.cpp). Only
// tokenizer/unicode.cpp searches them; everything else asks tokenizer/unicode.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bertwasm::unicode_tables {

// Unicode General_Category; Cn (unassigned) is 0. The generator asserts this order.
enum class GeneralCategory : uint8_t {
  Cn, Lu, Ll, Lt, Lm, Lo, Mn, Mc, Me, Nd, Nl, No, Pc, Pd, Ps, Pe, Pi, Pf, Po,
  Sm, Sc, Sk, So, Zs, Zl, Zp, Cc, Cf, Cs, Co
};

// A property byte: bits 0-4 GeneralCategory, then these flags.
constexpr uint8_t kCategoryMask = 0x1F;
constexpr uint8_t kWhiteSpaceFlag = 1 << 5;     // PropList White_Space
constexpr uint8_t kCasedFlag = 1 << 6;          // DerivedCoreProperties Cased
constexpr uint8_t kCaseIgnorableFlag = 1 << 7;  // DerivedCoreProperties Case_Ignorable

struct CodePointPair { char32_t from, to; };
struct MultiLowercase { char32_t from; char32_t to[3]; uint8_t size; };
// Full canonical decomposition of `cp`: kDecompositionPool[offset, offset + size).
struct Decomposition { char32_t cp; uint16_t offset; uint8_t size; };

extern const char kUnicodeVersion[];
// Runs covering U+0000..U+10FFFF, sorted: entry = (first code point << 8) | property byte.
extern const uint32_t kPropertyRuns[];
extern const size_t kPropertyRunCount;
// Single code point lowercase mappings (only where different), sorted by `from`.
extern const CodePointPair kLowercase[];
extern const size_t kLowercaseCount;
// Unconditional multi code point lowercase mappings (SpecialCasing), sorted by `from`.
extern const MultiLowercase kMultiLowercase[];
extern const size_t kMultiLowercaseCount;
// Canonical decompositions except Hangul syllables (computed), sorted by `cp`.
extern const Decomposition kDecompositions[];
extern const size_t kDecompositionCount;
extern const char32_t kDecompositionPool[];
// Non-zero canonical combining classes, sorted: entry = (code point << 8) | ccc.
extern const uint32_t kCombiningClasses[];
extern const size_t kCombiningClassCount;

}  // namespace bertwasm::unicode_tables
