// SIMD-128 row converters of the load path (kernels/convert_rows.h), each matching its scalar
// reference in quant/quantize.cpp bit for bit; tails shorter than a vector use the reference.
#include "kernels/convert_rows.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/q8_0_scales.h"
#include "kernels/simd128.h"
#include "kernels/simd_math.h"
#include "quant/fp16.h"
#include "quant/quantize.h"

namespace bertwasm {
namespace {

constexpr int kBlockVecs = kQuantBlock / 4;  // f32x4 vectors per block

// Halves held in the high 16 bits of 32-bit lanes (low bits zero) as floats, exactly as
// f16_to_f32: exponent and mantissa moved into a float's fields and scaled by 2^112 (exact for
// normal numbers, and for subnormals, which arrive as float subnormals: WebAssembly never
// flushes them, nor does the host without a DAZ mode). For inf / NaN that gives 2^16 · 1.m,
// whose exponent bits are then all set, the payload kept; the sign is put back last.
v128_t high_f16_to_f32x4(v128_t y) {
  const v128_t em = wasm_v128_and(y, wasm_i32x4_splat(0x7fff0000));  // exponent and mantissa
  const v128_t scaled = wasm_f32x4_mul(wasm_u32x4_shr(em, 3), wasm_f32x4_splat(0x1p112f));
  const v128_t special = wasm_v128_and(wasm_i32x4_gt(em, wasm_i32x4_splat(0x7bff0000)), wasm_i32x4_splat(0x7f800000));
  return wasm_v128_or(wasm_v128_or(scaled, special), wasm_v128_xor(y, em));
}

// Loads one block and returns its largest magnitude (NaN lanes never win, as in std::max).
float load_block(const float* x, v128_t v[kBlockVecs]) {
  v128_t amax = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < kBlockVecs; ++i) {
    v[i] = wasm_v128_load(x + 4 * i);
    amax = wasm_f32x4_pmax(amax, wasm_f32x4_abs(v[i]));
  }
  return simd::hmax_f32x4(amax);
}

}  // namespace

void f16_to_f32_row__simd128(const uint16_t* x, float* y, int k) {
  int i = 0;
  // Even and odd halves are converted in place in their 32-bit lanes, then interleaved: with
  // 16-bit extends, clang 14 emits byte shuffles that V8 runs at half this speed.
  for (; i + 8 <= k; i += 8) {
    const v128_t h = wasm_v128_load(x + i);
    const v128_t even = high_f16_to_f32x4(wasm_i32x4_shl(h, 16));
    const v128_t odd = high_f16_to_f32x4(wasm_v128_and(h, wasm_i32x4_splat(int32_t(0xffff0000u))));
    wasm_v128_store(y + i, wasm_i32x4_shuffle(even, odd, 0, 4, 1, 5));
    wasm_v128_store(y + i + 4, wasm_i32x4_shuffle(even, odd, 2, 6, 3, 7));
  }
  for (; i < k; ++i) {
    uint16_t h;
    std::memcpy(&h, x + i, sizeof(h));
    y[i] = f16_to_f32(h);
  }
}

void bf16_to_f32_row__simd128(const uint16_t* x, float* y, int k) {
  int i = 0;
  for (; i + 8 <= k; i += 8) {
    const v128_t h = wasm_v128_load(x + i);
    wasm_v128_store(y + i, wasm_i32x4_shl(wasm_u32x4_extend_low_u16x8(h), 16));
    wasm_v128_store(y + i + 4, wasm_i32x4_shl(wasm_u32x4_extend_high_u16x8(h), 16));
  }
  for (; i < k; ++i) {
    uint16_t h;
    std::memcpy(&h, x + i, sizeof(h));
    y[i] = bf16_to_f32(h);
  }
}

// When the scale is so small (a block of subnormals) that 1/d overflows, the reference's
// roundf(x · inf) is out of int8 range; C++ leaves that undefined and ggml's code gives 0 on x86
// and WebAssembly (the int32 conversion yields INT32_MIN, whose low byte is 0): so do we.
void quantize_row_q8_0__simd128(const float* x, BlockQ8_0* y, int k) {
  const int blocks = k / kQuantBlock;
  for (int b0 = 0; b0 < blocks; b0 += q8_0::kGroupBlocks) {
    const int count = std::min(q8_0::kGroupBlocks, blocks - b0);
    float d16[q8_0::kGroupBlocks], inverse[q8_0::kGroupBlocks];
    q8_0::group_scales(x + size_t(b0) * kQuantBlock, count, d16, inverse);
    for (int b = b0; b < b0 + count; ++b) {
      const float* xb = x + size_t(b) * kQuantBlock;
      y[b].d = f32_to_f16(d16[b - b0]);  // exact: d16 is an f16 value
      if (std::isinf(inverse[b - b0])) {
        std::memset(y[b].qs, 0, sizeof(y[b].qs));
        continue;
      }
      // Round, then narrow 32 int32 lanes to int8 (values are within ±127).
      const v128_t id = wasm_f32x4_splat(inverse[b - b0]);
      v128_t q[kBlockVecs];
      for (int i = 0; i < kBlockVecs; ++i) q[i] = simd::round_half_away_i32x4(wasm_f32x4_mul(wasm_v128_load(xb + 4 * i), id));
      for (int h = 0; h < 2; ++h) {
        const v128_t* p = q + 4 * h;
        const v128_t bytes = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(p[0], p[1]), wasm_i16x8_narrow_i32x4(p[2], p[3]));
        wasm_v128_store(y[b].qs + 16 * h, bytes);
      }
    }
  }
}

// The scale maps the value of largest magnitude, the first one in the block when several tie,
// to -8 (quantize_row_q4_0); an all-zero block keeps +0 there, as the reference does.
void quantize_row_q4_0__simd128(const float* x, BlockQ4_0* y, int k) {
  for (int b = 0; b < k / kQuantBlock; ++b, x += kQuantBlock) {
    v128_t v[kBlockVecs];
    const float amax = load_block(x, v);
    float max = 0.0f;
    if (amax > 0.0f) {
      const v128_t target = wasm_f32x4_splat(amax);
      for (int i = 0; i < kBlockVecs; ++i) {
        const int hits = wasm_i32x4_bitmask(wasm_f32x4_eq(wasm_f32x4_abs(v[i]), target));
        if (hits) {
          std::memcpy(&max, x + 4 * i + __builtin_ctz(unsigned(hits)), sizeof(max));
          break;
        }
      }
    }
    const float d = max / -8.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    y[b].d = f32_to_f16(d);
    if (std::isinf(id)) {  // as in quantize_row_q8_0__simd128: the reference gives nibbles 0
      std::memset(y[b].qs, 0, sizeof(y[b].qs));
      continue;
    }
    // int8_t(x · id + 8.5) clamped to 15, then element j in the low nibble of byte j and
    // element j + 16 in its high nibble.
    v128_t q[kBlockVecs];
    for (int i = 0; i < kBlockVecs; ++i) {
      const v128_t shifted = wasm_f32x4_add(wasm_f32x4_mul(v[i], wasm_f32x4_splat(id)), wasm_f32x4_splat(8.5f));
      q[i] = wasm_i32x4_min(wasm_i32x4_trunc_sat_f32x4(shifted), wasm_i32x4_splat(15));
    }
    const v128_t lo = wasm_u8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(q[0], q[1]), wasm_i16x8_narrow_i32x4(q[2], q[3]));
    const v128_t hi = wasm_u8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(q[4], q[5]), wasm_i16x8_narrow_i32x4(q[6], q[7]));
    wasm_v128_store(y[b].qs, wasm_v128_or(lo, wasm_i8x16_shl(hi, 4)));
  }
}

void convert_row(DType from, const void* x, DType to, void* y, int k, float* scratch) {
  if (from == to) {
    std::memcpy(y, x, row_bytes(to, k));
    return;
  }
  // Widen to floats first: into y when floats are the goal, else into scratch.
  const float* values = static_cast<const float*>(x);
  if (from != DType::f32) {
    float* out = to == DType::f32 ? static_cast<float*>(y) : scratch;
    switch (from) {
      case DType::f16: f16_to_f32_row__simd128(static_cast<const uint16_t*>(x), out, k); break;
      case DType::bf16: bf16_to_f32_row__simd128(static_cast<const uint16_t*>(x), out, k); break;
      default: dequantize_row(from, x, 0, k, out); break;
    }
    values = out;
  }
  switch (to) {
    case DType::f32: break;  // widened into y above
    case DType::f16: quantize_row_f16(values, static_cast<uint16_t*>(y), k); break;
    case DType::q8_0: quantize_row_q8_0__simd128(values, static_cast<BlockQ8_0*>(y), k); break;
    case DType::q4_0: quantize_row_q4_0__simd128(values, static_cast<BlockQ4_0*>(y), k); break;
    case DType::bf16: break;  // not a storage type
  }
}

}  // namespace bertwasm
