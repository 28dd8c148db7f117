// Embind glue for loading models and the embedding API: conversions only (see convert.h).
#include <emscripten/bind.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "api/convert.h"
#include "wasm_model.h"

namespace bertwasm::bindings {

val ModelLoader::reserve(const std::string& name, double size) {
  files_.erase(name);
  // Out of memory must be an error, not an abort (std::string's allocator cannot report it):
  // try the allocation with malloc first.
  const bool valid = size >= 0 && size <= double(SIZE_MAX / 2) && size == std::floor(size);
  void* probe = valid ? std::malloc(size_t(size) + 1) : nullptr;
  if (!probe)
    return error_value(io_error(name + ": " + std::to_string(int64_t(size)) + " bytes do not fit in WebAssembly memory"));
  std::free(probe);
  files_[name].assign(size_t(size), '\0');
  return val::null();
}

val ModelLoader::view(const std::string& name) {
  auto it = files_.find(name);
  if (it == files_.end()) return val::undefined();
  return val(emscripten::typed_memory_view(it->second.size(), reinterpret_cast<uint8_t*>(it->second.data())));
}

// One TypedArray.set into the heap: Embind's std::string conversion copies byte by byte, which
// takes seconds for model weights in the pthreads build (each byte re-checks the heap views).
val ModelLoader::add_file(const std::string& name, const val& bytes) {
  val reserved = reserve(name, bytes["byteLength"].as<double>());
  if (!reserved.isNull()) return reserved;
  view(name).call<void>("set", bytes);
  return val::null();
}

val ModelLoader::convert(const std::string& dtype) {
  auto d = api::parse_dtype(dtype);
  if (!d.ok()) return error_value(d.status());
  FileMap files = std::move(files_);
  files_.clear();
  auto gguf = api::convert_model(files, *d);
  files.clear();  // the inputs go before the result is copied out
  if (!gguf.ok()) return error_value(gguf.status());
  return copy_array("Uint8Array", gguf->data(), gguf->size());
}

val ModelLoader::load(const val& options) {
  LoadOptions o;
  if (has(options, "dtype")) {
    const std::string d = options["dtype"].as<std::string>();
    if (d == "f32") o.storage = DType::f32;
    else if (d == "f16") o.storage = DType::f16;
    else if (d == "q8_0") o.storage = DType::q8_0;
    else if (d == "q4_0") o.storage = DType::q4_0;
    else return error_value(input_error("dtype '" + d + "' is not one of f32, f16, q8_0, q4_0"));
  }
  if (has(options, "threads")) o.threads = options["threads"].as<int>();
  FileMap files = std::move(files_);
  files_.clear();
  auto r = api::Model::load(files, o);
  files.clear();  // the model keeps no pointer into its files: their heap space is free again
  if (!r.ok()) return error_value(r.status());
  built = std::move(r).value();
  return val::null();
}

val WasmModel::config() const {
  const BertConfig& c = model_->config();
  val r = val::object();
  r.set("architecture", c.architecture);
  r.set("hiddenSize", c.hidden_size);
  r.set("numLayers", c.num_layers);
  r.set("numHeads", c.num_heads);
  r.set("intermediateSize", c.intermediate_size);
  r.set("maxPositions", c.max_position_embeddings);
  r.set("vocabSize", c.vocab_size);
  r.set("pooling", std::string(pooling_name(model_->embed_defaults().pooling)));
  r.set("normalize", model_->embed_defaults().normalize);
  r.set("maxLength", model_->embed_defaults().max_length);
  r.set("dtype", std::string(dtype_name(model_->storage())));
  r.set("weightBytes", double(model_->weight_bytes()));
  r.set("threads", model_->bert().threads());
  if (!c.labels.empty()) r.set("labels", string_array(c.labels));
  return r;
}

val WasmModel::tokenize(const std::string& text, const val& pair, int max_length, bool truncation) const {
  api::TokenizeOptions options;
  options.max_length = max_length;
  options.truncation = truncation;
  OptionalText pair_text(pair);
  auto r = model_->tokenize(text, pair_text.get(), options);
  return r.ok() ? encoding_value(*r) : error_value(r.status());
}

val WasmModel::embed(const val& texts, const val& options) {
  std::vector<std::string> items;
  const unsigned n = texts["length"].as<unsigned>();
  items.reserve(n);
  for (unsigned i = 0; i < n; ++i) items.push_back(texts[i].as<std::string>());
  api::EmbedOptions o;
  if (has(options, "pooling")) {
    auto p = parse_pooling(options["pooling"].as<std::string>());
    if (!p.ok()) return error_value(p.status());
    o.pooling = *p;
  }
  if (has(options, "normalize")) o.normalize = options["normalize"].as<bool>();
  if (has(options, "maxLength")) o.max_length = options["maxLength"].as<int>();
  if (has(options, "batchSize")) o.batch_size = options["batchSize"].as<int>();
  if (has(options, "chunk")) return embed_chunks(items, options["chunk"], o);
  auto r = model_->embed(items, o);
  if (!r.ok()) return error_value(r.status());
  val out = val::object();
  out.set("data", copy_array("Float32Array", r->data.data(), r->data.size()));
  val dims = val::array();
  dims.set(0, r->count);
  dims.set(1, r->dim);
  out.set("dims", dims);
  val truncated = val::array();
  for (size_t i = 0; i < r->truncated.size(); ++i) truncated.set(i, bool(r->truncated[i]));
  out.set("truncated", truncated);
  return out;
}

val WasmModel::embed_chunks(const std::vector<std::string>& texts, const val& chunk, const api::EmbedOptions& o) {
  api::ChunkOptions c;
  if (has(chunk, "maxTokens")) c.max_tokens = chunk["maxTokens"].as<int>();
  if (has(chunk, "overlap")) c.overlap = chunk["overlap"].as<int>();
  auto r = model_->embed_chunks(texts, c, o);
  if (!r.ok()) return error_value(r.status());
  val out = val::object();
  out.set("data", copy_array("Float32Array", r->data.data(), r->data.size()));
  val dims = val::array();
  dims.set(0, int(r->chunks.size()));
  dims.set(1, r->dim);
  out.set("dims", dims);
  val chunks = val::array();
  for (size_t i = 0; i < r->chunks.size(); ++i) {
    val item = val::object();
    item.set("text", r->chunks[i].text);
    item.set("start", int(r->chunks[i].utf16.start));
    item.set("end", int(r->chunks[i].utf16.end));
    chunks.set(i, item);
  }
  out.set("chunks", chunks);
  val truncated = val::array();  // windows cover every token
  for (size_t i = 0; i < texts.size(); ++i) truncated.set(i, false);
  out.set("truncated", truncated);
  return out;
}

val WasmModel::encode(const std::string& text, const val& pair, int max_length) {
  OptionalText pair_text(pair);
  auto r = model_->encode(text, pair_text.get(), max_length);
  if (!r.ok()) return error_value(r.status());
  val out = val::object();
  out.set("encoding", encoding_value(r->encoding));
  out.set("lastHiddenState", copy_array("Float32Array", r->last_hidden_state.data(), r->last_hidden_state.size()));
  if (!r->pooler_output.empty())
    out.set("poolerOutput", copy_array("Float32Array", r->pooler_output.data(), r->pooler_output.size()));
  return out;
}

}  // namespace bertwasm::bindings

EMSCRIPTEN_BINDINGS(bert_wasm_model) {
  using namespace bertwasm::bindings;
  emscripten::class_<ModelLoader>("ModelLoader")
      .constructor<>()
      .function("reserve", &ModelLoader::reserve)
      .function("view", &ModelLoader::view)
      .function("addFile", &ModelLoader::add_file)
      .function("load", &ModelLoader::load)
      .function("convert", &ModelLoader::convert);
  emscripten::class_<WasmModel>("WasmModel")
      .constructor<ModelLoader&>()
      .function("config", &WasmModel::config)
      .function("tokenize", &WasmModel::tokenize)
      .function("embed", &WasmModel::embed)
      .function("encode", &WasmModel::encode);
}
