// Normalization, int8 quantization and sign bits of one vector (see vector_codec.h).
#include "index/vector_codec.h"

#include <algorithm>
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

int32_t query_i16_max(size_t dim) {
  const int64_t limit = (int64_t(1) << 31) - 1;
  return int32_t(std::min<int64_t>(32767, limit / (127 * int64_t(dim == 0 ? 1 : dim))));
}

float quantize_query_i16(const float* x, size_t dim, int16_t* a) {
  float max_abs = 0.0f;
  for (size_t i = 0; i < dim; ++i) max_abs = std::fmax(max_abs, std::fabs(x[i]));
  if (max_abs == 0.0f) {
    std::fill(a, a + dim, int16_t(0));
    return 0.0f;
  }
  const float top = float(query_i16_max(dim));
  for (size_t i = 0; i < dim; ++i) a[i] = int16_t(std::lround(x[i] / max_abs * top));
  return max_abs / top;
}

void sign_bits(const float* x, size_t dim, uint8_t* bits) {
  std::memset(bits, 0, sign_bytes(dim));
  for (size_t i = 0; i < dim; ++i) {
    if (x[i] > 0.0f) bits[i / 8] |= uint8_t(1u << (i % 8));
  }
}

}  // namespace bertwasm::index
