// Builds a GGUF v3 file in memory (layout in gguf.h): key/values in insertion order, then tensor
// infos, then each tensor's bytes padded with zeros to the alignment (32 unless a u32
// "general.alignment" is set), as llama.cpp's gguf writer does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "formats/gguf_types.h"
#include "util/status.h"

namespace bertwasm {

class GgufWriter {
 public:
  // Setting a key again replaces its value (it keeps its first position).
  void set_u8(const std::string& key, uint8_t v);
  void set_i8(const std::string& key, int8_t v);
  void set_u16(const std::string& key, uint16_t v);
  void set_i16(const std::string& key, int16_t v);
  void set_u32(const std::string& key, uint32_t v);
  void set_i32(const std::string& key, int32_t v);
  void set_f32(const std::string& key, float v);
  void set_bool(const std::string& key, bool v);
  void set_string(const std::string& key, const std::string& v);
  void set_u64(const std::string& key, uint64_t v);
  void set_i64(const std::string& key, int64_t v);
  void set_f64(const std::string& key, double v);

  void set_string_array(const std::string& key, const std::vector<std::string>& v);
  void set_i32_array(const std::string& key, const std::vector<int32_t>& v);
  void set_u32_array(const std::string& key, const std::vector<uint32_t>& v);
  void set_f32_array(const std::string& key, const std::vector<float>& v);
  // An array of any fixed-size type: `count` values of `element`, little endian, at `data`.
  // E_INPUT for string/array element types.
  Status set_array(const std::string& key, GgufType element, const void* data, size_t count);

  // Adds a tensor whose bytes stay owned by the caller until write() returns. E_INPUT for a bad
  // or duplicate name, more than 4 dims, a size that does not match type and dims; E_UNSUPPORTED
  // for a type other than F32, F16, BF16, Q8_0, Q4_0. dims are ggml order (ne[0] = row length).
  Status add_tensor(const std::string& name, uint32_t type, const std::vector<int64_t>& dims,
                    const void* data, size_t byte_size);
  // Same, the writer keeps the bytes.
  Status add_tensor(const std::string& name, uint32_t type, const std::vector<int64_t>& dims,
                    std::vector<uint8_t> data);

  size_t tensor_count() const { return tensors_.size(); }

  // The whole file. E_INPUT if "general.alignment" is set but not a u32 power of two.
  Result<std::vector<uint8_t>> write() const;

 private:
  struct Kv {
    std::string key;
    GgufType type;
    std::vector<uint8_t> value;  // serialized value (for arrays: element type, count, elements)
  };
  struct Tensor {
    std::string name;
    uint32_t type;
    std::vector<int64_t> dims;
    const uint8_t* data;         // the caller's bytes, or nullptr when `owned` holds them
    size_t byte_size;
    std::vector<uint8_t> owned;
  };

  void set(const std::string& key, GgufType type, std::vector<uint8_t> value);
  Status check_tensor(const std::string& name, uint32_t type, const std::vector<int64_t>& dims,
                      size_t byte_size) const;
  Result<uint32_t> alignment() const;

  std::vector<Kv> kvs_;
  std::vector<Tensor> tensors_;
};

}  // namespace bertwasm
