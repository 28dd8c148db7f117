// Embind glue of the GGUF converter (src/api/convert.h), for the npm package's CLI:
// convertModel({ name: bytes, ... }, dtype) -> Uint8Array, or { error: { code, message } }.
#include <emscripten/bind.h>

#include "api/convert.h"
#include "convert.h"

namespace bertwasm::bindings {
namespace {

// files: an object of file names to Uint8Array (or ArrayBuffer / string), as a model's loader
// takes them; dtype: 'f32' | 'f16' | 'q8_0' | 'q4_0'. The result is copied out of the heap.
val convert_model(const val& files, const std::string& dtype) {
  auto d = api::parse_dtype(dtype);
  if (!d.ok()) return error_value(d.status());
  FileMap map;
  const val names = val::global("Object").call<val>("keys", files);
  const unsigned n = names["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    const std::string name = names[i].as<std::string>();
    map[name] = files[name].as<std::string>();
  }
  auto gguf = api::convert_model(map, *d);
  if (!gguf.ok()) return error_value(gguf.status());
  return copy_array("Uint8Array", gguf->data(), gguf->size());
}

}  // namespace
}  // namespace bertwasm::bindings

EMSCRIPTEN_BINDINGS(bert_wasm_gguf) { emscripten::function("convertModel", &bertwasm::bindings::convert_model); }
