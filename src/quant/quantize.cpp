#include "quant/quantize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "quant/fp16.h"

namespace bertwasm {

void quantize_row_q8_0(const float* x, BlockQ8_0* y, int k) {
  for (int b = 0; b < k / kQuantBlock; ++b, x += kQuantBlock) {
    float amax = 0.0f;
    for (int j = 0; j < kQuantBlock; ++j) amax = std::max(amax, std::fabs(x[j]));
    const float d = amax / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    y[b].d = f32_to_f16(d);
    for (int j = 0; j < kQuantBlock; ++j) y[b].qs[j] = int8_t(std::roundf(x[j] * id));
  }
}

void quantize_row_q4_0(const float* x, BlockQ4_0* y, int k) {
  constexpr int half = kQuantBlock / 2;
  for (int b = 0; b < k / kQuantBlock; ++b, x += kQuantBlock) {
    // The scale maps the value of largest magnitude (with its sign) to -8.
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < kQuantBlock; ++j) {
      if (amax < std::fabs(x[j])) {
        amax = std::fabs(x[j]);
        max = x[j];
      }
    }
    const float d = max / -8.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    y[b].d = f32_to_f16(d);
    for (int j = 0; j < half; ++j) {
      const uint8_t lo = uint8_t(std::min(15, int(int8_t(x[j] * id + 8.5f))));
      const uint8_t hi = uint8_t(std::min(15, int(int8_t(x[j + half] * id + 8.5f))));
      y[b].qs[j] = uint8_t(lo | (hi << 4));
    }
  }
}

void dequantize_row_q8_0(const BlockQ8_0* x, float* y, int k) {
  for (int b = 0; b < k / kQuantBlock; ++b) {
    const float d = f16_to_f32(x[b].d);
    for (int j = 0; j < kQuantBlock; ++j) *y++ = float(x[b].qs[j]) * d;
  }
}

void dequantize_row_q4_0(const BlockQ4_0* x, float* y, int k) {
  constexpr int half = kQuantBlock / 2;
  for (int b = 0; b < k / kQuantBlock; ++b, y += kQuantBlock) {
    const float d = f16_to_f32(x[b].d);
    for (int j = 0; j < half; ++j) {
      y[j] = float(int(x[b].qs[j] & 0x0f) - 8) * d;
      y[j + half] = float(int(x[b].qs[j] >> 4) - 8) * d;
    }
  }
}

void quantize_row_f16(const float* x, uint16_t* y, int k) {
  for (int i = 0; i < k; ++i) y[i] = f32_to_f16(x[i]);
}

void dequantize_row_f16(const uint16_t* x, float* y, int k) {
  for (int i = 0; i < k; ++i) y[i] = f16_to_f32(x[i]);
}

size_t row_bytes(DType type, int k) {
  switch (type) {
    case DType::f32: return size_t(k) * 4;
    case DType::f16:
    case DType::bf16: return size_t(k) * 2;
    case DType::q8_0: return size_t(k / kQuantBlock) * sizeof(BlockQ8_0);
    case DType::q4_0: return size_t(k / kQuantBlock) * sizeof(BlockQ4_0);
  }
  return 0;
}

void dequantize_row(DType type, const void* rows, int r, int k, float* out) {
  const auto* row = static_cast<const uint8_t*>(rows) + size_t(r) * row_bytes(type, k);
  switch (type) {
    case DType::f32: std::copy_n(reinterpret_cast<const float*>(row), k, out); break;
    case DType::f16: dequantize_row_f16(reinterpret_cast<const uint16_t*>(row), out, k); break;
    case DType::bf16:
      for (int i = 0; i < k; ++i) out[i] = bf16_to_f32(reinterpret_cast<const uint16_t*>(row)[i]);
      break;
    case DType::q8_0: dequantize_row_q8_0(reinterpret_cast<const BlockQ8_0*>(row), out, k); break;
    case DType::q4_0: dequantize_row_q4_0(reinterpret_cast<const BlockQ4_0*>(row), out, k); break;
  }
}

const char* dtype_name(DType type) {
  switch (type) {
    case DType::f32: return "f32";
    case DType::f16: return "f16";
    case DType::bf16: return "bf16";
    case DType::q8_0: return "q8_0";
    case DType::q4_0: return "q4_0";
  }
  return "?";
}

}  // namespace bertwasm
