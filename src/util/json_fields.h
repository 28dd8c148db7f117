// Non-throwing access to JSON documents (model configs, safetensors headers, tokenizer files).
// nlohmann/json throws on bad input and on wrongly typed reads; these helpers check first and
// return E_FORMAT naming the file and key instead, so nothing ever throws out of a parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace bertwasm {

// Parses `text` as JSON; E_FORMAT "<file>: invalid JSON ... at byte N" on a syntax error.
Result<nlohmann::json> parse_json(std::string_view text, const std::string& file);
// Same, and the top level must be an object.
Result<nlohmann::json> parse_json_object(std::string_view text, const std::string& file);

// JSON type name for messages: "string", "number", "null", ...
std::string json_type_name(const nlohmann::json& value);

// Field readers. `obj` must be an object; `where` prefixes messages ("config.json").
// *_or variants return `fallback` when the key is missing or null; a present value of the
// wrong type is always E_FORMAT naming the key.
Result<int64_t> get_json_int(const nlohmann::json& obj, const std::string& key,
                             const std::string& where);
Result<int64_t> get_json_int_or(const nlohmann::json& obj, const std::string& key,
                                int64_t fallback, const std::string& where);
Result<double> get_json_number_or(const nlohmann::json& obj, const std::string& key,
                                  double fallback, const std::string& where);
Result<std::string> get_json_string_or(const nlohmann::json& obj, const std::string& key,
                                       std::string fallback, const std::string& where);
Result<bool> get_json_bool_or(const nlohmann::json& obj, const std::string& key, bool fallback,
                              const std::string& where);

// A JSON number that holds an integer within int64_t (no fractions, no overflow).
bool json_to_int64(const nlohmann::json& value, int64_t& out);

// Lenient lookups and in-place readers (the tokenizer files' style):
inline std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// obj[key] when obj is an object holding a string there, else "".
inline std::string string_member(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : "";
}

// obj[key] (may be null when absent).
inline const nlohmann::json& member(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it != obj.end() ? *it : kNull;
}

// Reads an optional boolean member; E_FORMAT when present with another type.
inline Status read_bool(const nlohmann::json& obj, const char* key, const std::string& where, bool& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (!it->is_boolean()) return format_error(where + ": key " + key + " is not a boolean");
  out = it->get<bool>();
  return {};
}

// A token given as a string or as a serialized AddedToken object {"content": "..."}.
inline Status read_token_string(const nlohmann::json& obj, const char* key, const std::string& where,
                                std::string& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (it->is_string()) {
    out = it->get<std::string>();
    return {};
  }
  if (it->is_object()) {
    auto c = it->find("content");
    if (c != it->end() && c->is_string()) {
      out = c->get<std::string>();
      return {};
    }
  }
  return format_error(where + ": key " + key + " is neither a string nor {\"content\": string}");
}

}  // namespace bertwasm
