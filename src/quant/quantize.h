// Row quantization to ggml's block formats (scalar references, bit-identical to ggml's
// quantize_row_q8_0_ref / quantize_row_q4_0_ref) and dequantization back to float.
#pragma once

#include <cstddef>

#include "quant/blocks.h"

namespace bertwasm {

// k must be a multiple of kQuantBlock.
void quantize_row_q8_0(const float* x, BlockQ8_0* y, int k);
void quantize_row_q4_0(const float* x, BlockQ4_0* y, int k);
void dequantize_row_q8_0(const BlockQ8_0* x, float* y, int k);
void dequantize_row_q4_0(const BlockQ4_0* x, float* y, int k);
void quantize_row_f16(const float* x, uint16_t* y, int k);
void dequantize_row_f16(const uint16_t* x, float* y, int k);

// Bytes one row of k elements takes in `type` (k % 32 == 0 for the block types).
size_t row_bytes(DType type, int k);
// Row `r` of a matrix of rows in `type`, as floats.
void dequantize_row(DType type, const void* rows, int r, int k, float* out);
const char* dtype_name(DType type);  // "f32", "f16", "q8_0", "q4_0", "bf16"

}  // namespace bertwasm
