// The vector index for semantic search: opaque byte-string ids, each with one vector, searched
// by cosine similarity and kept as f32, int8 or binary. Vectors are L2-normalized on add and the
// query on search, so a score is a cosine (or its quantized estimate); zero, NaN or infinite
// vectors are rejected (E_INPUT).
//
// What each storage keeps per vector (besides its id) and what search reports:
//   f32     the unit vector, dim floats. score = cosine (float dot product of unit vectors).
//   int8    q = round(x / max|x| · 127) in [-127, 127] and scale = max|x| / 127 (4 + dim bytes).
//           score = the query's dot product with the dequantized vector q · scale, computed
//           exactly in integers with the query rounded to int16 (2^-15 of its largest value up
//           to dim 516; quantize_query_i16 in vector_codec.h): (a · q) · scale_a · scale.
//   binary  sign bits (⌈dim / 8⌉ bytes; bit = x > 0). Without rescoring, score =
//           1 − 2 · hamming / dim. With rescore = r > 0 (default 10) it also keeps the int8 form
//           above: the r · k vectors nearest by Hamming distance are re-scored, and the int8
//           score is reported.
//
// Order: every vector has a position, its insertion order. Adding an id already present
// replaces its vector in place (the position stays); remove() frees the id (order of the rest
// is kept; the id, added again, goes last). Results are best first; equal scores list the lower position first, so a search is
// deterministic and the same natively and in WebAssembly.
//
// Bytes (to_bytes / from_bytes), version 1, little endian:
//   offset 0   8 bytes   magic "BWVINDEX"
//          8   u32       version (1)
//          12  u32       storage: 0 f32, 1 int8, 2 binary
//          16  u32       dim, 1 … kMaxDim
//          20  u32       rescore: binary 0 … kMaxRescore; f32 / int8 always 0
//          24  u64       count: vectors, in position order
//          32  ids       count × { u32 byte length n, n bytes }
//              then, for each section the storage has, count rows in position order:
//              f32       dim × f32 per vector           (f32)
//              scales    f32 per vector, > 0            (int8; binary with rescore > 0)
//              int8      dim × i8 per vector, ≠ -128    (int8; binary with rescore > 0)
//              bits      ⌈dim / 8⌉ bytes per vector,    (binary)
//                        bit i % 8 of byte i / 8 = component i > 0, unused high bits 0
//   and nothing after. from_bytes checks each length against the bytes left before reading or
//   allocating, and every value's range; any violation is E_FORMAT naming the byte offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/status.h"

namespace bertwasm {

enum class IndexStorage : uint32_t { f32 = 0, int8 = 1, binary = 2 };

// "f32", "int8", "binary".
const char* index_storage_name(IndexStorage storage);
// The storage named `name`; E_INPUT for any other name.
Result<IndexStorage> parse_index_storage(std::string_view name);

struct IndexOptions {
  IndexStorage storage = IndexStorage::f32;
  // binary only (ignored otherwise): re-score rescore · k candidates with kept int8 vectors;
  // 0 keeps only the sign bits.
  int rescore = 10;
};

struct SearchHit {
  std::string id;
  float score;
};

class VectorIndex {
 public:
  static constexpr int kMaxDim = 65536;
  static constexpr int kMaxRescore = 1000;

  // An empty index. E_INPUT if dim is outside 1 … kMaxDim or rescore outside 0 … kMaxRescore.
  static Result<VectorIndex> create(int dim, IndexOptions options = {});
  // Reads to_bytes() output. expected_dim > 0 also requires that dim (E_FORMAT otherwise).
  static Result<VectorIndex> from_bytes(const uint8_t* bytes, size_t size, int expected_dim = 0);

  // Adds rows vectors of cols values (row-major, data_size values in all) under ids[r]. E_INPUT
  // when cols is not dim, ids.size() or data_size does not match, or a vector is zero or holds
  // NaN / infinity; on error nothing is added.
  Status add(const std::vector<std::string>& ids, const float* data, size_t data_size, size_t rows,
             size_t cols);
  // Removes id; false if it was not present.
  bool remove(const std::string& id);
  bool contains(const std::string& id) const { return position_of_.count(id) != 0; }

  // The min(k, size()) best vectors for the query (query_size values), best first. E_INPUT
  // when query_size is not dim, k < 1, or the query is zero or not finite.
  Result<std::vector<SearchHit>> search(const float* query, size_t query_size, int k) const;

  std::vector<uint8_t> to_bytes() const;

  size_t size() const { return position_of_.size(); }
  int dim() const { return dim_; }
  IndexStorage storage() const { return storage_; }
  int rescore() const { return rescore_; }

 private:
  VectorIndex(int dim, IndexStorage storage, int rescore);

  bool keeps_f32() const { return storage_ == IndexStorage::f32; }
  bool keeps_int8() const {
    return storage_ == IndexStorage::int8 || (storage_ == IndexStorage::binary && rescore_ > 0);
  }
  bool keeps_bits() const { return storage_ == IndexStorage::binary; }
  size_t bits_per_row() const;
  // Bytes kept per vector over every form (ids aside).
  size_t bytes_per_vector() const;

  // Appends an empty slot for id (all forms zero) and returns its position.
  uint32_t append_slot(const std::string& id);
  // Stores the unit vector x at position p in every form this storage keeps.
  void store(uint32_t p, const float* x);
  // Drops removed slots, keeping the order of the rest.
  void compact();

  // The int8 score of position p: (query · int8_[p]) · query_scale · scales_[p].
  float int8_score(const int16_t* query, float query_scale, size_t p) const;
  std::vector<SearchHit> search_f32(const float* unit_query, size_t k) const;
  std::vector<SearchHit> search_int8(const float* unit_query, size_t k) const;
  std::vector<SearchHit> search_binary(const float* unit_query, size_t k) const;

  int dim_;
  IndexStorage storage_;
  int rescore_;

  // One entry per position (slot), removed ones included until compact().
  std::vector<std::string> ids_;
  std::vector<uint8_t> live_;
  std::vector<float> f32_;      // [slots, dim]        f32
  std::vector<float> scales_;   // [slots]             int8 / binary + rescore
  std::vector<int8_t> int8_;    // [slots, dim]        int8 / binary + rescore
  std::vector<uint8_t> bits_;   // [slots, ⌈dim/8⌉]    binary
  std::unordered_map<std::string, uint32_t> position_of_;  // live ids only
};

}  // namespace bertwasm
