// The ops.h entry points that take no scratch: they borrow a per-thread buffer that only grows
// (so steady-state calls do not allocate) and call the scratch-taking forms.
#include "kernels/aligned_buffer.h"
#include "kernels/ops.h"

namespace bertwasm {
namespace {

uint8_t* thread_scratch(size_t bytes) {
  thread_local AlignedBuffer buffer;
  return buffer.reserve(bytes) ? buffer.data() : nullptr;
}

}  // namespace

void matmul(const float* x, int m, const PackedWeights& w, const float* bias, float* y, ThreadPool* pool) {
  matmul(x, m, w, bias, y, pool, thread_scratch(matmul_scratch_bytes(m, w)));
}

}  // namespace bertwasm
