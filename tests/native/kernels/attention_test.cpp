// attention against reference::attention over sequence lengths around the 4-query tiles and
// 8-key panels and head sizes incl. 26, 32 and 64. Scores, the max and the weighted sums follow
// the reference's order; exp (1 ulp) and the softmax sum (vector lanes) do not, so outputs
// differ by a few roundings of the probabilities times the value magnitudes.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "kernel_tester.h"
#include "kernels/ops.h"
#include "kernels/reference.h"

namespace bertwasm::test {
namespace {

// |out - reference| / (max |v| · √seq). Both sum seq products p·v in the same order, but once a
// probability differs by an ulp (exp, softmax sum) the two sums round differently: a random walk
// that grows like √seq. Measured 1.1e-7 worst over head_dim 1..64, seq 1..512, values in ±3.
constexpr double MAX_ATTENTION_ERROR = 1.5e-7;

void check(int seq, int n_heads, int head_dim, uint32_t seed) {
  SCOPED_TRACE("seq " + std::to_string(seq) + " heads " + std::to_string(n_heads) + " head_dim " +
               std::to_string(head_dim));
  const int hidden = n_heads * head_dim;
  const GuardedFloats qkv(random_floats(size_t(seq) * 3 * hidden, seed, -3.0f, 3.0f));
  GuardedFloats out(size_t(seq) * hidden);
  GuardedFloats scratch(attention_scratch_floats(seq, head_dim, nullptr));
  attention(qkv.data(), seq, n_heads, head_dim, out.data(), scratch.data(), nullptr);
  EXPECT_TRUE(out.guards_intact());
  EXPECT_TRUE(scratch.guards_intact()) << "scratch overrun";

  std::vector<float> expected(out.size()), ref_scratch(static_cast<size_t>(seq));
  reference::attention(qkv.data(), seq, n_heads, head_dim, expected.data(), ref_scratch.data());
  double worst = 0.0;
  for (size_t i = 0; i < expected.size(); ++i) worst = std::max(worst, std::fabs(double(out[i]) - expected[i]));
  EXPECT_LE(worst / (3.0 * std::sqrt(double(seq))), MAX_ATTENTION_ERROR);
}

TEST(Attention, OddSequences) {
  uint32_t seed = 1;
  for (int head_dim : {1, 3, 8, 26, 32, 64})
    for (int seq : kOddSizes) check(seq, 2, head_dim, seed++);
}

TEST(Attention, ModelShapes) {
  check(128, 12, 32, 100);  // MiniLM
  check(77, 2, 64, 101);    // tiny
  check(512, 1, 32, 102);
  check(33, 3, 26, 103);
}

TEST(Attention, UniformKeysAverageValues) {
  // All keys equal: every query attends uniformly, so each output is the mean of the values.
  const int seq = 6, head_dim = 5, hidden = head_dim;
  std::vector<float> qkv(size_t(seq) * 3 * hidden, 0.5f);
  for (int j = 0; j < seq; ++j)
    for (int d = 0; d < head_dim; ++d) qkv[size_t(j) * 3 * hidden + 2 * hidden + d] = float(j + d);
  std::vector<float> out(size_t(seq) * hidden), scratch(attention_scratch_floats(seq, head_dim, nullptr));
  attention(qkv.data(), seq, 1, head_dim, out.data(), scratch.data(), nullptr);
  for (int i = 0; i < seq; ++i)
    for (int d = 0; d < head_dim; ++d) EXPECT_NEAR(out[size_t(i) * hidden + d], 2.5f + float(d), 1e-5f);
}

}  // namespace
}  // namespace bertwasm::test
