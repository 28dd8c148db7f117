// Row converters of the load path: a file's element type (f32, f16, bf16, Q8_0, Q4_0) to the
// type weights are stored in. The SIMD-128 kernels produce output bit-identical to the scalar
// references of quant/quantize.h (ggml's), which stay the definition; tests compare the two.
// Inputs may be unaligned (safetensors data need not be); nothing is read or written past k.
#pragma once

#include <cstdint>

#include "quant/blocks.h"

namespace bertwasm {

// IEEE half / bfloat16 -> float, exact (NaN payloads kept), any k.
void f16_to_f32_row__simd128(const uint16_t* x, float* y, int k);
void bf16_to_f32_row__simd128(const uint16_t* x, float* y, int k);
// float -> ggml blocks, as quantize_row_q8_0 / quantize_row_q4_0; k % 32 == 0.
void quantize_row_q8_0__simd128(const float* x, BlockQ8_0* y, int k);
void quantize_row_q4_0__simd128(const float* x, BlockQ4_0* y, int k);

// One row of k values from type `from` to type `to` (f32, f16, q8_0 or q4_0; from may also be
// bf16), through the kernels above. `scratch` holds k floats, used when neither side is f32.
// Block types need k % 32 == 0. The result equals dequantize_row + the quantize_row_* reference.
void convert_row(DType from, const void* x, DType to, void* y, int k, float* scratch);

}  // namespace bertwasm
