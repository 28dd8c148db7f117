// How the index stores one vector: L2 normalization (which also rejects NaN, infinities and
// all-zero vectors), per-vector int8 quantization and sign bits. Pure functions over one row.
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/status.h"

namespace bertwasm::index {

// Bytes of sign bits for a dim-component vector.
constexpr size_t sign_bytes(size_t dim) { return (dim + 7) / 8; }

// x /= ||x|| in place, the norm summed in double. E_INPUT ("value 7 is NaN", "all values are
// zero", ...) leaves x unchanged; the caller prefixes which vector it was.
Status normalize_l2(float* x, size_t dim);

// q[i] = round(x[i] / max|x| · 127) (halves away from zero), so q ∈ [-127, 127]; returns the
// scale max|x| / 127, with x[i] ≈ q[i] · scale. An all-zero x gives q = 0 and scale 0.
float quantize_int8(const float* x, size_t dim, int8_t* q);

// Bit i % 8 of bits[i / 8] is 1 when x[i] > 0 (least significant bit first); the bits past dim
// in the last byte are 0. Writes sign_bytes(dim) bytes.
void sign_bits(const float* x, size_t dim, uint8_t* bits);

}  // namespace bertwasm::index
