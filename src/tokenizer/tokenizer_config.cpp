// vocab.txt (one token per line, id = line number) and tokenizer_config.json (the options
// transformers' BertTokenizer(Fast) reads: casing, accents, CJK spacing, special tokens).
#include <string>
#include <utility>

#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode.h"
#include "tokenizer/utf8.h"
#include "util/json_fields.h"

namespace bertwasm {
namespace {

using nlohmann::json;

const char kConfigFile[] = "tokenizer_config.json";

// Rust's str::trim_end: drops trailing White_Space chars. Returns false on invalid UTF-8.
bool trim_end_line(std::string_view line, std::string& out) {
  std::u32string chars;
  if (!decode_utf8_strict(line, chars)) return false;
  while (!chars.empty() && unicode::is_whitespace(chars.back())) chars.pop_back();
  out = to_utf8(chars);
  return true;
}

}  // namespace

Result<Tokenizer> Tokenizer::from_vocab_txt(std::string_view vocab_txt, TokenizerOptions options) {
  std::vector<std::string> vocab;
  size_t line_no = 0;
  while (!vocab_txt.empty()) {
    size_t nl = vocab_txt.find('\n');
    std::string_view line = vocab_txt.substr(0, nl);
    vocab_txt = nl == std::string_view::npos ? std::string_view() : vocab_txt.substr(nl + 1);
    ++line_no;
    std::string token;
    if (!trim_end_line(line, token)) {
      return format_error("vocab.txt: line " + std::to_string(line_no) + " is not valid UTF-8");
    }
    vocab.push_back(std::move(token));
  }
  if (vocab.empty()) return format_error("vocab.txt: empty vocabulary");
  return with_special_tokens(std::move(vocab), std::move(options), "vocab.txt");
}

Result<TokenizerOptions> Tokenizer::apply_tokenizer_config(std::string_view text,
                                                            TokenizerOptions o) {
  const std::string file = kConfigFile;
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return format_error(file + ": not valid JSON");
  if (!doc.is_object()) return format_error(file + ": top level is not an object");
  BW_TRY(read_bool(doc, "do_lower_case", file, o.lowercase));
  BW_TRY(read_bool(doc, "tokenize_chinese_chars", file, o.handle_chinese_chars));
  auto sa = doc.find("strip_accents");
  if (sa != doc.end()) {
    if (sa->is_null()) {
      o.strip_accents.reset();
    } else if (sa->is_boolean()) {
      o.strip_accents = sa->get<bool>();
    } else {
      return format_error(file + ": key strip_accents is neither null nor a boolean");
    }
  }
  BW_TRY(read_token_string(doc, "unk_token", file, o.unk_token));
  BW_TRY(read_token_string(doc, "cls_token", file, o.cls_token));
  BW_TRY(read_token_string(doc, "sep_token", file, o.sep_token));
  BW_TRY(read_token_string(doc, "pad_token", file, o.pad_token));
  BW_TRY(read_token_string(doc, "mask_token", file, o.mask_token));
  auto mml = doc.find("model_max_length");
  if (mml != doc.end() && !mml->is_null()) {
    if (!mml->is_number()) return format_error(file + ": key model_max_length is not a number");
    double v = mml->get<double>();
    if (!(v >= 1)) return format_error(file + ": key model_max_length must be positive");
    // transformers writes int(1e30) for "no limit".
    o.model_max_length = v > 1e9 ? 0 : int(v);
  }
  return o;
}

}  // namespace bertwasm
