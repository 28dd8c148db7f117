// Lenient UTF-8 decoding into code points that remember where they sit in the original bytes,
// in UTF-16 code units (JavaScript string indices) and as code point indices, so every token
// span can be reported in all three units. Never fails: each invalid byte becomes U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bertwasm {

// The original text of one sequence. chars[i] occupies bytes [utf8_pos[i], utf8_pos[i+1]) and
// UTF-16 units [utf16_pos[i], utf16_pos[i+1]); both position arrays hold size() + 1 entries.
struct SourceText {
  std::vector<char32_t> chars;
  std::vector<uint32_t> utf8_pos;
  std::vector<uint32_t> utf16_pos;
  uint32_t size() const { return uint32_t(chars.size()); }
};

// Decodes `bytes`. Well-formed UTF-8 decodes normally. A lone surrogate encoded WTF-8 style
// (ED A0..BF xx) decodes to that surrogate code point: one char, one UTF-16 unit, category Cs.
// Any other ill-formed byte (stray continuation, overlong form, truncated sequence, value above
// U+10FFFF) decodes to U+FFFD covering exactly that one byte and one UTF-16 unit.
// Precondition: bytes.size() < 2^32 (callers check).
SourceText decode_utf8_lenient(std::string_view bytes);

// Appends the UTF-8 encoding of cp (surrogates are written as 3 bytes, WTF-8 style).
void append_utf8(char32_t cp, std::string& out);
std::string to_utf8(std::u32string_view chars);
// Strict decoding for vocabulary strings: false when `bytes` is not well-formed UTF-8.
bool decode_utf8_strict(std::string_view bytes, std::u32string& out);

}  // namespace bertwasm
