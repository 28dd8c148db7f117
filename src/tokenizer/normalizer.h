// Hugging Face BertNormalizer over aligned text: every output char remembers the index of the
// source char it came from, so token spans map back to the original string exactly (an NFD or
// lowercase expansion maps all its chars to the one source char; dropped chars vanish).
// Steps, in HF order: clean_text, handle_chinese_chars, strip_accents (NFD, drop Mn), lowercase.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bertwasm {

struct NormalizerFlags {
  bool clean_text = true;
  bool handle_chinese_chars = true;
  bool strip_accents = true;
  bool lowercase = true;
};

// Normalized text: chars[i] came from source char index source[i].
struct NormalizedText {
  std::vector<char32_t> chars;
  std::vector<uint32_t> source;
  void clear() { chars.clear(); source.clear(); }
  void push(char32_t c, uint32_t src) { chars.push_back(c); source.push_back(src); }
  uint32_t size() const { return uint32_t(chars.size()); }
};

class BertNormalizer {
 public:
  BertNormalizer() = default;
  explicit BertNormalizer(NormalizerFlags flags) : flags_(flags) {}

  // Normalizes chars[begin, end) into `out` (cleared first); source indices are absolute
  // (begin..end-1). `scratch` is working space the caller may reuse across calls.
  void normalize(const char32_t* chars, uint32_t begin, uint32_t end, NormalizedText& out,
                 NormalizedText& scratch) const;
  // Convenience for patterns and tests: the normalized string alone.
  std::u32string normalize(std::u32string_view text) const;

  const NormalizerFlags& flags() const { return flags_; }

 private:
  NormalizerFlags flags_;
};

}  // namespace bertwasm
