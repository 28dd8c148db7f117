// A byte buffer aligned to a cache line, for packed weights and kernel scratch. It only grows
// (reserve keeps the old storage when it is big enough), so a reused buffer stops allocating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

namespace bertwasm {

class AlignedBuffer {
 public:
  static constexpr size_t kAlignment = 64;

  AlignedBuffer() = default;

  // Ensures capacity for `bytes` (contents are not kept when it grows); false when out of
  // memory (the buffer is then empty).
  bool reserve(size_t bytes) {
    if (bytes <= capacity_) return true;
    data_.reset(static_cast<uint8_t*>(::operator new(bytes, std::align_val_t(kAlignment), std::nothrow)));
    capacity_ = data_ ? bytes : 0;
    return bool(data_);
  }
  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  size_t capacity() const { return capacity_; }

 private:
  struct Free {
    void operator()(uint8_t* p) const { ::operator delete(p, std::align_val_t(kAlignment)); }
  };
  std::unique_ptr<uint8_t, Free> data_;
  size_t capacity_ = 0;
};

// Rounds a byte count up to the alignment (to place several arrays in one buffer).
constexpr size_t align_up(size_t bytes) {
  return (bytes + AlignedBuffer::kAlignment - 1) / AlignedBuffer::kAlignment * AlignedBuffer::kAlignment;
}

}  // namespace bertwasm
