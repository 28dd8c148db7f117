#include "model_files.h"

#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "util/file.h"

namespace bertwasm::test {

std::string write_safetensors(const std::map<std::string, F32Tensor>& tensors) {
  nlohmann::json header = nlohmann::json::object();
  size_t offset = 0;
  for (const auto& [name, t] : tensors) {
    const size_t bytes = t.values.size() * sizeof(float);
    header[name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string head = header.dump();
  while (head.size() % 8) head += ' ';
  std::string out(8, '\0');
  const uint64_t n = head.size();
  std::memcpy(out.data(), &n, 8);  // little-endian host
  out += head;
  for (const auto& [name, t] : tensors)
    out.append(reinterpret_cast<const char*>(t.values.data()), t.values.size() * sizeof(float));
  return out;
}

double max_abs_diff(const float* a, const double* b, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(double(a[i]) - b[i]));
  return m;
}

double one_minus_cosine(const float* a, const double* b, size_t n) {
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < n; ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += b[i] * b[i];
  }
  return 1.0 - dot / std::sqrt(na * nb);
}

}  // namespace bertwasm::test
