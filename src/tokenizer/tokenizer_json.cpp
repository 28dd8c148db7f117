// tokenizer.json (the HF fast-tokenizer file): model.vocab, the BertNormalizer flags, the
// pre-tokenizer and post-processor (which must be BERT's), added tokens and the pad token.
// Pipelines this tokenizer cannot honour give E_UNSUPPORTED; malformed files give E_FORMAT.
// The file is read in one pass by tokenizer_json_reader.h, which keeps model.vocab out of the DOM.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_json_reader.h"
#include "util/json_fields.h"

namespace bertwasm {
namespace {

using nlohmann::json;

const char kJsonFile[] = "tokenizer.json";

// normalizer: null (none), BertNormalizer, Lowercase, or a Sequence holding one of those.
Status read_normalizer(const json& n, TokenizerOptions& o) {
  const std::string where = std::string(kJsonFile) + ": normalizer";
  if (n.is_null()) {
    o.clean_text = o.handle_chinese_chars = o.lowercase = false;
    o.strip_accents = false;
    return {};
  }
  std::string type = string_member(n, "type");
  if (type.empty()) return format_error(where + ": expected an object with a string \"type\"");
  if (type == "Sequence") {
    auto it = n.find("normalizers");
    if (it == n.end() || !it->is_array()) {
      return format_error(where + ".normalizers: expected an array");
    }
    if (it->size() != 1) {
      return unsupported_error(where + ": a Sequence of " + std::to_string(it->size()) +
                               " normalizers is not supported (only BertNormalizer)");
    }
    return read_normalizer((*it)[0], o);
  }
  if (type == "Lowercase") {
    o.clean_text = o.handle_chinese_chars = false;
    o.lowercase = true;
    o.strip_accents = false;
    return {};
  }
  if (type != "BertNormalizer") {
    return unsupported_error(where + ".type " + in_quotes(type) +
                             " is not supported (only BertNormalizer)");
  }
  BW_TRY(read_bool(n, "clean_text", where, o.clean_text));
  BW_TRY(read_bool(n, "handle_chinese_chars", where, o.handle_chinese_chars));
  BW_TRY(read_bool(n, "lowercase", where, o.lowercase));
  o.strip_accents.reset();
  auto sa = n.find("strip_accents");
  if (sa != n.end() && !sa->is_null()) {
    if (!sa->is_boolean()) return format_error(where + ": key strip_accents is not a boolean");
    o.strip_accents = sa->get<bool>();
  }
  return {};
}

Status read_pre_tokenizer(const json& p) {
  const std::string where = std::string(kJsonFile) + ": pre_tokenizer";
  std::string type = string_member(p, "type");
  const json& list = member(p, "pretokenizers");
  if (type == "Sequence" && list.is_array() && list.size() == 1) return read_pre_tokenizer(list[0]);
  if (type != "BertPreTokenizer") {
    return unsupported_error(where + " " + in_quotes(type.empty() ? "null" : type) +
                             " is not supported (only BertPreTokenizer)");
  }
  return {};
}

// Reads the [CLS]/[SEP] strings from a BERT-shaped post-processor.
Status read_post_processor(const json& p, TokenizerOptions& o) {
  const std::string where = std::string(kJsonFile) + ": post_processor";
  std::string type = string_member(p, "type");
  if (type == "BertProcessing") {
    auto cls = p.find("cls"), sep = p.find("sep");
    if (cls == p.end() || sep == p.end() || !cls->is_array() || !sep->is_array() ||
        cls->empty() || sep->empty() || !(*cls)[0].is_string() || !(*sep)[0].is_string()) {
      return format_error(where + ": BertProcessing needs cls and sep as [token, id]");
    }
    o.cls_token = (*cls)[0].get<std::string>();
    o.sep_token = (*sep)[0].get<std::string>();
    return {};
  }
  if (type != "TemplateProcessing") {
    return unsupported_error(where + " " + in_quotes(type.empty() ? "null" : type) +
                             " is not supported (TemplateProcessing or BertProcessing)");
  }
  // single: [CLS] $A [SEP]; pair: [CLS] $A [SEP] $B:1 [SEP]:1
  auto piece = [](const json& e, std::string& special, std::string& seq, int& type_id) {
    const json& sp = member(e, "SpecialToken");
    const json& sq = member(e, "Sequence");
    special = string_member(sp, "id");
    seq = string_member(sq, "id");
    const json& ty = member(sp.is_object() ? sp : sq, "type_id");
    type_id = ty.is_number_integer() ? int(ty.get<int64_t>()) : -1;
  };
  auto single = p.find("single"), pair = p.find("pair");
  if (single == p.end() || pair == p.end() || !single->is_array() || !pair->is_array()) {
    return format_error(where + ": TemplateProcessing needs single and pair arrays");
  }
  std::string s[5], q[5];
  int ty[5];
  bool shape = single->size() == 3 && pair->size() == 5;
  if (shape) {
    for (int i = 0; i < 3; ++i) piece((*single)[i], s[i], q[i], ty[i]);
    shape = !s[0].empty() && q[1] == "A" && !s[2].empty() && ty[0] == 0 && ty[1] == 0 && ty[2] == 0;
    o.cls_token = s[0];
    o.sep_token = s[2];
  }
  if (shape) {
    for (int i = 0; i < 5; ++i) piece((*pair)[i], s[i], q[i], ty[i]);
    shape = s[0] == o.cls_token && q[1] == "A" && s[2] == o.sep_token && q[3] == "B" &&
            s[4] == o.sep_token && ty[0] == 0 && ty[1] == 0 && ty[2] == 0 && ty[3] == 1 &&
            ty[4] == 1;
  }
  if (!shape) {
    return unsupported_error(where + ": only the BERT template [CLS] $A [SEP] / "
                             "[CLS] $A [SEP] $B:1 [SEP]:1 is supported");
  }
  return {};
}

Status read_added_tokens(const json& list, std::vector<AddedToken>& out) {
  const std::string where = std::string(kJsonFile) + ": added_tokens";
  if (list.is_null()) return {};
  if (!list.is_array()) return format_error(where + ": expected an array");
  for (size_t i = 0; i < list.size(); ++i) {
    const json& e = list[i];
    std::string at = where + "[" + std::to_string(i) + "]";
    if (!e.is_object() || !e.contains("id") || !e["id"].is_number_integer() ||
        !e.contains("content") || !e["content"].is_string()) {
      return format_error(at + ": expected {\"id\": integer, \"content\": string, ...}");
    }
    AddedToken t;
    bool too_big = e["id"].is_number_unsigned() && e["id"].get<uint64_t>() > uint64_t(INT32_MAX);
    int64_t id = too_big ? -1 : e["id"].get<int64_t>();
    t.id = (id < 0 || id > INT32_MAX) ? -1 : int32_t(id);
    t.content = e["content"].get<std::string>();
    BW_TRY(read_bool(e, "special", at, t.special));
    BW_TRY(read_bool(e, "normalized", at, t.normalized));
    BW_TRY(read_bool(e, "lstrip", at, t.lstrip));
    BW_TRY(read_bool(e, "rstrip", at, t.rstrip));
    BW_TRY(read_bool(e, "single_word", at, t.single_word));
    out.push_back(std::move(t));
  }
  return {};
}

}  // namespace

Result<Tokenizer> Tokenizer::from_tokenizer_json(std::string_view text) {
  const std::string file = kJsonFile;
  BW_ASSIGN(TokenizerJsonDocument parsed, read_tokenizer_json(text, file));
  const json& doc = parsed.doc;
  if (!doc.is_object()) return format_error(file + ": top level is not an object");
  auto model_it = doc.find("model");
  if (model_it == doc.end() || !model_it->is_object()) {
    return format_error(file + ": missing key model");
  }
  const json& model = *model_it;
  auto type = model.find("type");
  if (type == model.end() || !type->is_string() || type->get<std::string>() != "WordPiece") {
    std::string got = (type != model.end() && type->is_string()) ? type->get<std::string>() : "missing";
    return format_error(file + ": model.type is " + in_quotes(got) + ", expected \"WordPiece\"");
  }

  TokenizerOptions o;
  BW_TRY(read_token_string(model, "unk_token", file + ": model", o.unk_token));
  auto prefix = model.find("continuing_subword_prefix");
  if (prefix != model.end() && !prefix->is_null()) {
    if (!prefix->is_string()) {
      return format_error(file + ": model.continuing_subword_prefix is not a string");
    }
    o.continuing_subword_prefix = prefix->get<std::string>();
  }
  auto max_chars = model.find("max_input_chars_per_word");
  if (max_chars != model.end()) {
    if (!max_chars->is_number_unsigned() || max_chars->get<uint64_t>() == 0 ||
        max_chars->get<uint64_t>() > uint64_t(INT32_MAX)) {
      return format_error(file + ": model.max_input_chars_per_word is not a positive integer");
    }
    o.max_input_chars_per_word = int(max_chars->get<int64_t>());
  }

  // model.vocab: {token: id} with ids exactly 0..N-1.
  auto vocab_it = model.find("vocab");
  if (vocab_it == model.end() || !vocab_it->is_object()) {
    return format_error(file + ": missing key model.vocab (an object of token: id)");
  }
  // The reader kept its entries out of the document; they are checked in file order. A token
  // listed twice is an error (here with the same id, in WordPiece::create with another).
  size_t n = parsed.vocab.size();
  std::vector<std::string> vocab(n);
  std::vector<bool> seen(n, false);
  for (TokenizerJsonVocabEntry& entry : parsed.vocab) {
    auto where = [&] { return file + ": model.vocab[" + in_quotes(entry.token) + "]"; };
    if (!entry.id.is_number_integer()) return format_error(where() + " is not an integer id");
    bool negative = !entry.id.is_number_unsigned();
    uint64_t id = negative ? 0 : entry.id.get<uint64_t>();
    if (negative || id >= n) {
      return format_error(where() + " = " + entry.id.dump() + " is out of range 0.." +
                          std::to_string(n - 1));
    }
    if (seen[id] && vocab[id] == entry.token) {
      return format_error(file + ": model.vocab: token " + in_quotes(entry.token) + " is listed twice");
    }
    if (seen[id]) {
      return format_error(file + ": model.vocab: id " + std::to_string(id) +
                          " is given to two tokens (" + in_quotes(vocab[id]) + ", " +
                          in_quotes(entry.token) + ")");
    }
    seen[id] = true;
    vocab[id] = std::move(entry.token);
  }
  if (n == 0) return format_error(file + ": model.vocab is empty");

  if (!doc.contains("normalizer")) return format_error(file + ": missing key normalizer");
  BW_TRY(read_normalizer(doc["normalizer"], o));
  BW_TRY(read_pre_tokenizer(doc.contains("pre_tokenizer") ? doc["pre_tokenizer"] : json()));
  BW_TRY(read_post_processor(doc.contains("post_processor") ? doc["post_processor"] : json(), o));
  if (doc.contains("padding") && doc["padding"].is_object()) {
    BW_TRY(read_token_string(doc["padding"], "pad_token", file + ": padding", o.pad_token));
  }

  // Added tokens: those past the model vocabulary extend it, contiguously.
  std::vector<AddedToken> added;
  BW_TRY(read_added_tokens(doc.contains("added_tokens") ? doc["added_tokens"] : json(), added));
  size_t model_size = n;
  std::vector<const AddedToken*> extra;
  for (const AddedToken& t : added) {
    if (t.id < 0) return format_error(file + ": added token " + in_quotes(t.content) + " has a bad id");
    if (size_t(t.id) >= model_size) extra.push_back(&t);
  }
  std::sort(extra.begin(), extra.end(),
            [](const AddedToken* a, const AddedToken* b) { return a->id < b->id; });
  for (const AddedToken* t : extra) {
    if (size_t(t->id) != vocab.size()) {
      return format_error(file + ": added_tokens: id " + std::to_string(t->id) + " of " +
                          in_quotes(t->content) + " leaves a gap after the vocabulary (expected " +
                          std::to_string(vocab.size()) + ")");
    }
    vocab.push_back(t->content);
  }
  return build(std::move(vocab), model_size, std::move(added), std::move(o), file);
}

}  // namespace bertwasm
