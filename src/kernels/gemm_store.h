// Helpers shared by the matmul microkernels: adding the bias and storing an mr × 8 tile of
// f32x4 accumulators, writing only the nc valid columns (nothing past them is touched).
#pragma once

#include <cstring>

#include "kernels/gemm.h"
#include "kernels/simd128.h"

namespace bertwasm::gemm {

template <int MR>
inline void store_tile(const Tile& t, v128_t (&acc)[MR][2]) {
  if (t.bias) {
    const v128_t b0 = wasm_v128_load(t.bias), b1 = wasm_v128_load(t.bias + 4);
    for (int r = 0; r < MR; ++r) {
      acc[r][0] = wasm_f32x4_add(acc[r][0], b0);
      acc[r][1] = wasm_f32x4_add(acc[r][1], b1);
    }
  }
  float* y = t.y;
  for (int r = 0; r < MR; ++r, y += t.y_stride) {
    if (t.nc == kPanelCols) {
      wasm_v128_store(y, acc[r][0]);
      wasm_v128_store(y + 4, acc[r][1]);
    } else {
      float row[kPanelCols];
      wasm_v128_store(row, acc[r][0]);
      wasm_v128_store(row + 4, acc[r][1]);
      std::memcpy(y, row, sizeof(float) * size_t(t.nc));
    }
  }
}

}  // namespace bertwasm::gemm
