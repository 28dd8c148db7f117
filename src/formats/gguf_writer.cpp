// GGUF v3 serialization (see gguf_writer.h and the layout in gguf.h).
#include "formats/gguf_writer.h"

#include <cstring>
#include <utility>

#include "formats/byte_io.h"

namespace bertwasm {

namespace {

constexpr uint32_t kVersion = 3;

void append_string(std::vector<uint8_t>& out, const std::string& s) {
  append_le<uint64_t>(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

template <class T>
std::vector<uint8_t> scalar(T v) {
  std::vector<uint8_t> out;
  append_le<T>(out, v);
  return out;
}

template <class T>
std::vector<uint8_t> array(GgufType element, const std::vector<T>& v) {
  std::vector<uint8_t> out;
  append_le<uint32_t>(out, uint32_t(element));
  append_le<uint64_t>(out, v.size());
  for (const T& x : v) append_le<T>(out, x);
  return out;
}

void pad_to(std::vector<uint8_t>& out, uint32_t alignment) {
  out.resize((out.size() + alignment - 1) / alignment * alignment, 0);
}

}  // namespace

void GgufWriter::set(const std::string& key, GgufType type, std::vector<uint8_t> value) {
  for (Kv& kv : kvs_) {
    if (kv.key == key) {
      kv.type = type;
      kv.value = std::move(value);
      return;
    }
  }
  kvs_.push_back({key, type, std::move(value)});
}

void GgufWriter::set_u8(const std::string& k, uint8_t v) { set(k, GgufType::u8, scalar(v)); }
void GgufWriter::set_i8(const std::string& k, int8_t v) { set(k, GgufType::i8, scalar(v)); }
void GgufWriter::set_u16(const std::string& k, uint16_t v) { set(k, GgufType::u16, scalar(v)); }
void GgufWriter::set_i16(const std::string& k, int16_t v) { set(k, GgufType::i16, scalar(v)); }
void GgufWriter::set_u32(const std::string& k, uint32_t v) { set(k, GgufType::u32, scalar(v)); }
void GgufWriter::set_i32(const std::string& k, int32_t v) { set(k, GgufType::i32, scalar(v)); }
void GgufWriter::set_f32(const std::string& k, float v) { set(k, GgufType::f32, scalar(v)); }
void GgufWriter::set_u64(const std::string& k, uint64_t v) { set(k, GgufType::u64, scalar(v)); }
void GgufWriter::set_i64(const std::string& k, int64_t v) { set(k, GgufType::i64, scalar(v)); }
void GgufWriter::set_f64(const std::string& k, double v) { set(k, GgufType::f64, scalar(v)); }
void GgufWriter::set_bool(const std::string& k, bool v) {
  set(k, GgufType::boolean, scalar<uint8_t>(v ? 1 : 0));
}

void GgufWriter::set_string(const std::string& k, const std::string& v) {
  std::vector<uint8_t> out;
  append_string(out, v);
  set(k, GgufType::string, std::move(out));
}

void GgufWriter::set_string_array(const std::string& k, const std::vector<std::string>& v) {
  std::vector<uint8_t> out;
  append_le<uint32_t>(out, uint32_t(GgufType::string));
  append_le<uint64_t>(out, v.size());
  for (const std::string& s : v) append_string(out, s);
  set(k, GgufType::array, std::move(out));
}

void GgufWriter::set_i32_array(const std::string& k, const std::vector<int32_t>& v) {
  set(k, GgufType::array, array(GgufType::i32, v));
}
void GgufWriter::set_u32_array(const std::string& k, const std::vector<uint32_t>& v) {
  set(k, GgufType::array, array(GgufType::u32, v));
}
void GgufWriter::set_f32_array(const std::string& k, const std::vector<float>& v) {
  set(k, GgufType::array, array(GgufType::f32, v));
}

Status GgufWriter::set_array(const std::string& key, GgufType element, const void* data,
                             size_t count) {
  const size_t size = gguf_scalar_size(element);
  if (size == 0) {
    return input_error("gguf key '" + key + "': set_array needs a fixed-size element type, not " +
                       gguf_type_name(element));
  }
  std::vector<uint8_t> out;
  append_le<uint32_t>(out, uint32_t(element));
  append_le<uint64_t>(out, count);
  // Elements arrive in host order; re-encode each as little endian.
  const uint8_t* p = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < count; ++i, p += size) {
    switch (size) {
      case 1: out.push_back(*p); break;
      case 2: { uint16_t v; std::memcpy(&v, p, 2); append_le(out, v); break; }
      case 4: { uint32_t v; std::memcpy(&v, p, 4); append_le(out, v); break; }
      default: { uint64_t v; std::memcpy(&v, p, 8); append_le(out, v); break; }
    }
  }
  set(key, GgufType::array, std::move(out));
  return {};
}

Status GgufWriter::check_tensor(const std::string& name, uint32_t type,
                                const std::vector<int64_t>& dims, size_t byte_size) const {
  const std::string at = "gguf tensor '" + name + "'";
  if (name.empty() || name.size() > kGgufMaxNameLen) {
    return input_error(at + ": name length " + std::to_string(name.size()) + " is not in 1.." +
                       std::to_string(kGgufMaxNameLen));
  }
  for (const Tensor& t : tensors_) {
    if (t.name == name) return input_error(at + ": added twice");
  }
  if (dims.empty() || dims.size() > kGgufMaxDims) {
    return input_error(at + ": " + std::to_string(dims.size()) + " dims (1..4 allowed)");
  }
  Result<uint64_t> bytes = ggml_tensor_bytes(type, dims);
  if (!bytes.ok()) {
    ErrorCode code = bytes.status().code() == ErrorCode::unsupported ? ErrorCode::unsupported
                                                                     : ErrorCode::input;
    return Status(code, at + ": " + bytes.status().message());
  }
  if (*bytes != byte_size) {
    return input_error(at + ": " + ggml_type_name(type) + " dims need " + std::to_string(*bytes) +
                       " bytes, got " + std::to_string(byte_size));
  }
  return {};
}

Status GgufWriter::add_tensor(const std::string& name, uint32_t type,
                              const std::vector<int64_t>& dims, const void* data,
                              size_t byte_size) {
  BW_TRY(check_tensor(name, type, dims, byte_size));
  tensors_.push_back({name, type, dims, static_cast<const uint8_t*>(data), byte_size, {}});
  return {};
}

Status GgufWriter::add_tensor(const std::string& name, uint32_t type,
                              const std::vector<int64_t>& dims, std::vector<uint8_t> data) {
  BW_TRY(check_tensor(name, type, dims, data.size()));
  const size_t size = data.size();
  tensors_.push_back({name, type, dims, nullptr, size, std::move(data)});
  return {};
}

Result<uint32_t> GgufWriter::alignment() const {
  for (const Kv& kv : kvs_) {
    if (kv.key != "general.alignment") continue;
    if (kv.type != GgufType::u32) return input_error("gguf key 'general.alignment' must be u32");
    const uint32_t a = load_le<uint32_t>(kv.value.data());
    if (a == 0 || (a & (a - 1)) != 0) {
      return input_error("gguf general.alignment " + std::to_string(a) + " is not a power of two");
    }
    return a;
  }
  return kGgufDefaultAlignment;
}

Result<std::vector<uint8_t>> GgufWriter::write() const {
  BW_ASSIGN(uint32_t align, alignment());
  std::vector<uint8_t> out = {'G', 'G', 'U', 'F'};
  append_le<uint32_t>(out, kVersion);
  append_le<uint64_t>(out, tensors_.size());
  append_le<uint64_t>(out, kvs_.size());
  for (const Kv& kv : kvs_) {
    append_string(out, kv.key);
    append_le<uint32_t>(out, uint32_t(kv.type));
    out.insert(out.end(), kv.value.begin(), kv.value.end());
  }
  uint64_t offset = 0;  // running offset in the data section, each tensor padded to `align`
  for (const Tensor& t : tensors_) {
    append_string(out, t.name);
    append_le<uint32_t>(out, uint32_t(t.dims.size()));
    for (int64_t d : t.dims) append_le<uint64_t>(out, uint64_t(d));
    append_le<uint32_t>(out, t.type);
    append_le<uint64_t>(out, offset);
    offset += (t.byte_size + align - 1) / align * align;
  }
  pad_to(out, align);
  out.reserve(out.size() + size_t(offset));
  for (const Tensor& t : tensors_) {
    const uint8_t* data = t.owned.empty() ? t.data : t.owned.data();
    out.insert(out.end(), data, data + t.byte_size);
    pad_to(out, align);
  }
  return out;
}

}  // namespace bertwasm
