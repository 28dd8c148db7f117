// safetensors header validation and tensor views (see safetensors.h for the layout).
#include "formats/safetensors.h"

#include <algorithm>
#include <utility>

#include "util/json_fields.h"

namespace bertwasm {
namespace {

using nlohmann::json;

constexpr uint64_t kMaxHeaderBytes = 100000000;  // the reference implementation's limit
constexpr size_t kMaxDims = 16;

struct DtypeSize {
  const char* name;
  size_t size;
};
constexpr DtypeSize kDtypes[] = {
    {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"F8_E8M0", 1},
    {"I16", 2},  {"U16", 2}, {"F16", 2}, {"BF16", 2},    {"I32", 4},     {"U32", 4},
    {"F32", 4},  {"F64", 8}, {"I64", 8}, {"U64", 8},     {"C64", 8},
};

uint64_t read_u64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// A dtype string must look like one ("F32", "F8_E4M3"): it is echoed in messages and kept.
bool plausible_dtype(const std::string& s) {
  if (s.empty() || s.size() > 16) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

struct Entry {
  TensorView view;
  uint64_t begin = 0, end = 0;
};

Result<Entry> parse_entry(const std::string& name, const json& spec, const std::string& where,
                          uint64_t data_size) {
  const std::string at = where + ": tensor \"" + name + "\"";
  if (!spec.is_object()) return format_error(at + " must be an object");
  Entry e;
  e.view.name = name;

  BW_ASSIGN(e.view.dtype, get_json_string_or(spec, "dtype", "", at));
  if (e.view.dtype.empty()) return format_error(at + ": missing \"dtype\"");
  if (!plausible_dtype(e.view.dtype)) return format_error(at + ": malformed dtype");

  auto shape = spec.find("shape");
  if (shape == spec.end() || !shape->is_array()) {
    return format_error(at + ": \"shape\" must be an array of integers");
  }
  if (shape->size() > kMaxDims) {
    return format_error(at + ": shape has " + std::to_string(shape->size()) + " dimensions");
  }
  uint64_t elements = 1;
  bool overflow = false;
  for (const json& d : *shape) {
    int64_t dim = 0;
    if (!json_to_int64(d, dim) || dim < 0) {
      return format_error(at + ": shape entries must be non-negative integers");
    }
    e.view.shape.push_back(dim);
    overflow = overflow || __builtin_mul_overflow(elements, uint64_t(dim), &elements);
  }

  auto offsets = spec.find("data_offsets");
  int64_t begin = 0, end = 0;
  if (offsets == spec.end() || !offsets->is_array() || offsets->size() != 2 ||
      !json_to_int64((*offsets)[0], begin) || !json_to_int64((*offsets)[1], end) || begin < 0 ||
      end < 0) {
    return format_error(at + ": \"data_offsets\" must be two non-negative integers");
  }
  if (begin > end) {
    return format_error(at + ": data_offsets [" + std::to_string(begin) + ", " +
                        std::to_string(end) + "] are reversed");
  }
  if (uint64_t(end) > data_size) {
    return format_error(at + ": data_offsets end " + std::to_string(end) +
                        " is past the data section (" + std::to_string(data_size) + " bytes)");
  }
  e.begin = uint64_t(begin);
  e.end = uint64_t(end);

  const uint64_t span = e.end - e.begin;
  if (size_t elem = safetensors_dtype_size(e.view.dtype)) {
    uint64_t expected = 0;
    if (overflow || __builtin_mul_overflow(elements, uint64_t(elem), &expected) ||
        expected != span) {
      return format_error(at + ": shape and dtype " + e.view.dtype + " need " +
                          (overflow ? std::string("an overflowing number of")
                                    : std::to_string(elements * elem)) +
                          " bytes but data_offsets span " + std::to_string(span));
    }
  }
  e.view.byte_size = size_t(span);
  return e;
}

Status parse_metadata(const json& meta, const std::string& where,
                      std::map<std::string, std::string>& out) {
  if (!meta.is_object()) return format_error(where + ": \"__metadata__\" must be an object");
  for (auto it = meta.begin(); it != meta.end(); ++it) {
    if (!it->is_string()) {
      return format_error(where + ": \"__metadata__\" value of \"" + it.key() +
                          "\" must be a string");
    }
    out[it.key()] = it->get<std::string>();
  }
  return {};
}

}  // namespace

int64_t TensorView::element_count() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

size_t safetensors_dtype_size(std::string_view dtype) {
  for (const DtypeSize& d : kDtypes) {
    if (dtype == d.name) return d.size;
  }
  return 0;
}

Result<SafetensorsFile> SafetensorsFile::parse(const uint8_t* bytes, size_t size,
                                               std::string file_name) {
  const std::string& where = file_name;
  if (size < 8) {
    return format_error(where + ": " + std::to_string(size) +
                        " bytes is too short for a safetensors header length");
  }
  const uint64_t header_len = read_u64_le(bytes);
  if (header_len > size - 8) {
    return format_error(where + ": header length " + std::to_string(header_len) +
                        " exceeds the file size " + std::to_string(size));
  }
  if (header_len > kMaxHeaderBytes) {
    return format_error(where + ": header length " + std::to_string(header_len) +
                        " is over the 100 MB limit");
  }
  if (header_len < 2 || bytes[8] != '{') {
    return format_error(where + ": header at byte 8 is not a JSON object");
  }
  const std::string_view text(reinterpret_cast<const char*>(bytes + 8), size_t(header_len));
  BW_ASSIGN(json header, parse_json_object(text, where + " header"));

  const uint64_t data_start = 8 + header_len;
  const uint64_t data_size = size - data_start;
  SafetensorsFile file;
  std::vector<Entry> entries;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") {
      BW_TRY(parse_metadata(*it, where, file.metadata_));
      continue;
    }
    BW_ASSIGN(Entry e, parse_entry(it.key(), *it, where, data_size));
    e.view.data = bytes + data_start + e.begin;
    entries.push_back(std::move(e));
  }

  // In data order, the tensors must tile the data section exactly: no overlap, no hole.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t cursor = 0;
  for (const Entry& e : entries) {
    if (e.begin < cursor) {
      return format_error(where + ": tensor \"" + e.view.name + "\" at data offset " +
                          std::to_string(e.begin) + " overlaps the previous tensor (ends at " +
                          std::to_string(cursor) + ")");
    }
    if (e.begin > cursor) {
      return format_error(where + ": data bytes " + std::to_string(cursor) + ".." +
                          std::to_string(e.begin) + " before tensor \"" + e.view.name +
                          "\" belong to no tensor");
    }
    cursor = e.end;
  }
  if (cursor != data_size) {
    return format_error(where + ": data section has " + std::to_string(data_size) +
                        " bytes but the tensors end at " + std::to_string(cursor));
  }

  file.file_name_ = std::move(file_name);
  file.tensors_.reserve(entries.size());
  for (Entry& e : entries) {
    file.index_.emplace(e.view.name, file.tensors_.size());
    file.tensors_.push_back(std::move(e.view));
  }
  return file;
}

const TensorView* SafetensorsFile::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &tensors_[it->second];
}

}  // namespace bertwasm
