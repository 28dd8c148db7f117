// The JS-visible model object of the Embind glue (bindings/model_bindings.cpp registers it):
// other binding files add their functions over the same api::Model through model().
#pragma once

#include <memory>

#include "convert.h"

namespace bertwasm::bindings {

// Collects a model's files (their bytes copied into the heap once), then builds the model,
// which a WasmModel takes over (JS: loader.load(options); new WasmModel(loader)).
class ModelLoader {
 public:
  void add_file(const std::string& name, const val& bytes);  // bytes: a Uint8Array
  val load(const val& options);  // null, or { error }
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
