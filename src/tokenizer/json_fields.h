// Small exception-free readers for HF JSON files (nlohmann::json): each checks the type of
// what it reads and reports E_FORMAT naming `where` and the key, so callers never throw.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace bertwasm::json_fields {

using nlohmann::json;

inline std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// obj[key] when obj is an object holding a string there, else "".
inline std::string string_member(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : "";
}

// obj[key] (may be null when absent).
inline const json& member(const json& obj, const char* key) {
  static const json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it != obj.end() ? *it : kNull;
}

// Reads an optional boolean member; E_FORMAT when present with another type.
inline Status read_bool(const json& obj, const char* key, const std::string& where, bool& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (!it->is_boolean()) return format_error(where + ": key " + key + " is not a boolean");
  out = it->get<bool>();
  return {};
}

// A token given as a string or as a serialized AddedToken object {"content": "..."}.
inline Status read_token_string(const json& obj, const char* key, const std::string& where,
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

}  // namespace bertwasm::json_fields
