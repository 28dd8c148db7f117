// Normalization, int8 quantization and sign bits of one vector (see vector_codec.h).
#include "index/vector_codec.h"

#include <cmath>
#include <cstring>
#include <string>

namespace bertwasm::index {

Status normalize_l2(float* x, size_t dim) {
  double sum = 0.0;
  for (size_t i = 0; i < dim; ++i) {
    if (std::isnan(x[i])) return input_error("value " + std::to_string(i) + " is NaN");
    if (std::isinf(x[i])) return input_error("value " + std::to_string(i) + " is infinite");
    sum += double(x[i]) * double(x[i]);
  }
  if (sum == 0.0) return input_error("all values are zero (a zero vector has no direction)");
  const double norm = std::sqrt(sum);
  for (size_t i = 0; i < dim; ++i) x[i] = float(double(x[i]) / norm);
  return {};
}

float quantize_int8(const float* x, size_t dim, int8_t* q) {
  float max_abs = 0.0f;
  for (size_t i = 0; i < dim; ++i) max_abs = std::fmax(max_abs, std::fabs(x[i]));
  if (max_abs == 0.0f) {
    std::memset(q, 0, dim);
    return 0.0f;
  }
  for (size_t i = 0; i < dim; ++i) q[i] = int8_t(std::lround(x[i] / max_abs * 127.0f));
  return max_abs / 127.0f;
}

void sign_bits(const float* x, size_t dim, uint8_t* bits) {
  std::memset(bits, 0, sign_bytes(dim));
  for (size_t i = 0; i < dim; ++i) {
    if (x[i] > 0.0f) bits[i / 8] |= uint8_t(1u << (i % 8));
  }
}

}  // namespace bertwasm::index
