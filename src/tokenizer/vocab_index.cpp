// FNV-1a hashing with linear probing.
#include "tokenizer/vocab_index.h"

namespace bertwasm {

uint64_t VocabIndex::hash(std::string_view key) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  return h ^ (h >> 29);
}

int32_t VocabIndex::build(const std::vector<std::string>& vocab, const std::vector<int32_t>& ids,
                          size_t skip) {
  skip_ = skip;
  max_key_bytes_ = 0;
  size_t capacity = 16;
  while (capacity < ids.size() * 2) capacity *= 2;
  slots_.assign(capacity, -1);
  for (int32_t id : ids) {
    std::string_view key = std::string_view(vocab[id]).substr(skip);
    size_t mask = capacity - 1;
    for (size_t s = hash(key) & mask;; s = (s + 1) & mask) {
      if (slots_[s] < 0) {
        slots_[s] = id;
        break;
      }
      if (std::string_view(vocab[slots_[s]]).substr(skip) == key) return id;
    }
    if (key.size() > max_key_bytes_) max_key_bytes_ = key.size();
  }
  return -1;
}

int32_t VocabIndex::find(const std::vector<std::string>& vocab, std::string_view key) const {
  if (slots_.empty() || key.size() > max_key_bytes_) return -1;
  size_t mask = slots_.size() - 1;
  for (size_t s = hash(key) & mask;; s = (s + 1) & mask) {
    int32_t id = slots_[s];
    if (id < 0) return -1;
    const std::string& entry = vocab[id];
    if (entry.size() == key.size() + skip_ && std::string_view(entry).substr(skip_) == key) {
      return id;
    }
  }
}

}  // namespace bertwasm
