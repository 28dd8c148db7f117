// GGUF parsing: header, key/values, tensor infos and the data section, every length checked
// against the bytes left (layout in gguf.h).
#include "formats/gguf.h"

#include <algorithm>
#include <utility>

#include "formats/byte_io.h"

namespace bertwasm {

namespace {

constexpr uint64_t kMaxKvs = 1 << 16;      // a BERT file has ~30; llama.cpp models a few hundred
constexpr uint64_t kMaxTensors = 1 << 16;  // a BERT file has ~200
constexpr size_t kMinKvBytes = 8 + 4 + 1;  // empty key, type, u8 value
constexpr size_t kMinTensorInfoBytes = 8 + 1 + 4 + 8 + 4 + 8;  // 1-char name, one dim

std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 80)) out += (c >= 32 && c < 127) ? c : '?';
  if (s.size() > 80) out += "...";
  return out + "'";
}

}  // namespace

// Walks the file front to back; `at` names what is being read for error messages.
class GgufParser {
 public:
  GgufParser(const uint8_t* bytes, size_t size, GgufFile& out)
      : p_(bytes), size_(size), out_(out), where_(out.file_name_) {}

  Status parse() {
    BW_TRY(parse_header());
    for (uint64_t i = 0; i < n_kv_; ++i) BW_TRY(parse_kv());
    BW_TRY(read_alignment());
    for (uint64_t i = 0; i < n_tensors_; ++i) BW_TRY(parse_tensor_info());
    return place_tensors();
  }

 private:
  size_t left() const { return size_ - pos_; }

  Status error(const std::string& at, const std::string& what) const {
    return format_error(where_ + ": " + at + " at byte " + std::to_string(pos_) + ": " + what);
  }

  Status need(size_t n, const std::string& at) const {
    if (n <= left()) return {};
    return error(at, "needs " + std::to_string(n) + " bytes, only " + std::to_string(left()) +
                         " left (truncated file?)");
  }

  template <class T>
  Status read(T& v, const std::string& at) {
    BW_TRY(need(sizeof(T), at));
    v = load_le<T>(p_ + pos_);
    pos_ += sizeof(T);
    return {};
  }

  // A string's bytes stay in the file; returns a view.
  Status read_string(std::string_view& s, const std::string& at) {
    uint64_t len = 0;
    BW_TRY(read(len, at));
    if (len > left()) {
      pos_ -= 8;
      return error(at, "string length " + std::to_string(len) + " exceeds the " +
                           std::to_string(left() - 8) + " bytes left");
    }
    s = std::string_view(reinterpret_cast<const char*>(p_ + pos_), size_t(len));
    pos_ += size_t(len);
    return {};
  }

  Status parse_header() {
    if (size_ < 4 || std::string_view(reinterpret_cast<const char*>(p_), 4) != "GGUF") {
      return format_error(where_ + ": not a GGUF file (no \"GGUF\" magic at byte 0)");
    }
    pos_ = 4;
    BW_TRY(read(out_.version_, "the version"));
    if (out_.version_ != 2 && out_.version_ != 3) {
      std::string hint = (out_.version_ & 0xffff) == 0 ? " (a big-endian file?)" : "";
      return unsupported_error(where_ + ": GGUF version " + std::to_string(out_.version_) +
                               " is not supported (2 and 3 are)" + hint);
    }
    BW_TRY(read(n_tensors_, "the tensor count"));
    BW_TRY(read(n_kv_, "the key/value count"));
    if (n_kv_ > kMaxKvs || n_kv_ > left() / kMinKvBytes) {
      return error("the header", "key/value count " + std::to_string(n_kv_) +
                                     " is absurd for the " + std::to_string(left()) +
                                     " bytes left");
    }
    if (n_tensors_ > kMaxTensors || n_tensors_ > left() / kMinTensorInfoBytes) {
      return error("the header", "tensor count " + std::to_string(n_tensors_) +
                                     " is absurd for the " + std::to_string(left()) +
                                     " bytes left");
    }
    out_.kvs_.reserve(size_t(n_kv_));
    out_.tensors_.reserve(size_t(n_tensors_));
    return {};
  }

  Status parse_kv() {
    const std::string nth = "key/value #" + std::to_string(out_.kvs_.size());
    std::string_view key;
    BW_TRY(read_string(key, nth + " key"));
    const std::string at = "key " + quoted(key);
    GgufKv kv;
    kv.key = std::string(key);
    if (out_.kv_index_.count(kv.key)) return error(at, "duplicate key");

    uint32_t type = 0;
    BW_TRY(read(type, at + " type"));
    if (type >= kGgufTypeCount) {
      pos_ -= 4;
      return error(at, "unknown value type " + std::to_string(type));
    }
    kv.type = GgufType(type);
    if (kv.type == GgufType::array) {
      uint32_t element = 0;
      BW_TRY(read(element, at + " array type"));
      if (element >= kGgufTypeCount || GgufType(element) == GgufType::array) {
        pos_ -= 4;
        return error(at, element == uint32_t(GgufType::array)
                             ? std::string("arrays of arrays are not supported")
                             : "unknown array element type " + std::to_string(element));
      }
      kv.array_type = GgufType(element);
      BW_TRY(read(kv.count, at + " array length"));
    }
    kv.file_offset = pos_;
    kv.data = p_ + pos_;
    BW_TRY(skip_values(kv, at));
    out_.kv_index_.emplace(kv.key, out_.kvs_.size());
    out_.kvs_.push_back(std::move(kv));
    return {};
  }

  // Moves past a value (or an array's elements), validating lengths and booleans.
  Status skip_values(const GgufKv& kv, const std::string& at) {
    const GgufType t = kv.type == GgufType::array ? kv.array_type : kv.type;
    if (t == GgufType::string) {
      if (kv.count > left() / 8) {
        return error(at, "array of " + std::to_string(kv.count) + " strings cannot fit in " +
                             std::to_string(left()) + " bytes");
      }
      std::string_view s;
      for (uint64_t i = 0; i < kv.count; ++i) BW_TRY(read_string(s, at));
      return {};
    }
    const size_t elem = gguf_scalar_size(t);
    if (kv.count > left() / elem) {
      return error(at, std::to_string(kv.count) + " values of type " + gguf_type_name(t) +
                           " need more than the " + std::to_string(left()) + " bytes left");
    }
    if (t == GgufType::boolean) {
      for (uint64_t i = 0; i < kv.count; ++i) {
        if (p_[pos_ + i] > 1) {
          pos_ += size_t(i);
          return error(at, "boolean value " + std::to_string(p_[pos_]) + " is not 0 or 1");
        }
      }
    }
    pos_ += size_t(kv.count) * elem;
    return {};
  }

  Status read_alignment() {
    const GgufKv* kv = out_.find_kv("general.alignment");
    if (!kv) return {};
    if (kv->type != GgufType::u32) {
      return format_error(where_ + ": key 'general.alignment' must be u32, not " +
                          gguf_type_name(kv->type));
    }
    const uint32_t a = load_le<uint32_t>(kv->data);
    if (a == 0 || (a & (a - 1)) != 0) {
      return format_error(where_ + ": general.alignment " + std::to_string(a) +
                          " is not a power of two");
    }
    out_.alignment_ = a;
    return {};
  }

  Status parse_tensor_info() {
    const std::string nth = "tensor info #" + std::to_string(out_.tensors_.size());
    std::string_view name;
    BW_TRY(read_string(name, nth + " name"));
    const std::string at = "tensor " + quoted(name);
    if (name.empty() || name.size() > kGgufMaxNameLen) {
      return error(at, "name length " + std::to_string(name.size()) + " is not in 1.." +
                           std::to_string(kGgufMaxNameLen));
    }
    GgufTensor t;
    t.name = std::string(name);
    if (out_.tensor_index_.count(t.name)) return error(at, "duplicate tensor name");

    uint32_t n_dims = 0;
    BW_TRY(read(n_dims, at + " n_dims"));
    if (n_dims == 0 || n_dims > kGgufMaxDims) {
      pos_ -= 4;
      return error(at, "n_dims " + std::to_string(n_dims) + " is not in 1..4");
    }
    for (uint32_t d = 0; d < n_dims; ++d) {
      uint64_t ne = 0;
      BW_TRY(read(ne, at + " dims"));
      if (ne > uint64_t(INT64_MAX)) {
        pos_ -= 8;
        return error(at, "dimension " + std::to_string(ne) + " is too large");
      }
      t.dims.push_back(int64_t(ne));
    }
    BW_TRY(read(t.type, at + " type"));
    BW_TRY(read(t.offset, at + " offset"));
    Result<uint64_t> bytes = ggml_tensor_bytes(t.type, t.dims);
    if (!bytes.ok()) {
      return Status(bytes.status().code(), where_ + ": " + at + ": " + bytes.status().message());
    }
    if (*bytes > size_) {
      return error(at, "its " + std::to_string(*bytes) + " bytes exceed the file size");
    }
    t.byte_size = size_t(*bytes);
    out_.tensor_index_.emplace(t.name, out_.tensors_.size());
    out_.tensors_.push_back(std::move(t));
    return {};
  }

  // The data section starts at the next multiple of the alignment; each tensor must sit aligned
  // inside it, and no two may overlap.
  Status place_tensors() {
    const uint64_t a = out_.alignment_;
    const uint64_t start = (uint64_t(pos_) + a - 1) / a * a;
    if (start > size_ && !out_.tensors_.empty()) {
      return format_error(where_ + ": data section at byte " + std::to_string(start) +
                          " is past the end of the file (" + std::to_string(size_) + " bytes)");
    }
    out_.data_offset_ = size_t(std::min<uint64_t>(start, size_));
    const uint64_t data_size = size_ - out_.data_offset_;
    std::vector<const GgufTensor*> by_offset;
    for (GgufTensor& t : out_.tensors_) {
      const std::string at = where_ + ": tensor " + quoted(t.name);
      if (t.offset % a != 0) {
        return format_error(at + ": offset " + std::to_string(t.offset) +
                            " is not a multiple of the alignment " + std::to_string(a));
      }
      if (t.offset > data_size || t.byte_size > data_size - t.offset) {
        return format_error(at + ": bytes " + std::to_string(t.offset) + ".." +
                            std::to_string(t.offset + t.byte_size) +
                            " run past the end of the data section (" +
                            std::to_string(data_size) + " bytes at file offset " +
                            std::to_string(out_.data_offset_) + ")");
      }
      t.data = p_ + out_.data_offset_ + t.offset;
      by_offset.push_back(&t);
    }
    std::stable_sort(by_offset.begin(), by_offset.end(),
                     [](const GgufTensor* x, const GgufTensor* y) { return x->offset < y->offset; });
    for (size_t i = 1; i < by_offset.size(); ++i) {
      const GgufTensor& prev = *by_offset[i - 1];
      const GgufTensor& cur = *by_offset[i];
      if (cur.offset < prev.offset + prev.byte_size) {
        return format_error(where_ + ": tensor " + quoted(cur.name) + " at data offset " +
                            std::to_string(cur.offset) + " overlaps tensor " + quoted(prev.name) +
                            " (" + std::to_string(prev.offset) + ".." +
                            std::to_string(prev.offset + prev.byte_size) + ")");
      }
    }
    return {};
  }

  const uint8_t* p_;
  size_t size_;
  size_t pos_ = 0;
  GgufFile& out_;
  const std::string& where_;
  uint64_t n_tensors_ = 0, n_kv_ = 0;
};

int64_t GgufTensor::element_count() const {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

Result<GgufFile> GgufFile::parse(const uint8_t* bytes, size_t size, std::string file_name) {
  GgufFile file;
  file.file_name_ = std::move(file_name);
  BW_TRY(GgufParser(bytes, size, file).parse());
  return file;
}

const GgufKv* GgufFile::find_kv(std::string_view key) const {
  auto it = kv_index_.find(key);
  return it == kv_index_.end() ? nullptr : &kvs_[it->second];
}

const GgufTensor* GgufFile::find_tensor(std::string_view name) const {
  auto it = tensor_index_.find(name);
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

}  // namespace bertwasm
