// Scalar references of the index's similarity kernels: the plain definitions, in index order.
#include "index/distance_kernels.h"

namespace bertwasm::index {

float dot_f32__scalar(const float* a, const float* b, size_t n) {
  float sum = 0.0f;
  for (size_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

int32_t dot_i16_i8__scalar(const int16_t* a, const int8_t* b, size_t n) {
  int32_t sum = 0;
  for (size_t i = 0; i < n; ++i) sum += int32_t(a[i]) * int32_t(b[i]);
  return sum;
}

uint32_t hamming__scalar(const uint8_t* a, const uint8_t* b, size_t n_bytes) {
  uint32_t count = 0;
  for (size_t i = 0; i < n_bytes; ++i) {
    for (unsigned x = unsigned(a[i] ^ b[i]); x != 0; x &= x - 1) ++count;
  }
  return count;
}

}  // namespace bertwasm::index
