// Embind glue: converts between JavaScript values and the C++ API (src/api/), owns nothing and
// holds no logic. Texts arrive as UTF-8 bytes (Uint8Array, encoded by the JS layer); results are
// copied out of the WebAssembly heap into fresh typed arrays. Every call returns either its
// result or { error: { code, message } }, which web/ turns into a BertWasmError.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "api/model.h"

using emscripten::val;

namespace bertwasm {
namespace {

val error_value(const Status& s) {
  val e = val::object();
  e.set("code", std::string(error_code_name(s.code())));
  e.set("message", s.message());
  val r = val::object();
  r.set("error", e);
  return r;
}

template <class T>
val copy_array(const char* js_type, const T* data, size_t count) {
  return val::global(js_type).new_(emscripten::typed_memory_view(count, data));
}

val string_array(const std::vector<std::string>& items) {
  val a = val::array();
  for (size_t i = 0; i < items.size(); ++i) a.set(i, items[i]);
  return a;
}

val encoding_value(const Encoding& e) {
  val r = val::object();
  r.set("ids", copy_array("Int32Array", e.ids.data(), e.ids.size()));
  r.set("typeIds", copy_array("Int32Array", e.type_ids.data(), e.type_ids.size()));
  r.set("tokens", string_array(e.tokens));
  std::vector<int32_t> offsets;
  offsets.reserve(e.offsets_utf16.size() * 2);
  for (const Span& s : e.offsets_utf16) {
    offsets.push_back(int32_t(s.start));
    offsets.push_back(int32_t(s.end));
  }
  r.set("offsets", copy_array("Int32Array", offsets.data(), offsets.size()));
  r.set("sequenceIds", copy_array("Int8Array", e.sequence_ids.data(), e.sequence_ids.size()));
  r.set("truncated", e.truncated);
  return r;
}

// Optional members of a JS options object.
bool has(const val& o, const char* key) { return !o[key].isUndefined() && !o[key].isNull(); }

// A JS argument that is text (UTF-8 bytes) or null/undefined.
class OptionalText {
 public:
  explicit OptionalText(const val& v) : present_(!v.isNull() && !v.isUndefined()) {
    if (present_) text_ = v.as<std::string>();
  }
  OptionalText(const OptionalText&) = delete;
  const std::string_view* get() {
    view_ = text_;
    return present_ ? &view_ : nullptr;
  }

 private:
  bool present_;
  std::string text_;
  std::string_view view_;
};

class ModelLoader;

class WasmModel {
 public:
  // Takes the model the loader has just built (JS: new WasmModel(loader)).
  explicit WasmModel(ModelLoader& loader);

  val config() const {
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
    if (!c.labels.empty()) r.set("labels", string_array(c.labels));
    return r;
  }

  val tokenize(const std::string& text, const val& pair, int max_length, bool truncation) const {
    api::TokenizeOptions options;
    options.max_length = max_length;
    options.truncation = truncation;
    OptionalText pair_text(pair);
    auto r = model_->tokenize(text, pair_text.get(), options);
    return r.ok() ? encoding_value(*r) : error_value(r.status());
  }

  val embed(const val& texts, const val& options) {
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

  val encode(const std::string& text, const val& pair, int max_length) {
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

 private:
  std::unique_ptr<api::Model> model_;
};

// Collects the model's files (bytes copied into the heap once), then builds the model, which a
// WasmModel then takes over.
class ModelLoader {
 public:
  std::unique_ptr<api::Model> built;

  void add_file(const std::string& name, std::string bytes) { files_[name] = std::move(bytes); }

  val load(const val& options) {
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
    auto r = api::Model::load(files_, o);
    files_.clear();
    if (!r.ok()) return error_value(r.status());
    built = std::move(r).value();
    return val::null();
  }

 private:
  FileMap files_;
};

WasmModel::WasmModel(ModelLoader& loader) : model_(std::move(loader.built)) {}

}  // namespace
}  // namespace bertwasm

EMSCRIPTEN_BINDINGS(bert_wasm) {
  using namespace bertwasm;
  emscripten::class_<WasmModel>("WasmModel")
      .constructor<ModelLoader&>()
      .function("config", &WasmModel::config)
      .function("tokenize", &WasmModel::tokenize)
      .function("embed", &WasmModel::embed)
      .function("encode", &WasmModel::encode);
  emscripten::class_<ModelLoader>("ModelLoader")
      .constructor<>()
      .function("addFile", &ModelLoader::add_file)
      .function("load", &ModelLoader::load);
}
