// BertPreTokenizer in one pass: whitespace ends a word, punctuation is a word by itself.
#include "tokenizer/pre_tokenizer.h"

#include "tokenizer/unicode.h"

namespace bertwasm {

void pre_tokenize(const char32_t* chars, uint32_t begin, uint32_t end, std::vector<WordRange>& out) {
  uint32_t word_start = begin;
  for (uint32_t i = begin; i < end; ++i) {
    char32_t c = chars[i];
    bool space = c == ' ' || unicode::is_whitespace(c);
    if (!space && !unicode::is_punctuation(c)) continue;
    if (word_start < i) out.push_back({word_start, i});
    if (!space) out.push_back({i, i + 1});
    word_start = i + 1;
  }
  if (word_start < end) out.push_back({word_start, end});
}

}  // namespace bertwasm
