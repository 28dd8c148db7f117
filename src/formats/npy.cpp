// .npy parsing: magic and version, the header's Python dict literal, then the data (see npy.h).
#include "formats/npy.h"

#include <cstring>

#include "quant/fp16.h"  // header-only half -> float conversion

namespace bertwasm {
namespace {

constexpr size_t kMaxDims = 32;  // NumPy's own limit

// The header dict, e.g. {'descr': '<f8', 'fortran_order': False, 'shape': (15, 128), }
struct Header {
  std::string descr;
  bool fortran_order = false;
  std::vector<int64_t> shape;
  bool has_descr = false, has_order = false, has_shape = false;
};

class DictParser {
 public:
  DictParser(const std::string& text, const std::string& where) : s_(text), where_(where) {}

  Status parse(Header& h) {
    BW_TRY(expect('{'));
    while (true) {
      skip_ws();
      if (peek() == '}') break;
      std::string key;
      BW_TRY(parse_string(key));
      BW_TRY(expect(':'));
      if (key == "descr") {
        BW_TRY(parse_string(h.descr));
        h.has_descr = true;
      } else if (key == "fortran_order") {
        BW_TRY(parse_bool(h.fortran_order));
        h.has_order = true;
      } else if (key == "shape") {
        BW_TRY(parse_shape(h.shape));
        h.has_shape = true;
      } else {
        return error("unexpected key '" + key + "'");
      }
      skip_ws();
      if (peek() == ',') ++pos_;
      else if (peek() != '}') return error("expected ',' or '}'");
    }
    ++pos_;
    skip_ws();
    if (pos_ != s_.size()) return error("text after the header dict");
    return {};
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t')) ++pos_;
  }
  Status error(const std::string& what) const {
    return format_error(where_ + ": npy header at character " + std::to_string(pos_) + ": " +
                        what);
  }
  Status expect(char c) {
    skip_ws();
    if (peek() != c) return error(std::string("expected '") + c + "'");
    ++pos_;
    return {};
  }
  Status parse_string(std::string& out) {
    skip_ws();
    const char quote = peek();
    if (quote != '\'' && quote != '"') return error("expected a quoted string");
    size_t end = s_.find(quote, pos_ + 1);
    if (end == std::string::npos) return error("unterminated string");
    out = s_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    return {};
  }
  Status parse_bool(bool& out) {
    skip_ws();
    if (s_.compare(pos_, 4, "True") == 0) {
      out = true;
      pos_ += 4;
    } else if (s_.compare(pos_, 5, "False") == 0) {
      out = false;
      pos_ += 5;
    } else {
      return error("expected True or False");
    }
    return {};
  }
  Status parse_shape(std::vector<int64_t>& shape) {
    BW_TRY(expect('('));
    while (true) {
      skip_ws();
      if (peek() == ')') break;
      if (peek() < '0' || peek() > '9') return error("expected a dimension");
      int64_t d = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (d > (int64_t(1) << 50)) return error("dimension too large");
        d = d * 10 + (s_[pos_++] - '0');
      }
      if (shape.size() == kMaxDims) return error("too many dimensions");
      shape.push_back(d);
      skip_ws();
      if (peek() == ',') ++pos_;
      else if (peek() != ')') return error("expected ',' or ')' in shape");
    }
    ++pos_;
    return {};
  }

  const std::string& s_;
  const std::string& where_;
  size_t pos_ = 0;
};

template <class T>
T load(const uint8_t* p) {  // little-endian host (x86, wasm)
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

double read_element(const std::string& descr, const uint8_t* p) {
  if (descr == "<f8") return load<double>(p);
  if (descr == "<f4") return load<float>(p);
  if (descr == "<f2") return f16_to_f32(load<uint16_t>(p));
  if (descr == "<i4") return load<int32_t>(p);
  return double(load<int64_t>(p));  // "<i8"
}

size_t element_size(const std::string& descr) {
  if (descr == "<f8" || descr == "<i8") return 8;
  if (descr == "<f4" || descr == "<i4") return 4;
  if (descr == "<f2") return 2;
  return 0;
}

}  // namespace

Result<NpyArray> parse_npy(const uint8_t* bytes, size_t size, std::string file_name) {
  const std::string& where = file_name;
  static const uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (size < 10 || std::memcmp(bytes, kMagic, 6) != 0) {
    return format_error(where + ": not a .npy file (no \\x93NUMPY magic)");
  }
  const int major = bytes[6];
  if (major < 1 || major > 3) {
    return unsupported_error(where + ": .npy format version " + std::to_string(major) +
                             " is not supported");
  }
  const size_t len_bytes = major == 1 ? 2 : 4;
  const size_t prefix = 8 + len_bytes;
  if (size < prefix) return format_error(where + ": truncated .npy header length");
  size_t header_len = 0;
  for (size_t i = len_bytes; i-- > 0;) header_len = (header_len << 8) | bytes[8 + i];
  if (header_len > size - prefix) {
    return format_error(where + ": header length " + std::to_string(header_len) +
                        " exceeds the file size " + std::to_string(size));
  }
  const std::string text(reinterpret_cast<const char*>(bytes + prefix), header_len);
  Header h;
  BW_TRY(DictParser(text, where).parse(h));
  if (!h.has_descr || !h.has_order || !h.has_shape) {
    return format_error(where + ": npy header needs 'descr', 'fortran_order' and 'shape'");
  }
  const size_t elem = element_size(h.descr);
  if (elem == 0) {
    return unsupported_error(where + ": npy dtype '" + h.descr +
                             "' is not supported (<f8, <f4, <f2, <i4, <i8)");
  }
  if (h.fortran_order) return unsupported_error(where + ": Fortran-order arrays are not supported");

  const size_t data_size = size - prefix - header_len;
  // Overflow-checked element count (a zero dimension makes any other size harmless).
  uint64_t count = 1;
  bool overflow = false;
  for (int64_t d : h.shape) {
    overflow = __builtin_mul_overflow(count, uint64_t(d), &count) || overflow;
  }
  for (int64_t d : h.shape) overflow = overflow && d != 0;
  uint64_t needed = 0;
  overflow = __builtin_mul_overflow(count, uint64_t(elem), &needed) || overflow;
  if (overflow || needed != data_size) {
    return format_error(where + ": shape needs " +
                        (overflow ? std::string("an overflowing number of")
                                  : std::to_string(needed)) +
                        " data bytes but the file has " + std::to_string(data_size));
  }

  NpyArray a;
  a.descr = h.descr;
  a.shape = h.shape;
  a.values.resize(size_t(count));
  const uint8_t* data = bytes + prefix + header_len;
  for (size_t i = 0; i < a.values.size(); ++i) a.values[i] = read_element(h.descr, data + i * elem);
  return a;
}

}  // namespace bertwasm
