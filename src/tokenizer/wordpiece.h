// The WordPiece model exactly as Hugging Face tokenizers runs it: greedy longest-match-first
// from the start of the word, pieces after the first carry the continuing-subword prefix
// ("##"); a word longer than max_input_chars_per_word chars, or one that cannot be covered
// completely, becomes a single unknown token spanning the whole word.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tokenizer/vocab_index.h"
#include "util/status.h"

namespace bertwasm {

struct WordPieceConfig {
  std::string unk_token = "[UNK]";
  std::string continuing_subword_prefix = "##";
  int max_input_chars_per_word = 100;
};

// One piece of a word: vocabulary id and its char range [begin, end) within the word.
struct Piece {
  int32_t id = 0;
  uint32_t begin = 0, end = 0;
};

// Reusable working buffers for tokenize() (one per encode call).
struct WordPieceScratch {
  std::string bytes;
  std::vector<uint32_t> char_pos;
};

class WordPiece {
 public:
  WordPiece() = default;
  // Indexes vocab[0, model_size). E_FORMAT (naming `source`) when a token appears twice or
  // the unknown token is missing.
  static Result<WordPiece> create(const std::vector<std::string>& vocab, size_t model_size,
                                  WordPieceConfig config, const std::string& source);

  // Appends the pieces of the n-char `word` (n > 0) to `out`.
  void tokenize(const std::vector<std::string>& vocab, const char32_t* word, uint32_t n,
                std::vector<Piece>& out, WordPieceScratch& scratch) const;
  // Id of `token` in the model vocabulary, or -1.
  int32_t find(const std::vector<std::string>& vocab, std::string_view token) const {
    return full_.find(vocab, token);
  }
  int32_t unk_id() const { return unk_id_; }
  const WordPieceConfig& config() const { return config_; }

 private:
  WordPieceConfig config_;
  VocabIndex full_;          // every token, as written
  VocabIndex continuation_;  // tokens starting with the prefix, keyed without it
  int32_t unk_id_ = -1;
};

}  // namespace bertwasm
