// Character properties and mappings the BERT tokenizer needs (Hugging Face semantics), over the
// generated UCD tables in unicode_tables.cpp. All functions accept any char32_t: values that
// are not Unicode scalar values behave like unassigned code points (surrogates are Cs).
#pragma once

#include <cstddef>
#include <cstdint>

#include "tokenizer/unicode_tables.h"

namespace bertwasm::unicode {

using unicode_tables::GeneralCategory;

GeneralCategory category(char32_t cp);
// White_Space (what Rust's char::is_whitespace tests).
bool is_whitespace(char32_t cp);
// General category C* (Cc, Cf, Cs, Co and unassigned Cn).
bool is_other(char32_t cp);
// ASCII punctuation (33-47, 58-64, 91-96, 123-126) or general category P*.
bool is_punctuation(char32_t cp);
bool is_mark_nonspacing(char32_t cp);  // Mn
bool is_cased(char32_t cp);
bool is_case_ignorable(char32_t cp);
// BERT's "Chinese character" ranges exactly as Hugging Face tokenizers' BertNormalizer has them
// (which spells the Extension C..F range 0x2B920..0x2CEAF).
bool is_chinese_char(char32_t cp);
// Regex \w (Unicode): letters, marks, decimal digits, letter numbers, connector punctuation,
// ZWNJ/ZWJ. Used by single_word added tokens.
bool is_word_char(char32_t cp);

// Full lowercase mapping without context (Rust char::to_lowercase): writes 1..3 code points.
constexpr size_t kMaxLowercase = 3;
size_t to_lower(char32_t cp, char32_t out[kMaxLowercase]);

// Full canonical decomposition (NFD of the single code point, before reordering): 1..4 code
// points; Hangul syllables decompose algorithmically into 2 or 3 jamo.
constexpr size_t kMaxDecomposition = 4;
size_t decompose(char32_t cp, char32_t out[kMaxDecomposition]);
uint8_t combining_class(char32_t cp);

// The Unicode version the tables were generated from ("15.0.0").
const char* version();

}  // namespace bertwasm::unicode
