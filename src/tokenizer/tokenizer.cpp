// Tokenizer assembly (vocabulary, added tokens, special ids) and the encode pipeline:
// decode -> split on raw added tokens -> per piece: normalize -> split on normalized added
// tokens -> pre-tokenize -> WordPiece -> post-process.
// The file loaders are in tokenizer_json.cpp and tokenizer_config.cpp.
#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "tokenizer/post_processor.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/utf8.h"

namespace bertwasm {

Result<Tokenizer> Tokenizer::build(std::vector<std::string> vocab, size_t model_size,
                                   std::vector<AddedToken> added, TokenizerOptions options,
                                   const std::string& source) {
  if (options.max_input_chars_per_word <= 0) {
    return format_error(source + ": max_input_chars_per_word must be positive, got " +
                        std::to_string(options.max_input_chars_per_word));
  }
  if (vocab.size() > size_t(std::numeric_limits<int32_t>::max())) {
    return format_error(source + ": vocabulary too large");
  }
  Tokenizer tok;
  WordPieceConfig config{options.unk_token, options.continuing_subword_prefix,
                         options.max_input_chars_per_word};
  BW_ASSIGN(tok.model_, WordPiece::create(vocab, model_size, std::move(config), source));
  tok.vocab_ = std::move(vocab);
  tok.model_size_ = model_size;
  tok.options_ = std::move(options);
  tok.normalizer_ = BertNormalizer(NormalizerFlags{
      tok.options_.clean_text, tok.options_.handle_chinese_chars,
      tok.options_.strip_accents.value_or(tok.options_.lowercase), tok.options_.lowercase});

  // Added tokens: each is vocab[id]; they take precedence over the model in token_to_id.
  std::vector<int32_t> added_ids;
  std::vector<std::u32string> raw_patterns(added.size()), normalized_patterns(added.size());
  for (size_t i = 0; i < added.size(); ++i) {
    const AddedToken& t = added[i];
    if (t.id < 0 || size_t(t.id) >= tok.vocab_.size() || tok.vocab_[t.id] != t.content) {
      return format_error(source + ": added token \"" + t.content + "\" has id " +
                          std::to_string(t.id) + " which does not hold it in the vocabulary");
    }
    std::u32string chars;
    if (!decode_utf8_strict(t.content, chars)) {
      return format_error(source + ": added token with id " + std::to_string(t.id) +
                          " is not valid UTF-8");
    }
    (t.normalized ? normalized_patterns[i] : raw_patterns[i]) =
        t.normalized ? tok.normalizer_.normalize(chars) : chars;
    added_ids.push_back(t.id);
  }
  VocabIndex added_index;
  int32_t dup = added_index.build(tok.vocab_, added_ids, 0);
  if (dup >= 0) {
    return format_error(source + ": added token \"" + tok.vocab_[dup] + "\" is listed twice");
  }
  tok.added_ = std::move(added);
  tok.raw_matcher_.build(raw_patterns, tok.added_);
  tok.normalized_matcher_.build(normalized_patterns, tok.added_);

  tok.unk_id_ = tok.model_.unk_id();
  tok.cls_id_ = tok.token_to_id(tok.options_.cls_token);
  tok.sep_id_ = tok.token_to_id(tok.options_.sep_token);
  tok.pad_id_ = tok.token_to_id(tok.options_.pad_token);
  tok.mask_id_ = tok.token_to_id(tok.options_.mask_token);
  if (tok.cls_id_ < 0) {
    return format_error(source + ": the [CLS] token \"" + tok.options_.cls_token +
                        "\" is not in the vocabulary");
  }
  if (tok.sep_id_ < 0) {
    return format_error(source + ": the [SEP] token \"" + tok.options_.sep_token +
                        "\" is not in the vocabulary");
  }
  return tok;
}

Result<Tokenizer> Tokenizer::from_vocab(std::vector<std::string> vocab, TokenizerOptions options) {
  return with_special_tokens(std::move(vocab), std::move(options), "vocabulary");
}

Result<Tokenizer> Tokenizer::from_parts(std::vector<std::string> vocab, size_t model_size,
                                        std::vector<AddedToken> added, TokenizerOptions options,
                                        const std::string& source) {
  if (model_size == 0 || model_size > vocab.size()) {
    return format_error(source + ": WordPiece vocabulary size " + std::to_string(model_size) +
                        " is not within the " + std::to_string(vocab.size()) + " tokens");
  }
  return build(std::move(vocab), model_size, std::move(added), std::move(options), source);
}

Result<Tokenizer> Tokenizer::with_special_tokens(std::vector<std::string> vocab,
                                                 TokenizerOptions options,
                                                 const std::string& source) {
  // As transformers' BertConverter: the five special tokens are added tokens matched in the
  // raw text (normalized = false).
  std::vector<AddedToken> added;
  for (const std::string* s : {&options.pad_token, &options.unk_token, &options.cls_token,
                               &options.sep_token, &options.mask_token}) {
    auto it = std::find(vocab.begin(), vocab.end(), *s);
    bool listed = std::any_of(added.begin(), added.end(),
                              [&](const AddedToken& t) { return t.content == *s; });
    if (it == vocab.end() || listed || s->empty()) continue;
    AddedToken t;
    t.content = *s;
    t.id = int32_t(it - vocab.begin());
    added.push_back(std::move(t));
  }
  size_t n = vocab.size();
  return build(std::move(vocab), n, std::move(added), std::move(options), source);
}

void Tokenizer::tokenize_text(std::string_view text, TokenizedText& out) const {
  out.source = decode_utf8_lenient(text);
  out.tokens.clear();
  const char32_t* chars = out.source.chars.data();

  NormalizedText norm, scratch;
  std::vector<AddedMatch> raw_matches, norm_matches;
  std::vector<WordRange> words;
  std::vector<Piece> pieces;
  WordPieceScratch wp_scratch;

  // WordPiece over normalized chars [begin, end) of a piece free of added tokens.
  auto tokenize_words = [&](uint32_t begin, uint32_t end) {
    words.clear();
    pre_tokenize(norm.chars.data(), begin, end, words);
    for (const WordRange& w : words) {
      pieces.clear();
      model_.tokenize(vocab_, norm.chars.data() + w.begin, w.end - w.begin, pieces, wp_scratch);
      for (const Piece& p : pieces) {
        auto first = norm.source.begin() + w.begin + p.begin;
        auto last = norm.source.begin() + w.begin + p.end;
        auto [lo, hi] = std::minmax_element(first, last);
        out.tokens.push_back({p.id, *lo, *hi + 1, -1});
      }
    }
  };
  // One piece of the original text between raw added tokens.
  auto tokenize_segment = [&](uint32_t begin, uint32_t end) {
    if (begin == end) return;
    normalizer_.normalize(chars, begin, end, norm, scratch);
    norm_matches.clear();
    normalized_matcher_.find(norm.chars.data(), 0, norm.size(), norm_matches);
    uint32_t at = 0;
    for (const AddedMatch& m : norm_matches) {
      tokenize_words(at, m.begin);
      auto [lo, hi] = std::minmax_element(norm.source.begin() + m.begin, norm.source.begin() + m.end);
      out.tokens.push_back({added_[m.token].id, *lo, *hi + 1, m.token});
      at = m.end;
    }
    tokenize_words(at, norm.size());
  };

  raw_matcher_.find(chars, 0, out.source.size(), raw_matches);
  uint32_t at = 0;
  for (const AddedMatch& m : raw_matches) {
    tokenize_segment(at, m.begin);
    out.tokens.push_back({added_[m.token].id, m.begin, m.end, m.token});
    at = m.end;
  }
  tokenize_segment(at, out.source.size());
}

Result<Encoding> Tokenizer::encode(std::string_view text, const std::string_view* pair,
                                   const EncodeOptions& options) const {
  constexpr size_t kMaxTextBytes = std::numeric_limits<uint32_t>::max() - 1;
  if (text.size() > kMaxTextBytes || (pair && pair->size() > kMaxTextBytes)) {
    return input_error("text of more than 4 GiB cannot be tokenized");
  }
  size_t specials = special_token_count(pair != nullptr, options.add_special_tokens);
  if (options.truncation && (options.max_length < 0 || size_t(options.max_length) < specials)) {
    return input_error("max_length " + std::to_string(options.max_length) +
                       " cannot hold the " + std::to_string(specials) + " special tokens of " +
                       (pair ? "a text pair" : "a text"));
  }
  TokenizedText first, second;
  tokenize_text(text, first);
  if (pair) tokenize_text(*pair, second);

  TemplateParams params;
  params.add_special_tokens = options.add_special_tokens;
  params.truncation = options.truncation;
  params.max_length = options.truncation ? size_t(options.max_length) : 0;
  params.cls_id = cls_id_;
  params.sep_id = sep_id_;
  params.vocab = &vocab_;
  params.added = &added_;
  Encoding enc;
  assemble_encoding(first, pair ? &second : nullptr, params, enc);
  return enc;
}

int32_t Tokenizer::token_to_id(std::string_view token) const {
  for (const AddedToken& t : added_) {
    if (t.content == token) return t.id;
  }
  return model_.find(vocab_, token);
}

const std::string& Tokenizer::id_to_token(int32_t id) const {
  static const std::string kEmpty;
  return (id >= 0 && size_t(id) < vocab_.size()) ? vocab_[id] : kEmpty;
}

size_t Tokenizer::vocab_size() const { return vocab_.size(); }
const std::vector<std::string>& Tokenizer::vocab() const { return vocab_; }
const TokenizerOptions& Tokenizer::options() const { return options_; }
int32_t Tokenizer::cls_id() const { return cls_id_; }
int32_t Tokenizer::sep_id() const { return sep_id_; }
int32_t Tokenizer::pad_id() const { return pad_id_; }
int32_t Tokenizer::mask_id() const { return mask_id_; }
int32_t Tokenizer::unk_id() const { return unk_id_; }

}  // namespace bertwasm
