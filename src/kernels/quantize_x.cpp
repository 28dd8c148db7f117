// Activation quantization for the integer matmuls: rows of x become Q8_0 blocks bit-identical to
// quantize_row_q8_0 (amax / 127 scale rounded to f16, values rounded half away from zero), laid
// out as the tile the microkernels read (kernels/gemm.h): int16 pairs, block scales, 8·Σq.
// The scales of four blocks at a time are one vector (two divisions and the f16 rounding per
// block were a third of the time when scalar).
#include <algorithm>

#include "kernels/gemm.h"
#include "kernels/simd128.h"
#include "kernels/simd_math.h"
#include "quant/fp16.h"

namespace bertwasm::gemm {
namespace {

constexpr int kVecs = kQuantBlock / 4;  // float vectors per block
constexpr int kPairs = kQuantBlock / 2;  // int16 pairs per block
constexpr int kGroup = 4;               // blocks whose scales are computed together

// Largest |x| of one block, as a vector whose lanes hold partial maxima. Each pmax has a NaN-free
// first operand, so NaNs are skipped as std::max(amax, |x|) skips them.
v128_t block_amax(const float* x) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  v128_t m[4];
  for (int i = 0; i < 4; ++i) {
    m[i] = wasm_f32x4_pmax(zero, wasm_f32x4_abs(wasm_v128_load(x + 4 * i)));
    m[i] = wasm_f32x4_pmax(m[i], wasm_f32x4_abs(wasm_v128_load(x + 16 + 4 * i)));
  }
  return wasm_f32x4_pmax(wasm_f32x4_pmax(m[0], m[1]), wasm_f32x4_pmax(m[2], m[3]));
}

// Lane i = the largest lane of v[i].
v128_t lane_maxima(v128_t v0, v128_t v1, v128_t v2, v128_t v3) {
  simd::transpose4x4(v0, v1, v2, v3);
  return wasm_f32x4_pmax(wasm_f32x4_pmax(v0, v1), wasm_f32x4_pmax(v2, v3));
}

// Writes the block scales d = amax / 127 rounded through f16 (to `scales`, mr apart) and the
// factors 1/d (0 for d = 0) that quantize_row_q8_0 multiplies by, for `count` <= 4 blocks.
void block_scales(const float* amax, int count, float* scales, int mr, float* inverse) {
  for (int b = 0; b < count; ++b) {
    const float d = amax[b] / 127.0f;
    inverse[b] = d != 0.0f ? 1.0f / d : 0.0f;
    scales[size_t(b) * mr] = f16_to_f32(f32_to_f16(d));
  }
}

// The same for 4 blocks at once. f32 -> f16 -> f32 of a d in the normal f16 range is rounding
// the mantissa to 10 bits, ties to even; other lanes (d < 2^-14, or rounding to inf) go scalar.
void block_scales4(v128_t amax, float* scales, int mr, float* inverse) {
  const v128_t d = wasm_f32x4_div(amax, wasm_f32x4_splat(127.0f));
  const v128_t nonzero = wasm_f32x4_ne(d, wasm_f32x4_splat(0.0f));
  wasm_v128_store(inverse, wasm_v128_and(wasm_f32x4_div(wasm_f32x4_splat(1.0f), d), nonzero));
  const v128_t normal = wasm_v128_and(wasm_i32x4_ge(d, wasm_i32x4_splat(0x38800000)), wasm_i32x4_lt(d, wasm_i32x4_splat(0x477ff000)));
  if (!wasm_i32x4_all_true(normal)) {
    float lanes[kGroup], unused[kGroup];
    wasm_v128_store(lanes, amax);
    block_scales(lanes, kGroup, scales, mr, unused);
    return;
  }
  const v128_t odd = wasm_v128_and(wasm_u32x4_shr(d, 13), wasm_i32x4_splat(1));
  const v128_t rounded = wasm_v128_and(wasm_i32x4_add(wasm_i32x4_add(d, wasm_i32x4_splat(0xfff)), odd), wasm_i32x4_splat(~0x1fff));
  scales[0] = wasm_f32x4_extract_lane(rounded, 0);
  scales[mr] = wasm_f32x4_extract_lane(rounded, 1);
  scales[2 * mr] = wasm_f32x4_extract_lane(rounded, 2);
  scales[3 * mr] = wasm_f32x4_extract_lane(rounded, 3);
}

// Quantizes `count` <= 4 blocks of one row: scales (mr apart) and 8·Σq to the tile, the int16
// pairs to staged[block · 16 + pair].
void quantize_group(const float* x, int count, int mr, float* scales, int32_t* sums, int32_t* staged) {
  float inverse[kGroup];
  if (count == kGroup) {
    block_scales4(lane_maxima(block_amax(x), block_amax(x + kQuantBlock), block_amax(x + 2 * kQuantBlock),
                              block_amax(x + 3 * kQuantBlock)),
                  scales, mr, inverse);
  } else {
    float amax[kGroup];
    for (int b = 0; b < count; ++b) amax[b] = simd::hmax_f32x4(block_amax(x + b * kQuantBlock));
    block_scales(amax, count, scales, mr, inverse);
  }
  for (int b = 0; b < count; ++b, x += kQuantBlock) {
    const v128_t id = wasm_f32x4_splat(inverse[b]);
    v128_t sum = wasm_i32x4_splat(0);
    for (int i = 0; i < kVecs; i += 2) {
      const v128_t q0 = simd::round_half_away_small_i32x4(wasm_f32x4_mul(wasm_v128_load(x + 4 * i), id));
      const v128_t q1 = simd::round_half_away_small_i32x4(wasm_f32x4_mul(wasm_v128_load(x + 4 * i + 4), id));
      sum = wasm_i32x4_add(sum, wasm_i32x4_add(q0, q1));
      wasm_v128_store(staged + b * kPairs + 2 * i, wasm_i16x8_narrow_i32x4(q0, q1));
    }
    sums[size_t(b) * mr] = 8 * simd::hsum_i32x4(sum);
  }
}

}  // namespace

void pack_x_q8_0(const float* x, size_t x_stride, int mr, int k, void* tile) {
  const int blocks = k / kQuantBlock;
  int32_t* pairs = static_cast<int32_t*>(tile);                                     // [k/2][mr]
  float* scales = reinterpret_cast<float*>(pairs + size_t(k / 2) * mr);             // [k/32][mr]
  int32_t* sums = reinterpret_cast<int32_t*>(scales + size_t(blocks) * mr);         // [k/32][mr]
  alignas(16) int32_t staged[kMaxTileRows][kGroup * kPairs];
  for (int b0 = 0; b0 < blocks; b0 += kGroup) {
    const int count = std::min(kGroup, blocks - b0);
    for (int r = 0; r < mr; ++r)
      quantize_group(x + x_stride * size_t(r) + size_t(b0) * kQuantBlock, count, mr, scales + size_t(b0) * mr + r,
                     sums + size_t(b0) * mr + r, staged[r]);
    // The rows' pairs, interleaved: pair p of row r goes to dst[p · mr + r].
    int32_t* dst = pairs + size_t(b0) * kPairs * mr;
    const int n_pairs = count * kPairs;
    if (mr == 4) {
      for (int p = 0; p < n_pairs; p += 4, dst += 16)
        simd::copy_transposed4x4(staged[0] + p, staged[1] + p, staged[2] + p, staged[3] + p, dst, 4);
    } else {
      for (int p = 0; p < n_pairs; ++p)
        for (int r = 0; r < mr; ++r) dst[size_t(p) * mr + r] = staged[r][p];
    }
  }
}

}  // namespace bertwasm::gemm
