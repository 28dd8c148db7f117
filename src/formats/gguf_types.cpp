// GGUF value type names/sizes and ggml tensor type sizes (see gguf_types.h).
#include "formats/gguf_types.h"

namespace bertwasm {
namespace {

struct GgmlTraits {
  uint32_t type;
  uint32_t block_elements;
  uint32_t block_bytes;
};
constexpr GgmlTraits kSupported[] = {
    {kGgmlF32, 1, 4}, {kGgmlF16, 1, 2}, {kGgmlBf16, 1, 2}, {kGgmlQ8_0, 32, 34}, {kGgmlQ4_0, 32, 18},
};

const GgmlTraits* traits(uint32_t type) {
  for (const GgmlTraits& t : kSupported) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

}  // namespace

const char* gguf_type_name(GgufType type) {
  static const char* const kNames[kGgufTypeCount] = {"u8",  "i8",     "u16",   "i16", "u32",
                                                     "i32", "f32",    "bool",  "string",
                                                     "array", "u64",  "i64",   "f64"};
  const uint32_t t = static_cast<uint32_t>(type);
  return t < kGgufTypeCount ? kNames[t] : "unknown";
}

size_t gguf_scalar_size(GgufType type) {
  switch (type) {
    case GgufType::u8: case GgufType::i8: case GgufType::boolean: return 1;
    case GgufType::u16: case GgufType::i16: return 2;
    case GgufType::u32: case GgufType::i32: case GgufType::f32: return 4;
    case GgufType::u64: case GgufType::i64: case GgufType::f64: return 8;
    default: return 0;
  }
}

std::string ggml_type_name(uint32_t type) {
  // ggml's ggml_type ids; "" marks ids ggml has retired.
  static const char* const kNames[] = {
      "F32",     "F16",    "Q4_0",    "Q4_1",  "",      "",      "Q5_0",   "Q5_1",
      "Q8_0",    "Q8_1",   "Q2_K",    "Q3_K",  "Q4_K",  "Q5_K",  "Q6_K",   "Q8_K",
      "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S",  "IQ4_XS",
      "I8",      "I16",    "I32",     "I64",   "F64",   "IQ1_M", "BF16",   "",
      "",        "",       "TQ1_0",   "TQ2_0", "",      "",      "",       "MXFP4"};
  if (type < sizeof kNames / sizeof kNames[0] && kNames[type][0] != '\0') return kNames[type];
  return "type " + std::to_string(type);
}

bool ggml_type_supported(uint32_t type) { return traits(type) != nullptr; }

Result<uint64_t> ggml_tensor_bytes(uint32_t type, const std::vector<int64_t>& dims) {
  const GgmlTraits* t = traits(type);
  if (!t) {
    return unsupported_error("ggml type " + std::to_string(type) + " (" + ggml_type_name(type) +
                             ") is not supported (F32, F16, BF16, Q8_0, Q4_0)");
  }
  if (dims.empty()) return format_error("tensor has no dimensions");
  for (int64_t d : dims) {
    if (d < 0) return format_error("negative dimension " + std::to_string(d));
  }
  if (dims[0] % t->block_elements != 0) {
    return format_error("row length " + std::to_string(dims[0]) + " is not a multiple of " +
                        std::to_string(t->block_elements) + " (" + ggml_type_name(type) +
                        " blocks)");
  }
  uint64_t bytes = uint64_t(dims[0]) / t->block_elements;
  bool overflow = __builtin_mul_overflow(bytes, uint64_t(t->block_bytes), &bytes);
  for (size_t i = 1; i < dims.size(); ++i) {
    overflow = __builtin_mul_overflow(bytes, uint64_t(dims[i]), &bytes) || overflow;
  }
  // Zero elements cost zero bytes, whatever overflowed on the way.
  for (int64_t d : dims) {
    if (d == 0) return uint64_t(0);
  }
  if (overflow || bytes > uint64_t(INT64_MAX)) return format_error("tensor size overflows");
  return bytes;
}

}  // namespace bertwasm
