// ggml-identical block formats for quantized weights. A row of K values is K/32 blocks.
//   Q8_0: value = d * qs[i]                      (qs signed 8-bit)
//   Q4_0: value = d * ((nibble) - 8), where byte j holds element j in its low nibble and
//         element j + 16 in its high nibble (ggml's layout).
#pragma once

#include <cstdint>

namespace bertwasm {

constexpr int kQuantBlock = 32;  // elements per block (ggml's QK8_0 == QK4_0 == 32)

struct BlockQ8_0 {
  uint16_t d;               // scale, IEEE half
  int8_t qs[kQuantBlock];   // quantized values
};
static_assert(sizeof(BlockQ8_0) == 34, "block_q8_0 is 34 bytes in ggml");

struct BlockQ4_0 {
  uint16_t d;                   // scale, IEEE half
  uint8_t qs[kQuantBlock / 2];  // low nibble: element j, high nibble: element j + 16
};
static_assert(sizeof(BlockQ4_0) == 18, "block_q4_0 is 18 bytes in ggml");

// Weight element types the model understands (values match ggml's ggml_type ids).
enum class DType : uint32_t { f32 = 0, f16 = 1, q4_0 = 2, q8_0 = 8, bf16 = 30 };

}  // namespace bertwasm
