// How the index stores one vector: L2 normalization (which also rejects NaN, infinities and
// all-zero vectors), per-vector int8 quantization and sign bits; and the int16 form of a query
// scored against int8 vectors. Pure functions over one row.
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/status.h"

namespace bertwasm::index {

// Bytes of sign bits for a dim-component vector.
constexpr size_t sign_bytes(size_t dim) { return (dim + 7) / 8; }

// ||x||, summed in double. E_INPUT ("value 7 is NaN", "value 2 is infinite", "all values are
// zero ...") when x has no direction; the caller prefixes which vector it was.
Result<double> l2_norm(const float* x, size_t dim);
// out = x / norm (out may be x).
void scale_to_unit(const float* x, size_t dim, double norm, float* out);
// x /= ||x|| in place; on error (as l2_norm) x is unchanged.
Status normalize_l2(float* x, size_t dim);

// q[i] = round(x[i] / max|x| · 127) (halves away from zero), so q ∈ [-127, 127]; returns the
// scale max|x| / 127, with x[i] ≈ q[i] · scale. An all-zero x gives q = 0 and scale 0.
float quantize_int8(const float* x, size_t dim, int8_t* q);

// The largest |query value| for a dim-component int16 query against int8 vectors (|q| ≤ 127)
// that keeps Σ|query[i]·q[i]| < 2^31: min(32767, ⌊(2^31 − 1) / (127 · dim)⌋); 32767 up to
// dim 516, 258 at dim 65536.
int32_t query_i16_max(size_t dim);

// a[i] = round(x[i] / max|x| · query_i16_max(dim)); returns the scale max|x| / query_i16_max(dim)
// (0 for an all-zero x).
float quantize_query_i16(const float* x, size_t dim, int16_t* a);

// Bit i % 8 of bits[i / 8] is 1 when x[i] > 0 (least significant bit first); the bits past dim
// in the last byte are 0. Writes sign_bytes(dim) bytes.
void sign_bits(const float* x, size_t dim, uint8_t* bits);

}  // namespace bertwasm::index
