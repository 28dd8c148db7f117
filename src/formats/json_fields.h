// Non-throwing access to JSON documents for the format parsers. nlohmann/json throws on bad
// input and on wrongly typed reads; these helpers check first and return E_FORMAT naming the
// file and key instead, so nothing ever throws out of src/formats/.
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

}  // namespace bertwasm
