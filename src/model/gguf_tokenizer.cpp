// The tokenizer of a GGUF file: from our bertwasm.tokenizer.* keys (the original vocabulary,
// flags and added tokens, lossless), or from llama.cpp's tokenizer.ggml.* keys, whose
// phantom-space vocabulary is mapped back to WordPiece form. llama.cpp does not record the
// normalizer flags: lowercasing is inferred from the vocabulary (a cased vocabulary has
// upper-case pieces, which a lowercasing tokenizer could never produce).
#include <algorithm>
#include <climits>

#include "model/gguf_model.h"

namespace bertwasm {
namespace {

namespace k = gguf_keys;
using k::GgmlTokenType;

constexpr char kPhantom[] = "\xe2\x96\x81";  // U+2581, llama.cpp's word-start mark
constexpr size_t kPhantomBytes = 3;

bool starts_with(const std::string& s, const char* prefix, size_t n) { return s.compare(0, n, prefix) == 0; }

bool kept_as_is(GgmlTokenType type) { return type == GgmlTokenType::control || type == GgmlTokenType::unknown; }

Status read_bool(const GgufFile& f, const char* key, bool& out) {
  if (!f.has(key)) return {};
  BW_ASSIGN(out, f.get_bool(key));
  return {};
}

Status read_string(const GgufFile& f, const char* key, std::string& out) {
  if (!f.has(key)) return {};
  BW_ASSIGN(out, f.get_string(key));
  return {};
}

Result<std::vector<AddedToken>> read_added_tokens(const GgufFile& f) {
  std::vector<AddedToken> added;
  if (!f.has(k::kAddedIds) && !f.has(k::kAddedContents) && !f.has(k::kAddedFlags)) return added;
  BW_ASSIGN(std::vector<int32_t> ids, f.get_i32_array(k::kAddedIds));
  BW_ASSIGN(std::vector<std::string> contents, f.get_string_array(k::kAddedContents));
  BW_ASSIGN(std::vector<uint8_t> flags, f.get_u8_array(k::kAddedFlags));
  if (contents.size() != ids.size() || flags.size() != ids.size())
    return format_error(f.file_name() + ": keys '" + k::kAddedIds + "', '" + k::kAddedContents + "' and '" +
                        k::kAddedFlags + "' have different lengths");
  for (size_t i = 0; i < ids.size(); ++i) {
    AddedToken t;
    t.id = ids[i];
    t.content = std::move(contents[i]);
    t.special = flags[i] & k::kAddedSpecial;
    t.normalized = flags[i] & k::kAddedNormalized;
    t.lstrip = flags[i] & k::kAddedLstrip;
    t.rstrip = flags[i] & k::kAddedRstrip;
    t.single_word = flags[i] & k::kAddedSingleWord;
    added.push_back(std::move(t));
  }
  return added;
}

Result<Tokenizer> read_bertwasm_tokenizer(const GgufFile& f) {
  BW_ASSIGN(std::vector<std::string> vocab, f.get_string_array(k::kVocab));
  if (vocab.empty()) return format_error(f.file_name() + ": key '" + std::string(k::kVocab) + "' is empty");
  size_t model_size = vocab.size();
  if (f.has(k::kModelSize)) {
    BW_ASSIGN(int64_t n, read_gguf_int(f, k::kModelSize, 1, int64_t(vocab.size())));
    model_size = size_t(n);
  }
  TokenizerOptions o;
  BW_TRY(read_bool(f, k::kLowercase, o.lowercase));
  if (f.has(k::kStripAccents)) {
    BW_ASSIGN(bool strip, f.get_bool(k::kStripAccents));
    o.strip_accents = strip;
  }
  BW_TRY(read_bool(f, k::kCleanText, o.clean_text));
  BW_TRY(read_bool(f, k::kChineseChars, o.handle_chinese_chars));
  if (f.has(k::kMaxCharsPerWord)) {
    BW_ASSIGN(int64_t n, read_gguf_int(f, k::kMaxCharsPerWord, 1, INT_MAX));
    o.max_input_chars_per_word = int(n);
  }
  if (f.has(k::kModelMaxLength)) {
    BW_ASSIGN(int64_t n, read_gguf_int(f, k::kModelMaxLength, 0, INT_MAX));
    o.model_max_length = int(n);
  }
  BW_TRY(read_string(f, k::kSubwordPrefix, o.continuing_subword_prefix));
  BW_TRY(read_string(f, k::kUnkToken, o.unk_token));
  BW_TRY(read_string(f, k::kClsToken, o.cls_token));
  BW_TRY(read_string(f, k::kSepToken, o.sep_token));
  BW_TRY(read_string(f, k::kPadToken, o.pad_token));
  BW_TRY(read_string(f, k::kMaskToken, o.mask_token));
  BW_ASSIGN(std::vector<AddedToken> added, read_added_tokens(f));
  return Tokenizer::from_parts(std::move(vocab), model_size, std::move(added), std::move(o),
                               f.file_name() + ": " + k::kVocab);
}

// The id of a special token: the first of `keys` present, else the token spelled `name`, else
// llama.cpp's default id for BERT vocabularies; -1 when none applies.
Result<int32_t> special_id(const GgufFile& f, std::initializer_list<const char*> keys,
                           const std::vector<std::string>& vocab, const std::string& name, int32_t llama_default) {
  for (const char* key : keys) {
    if (!f.has(key)) continue;
    BW_ASSIGN(int64_t id, f.get_integer(key));
    if (id < 0 || uint64_t(id) >= vocab.size())
      return format_error(f.file_name() + ": key '" + key + "' = " + std::to_string(id) + " is outside the " +
                          std::to_string(vocab.size()) + "-token vocabulary");
    return int32_t(id);
  }
  auto it = std::find(vocab.begin(), vocab.end(), name);
  if (it != vocab.end()) return int32_t(it - vocab.begin());
  return size_t(llama_default) < vocab.size() ? llama_default : -1;
}

Result<Tokenizer> read_llama_tokenizer(const GgufFile& f) {
  BW_ASSIGN(std::string model, f.get_string(k::kTokenizerModel));
  if (model != "bert")
    return unsupported_error(f.file_name() + ": key '" + std::string(k::kTokenizerModel) + "' is \"" + model +
                             "\"; only \"bert\" (WordPiece) vocabularies are supported");
  BW_ASSIGN(std::vector<std::string> tokens, f.get_string_array(k::kTokens));
  if (tokens.empty()) return format_error(f.file_name() + ": key '" + std::string(k::kTokens) + "' is empty");
  // Token types tell control tokens (kept as they are) from phantom-space pieces.
  BW_ASSIGN(std::vector<int32_t> types, f.get_i32_array(k::kTokenTypes));
  if (types.size() != tokens.size())
    return format_error(f.file_name() + ": key '" + std::string(k::kTokenTypes) + "' has " +
                        std::to_string(types.size()) + " entries for " + std::to_string(tokens.size()) + " tokens");
  TokenizerOptions o;
  std::vector<std::string> vocab(tokens.size());
  std::vector<AddedToken> added;
  bool cased = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto type = GgmlTokenType(types[i]);
    vocab[i] = wordpiece_from_phantom(tokens[i], type);
    if (type == GgmlTokenType::normal)
      cased = cased || std::any_of(vocab[i].begin(), vocab[i].end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (kept_as_is(type) || type == GgmlTokenType::user_defined) {
      AddedToken t;
      t.content = vocab[i];
      t.id = int32_t(i);
      t.special = type != GgmlTokenType::user_defined;
      t.normalized = !t.special;  // Hugging Face's defaults for added tokens
      added.push_back(std::move(t));
    }
  }
  o.lowercase = !cased;

  struct Special {
    std::string* text;
    std::initializer_list<const char*> keys;
    int32_t llama_default;
  };
  const Special specials[] = {{&o.unk_token, {k::kUnkId}, 100},         {&o.cls_token, {k::kClsId, k::kBosId}, 101},
                              {&o.sep_token, {k::kSepId, k::kEosId}, 102}, {&o.pad_token, {k::kPadId}, 0},
                              {&o.mask_token, {k::kMaskId}, 103}};
  for (const Special& s : specials) {
    BW_ASSIGN(int32_t id, special_id(f, s.keys, vocab, *s.text, s.llama_default));
    if (id < 0) continue;
    *s.text = vocab[size_t(id)];
    const bool listed = std::any_of(added.begin(), added.end(), [&](const AddedToken& t) { return t.id == id; });
    if (!listed) {  // a special id on a token not typed as control: still matched literally
      AddedToken t;
      t.content = vocab[size_t(id)];
      t.id = id;
      added.push_back(std::move(t));
    }
  }
  const size_t n = vocab.size();
  return Tokenizer::from_parts(std::move(vocab), n, std::move(added), std::move(o),
                               f.file_name() + ": " + k::kTokens);
}

}  // namespace

std::string phantom_from_wordpiece(const std::string& token, GgmlTokenType type) {
  if (kept_as_is(type)) return token;
  if (starts_with(token, "##", 2)) return token.substr(2);
  return kPhantom + token;
}

std::string wordpiece_from_phantom(const std::string& token, GgmlTokenType type) {
  if (kept_as_is(type)) return token;
  if (starts_with(token, kPhantom, kPhantomBytes)) return token.substr(kPhantomBytes);
  return "##" + token;
}

Result<Tokenizer> read_gguf_tokenizer(const GgufFile& file) {
  if (file.has(k::kVocab)) return read_bertwasm_tokenizer(file);
  return read_llama_tokenizer(file);
}

}  // namespace bertwasm
