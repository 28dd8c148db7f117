// The JS-visible model object of the Embind glue (bindings/model_bindings.cpp registers it):
// other binding files add their functions over the same api::Model through model().
#pragma once

#include <memory>

#include "convert.h"

namespace bertwasm::bindings {

// Collects a model's files in the heap, then builds the model, which a WasmModel takes over
// (JS: loader.load(options); new WasmModel(loader)), or converts them to GGUF. JS writes each
// file straight into room reserved here (web/heap-files.js), so the bytes exist once; load and
// convert free them as soon as they return.
class ModelLoader {
 public:
  // Room for file `name` of `size` bytes (zeroed; replaces a file of that name): null, or
  // { error } when the heap cannot hold it.
  val reserve(const std::string& name, double size);
  // A view of file `name`'s bytes (undefined when there is none). Growing the heap makes views
  // stale: take a fresh one right before each write.
  val view(const std::string& name);
  val add_file(const std::string& name, const val& bytes);  // bytes: a Uint8Array; null or { error }
  val load(const val& options);  // null, or { error }
  val convert(const std::string& dtype);  // the GGUF file as a Uint8Array, or { error }
  std::unique_ptr<api::Model> built;

 private:
  FileMap files_;
};

class WasmModel {
 public:
  explicit WasmModel(ModelLoader& loader) : model_(std::move(loader.built)) {}

  api::Model& model() { return *model_; }
  val config() const;
  val tokenize(const std::string& text, const val& pair, int max_length, bool truncation) const;
  val embed(const val& texts, const val& options);
  val encode(const std::string& text, const val& pair, int max_length);

 private:
  val embed_chunks(const std::vector<std::string>& texts, const val& chunk, const api::EmbedOptions& options);
  std::unique_ptr<api::Model> model_;
};

}  // namespace bertwasm::bindings
