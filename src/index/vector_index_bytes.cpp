// VectorIndex::to_bytes / from_bytes: the versioned byte format documented in vector_index.h.
// The reader trusts nothing: every length is checked against the bytes left before anything
// is read or allocated, and every value against its range.
#include <cmath>
#include <cstring>

#include "index/vector_index.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the vector index byte format copies floats as little endian"
#endif

namespace bertwasm {
namespace {

constexpr char kMagic[8] = {'B', 'W', 'V', 'I', 'N', 'D', 'E', 'X'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderBytes = 32;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}

void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(uint8_t(v >> (8 * i)));
}

void put_raw(std::vector<uint8_t>& out, const void* data, size_t size) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  out.insert(out.end(), p, p + size);
}

uint32_t get_u32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

uint64_t get_u64(const uint8_t* p) { return uint64_t(get_u32(p)) | uint64_t(get_u32(p + 4)) << 32; }

Status bad(size_t offset, const std::string& what) {
  return format_error("vector index bytes: offset " + std::to_string(offset) + ": " + what);
}

}  // namespace

std::vector<uint8_t> VectorIndex::to_bytes() const {
  const size_t dim = size_t(dim_), nbits = bits_per_row();
  std::vector<uint8_t> out;
  put_raw(out, kMagic, sizeof kMagic);
  put_u32(out, kVersion);
  put_u32(out, uint32_t(storage_));
  put_u32(out, uint32_t(dim_));
  put_u32(out, uint32_t(rescore_));
  put_u64(out, uint64_t(size()));
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (!live_[p]) continue;
    put_u32(out, uint32_t(ids_[p].size()));
    put_raw(out, ids_[p].data(), ids_[p].size());
  }
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (live_[p] && keeps_f32()) put_raw(out, &f32_[p * dim], dim * sizeof(float));
  }
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (live_[p] && keeps_int8()) put_raw(out, &scales_[p], sizeof(float));
  }
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (live_[p] && keeps_int8()) put_raw(out, &int8_[p * dim], dim);
  }
  for (size_t p = 0; p < ids_.size(); ++p) {
    if (live_[p] && keeps_bits()) put_raw(out, &bits_[p * nbits], nbits);
  }
  return out;
}

Result<VectorIndex> VectorIndex::from_bytes(const uint8_t* bytes, size_t size, int expected_dim) {
  // Header.
  if (size < kHeaderBytes) {
    return bad(0, "the header needs " + std::to_string(kHeaderBytes) + " bytes, got " + std::to_string(size));
  }
  if (std::memcmp(bytes, kMagic, sizeof kMagic) != 0) return bad(0, "bad magic (not a bert-wasm vector index)");
  const uint32_t version = get_u32(bytes + 8);
  if (version != kVersion) {
    return bad(8, "version " + std::to_string(version) + " is not supported (this build reads version " +
                      std::to_string(kVersion) + ")");
  }
  const uint32_t storage = get_u32(bytes + 12);
  if (storage > uint32_t(IndexStorage::binary)) return bad(12, "unknown storage " + std::to_string(storage));
  const uint32_t dim = get_u32(bytes + 16);
  if (dim < 1 || dim > uint32_t(kMaxDim)) {
    return bad(16, "dim " + std::to_string(dim) + " is outside 1 to " + std::to_string(kMaxDim));
  }
  if (expected_dim > 0 && dim != uint32_t(expected_dim)) {
    return bad(16, "dim " + std::to_string(dim) + ", expected " + std::to_string(expected_dim));
  }
  const uint32_t rescore = get_u32(bytes + 20);
  const uint32_t max_rescore = storage == uint32_t(IndexStorage::binary) ? uint32_t(kMaxRescore) : 0;
  if (rescore > max_rescore) {
    return bad(20, "rescore " + std::to_string(rescore) + " is outside 0 to " + std::to_string(max_rescore));
  }
  VectorIndex out{int(dim), IndexStorage(storage), int(rescore)};
  const size_t nbits = out.bits_per_row();
  const size_t row_bytes = out.bytes_per_vector();

  // Count: every vector needs at least its id's length field and its row bytes.
  const uint64_t count = get_u64(bytes + 24);
  size_t at = kHeaderBytes;
  if (count > (size - at) / (sizeof(uint32_t) + row_bytes)) {
    return bad(24, "count " + std::to_string(count) + " does not fit in the " + std::to_string(size - at) +
                       " bytes left");
  }
  const size_t n = size_t(count);

  // Ids.
  out.ids_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (size - at < sizeof(uint32_t)) return bad(at, "id " + std::to_string(i) + ": length cut short");
    const uint32_t length = get_u32(bytes + at);
    if (length > size - at - sizeof(uint32_t)) {
      return bad(at, "id " + std::to_string(i) + ": length " + std::to_string(length) + " exceeds the " +
                         std::to_string(size - at - sizeof(uint32_t)) + " bytes left");
    }
    at += sizeof(uint32_t);
    out.ids_.emplace_back(reinterpret_cast<const char*>(bytes + at), length);
    if (!out.position_of_.emplace(out.ids_.back(), uint32_t(i)).second) {
      return bad(at, "id " + std::to_string(i) + " repeats an earlier id");
    }
    at += length;
  }
  out.live_.assign(n, 1);

  // Vector sections: exactly n rows of each, then the end.
  if (size - at != n * row_bytes) {
    return bad(at, std::to_string(n) + " vectors need " + std::to_string(n * row_bytes) + " bytes, found " +
                       std::to_string(size - at));
  }
  if (out.keeps_f32()) {
    out.f32_.resize(n * dim);
    std::memcpy(out.f32_.data(), bytes + at, n * dim * sizeof(float));
    for (size_t i = 0; i < n * dim; ++i) {
      if (!std::isfinite(out.f32_[i])) return bad(at + i * sizeof(float), "vector value is not finite");
    }
    at += n * dim * sizeof(float);
  }
  if (out.keeps_int8()) {
    out.scales_.resize(n);
    std::memcpy(out.scales_.data(), bytes + at, n * sizeof(float));
    for (size_t i = 0; i < n; ++i) {
      const float s = out.scales_[i];
      if (!(std::isfinite(s) && s > 0.0f)) return bad(at + i * sizeof(float), "int8 scale is not a positive number");
    }
    at += n * sizeof(float);
    out.int8_.resize(n * dim);
    std::memcpy(out.int8_.data(), bytes + at, n * dim);
    for (size_t i = 0; i < n * dim; ++i) {
      if (out.int8_[i] == -128) return bad(at + i, "int8 value -128 is outside -127 to 127");
    }
    at += n * dim;
  }
  if (out.keeps_bits()) {
    out.bits_.assign(bytes + at, bytes + at + n * nbits);
    const uint8_t unused = dim % 8 == 0 ? 0 : uint8_t(0xFF << (dim % 8));
    for (size_t i = 0; i < n; ++i) {
      if (out.bits_[i * nbits + nbits - 1] & unused) {
        return bad(at + i * nbits + nbits - 1, "sign bits past dim are not zero");
      }
    }
  }
  return out;
}

}  // namespace bertwasm
