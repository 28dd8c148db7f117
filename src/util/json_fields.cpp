// Non-throwing JSON parsing and typed field access (see json_fields.h).
#include "util/json_fields.h"

#include <cmath>
#include <limits>

namespace bertwasm {
namespace {

using nlohmann::json;

// Records the first syntax error of a SAX pass; only used to describe a parse failure.
struct ErrorFinder : json::json_sax_t {
  size_t position = 0;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    position = pos;
    message = ex.what();
    return false;
  }
};

Result<const json*> find_field(const json& obj, const std::string& key, const std::string& where) {
  if (!obj.is_object()) return format_error(where + ": expected a JSON object");
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const json*>(nullptr);
  return &*it;
}

Status wrong_type(const std::string& where, const std::string& key, const char* expected,
                  const json& got) {
  return format_error(where + ": key \"" + key + "\" must be " + expected + ", got " +
                      json_type_name(got));
}

}  // namespace

Result<json> parse_json(std::string_view text, const std::string& file) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) return doc;
  ErrorFinder finder;
  json::sax_parse(text.begin(), text.end(), &finder, nlohmann::detail::input_format_t::json,
                  /*strict=*/true);
  return format_error(file + ": invalid JSON at byte " + std::to_string(finder.position) + " (" +
                      finder.message + ")");
}

Result<json> parse_json_object(std::string_view text, const std::string& file) {
  BW_ASSIGN(json doc, parse_json(text, file));
  if (!doc.is_object()) {
    return format_error(file + ": top level must be a JSON object, got " + json_type_name(doc));
  }
  return doc;
}

std::string json_type_name(const json& value) {
  if (value.is_number_integer()) return "integer";
  if (value.is_number_float()) return "number";
  return value.type_name();
}

bool json_to_int64(const json& value, int64_t& out) {
  if (value.is_number_unsigned()) {
    uint64_t u = value.get<uint64_t>();
    if (u > uint64_t(std::numeric_limits<int64_t>::max())) return false;
    out = int64_t(u);
    return true;
  }
  if (value.is_number_integer()) {
    out = value.get<int64_t>();
    return true;
  }
  return false;
}

Result<int64_t> get_json_int(const json& obj, const std::string& key, const std::string& where) {
  BW_ASSIGN(const json* v, find_field(obj, key, where));
  if (!v) return format_error(where + ": missing key \"" + key + "\"");
  int64_t out = 0;
  if (!json_to_int64(*v, out)) return wrong_type(where, key, "an integer", *v);
  return out;
}

Result<int64_t> get_json_int_or(const json& obj, const std::string& key, int64_t fallback,
                                const std::string& where) {
  BW_ASSIGN(const json* v, find_field(obj, key, where));
  if (!v) return fallback;
  int64_t out = 0;
  if (!json_to_int64(*v, out)) return wrong_type(where, key, "an integer", *v);
  return out;
}

Result<double> get_json_number_or(const json& obj, const std::string& key, double fallback,
                                  const std::string& where) {
  BW_ASSIGN(const json* v, find_field(obj, key, where));
  if (!v) return fallback;
  if (!v->is_number()) return wrong_type(where, key, "a number", *v);
  double d = v->get<double>();
  if (!std::isfinite(d)) return format_error(where + ": key \"" + key + "\" is not finite");
  return d;
}

Result<std::string> get_json_string_or(const json& obj, const std::string& key,
                                       std::string fallback, const std::string& where) {
  BW_ASSIGN(const json* v, find_field(obj, key, where));
  if (!v) return fallback;
  if (!v->is_string()) return wrong_type(where, key, "a string", *v);
  return v->get<std::string>();
}

Result<bool> get_json_bool_or(const json& obj, const std::string& key, bool fallback,
                              const std::string& where) {
  BW_ASSIGN(const json* v, find_field(obj, key, where));
  if (!v) return fallback;
  if (!v->is_boolean()) return wrong_type(where, key, "true or false", *v);
  return v->get<bool>();
}

}  // namespace bertwasm
