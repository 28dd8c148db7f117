// tokenizer.json read in one SAX pass (nlohmann::json::sax_parse): the file becomes a json
// document as usual, except model.vocab, whose 30k-odd {token: id} members are collected in file
// order and never become a json object (building that object was most of the file's load time).
// The document keeps an empty object at model.vocab in their place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace bertwasm {

struct TokenizerJsonVocabEntry {
  std::string token;
  nlohmann::json id;  // the member's value as written; an object or array value stays empty
};

struct TokenizerJsonDocument {
  nlohmann::json doc;  // the whole file, model.vocab emptied
  // The members of model.vocab when it is an object, in file order, duplicates included. As in a
  // json document, a key given twice counts once, the last time: only the last "model" and its
  // last "vocab" are read.
  std::vector<TokenizerJsonVocabEntry> vocab;
};

// E_FORMAT "<file>: invalid JSON at byte N (...)" on a syntax error.
Result<TokenizerJsonDocument> read_tokenizer_json(std::string_view text, const std::string& file);

}  // namespace bertwasm
