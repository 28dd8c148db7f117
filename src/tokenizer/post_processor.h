// After WordPiece: truncation (Hugging Face utils/truncation.rs, longest_first, right side,
// stride 0, applied to max_length minus the specials) and the BERT template
// [CLS] A [SEP] (B [SEP]), type ids 0 for A's part and 1 for B's. Builds the public Encoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tokenizer/added_tokens.h"
#include "tokenizer/utf8.h"

namespace bertwasm {

struct Encoding;

// A token of one text: id and span [begin, end) in code points of that text; `added` is the
// index of the added token it matched, or -1 for a WordPiece token (string = vocab[id]).
struct RawToken {
  int32_t id = 0;
  uint32_t begin = 0, end = 0;
  int32_t added = -1;
};

struct TokenizedText {
  SourceText source;
  std::vector<RawToken> tokens;
};

// How many tokens of each text to keep so that first + second <= max_length
// (truncate_encodings with LongestFirst; without a pair, second is 0).
struct KeptLengths {
  size_t first = 0, second = 0;
};
KeptLengths truncation_lengths(size_t first, size_t second, bool has_pair, size_t max_length);

struct TemplateParams {
  bool add_special_tokens = true;
  bool truncation = true;
  size_t max_length = 512;  // total, specials included; >= the number of specials
  int32_t cls_id = -1, sep_id = -1;
  const std::vector<std::string>* vocab = nullptr;
  const std::vector<AddedToken>* added = nullptr;
};

// Number of special tokens the template adds: 2 for one text, 3 for a pair (0 without).
size_t special_token_count(bool has_pair, bool add_special_tokens);

void assemble_encoding(const TokenizedText& first, const TokenizedText* pair,
                       const TemplateParams& params, Encoding& out);

}  // namespace bertwasm
