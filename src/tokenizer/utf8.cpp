// UTF-8 decoding (lenient for text, strict for vocabularies) and encoding.
#include "tokenizer/utf8.h"

namespace bertwasm {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Decodes one sequence at bytes[i]; returns its length in bytes, 0 when ill-formed.
// `allow_surrogates` accepts ED A0..BF xx (WTF-8).
size_t decode_one(std::string_view bytes, size_t i, bool allow_surrogates, char32_t& cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + i;
  size_t left = bytes.size() - i;
  unsigned char b0 = p[0];
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (left < 2 || !is_continuation(p[1])) return 0;
    cp = (char32_t(b0 & 0x1F) << 6) | (p[1] & 0x3F);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3 || !is_continuation(p[1]) || !is_continuation(p[2])) return 0;
    if (b0 == 0xE0 && p[1] < 0xA0) return 0;                        // overlong
    if (b0 == 0xED && p[1] >= 0xA0 && !allow_surrogates) return 0;  // surrogate
    cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4 || !is_continuation(p[1]) || !is_continuation(p[2]) || !is_continuation(p[3])) {
      return 0;
    }
    if (b0 == 0xF0 && p[1] < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && p[1] >= 0x90) return 0;  // above U+10FFFF
    cp = (char32_t(b0 & 0x07) << 18) | (char32_t(p[1] & 0x3F) << 12) |
         (char32_t(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
  }
  return 0;
}

}  // namespace

SourceText decode_utf8_lenient(std::string_view bytes) {
  SourceText t;
  t.chars.reserve(bytes.size());
  t.utf8_pos.reserve(bytes.size() + 1);
  t.utf16_pos.reserve(bytes.size() + 1);
  uint32_t utf16 = 0;
  size_t i = 0;
  while (i < bytes.size()) {
    char32_t cp;
    size_t n = decode_one(bytes, i, /*allow_surrogates=*/true, cp);
    if (n == 0) {
      cp = kReplacement;
      n = 1;
    }
    t.chars.push_back(cp);
    t.utf8_pos.push_back(uint32_t(i));
    t.utf16_pos.push_back(utf16);
    utf16 += cp >= 0x10000 ? 2 : 1;
    i += n;
  }
  t.utf8_pos.push_back(uint32_t(bytes.size()));
  t.utf16_pos.push_back(utf16);
  return t;
}

void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(char(cp));
  } else if (cp < 0x800) {
    out.push_back(char(0xC0 | (cp >> 6)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(char(0xE0 | (cp >> 12)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (cp >> 18)));
    out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  }
}

std::string to_utf8(std::u32string_view chars) {
  std::string out;
  out.reserve(chars.size());
  for (char32_t c : chars) append_utf8(c, out);
  return out;
}

bool decode_utf8_strict(std::string_view bytes, std::u32string& out) {
  out.clear();
  size_t i = 0;
  while (i < bytes.size()) {
    char32_t cp;
    size_t n = decode_one(bytes, i, /*allow_surrogates=*/false, cp);
    if (n == 0) return false;
    out.push_back(cp);
    i += n;
  }
  return true;
}

}  // namespace bertwasm
