// Native benchmark of the kernels on all-MiniLM-L6-v2 shapes (hidden 384, 12 heads, FFN 1536):
// each matmul storage at m = 16, 128, 512 tokens for 384→384, the fused 384→1152 QKV, 384→1536
// and 1536→384; every microkernel of kernels/ukernels.inc on one 384→1536 panel sweep; attention
// at seq 128 and 512; GELU and LayerNorm. Counters give GFLOP/s (2 ops per multiply-add).
// Reports mean, median and min of 5 repetitions. Run: build-*/kernels_bench [--benchmark_filter=…]
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "kernels/gemm.h"
#include "kernels/ops.h"
#include "kernels/packed_weights_impl.h"
#include "kernels/thread_pool.h"
#include "quant/quantize.h"

namespace bertwasm {
namespace {

std::vector<float> random_floats(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(count);
  for (float& f : v) f = dist(rng);
  return v;
}

void gflops_counter(benchmark::State& state, double flops_per_iteration) {
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_iteration * double(state.iterations()) * 1e-9,
                                                 benchmark::Counter::kIsRate);
}

PackedWeights pack(DType storage, int n, int k) {
  const std::vector<float> w = random_floats(size_t(n) * k, 2);
  return std::move(PackedWeights::from_f32(storage, w.data(), n, k)).value();
}

// args: m, k, n, threads
void BM_matmul(benchmark::State& state, DType storage) {
  const int m = int(state.range(0)), k = int(state.range(1)), n = int(state.range(2)), threads = int(state.range(3));
  const PackedWeights w = pack(storage, n, k);
  const std::vector<float> x = random_floats(size_t(m) * k, 1), bias = random_floats(size_t(n), 3);
  std::vector<float> y(size_t(m) * n);
  std::vector<uint8_t> scratch(matmul_scratch_bytes(m, w));
  ThreadPool pool(threads);
  for (auto _ : state) {
    matmul(x.data(), m, w, bias.data(), y.data(), threads > 1 ? &pool : nullptr, scratch.data());
    benchmark::DoNotOptimize(y.data());
  }
  gflops_counter(state, 2.0 * m * n * k);
}

void matmul_shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"m", "k", "n", "threads"});
  for (int m : {16, 128, 512})
    for (auto [k, n] : {std::pair{384, 384}, {384, 1152}, {384, 1536}, {1536, 384}}) b->Args({m, k, n, 1});
  b->Args({128, 384, 1536, 2});
  b->Args({128, 1536, 384, 2});
}

// One microkernel over all panels of a 384→1536 matrix for one tile of its rows.
void BM_ukernel(benchmark::State& state, gemm::Family family, int mr, gemm::Ukernel run) {
  const int k = 384, n = 1536;
  const DType storage = family == gemm::Family::f32 ? DType::f32 : family == gemm::Family::q8_0 ? DType::q8_0 : DType::q4_0;
  const PackedWeights w = pack(storage, n, k);
  const std::vector<float> x = random_floats(size_t(mr) * k, 1);
  std::vector<uint8_t> tile(gemm::x_tile_bytes(family, mr, k));
  gemm::pack_x(family, x.data(), size_t(k), mr, k, tile.data());
  std::vector<float> y(size_t(mr) * n);
  const PackedWeights::Impl& impl = w.impl();
  for (auto _ : state) {
    for (int p = 0; p < impl.panel_count(); ++p)
      run({k, tile.data(), impl.panel(p), nullptr, y.data() + p * gemm::kPanelCols, size_t(n), gemm::kPanelCols});
    benchmark::DoNotOptimize(y.data());
  }
  gflops_counter(state, 2.0 * mr * n * k);
}

// args: seq, threads (12 heads of 32, as MiniLM)
void BM_attention(benchmark::State& state) {
  const int seq = int(state.range(0)), threads = int(state.range(1)), n_heads = 12, head_dim = 32;
  const int hidden = n_heads * head_dim;
  ThreadPool pool(threads);
  ThreadPool* p = threads > 1 ? &pool : nullptr;
  const std::vector<float> qkv = random_floats(size_t(seq) * 3 * hidden, 4);
  std::vector<float> out(size_t(seq) * hidden), scratch(attention_scratch_floats(seq, head_dim, p));
  for (auto _ : state) {
    attention(qkv.data(), seq, n_heads, head_dim, out.data(), scratch.data(), p);
    benchmark::DoNotOptimize(out.data());
  }
  gflops_counter(state, 4.0 * seq * seq * hidden);  // Q·Kᵀ and P·V
}

void BM_gelu(benchmark::State& state) {
  std::vector<float> x = random_floats(size_t(128) * 1536, 5);
  const std::vector<float> original = x;
  for (auto _ : state) {
    std::copy(original.begin(), original.end(), x.begin());
    gelu_erf(x.data(), x.size());
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(x.size()));
}

void BM_add_layer_norm(benchmark::State& state) {
  const int rows = 128, cols = 384;
  std::vector<float> x = random_floats(size_t(rows) * cols, 6);
  const std::vector<float> residual = random_floats(x.size(), 7), gamma(size_t(cols), 1.0f), beta(size_t(cols), 0.0f);
  for (auto _ : state) {
    add_layer_norm(x.data(), residual.data(), rows, cols, gamma.data(), beta.data(), 1e-12f);
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * rows * cols);
}

double min_of(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

// Wall-clock time (threads run beside the caller); "min" is the fastest repetition's time (for
// the GFLOP/s counter it is the slowest rate: read rates from the median).
void configure(benchmark::internal::Benchmark* b) {
  b->Repetitions(5)->ReportAggregatesOnly(true)->ComputeStatistics("min", min_of)->UseRealTime()->Unit(benchmark::kMicrosecond);
}

int register_all() {
  for (DType storage : {DType::f32, DType::f16, DType::q8_0, DType::q4_0})
    configure(benchmark::RegisterBenchmark((std::string("matmul/") + dtype_name(storage)).c_str(), BM_matmul, storage)
                  ->Apply(matmul_shapes));
#define BW_GEMM_UKERNEL(name, fam, rows) \
  configure(benchmark::RegisterBenchmark("ukernel/" #name, BM_ukernel, gemm::Family::fam, rows, gemm::name));
#include "kernels/ukernels.inc"
#undef BW_GEMM_UKERNEL
  configure(benchmark::RegisterBenchmark("attention", BM_attention)
                ->ArgNames({"seq", "threads"})->Args({128, 1})->Args({512, 1})->Args({128, 2})->Args({512, 2}));
  configure(benchmark::RegisterBenchmark("gelu_erf/128x1536", BM_gelu));
  configure(benchmark::RegisterBenchmark("add_layer_norm/128x384", BM_add_layer_norm));
  return 0;
}

const int registered = register_all();

}  // namespace
}  // namespace bertwasm

BENCHMARK_MAIN();
