// Activation quantization for the integer matmuls: rows of x become Q8_0 blocks bit-identical to
// quantize_row_q8_0 (amax / 127 scale rounded to f16, values rounded half away from zero), laid
// out as the tile the microkernels read (kernels/gemm.h): int16 pairs, block scales, 8·Σq.
#include <algorithm>

#include "kernels/gemm.h"
#include "kernels/q8_0_scales.h"
#include "kernels/simd128.h"
#include "kernels/simd_math.h"

namespace bertwasm::gemm {
namespace {

constexpr int kVecs = kQuantBlock / 4;  // float vectors per block
constexpr int kPairs = kQuantBlock / 2;  // int16 pairs per block
constexpr int kGroup = q8_0::kGroupBlocks;  // blocks quantized together

// Quantizes `count` <= 4 blocks of one row: scales (mr apart) and 8·Σq to the tile, the int16
// pairs to staged[block · 16 + pair].
void quantize_group(const float* x, int count, int mr, float* scales, int32_t* sums, int32_t* staged) {
  float d16[kGroup], inverse[kGroup];
  q8_0::group_scales(x, count, d16, inverse);
  for (int b = 0; b < count; ++b, x += kQuantBlock) {
    scales[size_t(b) * mr] = d16[b];
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
