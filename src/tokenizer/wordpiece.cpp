// Greedy longest-match-first over the word's UTF-8 bytes, shrinking one char at a time; the
// first candidate is capped at the longest key in the index, so a word costs
// O(chars x longest token) lookups and no allocation.
#include "tokenizer/wordpiece.h"

#include "tokenizer/utf8.h"

namespace bertwasm {

Result<WordPiece> WordPiece::create(const std::vector<std::string>& vocab, size_t model_size,
                                    WordPieceConfig config, const std::string& source) {
  WordPiece wp;
  std::vector<int32_t> all(model_size), continued;
  const std::string& prefix = config.continuing_subword_prefix;
  for (size_t id = 0; id < model_size; ++id) {
    all[id] = int32_t(id);
    if (!prefix.empty() && vocab[id].compare(0, prefix.size(), prefix) == 0) {
      continued.push_back(int32_t(id));
    }
  }
  int32_t dup = wp.full_.build(vocab, all, 0);
  if (dup >= 0) {
    return format_error(source + ": token \"" + vocab[dup] + "\" (id " + std::to_string(dup) +
                        ") appears twice");
  }
  if (prefix.empty()) {
    wp.continuation_ = wp.full_;
  } else {
    wp.continuation_.build(vocab, continued, prefix.size());
  }
  wp.unk_id_ = wp.full_.find(vocab, config.unk_token);
  if (wp.unk_id_ < 0) {
    return format_error(source + ": the unknown token \"" + config.unk_token +
                        "\" is not in the vocabulary");
  }
  wp.config_ = std::move(config);
  return wp;
}

void WordPiece::tokenize(const std::vector<std::string>& vocab, const char32_t* word, uint32_t n,
                         std::vector<Piece>& out, WordPieceScratch& scratch) const {
  if (n > uint32_t(config_.max_input_chars_per_word)) {
    out.push_back({unk_id_, 0, n});
    return;
  }
  std::string& bytes = scratch.bytes;
  std::vector<uint32_t>& pos = scratch.char_pos;
  bytes.clear();
  pos.clear();
  for (uint32_t k = 0; k < n; ++k) {
    pos.push_back(uint32_t(bytes.size()));
    append_utf8(word[k], bytes);
  }
  pos.push_back(uint32_t(bytes.size()));

  size_t first = out.size();
  uint32_t start = 0;
  while (start < n) {
    const VocabIndex& index = start == 0 ? full_ : continuation_;
    uint32_t end = n;
    while (end > start && pos[end] - pos[start] > index.max_key_bytes()) --end;
    int32_t id = -1;
    for (; end > start; --end) {
      id = index.find(vocab, std::string_view(bytes).substr(pos[start], pos[end] - pos[start]));
      if (id >= 0) break;
    }
    if (id < 0) {  // no piece matches here: the whole word is unknown
      out.resize(first);
      out.push_back({unk_id_, 0, n});
      return;
    }
    out.push_back({id, start, end});
    start = end;
  }
}

}  // namespace bertwasm
