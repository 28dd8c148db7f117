// Typed access to GGUF key/values: each getter checks presence and type and names the key.
#include <limits>

#include "formats/byte_io.h"
#include "formats/gguf.h"

namespace bertwasm {

namespace {

std::string describe(const GgufKv& kv) {
  if (kv.type != GgufType::array) return gguf_type_name(kv.type);
  return std::string("array of ") + gguf_type_name(kv.array_type);
}

}  // namespace

Result<const GgufKv*> GgufFile::typed_kv(std::string_view key, GgufType type) const {
  const GgufKv* kv = find_kv(key);
  if (!kv) return format_error(file_name_ + ": missing key '" + std::string(key) + "'");
  if (kv->type != type) {
    return format_error(file_name_ + ": key '" + std::string(key) + "' has type " +
                        describe(*kv) + ", expected " + gguf_type_name(type));
  }
  return kv;
}

Result<const GgufKv*> GgufFile::array_kv(std::string_view key, GgufType element) const {
  const GgufKv* kv = find_kv(key);
  if (!kv) return format_error(file_name_ + ": missing key '" + std::string(key) + "'");
  if (kv->type != GgufType::array || kv->array_type != element) {
    return format_error(file_name_ + ": key '" + std::string(key) + "' has type " +
                        describe(*kv) + ", expected array of " + gguf_type_name(element));
  }
  return kv;
}

template <class T>
Result<T> GgufFile::get_scalar(std::string_view key, GgufType type) const {
  BW_ASSIGN(const GgufKv* kv, typed_kv(key, type));
  return load_le<T>(kv->data);
}

template <class T>
Result<std::vector<T>> GgufFile::get_array(std::string_view key, GgufType element) const {
  BW_ASSIGN(const GgufKv* kv, array_kv(key, element));
  std::vector<T> out(size_t(kv->count));  // the parser checked count against the file size
  for (size_t i = 0; i < out.size(); ++i) out[i] = load_le<T>(kv->data + i * sizeof(T));
  return out;
}

Result<uint8_t> GgufFile::get_u8(std::string_view k) const {
  return get_scalar<uint8_t>(k, GgufType::u8);
}
Result<int8_t> GgufFile::get_i8(std::string_view k) const {
  return get_scalar<int8_t>(k, GgufType::i8);
}
Result<uint16_t> GgufFile::get_u16(std::string_view k) const {
  return get_scalar<uint16_t>(k, GgufType::u16);
}
Result<int16_t> GgufFile::get_i16(std::string_view k) const {
  return get_scalar<int16_t>(k, GgufType::i16);
}
Result<uint32_t> GgufFile::get_u32(std::string_view k) const {
  return get_scalar<uint32_t>(k, GgufType::u32);
}
Result<int32_t> GgufFile::get_i32(std::string_view k) const {
  return get_scalar<int32_t>(k, GgufType::i32);
}
Result<float> GgufFile::get_f32(std::string_view k) const {
  return get_scalar<float>(k, GgufType::f32);
}
Result<uint64_t> GgufFile::get_u64(std::string_view k) const {
  return get_scalar<uint64_t>(k, GgufType::u64);
}
Result<int64_t> GgufFile::get_i64(std::string_view k) const {
  return get_scalar<int64_t>(k, GgufType::i64);
}
Result<double> GgufFile::get_f64(std::string_view k) const {
  return get_scalar<double>(k, GgufType::f64);
}

Result<bool> GgufFile::get_bool(std::string_view k) const {
  BW_ASSIGN(uint8_t v, get_scalar<uint8_t>(k, GgufType::boolean));
  return v != 0;
}

Result<std::string> GgufFile::get_string(std::string_view k) const {
  BW_ASSIGN(const GgufKv* kv, typed_kv(k, GgufType::string));
  const uint64_t len = load_le<uint64_t>(kv->data);
  return std::string(reinterpret_cast<const char*>(kv->data + 8), size_t(len));
}

Result<int64_t> GgufFile::get_integer(std::string_view key) const {
  const GgufKv* kv = find_kv(key);
  if (!kv) return format_error(file_name_ + ": missing key '" + std::string(key) + "'");
  switch (kv->type) {
    case GgufType::u8: return int64_t(load_le<uint8_t>(kv->data));
    case GgufType::i8: return int64_t(load_le<int8_t>(kv->data));
    case GgufType::u16: return int64_t(load_le<uint16_t>(kv->data));
    case GgufType::i16: return int64_t(load_le<int16_t>(kv->data));
    case GgufType::u32: return int64_t(load_le<uint32_t>(kv->data));
    case GgufType::i32: return int64_t(load_le<int32_t>(kv->data));
    case GgufType::i64: return load_le<int64_t>(kv->data);
    case GgufType::u64: {
      const uint64_t v = load_le<uint64_t>(kv->data);
      if (v > uint64_t(std::numeric_limits<int64_t>::max())) {
        return format_error(file_name_ + ": key '" + std::string(key) + "' value " +
                            std::to_string(v) + " is too large");
      }
      return int64_t(v);
    }
    default:
      return format_error(file_name_ + ": key '" + std::string(key) + "' has type " +
                          describe(*kv) + ", expected an integer");
  }
}

Result<std::vector<std::string>> GgufFile::get_string_array(std::string_view k) const {
  BW_ASSIGN(const GgufKv* kv, array_kv(k, GgufType::string));
  std::vector<std::string> out;
  out.reserve(size_t(kv->count));
  const uint8_t* p = kv->data;  // the parser checked every length
  for (uint64_t i = 0; i < kv->count; ++i) {
    const uint64_t len = load_le<uint64_t>(p);
    out.emplace_back(reinterpret_cast<const char*>(p + 8), size_t(len));
    p += 8 + size_t(len);
  }
  return out;
}

Result<std::vector<uint8_t>> GgufFile::get_u8_array(std::string_view k) const {
  return get_array<uint8_t>(k, GgufType::u8);
}
Result<std::vector<int32_t>> GgufFile::get_i32_array(std::string_view k) const {
  return get_array<int32_t>(k, GgufType::i32);
}
Result<std::vector<uint32_t>> GgufFile::get_u32_array(std::string_view k) const {
  return get_array<uint32_t>(k, GgufType::u32);
}
Result<std::vector<int64_t>> GgufFile::get_i64_array(std::string_view k) const {
  return get_array<int64_t>(k, GgufType::i64);
}
Result<std::vector<float>> GgufFile::get_f32_array(std::string_view k) const {
  return get_array<float>(k, GgufType::f32);
}
Result<std::vector<double>> GgufFile::get_f64_array(std::string_view k) const {
  return get_array<double>(k, GgufType::f64);
}

Result<std::vector<bool>> GgufFile::get_bool_array(std::string_view k) const {
  BW_ASSIGN(std::vector<uint8_t> raw, get_array<uint8_t>(k, GgufType::boolean));
  return std::vector<bool>(raw.begin(), raw.end());
}

}  // namespace bertwasm
