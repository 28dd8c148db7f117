// Internal interface of the matmul microkernels (y = x · Wᵀ + bias): the packed layouts they
// read, the packers that produce them, and the microkernels listed in kernels/ukernels.inc.
// Every microkernel computes one tile of mr rows × 8 columns; in each output lane the float
// operations run in the order of reference::matmul, so integer paths match it exactly and the
// result of a row never depends on the tile it was computed in.
#pragma once

#include <cstddef>
#include <cstdint>

#include "quant/blocks.h"

namespace bertwasm::gemm {

constexpr int kPanelCols = 8;  // NR of every microkernel: W is packed in panels of 8 columns
constexpr int kMaxTileRows = 4;

// Which packed formats a weight storage type uses (f16 is widened to f32 at pack time).
enum class Family { f32, q8_0, q4_0 };
Family family_of(DType storage);

// Weight panels (8 columns of W; columns past n are zero, with scale 0):
//   f32:  [k][8] floats.
//   q8_0: per 32-block: [8] f32 scales, then for each of the 16 k-pairs p two halves (columns
//         0-3, 4-7) of 8 int8 [c0 k2p, c0 k2p+1, c1 k2p, ..., c3 k2p+1] (16 bytes per pair).
//   q4_0: per 32-block: [8] f32 scales, then for each group g of 8 k two halves of 8 uint16
//         lanes [c0 even, c0 odd, c1 even, ..., c3 odd]; a lane holds the unsigned nibbles of
//         k = 8g + 2s + (odd) at bits 4s..4s+3, s = 0..3.
size_t panel_bytes(Family family, int k);
constexpr size_t kScaleBytes = sizeof(float) * kPanelCols;            // scales of one block
constexpr size_t kQ8PanelBlockBytes = kScaleBytes + kPanelCols * 32;   // 8 columns × 32 int8
constexpr size_t kQ4PanelBlockBytes = kScaleBytes + kPanelCols * 16;   // 8 columns × 32 nibbles

// Activation tiles (mr rows of x):
//   f32:          [k][mr] floats.
//   q8_0 / q4_0:  [k/2][mr] int16 pairs (the Q8_0 values of x), then [k/32][mr] f32 block
//                 scales, then [k/32][mr] int32 values 8·Σq (the Q4_0 zero-point correction).
size_t x_tile_bytes(Family family, int mr, int k);

// Packs rows of x (x_stride floats apart) into one tile. Quantized families quantize each row to
// Q8_0 exactly as quantize_row_q8_0 does. k % 32 == 0 for the quantized families.
void pack_x_f32(const float* x, size_t x_stride, int mr, int k, float* tile);
void pack_x_q8_0(const float* x, size_t x_stride, int mr, int k, void* tile);
void pack_x(Family family, const float* x, size_t x_stride, int mr, int k, void* tile);

// Packs `rows` (<= 8) rows of W, given as floats / ggml Q8_0 / ggml Q4_0 rows of k elements
// (row_stride bytes apart), into one panel; unpack_column reads column c of a panel back.
void pack_panel_f32(const float* w, size_t row_stride, int rows, int k, float* panel);
void pack_panel_q8_0(const BlockQ8_0* w, size_t row_stride, int rows, int k, void* panel);
void pack_panel_q4_0(const BlockQ4_0* w, size_t row_stride, int rows, int k, void* panel);
void unpack_column(Family family, const void* panel, int c, int k, float* out);
void unpack_column_f32(const void* panel, int c, int k, float* out);
void unpack_column_q8_0(const void* panel, int c, int k, float* out);
void unpack_column_q4_0(const void* panel, int c, int k, float* out);

// One mr × 8 output tile.
struct Tile {
  int k;
  const void* x;       // a packed activation tile of exactly the kernel's mr rows
  const void* w;       // a packed weight panel
  const float* bias;   // 8 values (padded by the caller), or null
  float* y;            // row 0, column 0 of the tile
  size_t y_stride;     // floats between output rows
  int nc;              // columns to store, 1..8
};
using Ukernel = void (*)(const Tile& tile);

#define BW_GEMM_UKERNEL(name, family, mr) void name(const Tile& tile);
#include "kernels/ukernels.inc"
#undef BW_GEMM_UKERNEL

// `tiles` consecutive 4-row f32 tiles against one panel, as that many gemm_f32_4x8__simd128
// calls: tile i reads x + i·4·k floats and writes y + i·4·y_stride. One call instead of many
// for short k (attention's scores, k = head_dim), where the calls themselves cost.
void gemm_f32_4x8_run__simd128(const Tile& first, int tiles);

// The microkernel of `family` for tiles of exactly mr rows (null if none), and the main tile.
Ukernel ukernel(Family family, int mr);
int main_tile_rows(Family family);

}  // namespace bertwasm::gemm
