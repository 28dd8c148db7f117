// The BERT tokenizer, exactly Hugging Face BertTokenizerFast: added/special tokens matched in
// the raw text, BertNormalizer, BertPreTokenizer, WordPiece, then [CLS] A [SEP] (B [SEP]) with
// longest-first truncation. Every token carries its span in its own ORIGINAL text in UTF-8
// bytes, UTF-16 code units and code points (specials: [0, 0]). Errors are values, never throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/added_tokens.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/wordpiece.h"
#include "util/status.h"

namespace bertwasm {

struct TokenizedText;

struct TokenizerOptions {
  bool lowercase = true;
  std::optional<bool> strip_accents;  // unset: follows lowercase
  bool handle_chinese_chars = true;
  bool clean_text = true;
  int max_input_chars_per_word = 100;
  std::string unk_token = "[UNK]", cls_token = "[CLS]", sep_token = "[SEP]",
              pad_token = "[PAD]", mask_token = "[MASK]";
  std::string continuing_subword_prefix = "##";
  // tokenizer_config.json's model_max_length; 0 when not given (or given as HF's "unset"
  // huge value). Informational: EncodeOptions::max_length decides truncation.
  int model_max_length = 0;
};

struct Span {
  uint32_t start = 0, end = 0;
};

struct Encoding {
  std::vector<int32_t> ids, type_ids;
  std::vector<std::string> tokens;
  std::vector<int8_t> sequence_ids;  // -1 special, 0 first text, 1 pair text
  std::vector<Span> offsets_utf8, offsets_utf16, offsets_codepoints;  // into that token's own text
  bool truncated = false;
  size_t size() const { return ids.size(); }
};

struct EncodeOptions {
  int max_length = 512;     // total tokens including specials
  bool truncation = true;   // false: no limit (callers window long texts themselves)
  bool add_special_tokens = true;
};

class Tokenizer {
 public:
  // vocab.txt: one token per line, id = line number (trailing whitespace trimmed, as HF does).
  // E_FORMAT on duplicate tokens or a missing [UNK]/[CLS]/[SEP].
  static Result<Tokenizer> from_vocab_txt(std::string_view vocab_txt, TokenizerOptions options);
  // HF fast-tokenizer file (model WordPiece, normalizer BertNormalizer, BertPreTokenizer,
  // BERT-shaped TemplateProcessing/BertProcessing). E_FORMAT for invalid JSON/vocabulary,
  // E_UNSUPPORTED for pipeline parts this tokenizer cannot honour. Its truncation/padding
  // blocks are ignored: EncodeOptions decide.
  static Result<Tokenizer> from_tokenizer_json(std::string_view json);
  // Applies tokenizer_config.json (do_lower_case, strip_accents, tokenize_chinese_chars,
  // special token strings, model_max_length) on top of `base`.
  static Result<TokenizerOptions> apply_tokenizer_config(std::string_view json,
                                                         TokenizerOptions base);
  // Builds from an explicit vocabulary (used by the GGUF loader). The special tokens of
  // `options` found in the vocabulary are matched literally in text.
  static Result<Tokenizer> from_vocab(std::vector<std::string> vocab, TokenizerOptions options);
  // Builds from explicit parts (the GGUF loader's lossless form): vocab[0, model_size) is the
  // WordPiece vocabulary, later entries are added tokens only; `added` as in tokenizer.json.
  static Result<Tokenizer> from_parts(std::vector<std::string> vocab, size_t model_size,
                                      std::vector<AddedToken> added, TokenizerOptions options,
                                      const std::string& source);

  // Invalid UTF-8 is decoded leniently (each bad byte -> U+FFFD, which cleaning drops; a lone
  // surrogate encoded WTF-8 style as 3 bytes counts as ONE UTF-16 unit) so offsets stay right.
  // Errors: E_INPUT for max_length too small to hold the specials.
  Result<Encoding> encode(std::string_view text, const std::string_view* pair,
                          const EncodeOptions& options) const;
  int32_t token_to_id(std::string_view token) const;  // -1 when absent
  const std::string& id_to_token(int32_t id) const;   // "" when out of range
  size_t vocab_size() const;
  const std::vector<std::string>& vocab() const;
  size_t model_size() const { return model_size_; }  // vocab()[0, model_size()) is WordPiece's
  const TokenizerOptions& options() const;
  int32_t cls_id() const;
  int32_t sep_id() const;
  int32_t pad_id() const;   // -1 when the vocabulary has no pad token
  int32_t mask_id() const;  // -1 when the vocabulary has no mask token
  int32_t unk_id() const;
  // The added tokens matched literally in text (specials included).
  const std::vector<AddedToken>& added_tokens() const { return added_; }

 private:
  Tokenizer() = default;
  // vocab[0, model_size) is the WordPiece vocabulary; later entries are added tokens only.
  static Result<Tokenizer> build(std::vector<std::string> vocab, size_t model_size,
                                 std::vector<AddedToken> added, TokenizerOptions options,
                                 const std::string& source);
  // The vocabulary as the whole model, with the options' special tokens as added tokens.
  static Result<Tokenizer> with_special_tokens(std::vector<std::string> vocab,
                                               TokenizerOptions options, const std::string& source);
  void tokenize_text(std::string_view text, TokenizedText& out) const;

  TokenizerOptions options_;
  std::vector<std::string> vocab_;
  WordPiece model_;
  BertNormalizer normalizer_;
  std::vector<AddedToken> added_;
  AddedTokenMatcher raw_matcher_;         // non-normalized added tokens, on the original text
  AddedTokenMatcher normalized_matcher_;  // normalized added tokens, on normalized pieces
  int32_t cls_id_ = -1, sep_id_ = -1, pad_id_ = -1, mask_id_ = -1, unk_id_ = -1;
  size_t model_size_ = 0;
};

}  // namespace bertwasm
