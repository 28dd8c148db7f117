// Similarity kernels of the vector index: f32 dot, int16 query · int8 vector dot, and Hamming
// distance over sign bits. Each operation has a plain scalar reference (`__scalar`, compiled everywhere) and a
// SIMD-128 kernel (`__simd128`, the same source natively through SIMDe). distance_kernels.inc
// lists every variant; tests and benchmarks expand it. No kernel reads past the n elements
// (or n bytes) it is given, and none needs aligned pointers.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bertwasm::index {

// Σ a[i]·b[i] in float. The SIMD kernel sums in another order than the reference, so the two
// agree to rounding (tests: kMaxDotF32Error), not bitwise.
float dot_f32__scalar(const float* a, const float* b, size_t n);
float dot_f32__simd128(const float* a, const float* b, size_t n);

// Σ a[i]·b[i] exactly, for an int16 query a and an int8 vector b with Σ|a[i]·b[i]| < 2^31 (the
// caller bounds |a|: see quantize_query_i16). The SIMD kernel widens b to int16 and multiplies
// pairs with i32x4.dot_i16x8_s.
int32_t dot_i16_i8__scalar(const int16_t* a, const int8_t* b, size_t n);
int32_t dot_i16_i8__simd128(const int16_t* a, const int8_t* b, size_t n);

// Number of differing bits between two bit strings of n_bytes bytes (popcount of a ^ b).
uint32_t hamming__scalar(const uint8_t* a, const uint8_t* b, size_t n_bytes);
uint32_t hamming__simd128(const uint8_t* a, const uint8_t* b, size_t n_bytes);

// The variants the index calls.
inline float dot_f32(const float* a, const float* b, size_t n) { return dot_f32__simd128(a, b, n); }
inline int32_t dot_i16_i8(const int16_t* a, const int8_t* b, size_t n) { return dot_i16_i8__simd128(a, b, n); }
inline uint32_t hamming(const uint8_t* a, const uint8_t* b, size_t n_bytes) {
  return hamming__simd128(a, b, n_bytes);
}

}  // namespace bertwasm::index
