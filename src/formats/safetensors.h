// Zero-copy reader of Hugging Face safetensors files:
//   u64 little-endian N | N bytes of JSON header | data section
// The header maps tensor names to {dtype, shape, data_offsets: [begin, end)} (offsets relative to
// the data section) plus an optional "__metadata__" string map. Views point into the caller's
// bytes, which must outlive the SafetensorsFile; data pointers may be unaligned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace bertwasm {

struct TensorView {  // one tensor inside a file's bytes
  std::string name;
  std::string dtype;  // as written: "F32", "F16", "BF16", "I64", ...
  std::vector<int64_t> shape;
  const uint8_t* data = nullptr;  // may be unaligned
  size_t byte_size = 0;

  int64_t element_count() const;  // product of shape (1 for a scalar)
};

// Bytes per element of a safetensors dtype ("F32" -> 4, "BF16" -> 2, "BOOL" -> 1, ...);
// 0 for a dtype this reader does not know.
size_t safetensors_dtype_size(std::string_view dtype);

class SafetensorsFile {
 public:
  // Validates the whole header: length inside the file, JSON object, every entry's dtype/shape/
  // data_offsets, byte size == product(shape) * dtype size, offsets ordered, inside the data
  // section, not overlapping and covering it without holes. Dtypes this reader does not know are
  // kept (their size cannot be checked against the shape). Errors are E_FORMAT naming
  // `file_name` and the tensor or byte offset at fault.
  static Result<SafetensorsFile> parse(const uint8_t* bytes, size_t size, std::string file_name);

  const std::vector<TensorView>& tensors() const { return tensors_; }  // in data order
  const TensorView* find(std::string_view name) const;                // nullptr when absent
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const std::string& file_name() const { return file_name_; }

 private:
  std::string file_name_;
  std::vector<TensorView> tensors_;
  std::map<std::string, size_t, std::less<>> index_;  // name -> position in tensors_
  std::map<std::string, std::string> metadata_;
};

}  // namespace bertwasm
