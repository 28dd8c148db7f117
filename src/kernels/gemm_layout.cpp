// Sizes of the packed matmul layouts and the lookups from a storage family to its packers and
// microkernels (the latter expanded from kernels/ukernels.inc).
#include <algorithm>

#include "kernels/gemm.h"

namespace bertwasm::gemm {

Family family_of(DType storage) {
  switch (storage) {
    case DType::q8_0: return Family::q8_0;
    case DType::q4_0: return Family::q4_0;
    default: return Family::f32;
  }
}

size_t panel_bytes(Family family, int k) {
  switch (family) {
    case Family::f32: return sizeof(float) * kPanelCols * size_t(k);
    case Family::q8_0: return kQ8PanelBlockBytes * size_t(k / kQuantBlock);
    case Family::q4_0: return kQ4PanelBlockBytes * size_t(k / kQuantBlock);
  }
  return 0;
}

size_t x_tile_bytes(Family family, int mr, int k) {
  if (family == Family::f32) return sizeof(float) * size_t(mr) * k;
  const size_t blocks = size_t(k / kQuantBlock);
  return size_t(mr) * (sizeof(int16_t) * k + (sizeof(float) + sizeof(int32_t)) * blocks);
}

void pack_x(Family family, const float* x, size_t x_stride, int mr, int k, void* tile) {
  if (family == Family::f32) {
    pack_x_f32(x, x_stride, mr, k, static_cast<float*>(tile));
  } else {
    pack_x_q8_0(x, x_stride, mr, k, tile);
  }
}

void unpack_column(Family family, const void* panel, int c, int k, float* out) {
  switch (family) {
    case Family::f32: unpack_column_f32(panel, c, k, out); break;
    case Family::q8_0: unpack_column_q8_0(panel, c, k, out); break;
    case Family::q4_0: unpack_column_q4_0(panel, c, k, out); break;
  }
}

Ukernel ukernel(Family family, int mr) {
#define BW_GEMM_UKERNEL(name, fam, rows) \
  if (family == Family::fam && mr == rows) return name;
#include "kernels/ukernels.inc"
#undef BW_GEMM_UKERNEL
  return nullptr;
}

int main_tile_rows(Family family) {
  int rows = 0;
#define BW_GEMM_UKERNEL(name, fam, mr) \
  if (family == Family::fam) rows = std::max(rows, mr);
#include "kernels/ukernels.inc"
#undef BW_GEMM_UKERNEL
  return rows;
}

}  // namespace bertwasm::gemm
