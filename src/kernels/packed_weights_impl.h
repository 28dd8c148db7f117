// What a PackedWeights holds: W [n, k] cut into panels of 8 columns (rows of W), each in the
// layout its family's microkernels read (kernels/gemm.h). Internal to kernels/.
#pragma once

#include "kernels/aligned_buffer.h"
#include "kernels/gemm.h"
#include "kernels/ops.h"

namespace bertwasm {

struct PackedWeights::Impl {
  DType storage = DType::f32;
  gemm::Family family = gemm::Family::f32;
  int n = 0, k = 0;
  size_t panel_bytes = 0;
  AlignedBuffer panels;  // panel_count() panels of panel_bytes

  int panel_count() const { return (n + gemm::kPanelCols - 1) / gemm::kPanelCols; }
  const uint8_t* panel(int p) const { return panels.data() + panel_bytes * size_t(p); }
  uint8_t* panel(int p) { return panels.data() + panel_bytes * size_t(p); }
};

}  // namespace bertwasm
