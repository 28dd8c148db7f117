// Embind glue of the vector index (src/index/vector_index.h): converts JS values, owns the
// one C++ index it wraps, holds no logic. Vectors are copied into the heap in one typed-array
// set(); results are copied out into fresh arrays. Every fallible call returns its result or
// { error: { code, message } }, which web/vector-index.js turns into a BertWasmError.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <optional>
#include <string>
#include <vector>

#include "convert.h"
#include "index/vector_index.h"

namespace bertwasm::bindings {
namespace {

// A Float32Array (any length) copied into the heap.
std::vector<float> floats_of(const val& array) {
  std::vector<float> out(array["length"].as<size_t>());
  val(emscripten::typed_memory_view(out.size(), out.data())).call<void>("set", array);
  return out;
}

class WasmVectorIndex {
 public:
  // options: { storage: 'f32' | 'int8' | 'binary', rescore?: number }
  val init(int dim, const val& options) {
    IndexOptions o;
    auto storage = parse_index_storage(options["storage"].as<std::string>());
    if (!storage.ok()) return error_value(storage.status());
    o.storage = *storage;
    if (has(options, "rescore")) o.rescore = options["rescore"].as<int>();
    return adopt(VectorIndex::create(dim, o));
  }

  // bytes: Uint8Array; expected_dim 0 accepts any.
  val load(const std::string& bytes, int expected_dim) {
    return adopt(VectorIndex::from_bytes(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), expected_dim));
  }

  // ids: array of strings; data: Float32Array of rows · cols values.
  val add(const val& ids, const val& data, size_t rows, size_t cols) {
    if (!index_) return error_value(missing());
    std::vector<std::string> keys(ids["length"].as<size_t>());
    for (size_t i = 0; i < keys.size(); ++i) keys[i] = ids[i].as<std::string>();
    const std::vector<float> values = floats_of(data);
    const Status s = index_->add(keys, values.data(), values.size(), rows, cols);
    return s.ok() ? val::null() : error_value(s);
  }

  bool remove(const std::string& id) { return index_ && index_->remove(id); }

  // -> { ids: string[], scores: Float32Array }, best first.
  val search(const val& query, int k) const {
    if (!index_) return error_value(missing());
    const std::vector<float> q = floats_of(query);
    auto hits = index_->search(q.data(), q.size(), k);
    if (!hits.ok()) return error_value(hits.status());
    std::vector<std::string> ids(hits->size());
    std::vector<float> scores(hits->size());
    for (size_t i = 0; i < hits->size(); ++i) {
      ids[i] = std::move((*hits)[i].id);
      scores[i] = (*hits)[i].score;
    }
    val out = val::object();
    out.set("ids", string_array(ids));
    out.set("scores", copy_array("Float32Array", scores.data(), scores.size()));
    return out;
  }

  val to_bytes() const {
    if (!index_) return error_value(missing());
    const std::vector<uint8_t> bytes = index_->to_bytes();
    return copy_array("Uint8Array", bytes.data(), bytes.size());
  }

  double size() const { return index_ ? double(index_->size()) : 0.0; }
  int dim() const { return index_ ? index_->dim() : 0; }
  std::string storage() const { return index_ ? index_storage_name(index_->storage()) : ""; }
  int rescore() const { return index_ ? index_->rescore() : 0; }

 private:
  val adopt(Result<VectorIndex> r) {
    if (!r.ok()) return error_value(r.status());
    index_.emplace(std::move(r).value());
    return val::null();
  }
  static Status missing() { return state_error("the vector index was not initialized"); }

  std::optional<VectorIndex> index_;
};

}  // namespace
}  // namespace bertwasm::bindings

EMSCRIPTEN_BINDINGS(bert_wasm_index) {
  using namespace bertwasm::bindings;
  emscripten::class_<WasmVectorIndex>("WasmVectorIndex")
      .constructor<>()
      .function("init", &WasmVectorIndex::init)
      .function("load", &WasmVectorIndex::load)
      .function("add", &WasmVectorIndex::add)
      .function("remove", &WasmVectorIndex::remove)
      .function("search", &WasmVectorIndex::search)
      .function("toBytes", &WasmVectorIndex::to_bytes)
      .function("size", &WasmVectorIndex::size)
      .function("dim", &WasmVectorIndex::dim)
      .function("storage", &WasmVectorIndex::storage)
      .function("rescore", &WasmVectorIndex::rescore);
}
