// Normalization, int8 quantization and sign bits of one vector (see vector_codec.h).
#include "index/vector_codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace bertwasm::index {

Result<double> l2_norm(const float* x, size_t dim) {
  // Four partial sums (squares of floats cannot overflow a double); NaN or infinity propagates.
  double partial[4] = {0.0, 0.0, 0.0, 0.0};
  size_t i = 0;
  for (; i + 4 <= dim; i += 4) {
    for (size_t j = 0; j < 4; ++j) partial[j] += double(x[i + j]) * double(x[i + j]);
  }
  for (; i < dim; ++i) partial[0] += double(x[i]) * double(x[i]);
  const double sum = (partial[0] + partial[1]) + (partial[2] + partial[3]);
  if (!std::isfinite(sum)) {
    for (i = 0; i < dim && std::isfinite(x[i]); ++i) {
    }
    return input_error("value " + std::to_string(i) + (std::isnan(x[i]) ? " is NaN" : " is infinite"));
  }
  if (sum == 0.0) return input_error("all values are zero (a zero vector has no direction)");
  return std::sqrt(sum);
}

void scale_to_unit(const float* x, size_t dim, double norm, float* out) {
  const double inverse = 1.0 / norm;
  for (size_t i = 0; i < dim; ++i) out[i] = float(double(x[i]) * inverse);
}

Status normalize_l2(float* x, size_t dim) {
  BW_ASSIGN(const double norm, l2_norm(x, dim));
  scale_to_unit(x, dim, norm, x);
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
