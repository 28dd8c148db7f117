// Hugging Face BertPreTokenizer: split on whitespace (removed), then make every punctuation
// char (ASCII punctuation or Unicode P*) a word of its own. Words are index ranges into the
// normalized chars, never empty.
#pragma once

#include <cstdint>
#include <vector>

namespace bertwasm {

struct WordRange {
  uint32_t begin = 0, end = 0;
};

// Appends the words of chars[begin, end) to `out`.
void pre_tokenize(const char32_t* chars, uint32_t begin, uint32_t end, std::vector<WordRange>& out);

}  // namespace bertwasm
