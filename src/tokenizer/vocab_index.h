// Open-addressing hash index from token text to id over a vocabulary the caller owns (the
// index stores ids only, so copying the owner never leaves it dangling). Lookups take a
// string_view and never allocate. An index may skip a fixed prefix of every key it holds
// (the "##" of continuation pieces), so "##" + piece is found by looking up "piece".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bertwasm {

class VocabIndex {
 public:
  // Indexes vocab[id] for every id in `ids`, keyed by vocab[id].substr(skip) (each such entry
  // must be at least `skip` bytes long). Returns the id of the first key already present, or
  // -1 when all keys are distinct.
  int32_t build(const std::vector<std::string>& vocab, const std::vector<int32_t>& ids,
                size_t skip);
  // The id whose key equals `key`, or -1.
  int32_t find(const std::vector<std::string>& vocab, std::string_view key) const;
  size_t max_key_bytes() const { return max_key_bytes_; }

 private:
  static uint64_t hash(std::string_view key);
  std::vector<int32_t> slots_;  // -1 = empty; size is a power of two, load <= 1/2
  size_t skip_ = 0;
  size_t max_key_bytes_ = 0;
};

}  // namespace bertwasm
