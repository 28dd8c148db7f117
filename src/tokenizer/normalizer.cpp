// BertNormalizer passes. Each pass reads one NormalizedText and writes the other; all are
// linear in the text length (the final-sigma context scan visits each char at most twice).
#include "tokenizer/normalizer.h"

#include <algorithm>
#include <utility>

#include "tokenizer/unicode.h"

namespace bertwasm {
namespace {

constexpr char32_t kCapitalSigma = 0x3A3, kSmallSigma = 0x3C3, kFinalSigma = 0x3C2;

// clean_text: drop U+0000, U+FFFD and C* except \t \n \r; map whitespace to ' '.
void clean_text(const char32_t* chars, uint32_t begin, uint32_t end, NormalizedText& out) {
  for (uint32_t i = begin; i < end; ++i) {
    char32_t c = chars[i];
    bool tab_or_newline = c == '\t' || c == '\n' || c == '\r';
    if (c == 0 || c == 0xFFFD || (!tab_or_newline && unicode::is_other(c))) continue;
    out.push(tab_or_newline || unicode::is_whitespace(c) ? char32_t(' ') : c, i);
  }
}

void copy_range(const char32_t* chars, uint32_t begin, uint32_t end, NormalizedText& out) {
  for (uint32_t i = begin; i < end; ++i) out.push(chars[i], i);
}

// handle_chinese_chars: a space on each side of every CJK ideograph.
void space_chinese_chars(const NormalizedText& in, NormalizedText& out) {
  for (uint32_t i = 0; i < in.size(); ++i) {
    char32_t c = in.chars[i];
    if (unicode::is_chinese_char(c)) {
      out.push(' ', in.source[i]);
      out.push(c, in.source[i]);
      out.push(' ', in.source[i]);
    } else {
      out.push(c, in.source[i]);
    }
  }
}

// strip_accents: NFD (full decomposition, then canonical ordering of each run of non-starters),
// then drop every nonspacing mark (Mn).
void strip_accents(const NormalizedText& in, NormalizedText& out) {
  NormalizedText& nfd = out;  // decompose into out, then reorder and filter in place
  char32_t parts[unicode::kMaxDecomposition];
  for (uint32_t i = 0; i < in.size(); ++i) {
    size_t n = unicode::decompose(in.chars[i], parts);
    for (size_t k = 0; k < n; ++k) nfd.push(parts[k], in.source[i]);
  }
  // Canonical ordering: stable sort of each maximal run of chars with ccc > 0, by ccc.
  std::vector<std::pair<uint8_t, uint32_t>> run;  // (ccc, position)
  for (uint32_t i = 0; i < nfd.size();) {
    if (nfd.chars[i] < 0x300 || unicode::combining_class(nfd.chars[i]) == 0) {
      ++i;
      continue;
    }
    uint32_t j = i;
    run.clear();
    while (j < nfd.size() && unicode::combining_class(nfd.chars[j]) != 0) {
      run.emplace_back(unicode::combining_class(nfd.chars[j]), j);
      ++j;
    }
    if (run.size() > 1) {
      std::stable_sort(run.begin(), run.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<char32_t> c(run.size());
      std::vector<uint32_t> s(run.size());
      for (size_t k = 0; k < run.size(); ++k) {
        c[k] = nfd.chars[run[k].second];
        s[k] = nfd.source[run[k].second];
      }
      std::copy(c.begin(), c.end(), nfd.chars.begin() + i);
      std::copy(s.begin(), s.end(), nfd.source.begin() + i);
    }
    i = j;
  }
  uint32_t kept = 0;
  for (uint32_t i = 0; i < nfd.size(); ++i) {
    if (unicode::is_mark_nonspacing(nfd.chars[i])) continue;
    nfd.chars[kept] = nfd.chars[i];
    nfd.source[kept] = nfd.source[i];
    ++kept;
  }
  nfd.chars.resize(kept);
  nfd.source.resize(kept);
}

// Final_Sigma (Unicode 3.13, as Python's str.lower applies it): a capital sigma preceded by a
// cased letter (skipping case-ignorables) and not followed by one becomes final sigma.
bool is_final_sigma(const std::vector<char32_t>& s, size_t i) {
  size_t j = i;
  while (j > 0 && unicode::is_case_ignorable(s[j - 1])) --j;
  if (j == 0 || !unicode::is_cased(s[j - 1])) return false;
  size_t k = i + 1;
  while (k < s.size() && unicode::is_case_ignorable(s[k])) ++k;
  return k == s.size() || !unicode::is_cased(s[k]);
}

// lowercase: full per-char mapping (U+0130 -> i + U+0307) plus the final-sigma rule.
void lowercase(const NormalizedText& in, NormalizedText& out) {
  char32_t lower[unicode::kMaxLowercase];
  for (uint32_t i = 0; i < in.size(); ++i) {
    char32_t c = in.chars[i];
    if (c == kCapitalSigma) {
      out.push(is_final_sigma(in.chars, i) ? kFinalSigma : kSmallSigma, in.source[i]);
      continue;
    }
    size_t n = unicode::to_lower(c, lower);
    for (size_t k = 0; k < n; ++k) out.push(lower[k], in.source[i]);
  }
}

}  // namespace

void BertNormalizer::normalize(const char32_t* chars, uint32_t begin, uint32_t end,
                               NormalizedText& out, NormalizedText& scratch) const {
  out.clear();
  if (flags_.clean_text) {
    clean_text(chars, begin, end, out);
  } else {
    copy_range(chars, begin, end, out);
  }
  auto run_pass = [&](void (*pass)(const NormalizedText&, NormalizedText&)) {
    scratch.clear();
    pass(out, scratch);
    std::swap(out, scratch);
  };
  if (flags_.handle_chinese_chars) run_pass(space_chinese_chars);
  if (flags_.strip_accents) run_pass(strip_accents);
  if (flags_.lowercase) run_pass(lowercase);
}

std::u32string BertNormalizer::normalize(std::u32string_view text) const {
  NormalizedText out, scratch;
  normalize(text.data(), 0, uint32_t(text.size()), out, scratch);
  return std::u32string(out.chars.begin(), out.chars.end());
}

}  // namespace bertwasm
