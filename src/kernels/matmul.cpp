// matmul: y = x · Wᵀ + bias with the microkernels of kernels/gemm.h. x is packed into tiles of
// the family's main row count (the m % mr tail gets the kernel of its own size), then each fixed
// chunk of weight panels runs over all tiles: panel outer so it stays in L1, rows inner.
// Threads take chunks of panels, cut by row blocks when chunks are few (and apply the epilogue to
// their own outputs); no output depends on who computes it or on m.
#include <algorithm>
#include <cstring>

#include "kernels/aligned_buffer.h"
#include "kernels/gemm.h"
#include "kernels/ops.h"
#include "kernels/packed_weights_impl.h"
#include "kernels/thread_pool.h"

namespace bertwasm {
namespace {

constexpr int kChunkPanels = 4;                    // 32 output columns per task
constexpr int kTasksPerThread = 12;                // at least this many tasks per thread, if rows allow
constexpr double kMinParallelMacs = 1 << 18;       // below this, threads cost more than they save

// How x is cut into tiles: full tiles of `mr` rows, then one tile of `tail` rows.
struct TilePlan {
  gemm::Family family;
  int k, mr, full, tail;
  size_t full_bytes, tail_bytes;

  TilePlan(int m, const PackedWeights::Impl& w)
      : family(w.family), k(w.k), mr(gemm::main_tile_rows(w.family)), full(m / mr), tail(m % mr),
        full_bytes(gemm::x_tile_bytes(family, mr, k)), tail_bytes(tail ? gemm::x_tile_bytes(family, tail, k) : 0) {}
  int tiles() const { return full + (tail > 0); }
  int rows(int t) const { return t < full ? mr : tail; }
  size_t offset(int t) const { return full_bytes * size_t(t); }
  size_t bytes() const { return align_up(full_bytes * size_t(full) + tail_bytes); }
};

}  // namespace

size_t matmul_scratch_bytes(int m, const PackedWeights& w) {
  return m > 0 ? TilePlan(m, w.impl()).bytes() : 0;
}

void matmul(const float* x, int m, const PackedWeights& w, const float* bias, float* y, ThreadPool* pool,
            void* scratch, Epilogue epilogue) {
  const PackedWeights::Impl& impl = w.impl();
  if (m <= 0) return;
  const TilePlan plan(m, impl);
  const int n = impl.n, k = impl.k;
  uint8_t* tiles = static_cast<uint8_t*>(scratch);
  const bool threaded = pool && pool->size() > 1 && double(m) * n * k >= kMinParallelMacs;

  auto pack = [&](int t, int) {
    gemm::pack_x(plan.family, x + size_t(t) * plan.mr * k, size_t(k), plan.rows(t), k, tiles + plan.offset(t));
  };
  const gemm::Ukernel main = gemm::ukernel(plan.family, plan.mr);
  const gemm::Ukernel tail = plan.tail ? gemm::ukernel(plan.family, plan.tail) : nullptr;
  // Tasks: a chunk of weight panels × a block of row tiles. With threads, rows are cut too when
  // there are few chunks, so that no thread waits long for the last task (a tile's result does
  // not depend on its block, so neither does the output).
  const int chunks = (impl.panel_count() + kChunkPanels - 1) / kChunkPanels;
  const int row_blocks = threaded ? std::min(plan.tiles(), (kTasksPerThread * pool->size() + chunks - 1) / chunks) : 1;
  const int block_tiles = (plan.tiles() + row_blocks - 1) / row_blocks;
  auto compute = [&](int task, int) {
    const int chunk = task % chunks, t0 = task / chunks * block_tiles;
    const int t_end = std::min(plan.tiles(), t0 + block_tiles);
    const int p_end = std::min(impl.panel_count(), (chunk + 1) * kChunkPanels);
    for (int p = chunk * kChunkPanels; p < p_end; ++p) {
      const int j0 = p * gemm::kPanelCols, nc = std::min(gemm::kPanelCols, n - j0);
      float padded_bias[gemm::kPanelCols];  // only the last panel needs it (and zeroes it)
      const float* b = bias ? bias + j0 : nullptr;
      if (bias && nc < gemm::kPanelCols) {
        std::fill(padded_bias, padded_bias + gemm::kPanelCols, 0.0f);
        std::memcpy(padded_bias, b, sizeof(float) * size_t(nc));
        b = padded_bias;
      }
      for (int t = t0; t < t_end; ++t) {
        const gemm::Tile tile{k, tiles + plan.offset(t), impl.panel(p), b, y + size_t(t) * plan.mr * n + j0, size_t(n), nc};
        (t < plan.full ? main : tail)(tile);
      }
    }
    // The epilogue runs on the task's outputs while they are in cache (kept out of the
    // microkernels: extra code there costs V8 registers in the k loop).
    if (epilogue == Epilogue::gelu) {
      const int c0 = chunk * kChunkPanels * gemm::kPanelCols, width = std::min(n, p_end * gemm::kPanelCols) - c0;
      const int r_end = std::min(m, t_end * plan.mr);
      for (int r = t0 * plan.mr; r < r_end; ++r) gelu_erf(y + size_t(r) * n + c0, size_t(width));
    }
  };
  if (threaded) {
    pool->parallel_for(plan.tiles(), pack);
    pool->parallel_for(chunks * row_blocks, compute);
  } else {
    for (int t = 0; t < plan.tiles(); ++t) pack(t, 0);
    for (int c = 0; c < chunks; ++c) compute(c, 0);
  }
}

}  // namespace bertwasm
