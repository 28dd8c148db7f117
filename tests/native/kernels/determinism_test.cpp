// The determinism contract of ops.h, checked bit for bit: a row's matmul output is the same
// alone (m = 1), in a small batch (m = 5) or in a large one (m = 128), at any position; and
// matmul and attention give identical bytes with 1, 2 or 3 threads; attention over a batch of
// sequences equals attention of each alone.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/ops.h"
#include "kernels/thread_pool.h"
#include "weights_fixture.h"

namespace bertwasm::test {
namespace {

std::vector<float> run_matmul(const TestWeights& w, const float* x, int m, ThreadPool* pool,
                              Epilogue epilogue = Epilogue::none) {
  std::vector<float> y(size_t(m) * w.n);
  const std::vector<float> bias = random_floats(size_t(w.n), 8);
  std::vector<uint8_t> scratch(matmul_scratch_bytes(m, w.packed));
  matmul(x, m, w.packed, bias.data(), y.data(), pool, scratch.data(), epilogue);
  return y;
}

TEST(Determinism, RowIndependentOfBatch) {
  for (DType storage : kAllStorages) {
    SCOPED_TRACE(dtype_name(storage));
    const int k = 96, n = 77, m = 128;
    const TestWeights w(storage, n, k, 31);
    const std::vector<float> x = random_weights(m, k, 32);
    const std::vector<float> all = run_matmul(w, x.data(), m, nullptr);
    for (int row : {0, 1, 3, 4, 5, 63, 126, 127}) {
      const std::vector<float> alone = run_matmul(w, x.data() + size_t(row) * k, 1, nullptr);
      EXPECT_EQ(std::memcmp(alone.data(), all.data() + size_t(row) * n, sizeof(float) * n), 0) << "row " << row << " alone";
      const int start = std::max(0, std::min(row - 2, m - 5));
      const std::vector<float> five = run_matmul(w, x.data() + size_t(start) * k, 5, nullptr);
      EXPECT_EQ(std::memcmp(five.data() + size_t(row - start) * n, all.data() + size_t(row) * n, sizeof(float) * n), 0)
          << "row " << row << " in a batch of 5";
    }
  }
}

TEST(Determinism, MatmulIndependentOfThreads) {
  ThreadPool two(2), three(3);
  for (DType storage : kAllStorages) {
    SCOPED_TRACE(dtype_name(storage));
    const TestWeights w(storage, 1152, 384, 41);
    const std::vector<float> x = random_weights(37, 384, 42);
    const std::vector<float> one = run_matmul(w, x.data(), 37, nullptr);
    EXPECT_EQ(run_matmul(w, x.data(), 37, &two), one);
    EXPECT_EQ(run_matmul(w, x.data(), 37, &three), one);
  }
}

TEST(Determinism, MatmulCutByRowsIndependentOfThreads) {
  // Few column chunks (n = 384, and n = 40 with a partial panel): threads also split the rows,
  // into blocks that depend on the thread count; the GELU epilogue runs per block.
  ThreadPool two(2), three(3);
  for (DType storage : kAllStorages) {
    for (int n : {384, 40}) {
      SCOPED_TRACE(std::string(dtype_name(storage)) + " n " + std::to_string(n));
      const TestWeights w(storage, n, 384, 45);
      const std::vector<float> x = random_weights(203, 384, 46);
      for (Epilogue epilogue : {Epilogue::none, Epilogue::gelu}) {
        const std::vector<float> one = run_matmul(w, x.data(), 203, nullptr, epilogue);
        EXPECT_EQ(run_matmul(w, x.data(), 203, &two, epilogue), one);
        EXPECT_EQ(run_matmul(w, x.data(), 203, &three, epilogue), one);
      }
    }
  }
}

TEST(Determinism, AttentionIndependentOfThreads) {
  const int seq = 50, n_heads = 12, head_dim = 32, hidden = n_heads * head_dim;
  const std::vector<float> qkv = random_floats(size_t(seq) * 3 * hidden, 43, -2.0f, 2.0f);
  auto run = [&](ThreadPool* pool) {
    std::vector<float> out(size_t(seq) * hidden), scratch(attention_scratch_floats(seq, head_dim, pool));
    attention(qkv.data(), seq, n_heads, head_dim, out.data(), scratch.data(), pool);
    return out;
  };
  ThreadPool two(2), three(3);
  const std::vector<float> one = run(nullptr);
  EXPECT_EQ(run(&two), one);
  EXPECT_EQ(run(&three), one);
}

TEST(Determinism, BatchedAttentionEqualsOneSequenceAtATime) {
  const int n_heads = 12, head_dim = 32, hidden = n_heads * head_dim;
  const std::vector<int> lengths = {5, 50, 1, 17, 33};
  const int rows = 5 + 50 + 1 + 17 + 33;
  const std::vector<float> qkv = random_floats(size_t(rows) * 3 * hidden, 44, -2.0f, 2.0f);
  std::vector<float> one_by_one(size_t(rows) * hidden);
  int row = 0;
  for (int len : lengths) {
    std::vector<float> scratch(attention_scratch_floats(len, head_dim, nullptr));
    attention(qkv.data() + size_t(row) * 3 * hidden, len, n_heads, head_dim, one_by_one.data() + size_t(row) * hidden,
              scratch.data(), nullptr);
    row += len;
  }
  auto batched = [&](ThreadPool* pool) {
    std::vector<float> out(size_t(rows) * hidden), scratch(attention_scratch_floats(50, head_dim, pool));
    attention(qkv.data(), lengths.data(), int(lengths.size()), n_heads, head_dim, out.data(), scratch.data(), pool);
    return out;
  };
  ThreadPool two(2), three(3);
  EXPECT_EQ(batched(nullptr), one_by_one);
  EXPECT_EQ(batched(&two), one_by_one);
  EXPECT_EQ(batched(&three), one_by_one);
}

}  // namespace
}  // namespace bertwasm::test
