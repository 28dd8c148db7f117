// GGUF value types and the ggml tensor types this project stores, shared by the GGUF reader and
// writer. Tensor type ids are ggml's ggml_type numbers, kept as plain integers so formats/ does not
// depend on quant/ (whose DType enum uses the same numbers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace bertwasm {

// Type tag of a GGUF key/value (u32 in the file).
enum class GgufType : uint32_t {
  u8 = 0, i8 = 1, u16 = 2, i16 = 3, u32 = 4, i32 = 5, f32 = 6, boolean = 7,
  string = 8, array = 9, u64 = 10, i64 = 11, f64 = 12,
};
constexpr uint32_t kGgufTypeCount = 13;

const char* gguf_type_name(GgufType type);  // "u32", "string", "array", ...
size_t gguf_scalar_size(GgufType type);     // bytes of a fixed-size value; 0 for string/array

// ggml tensor types bert-wasm reads and writes.
constexpr uint32_t kGgmlF32 = 0;
constexpr uint32_t kGgmlF16 = 1;
constexpr uint32_t kGgmlQ4_0 = 2;   // 18-byte blocks of 32 values
constexpr uint32_t kGgmlQ8_0 = 8;   // 34-byte blocks of 32 values
constexpr uint32_t kGgmlBf16 = 30;

constexpr size_t kGgufMaxDims = 4;      // GGML_MAX_DIMS
constexpr size_t kGgufMaxNameLen = 63;  // GGML_MAX_NAME - 1 (ggml keeps a terminating NUL)
constexpr uint32_t kGgufDefaultAlignment = 32;

// ggml's name for any ggml type id ("Q4_K", "BF16", ...), "type N" when unknown.
std::string ggml_type_name(uint32_t type);
bool ggml_type_supported(uint32_t type);  // F32, F16, BF16, Q8_0, Q4_0

// Bytes of a tensor of `type` with dims ne[0..n) (ne[0] is the row length). E_UNSUPPORTED for a
// type we do not handle; E_FORMAT when ne[0] is not a whole number of blocks or the size
// overflows. Messages describe the problem only: callers prefix the file and tensor name.
Result<uint64_t> ggml_tensor_bytes(uint32_t type, const std::vector<int64_t>& dims);

}  // namespace bertwasm
