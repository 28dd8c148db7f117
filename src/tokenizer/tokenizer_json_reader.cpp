// One SAX pass over tokenizer.json (see tokenizer_json_reader.h): a json document is built as
// nlohmann's own DOM parser would (a key given twice keeps its last value), but the members of
// the top-level model.vocab object go to a flat list instead.
#include "tokenizer/tokenizer_json_reader.h"

#include <cstddef>
#include <utility>

namespace bertwasm {
namespace {

using nlohmann::json;

class TokenizerJsonSax final : public json::json_sax_t {
 public:
  explicit TokenizerJsonSax(TokenizerJsonDocument& out) : out_(out) {}

  bool null() override { return scalar(nullptr); }
  bool boolean(bool value) override { return scalar(value); }
  bool number_integer(number_integer_t value) override { return scalar(value); }
  bool number_unsigned(number_unsigned_t value) override { return scalar(value); }
  bool number_float(number_float_t value, const string_t&) override { return scalar(value); }
  bool string(string_t& value) override { return scalar(value); }
  bool binary(binary_t& value) override { return scalar(json::binary(value)); }  // not in JSON text

  bool start_object(std::size_t) override {
    if (vocab_depth_ > 0) return open_in_vocab(json::object());
    if (stack_.size() == 2 && in_model_ && key_ == "vocab") {
      add(json::object());  // the placeholder; the members go to out_.vocab
      vocab_depth_ = 1;
      return true;
    }
    const bool model = stack_.size() == 1 && stack_[0]->is_object() && key_ == "model";
    stack_.push_back(add(json::object()));
    if (model) in_model_ = true;
    return true;
  }

  bool key(string_t& name) override {
    if (vocab_depth_ == 1) {
      entry_token_ = name;
    } else if (vocab_depth_ == 0) {
      key_ = name;
      // A later "model", or "vocab" in it, replaces the vocabulary read so far.
      if ((stack_.size() == 1 && key_ == "model") || (stack_.size() == 2 && in_model_ && key_ == "vocab")) {
        out_.vocab.clear();
      }
    }
    return true;
  }

  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    if (vocab_depth_ > 0) return open_in_vocab(json::array());
    stack_.push_back(add(json::array()));
    return true;
  }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error_position_ = position;
    error_message_ = e.what();
    return false;
  }

  size_t error_position() const { return error_position_; }
  const std::string& error_message() const { return error_message_; }

 private:
  // A scalar value: a vocabulary entry, or a member / element of the open container.
  bool scalar(json value) {
    if (vocab_depth_ == 1) {
      out_.vocab.push_back({std::move(entry_token_), std::move(value)});
    } else if (vocab_depth_ == 0) {
      add(std::move(value));
    }
    return true;
  }

  // An object or array inside model.vocab: the entry records its type only; its contents are
  // skipped.
  bool open_in_vocab(json empty) {
    if (vocab_depth_ == 1) out_.vocab.push_back({std::move(entry_token_), std::move(empty)});
    ++vocab_depth_;
    return true;
  }

  bool close() {
    if (vocab_depth_ > 0) {
      --vocab_depth_;
      return true;
    }
    if (stack_.size() == 2) in_model_ = false;
    stack_.pop_back();
    return true;
  }

  // Puts `value` where the parse is (the document itself, the open array's end, or the open
  // object's current key) and returns where it now lives. Open containers only grow at their
  // innermost level, so the returned pointer stays valid while that value is open.
  json* add(json value) {
    if (stack_.empty()) {
      out_.doc = std::move(value);
      return &out_.doc;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  TokenizerJsonDocument& out_;
  std::vector<json*> stack_;  // the open objects and arrays of the document, outermost first
  std::string key_;           // the current key of the innermost open object
  bool in_model_ = false;     // stack_[1] is the top-level "model" object
  int vocab_depth_ = 0;       // 0: outside model.vocab; 1: in it; more: inside one of its values
  std::string entry_token_;   // the key of the vocabulary entry being read
  size_t error_position_ = 0;
  std::string error_message_;
};

}  // namespace

Result<TokenizerJsonDocument> read_tokenizer_json(std::string_view text, const std::string& file) {
  TokenizerJsonDocument out;
  TokenizerJsonSax sax(out);
  if (!json::sax_parse(text.begin(), text.end(), &sax)) {
    return format_error(file + ": invalid JSON at byte " + std::to_string(sax.error_position()) +
                        " (" + sax.error_message() + ")");
  }
  return out;
}

}  // namespace bertwasm
