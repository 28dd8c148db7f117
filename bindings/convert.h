// Conversions shared by the Embind glue files: C++ results to fresh JS values (copied out of
// the WebAssembly heap), JS options to C++ values, and errors as { error: { code, message } },
// which web/errors.js turns into a BertWasmError.
#pragma once

#include <emscripten/val.h>

#include <string>
#include <string_view>
#include <vector>

#include "api/model.h"

namespace bertwasm::bindings {

using emscripten::val;

val error_value(const Status& s);
val string_array(const std::vector<std::string>& items);
val encoding_value(const Encoding& e);

template <class T>
val copy_array(const char* js_type, const T* data, size_t count) {
  return val::global(js_type).new_(emscripten::typed_memory_view(count, data));
}

// Whether a JS options object has `key` set (not undefined or null).
bool has(const val& options, const char* key);

// A JS argument that is text (UTF-8 bytes) or null/undefined.
class OptionalText {
 public:
  explicit OptionalText(const val& v);
  OptionalText(const OptionalText&) = delete;
  const std::string_view* get();

 private:
  bool present_;
  std::string text_;
  std::string_view view_;
};

}  // namespace bertwasm::bindings
