// Zero-copy reader of GGUF files (llama.cpp's format; we write v3, we read v2 and v3).
// Byte layout, all integers little endian:
//   magic "GGUF" | u32 version | u64 n_tensors | u64 n_kv
//   n_kv x { string key | u32 value type | value }
//       string = u64 length + bytes (no NUL); value types 0..12 = u8, i8, u16, i16, u32, i32,
//       f32, bool, string, array, u64, i64, f64; array = u32 element type + u64 count + elements
//   n_tensors x { string name | u32 n_dims | u64 ne[n_dims] | u32 ggml type | u64 offset }
//       ne[0] is the row length (ggml order: reversed from PyTorch shapes); offset is relative to
//       the data section and a multiple of the alignment
//   zero padding up to `general.alignment` (u32, a power of two, default 32)
//   data section: the tensors' bytes
// Every length and count is checked against the bytes left; views point into the caller's bytes,
// which must outlive the GgufFile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "formats/gguf_types.h"
#include "util/status.h"

namespace bertwasm {

struct GgufKv {
  std::string key;
  GgufType type = GgufType::u8;
  GgufType array_type = GgufType::u8;  // element type when type == array
  uint64_t count = 1;                  // array length; 1 for a scalar or string
  const uint8_t* data = nullptr;       // a scalar's bytes, a string's u64 length, or the first
                                       // array element
  size_t file_offset = 0;              // where the value starts in the file (for messages)
};

struct GgufTensor {
  std::string name;
  uint32_t type = 0;          // ggml type id (kGgmlF32, kGgmlQ8_0, ...)
  std::vector<int64_t> dims;  // ne[0] (row length) first
  uint64_t offset = 0;        // relative to the data section
  const uint8_t* data = nullptr;  // aligned to the file's alignment relative to the file start
  size_t byte_size = 0;

  int64_t element_count() const;
};

class GgufFile {
 public:
  // E_FORMAT naming `file_name` and the key, tensor or byte offset at fault; E_UNSUPPORTED for
  // versions other than 2 and 3 and for tensor types other than F32, F16, BF16, Q8_0, Q4_0.
  static Result<GgufFile> parse(const uint8_t* bytes, size_t size, std::string file_name);

  uint32_t version() const { return version_; }
  uint32_t alignment() const { return alignment_; }
  size_t data_offset() const { return data_offset_; }  // file offset of the data section
  const std::string& file_name() const { return file_name_; }

  const std::vector<GgufKv>& kvs() const { return kvs_; }  // in file order
  const GgufKv* find_kv(std::string_view key) const;       // nullptr when absent
  bool has(std::string_view key) const { return find_kv(key) != nullptr; }

  const std::vector<GgufTensor>& tensors() const { return tensors_; }  // in file order
  const GgufTensor* find_tensor(std::string_view name) const;         // nullptr when absent

  // Typed getters: E_FORMAT naming the key when it is missing or has another type.
  Result<uint8_t> get_u8(std::string_view key) const;
  Result<int8_t> get_i8(std::string_view key) const;
  Result<uint16_t> get_u16(std::string_view key) const;
  Result<int16_t> get_i16(std::string_view key) const;
  Result<uint32_t> get_u32(std::string_view key) const;
  Result<int32_t> get_i32(std::string_view key) const;
  Result<float> get_f32(std::string_view key) const;
  Result<bool> get_bool(std::string_view key) const;
  Result<std::string> get_string(std::string_view key) const;
  Result<uint64_t> get_u64(std::string_view key) const;
  Result<int64_t> get_i64(std::string_view key) const;
  Result<double> get_f64(std::string_view key) const;
  // Any integer type (writers differ: u32, i32, u64 ...), E_FORMAT if it does not fit int64_t.
  Result<int64_t> get_integer(std::string_view key) const;

  Result<std::vector<std::string>> get_string_array(std::string_view key) const;
  Result<std::vector<uint8_t>> get_u8_array(std::string_view key) const;
  Result<std::vector<int32_t>> get_i32_array(std::string_view key) const;
  Result<std::vector<uint32_t>> get_u32_array(std::string_view key) const;
  Result<std::vector<int64_t>> get_i64_array(std::string_view key) const;
  Result<std::vector<float>> get_f32_array(std::string_view key) const;
  Result<std::vector<double>> get_f64_array(std::string_view key) const;
  Result<std::vector<bool>> get_bool_array(std::string_view key) const;

 private:
  friend class GgufParser;
  Result<const GgufKv*> typed_kv(std::string_view key, GgufType type) const;
  Result<const GgufKv*> array_kv(std::string_view key, GgufType element) const;
  template <class T>
  Result<T> get_scalar(std::string_view key, GgufType type) const;
  template <class T>
  Result<std::vector<T>> get_array(std::string_view key, GgufType element) const;

  std::string file_name_;
  uint32_t version_ = 0;
  uint32_t alignment_ = kGgufDefaultAlignment;
  size_t data_offset_ = 0;
  std::vector<GgufKv> kvs_;
  std::vector<GgufTensor> tensors_;
  std::map<std::string, size_t, std::less<>> kv_index_;
  std::map<std::string, size_t, std::less<>> tensor_index_;
};

}  // namespace bertwasm
