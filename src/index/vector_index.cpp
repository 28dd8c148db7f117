// VectorIndex: add, remove and search (the byte format lives in vector_index_bytes.cpp).
#include "index/vector_index.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "index/distance_kernels.h"
#include "index/top_k.h"
#include "index/vector_codec.h"

namespace bertwasm {

using index::Scored;
using index::TopK;

const char* index_storage_name(IndexStorage storage) {
  switch (storage) {
    case IndexStorage::f32: return "f32";
    case IndexStorage::int8: return "int8";
    case IndexStorage::binary: return "binary";
  }
  return "?";
}

Result<IndexStorage> parse_index_storage(std::string_view name) {
  for (IndexStorage s : {IndexStorage::f32, IndexStorage::int8, IndexStorage::binary}) {
    if (name == index_storage_name(s)) return s;
  }
  return input_error("unknown index storage '" + std::string(name) + "' (expected f32, int8 or binary)");
}

VectorIndex::VectorIndex(int dim, IndexStorage storage, int rescore)
    : dim_(dim), storage_(storage), rescore_(storage == IndexStorage::binary ? rescore : 0) {}

Result<VectorIndex> VectorIndex::create(int dim, IndexOptions options) {
  if (dim < 1 || dim > kMaxDim) {
    return input_error("index dim must be 1 to " + std::to_string(kMaxDim) + ", got " + std::to_string(dim));
  }
  if (options.storage != IndexStorage::f32 && options.storage != IndexStorage::int8 &&
      options.storage != IndexStorage::binary) {
    return input_error("unknown index storage " + std::to_string(uint32_t(options.storage)));
  }
  if (options.storage == IndexStorage::binary && (options.rescore < 0 || options.rescore > kMaxRescore)) {
    return input_error("rescore must be 0 to " + std::to_string(kMaxRescore) + ", got " +
                       std::to_string(options.rescore));
  }
  return VectorIndex(dim, options.storage, options.rescore);
}

size_t VectorIndex::bits_per_row() const { return index::sign_bytes(size_t(dim_)); }

size_t VectorIndex::bytes_per_vector() const {
  const size_t dim = size_t(dim_);
  return (keeps_f32() ? dim * sizeof(float) : 0) + (keeps_int8() ? sizeof(float) + dim : 0) +
         (keeps_bits() ? bits_per_row() : 0);
}

Status VectorIndex::add(const std::vector<std::string>& ids, const float* data, size_t data_size,
                        size_t rows, size_t cols) {
  const size_t dim = size_t(dim_);
  if (cols != dim) {
    return input_error("vectors have dim " + std::to_string(cols) + ", expected " + std::to_string(dim));
  }
  if (ids.size() != rows) {
    return input_error(std::to_string(ids.size()) + " ids for " + std::to_string(rows) + " vectors");
  }
  if (data_size / dim != rows || data_size % dim != 0) {
    return input_error("vector data holds " + std::to_string(data_size) + " values, dims [" +
                       std::to_string(rows) + ", " + std::to_string(cols) + "] need " +
                       std::to_string(rows * cols));
  }
  // Positions are uint32 and each form's bytes must stay addressable (wasm32 size_t).
  const uint64_t slots = uint64_t(ids_.size()) + rows;
  if (slots > UINT32_MAX || slots * bytes_per_vector() > uint64_t(SIZE_MAX / 2)) {
    return input_error("adding " + std::to_string(rows) + " vectors would make the index larger than this build can address");
  }
  // Check every vector before storing any, so an error leaves the index as it was.
  std::vector<double> norms(rows);
  for (size_t r = 0; r < rows; ++r) {
    auto norm = index::l2_norm(data + r * dim, dim);
    if (!norm.ok()) return input_error("vector " + std::to_string(r) + ": " + norm.status().message());
    norms[r] = *norm;
  }
  std::vector<float> unit(dim);
  for (size_t r = 0; r < rows; ++r) {
    index::scale_to_unit(data + r * dim, dim, norms[r], unit.data());
    auto found = position_of_.find(ids[r]);
    const uint32_t p = found != position_of_.end() ? found->second : append_slot(ids[r]);
    store(p, unit.data());
  }
  return {};
}

uint32_t VectorIndex::append_slot(const std::string& id) {
  const uint32_t p = uint32_t(ids_.size());
  const size_t slots = size_t(p) + 1;
  ids_.push_back(id);
  live_.push_back(1);
  if (keeps_f32()) f32_.resize(slots * size_t(dim_));
  if (keeps_int8()) {
    scales_.resize(slots);
    int8_.resize(slots * size_t(dim_));
  }
  if (keeps_bits()) bits_.resize(slots * bits_per_row());
  position_of_.emplace(id, p);
  return p;
}

void VectorIndex::store(uint32_t p, const float* x) {
  const size_t dim = size_t(dim_);
  if (keeps_f32()) std::memcpy(&f32_[p * dim], x, dim * sizeof(float));
  if (keeps_int8()) scales_[p] = index::quantize_int8(x, dim, &int8_[p * dim]);
  if (keeps_bits()) index::sign_bits(x, dim, &bits_[p * bits_per_row()]);
}

bool VectorIndex::remove(const std::string& id) {
  auto found = position_of_.find(id);
  if (found == position_of_.end()) return false;
  live_[found->second] = 0;
  ids_[found->second].clear();
  position_of_.erase(found);
  // Compact once at least half of the slots are holes: amortized O(1) per removal.
  const size_t holes = ids_.size() - position_of_.size();
  if (holes >= 64 && holes * 2 >= ids_.size()) compact();
  return true;
}

void VectorIndex::compact() {
  const size_t dim = size_t(dim_), nbits = bits_per_row();
  size_t out = 0;
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (!live_[p]) continue;
    if (out != p) {
      ids_[out] = std::move(ids_[p]);
      if (keeps_f32()) std::memmove(&f32_[out * dim], &f32_[p * dim], dim * sizeof(float));
      if (keeps_int8()) {
        scales_[out] = scales_[p];
        std::memmove(&int8_[out * dim], &int8_[p * dim], dim);
      }
      if (keeps_bits()) std::memmove(&bits_[out * nbits], &bits_[p * nbits], nbits);
      position_of_[ids_[out]] = uint32_t(out);
    }
    ++out;
  }
  ids_.resize(out);
  live_.assign(out, 1);
  if (keeps_f32()) f32_.resize(out * dim);
  if (keeps_int8()) {
    scales_.resize(out);
    int8_.resize(out * dim);
  }
  if (keeps_bits()) bits_.resize(out * nbits);
}

Result<std::vector<SearchHit>> VectorIndex::search(const float* query, size_t query_size, int k) const {
  if (query_size != size_t(dim_)) {
    return input_error("query has dim " + std::to_string(query_size) + ", expected " + std::to_string(dim_));
  }
  if (k < 1) return input_error("k must be at least 1, got " + std::to_string(k));
  std::vector<float> unit(query, query + query_size);
  const Status s = index::normalize_l2(unit.data(), unit.size());
  if (!s.ok()) return input_error("query: " + s.message());
  const size_t n = std::min(size_t(k), size());
  if (n == 0) return std::vector<SearchHit>();
  switch (storage_) {
    case IndexStorage::f32: return search_f32(unit.data(), n);
    case IndexStorage::int8: return search_int8(unit.data(), n);
    case IndexStorage::binary: return search_binary(unit.data(), n);
  }
  return state_error("vector index has an unknown storage");
}

namespace {

std::vector<SearchHit> hits_of(std::vector<Scored> best, const std::vector<std::string>& ids) {
  std::vector<SearchHit> hits;
  hits.reserve(best.size());
  for (const Scored& s : best) hits.push_back({ids[s.position], s.score});
  return hits;
}

}  // namespace

std::vector<SearchHit> VectorIndex::search_f32(const float* q, size_t k) const {
  const size_t dim = size_t(dim_);
  TopK top(k);
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (live_[p]) top.offer(index::dot_f32(q, &f32_[p * dim], dim), uint32_t(p));
  }
  return hits_of(top.take_sorted(), ids_);
}

float VectorIndex::int8_score(const int16_t* query, float query_scale, size_t p) const {
  const size_t dim = size_t(dim_);
  return float(index::dot_i16_i8(query, &int8_[p * dim], dim)) * (query_scale * scales_[p]);
}

std::vector<SearchHit> VectorIndex::search_int8(const float* q, size_t k) const {
  const size_t dim = size_t(dim_);
  std::vector<int16_t> q16(dim);
  const float q_scale = index::quantize_query_i16(q, dim, q16.data());
  TopK top(k);
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (live_[p]) top.offer(int8_score(q16.data(), q_scale, p), uint32_t(p));
  }
  return hits_of(top.take_sorted(), ids_);
}

std::vector<SearchHit> VectorIndex::search_binary(const float* q, size_t k) const {
  const size_t dim = size_t(dim_), nbits = bits_per_row();
  std::vector<uint8_t> q_bits(nbits);
  index::sign_bits(q, dim, q_bits.data());
  // Stage 1: nearest by Hamming distance (as the score −hamming, exact in float).
  const size_t n_candidates =
      rescore_ > 0 ? size_t(std::min<uint64_t>(size(), uint64_t(rescore_) * k)) : k;
  TopK nearest(n_candidates);
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (live_[p]) nearest.offer(-float(index::hamming(q_bits.data(), &bits_[p * nbits], nbits)), uint32_t(p));
  }
  std::vector<Scored> candidates = nearest.take_sorted();
  if (rescore_ == 0) {
    for (Scored& c : candidates) c.score = float(1.0 + 2.0 * double(c.score) / double(dim));
    return hits_of(std::move(candidates), ids_);
  }
  // Stage 2: re-score the candidates with the kept int8 vectors.
  std::vector<int16_t> q16(dim);
  const float q_scale = index::quantize_query_i16(q, dim, q16.data());
  TopK top(k);
  for (const Scored& c : candidates) top.offer(int8_score(q16.data(), q_scale, c.position), c.position);
  return hits_of(top.take_sorted(), ids_);
}

}  // namespace bertwasm
