// Vector index benchmark (native, Google Benchmark; never part of ctest): top-10 search over
// 100 000 × 384 clustered unit vectors for each storage, recall@10 against the f32 results as
// a counter, and every kernel of src/index/distance_kernels.inc at dim 384. Reports min and
// median of 5 repetitions.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "index/distance_kernels.h"
#include "index/vector_index.h"
#include "synthetic_data.h"

namespace bertwasm {
namespace {

constexpr int kDim = 384;
constexpr size_t kCount = 100000;
constexpr size_t kQueries = 100;
constexpr int kK = 10;

struct Corpus {
  std::vector<float> data, queries;
  std::vector<std::string> ids;
  Corpus() {
    data = test::clustered_vectors(kCount + kQueries, kDim, 1000, 1.0, 2024);
    queries.assign(data.begin() + long(kCount * kDim), data.end());
    data.resize(kCount * kDim);
    for (size_t r = 0; r < kCount; ++r) ids.push_back(test::row_id(r));
  }
};

const Corpus& corpus() {
  static const Corpus c;
  return c;
}

VectorIndex build(IndexOptions options) {
  const Corpus& c = corpus();
  auto index = VectorIndex::create(kDim, options);
  (void)index->add(c.ids, c.data.data(), c.data.size(), kCount, kDim);
  return std::move(index).value();
}

// Mean over the queries of |top-10 ∩ f32 top-10| / 10.
double recall_against_f32(const VectorIndex& index) {
  static const VectorIndex f32 = build({IndexStorage::f32});
  const Corpus& c = corpus();
  double sum = 0.0;
  for (size_t q = 0; q < kQueries; ++q) {
    const auto want = f32.search(&c.queries[q * kDim], kDim, kK);
    const auto got = index.search(&c.queries[q * kDim], kDim, kK);
    std::set<std::string> ids;
    for (const SearchHit& h : *want) ids.insert(h.id);
    for (const SearchHit& h : *got) sum += double(ids.count(h.id)) / kK;
  }
  return sum / kQueries;
}

void search_top10(benchmark::State& state, IndexOptions options) {
  const VectorIndex index = build(options);
  const Corpus& c = corpus();
  size_t q = 0;
  for (auto _ : state) {
    auto hits = index.search(&c.queries[q * kDim], kDim, kK);
    benchmark::DoNotOptimize(hits);
    q = (q + 1) % kQueries;
  }
  state.counters["recall@10"] = options.storage == IndexStorage::f32 ? 1.0 : recall_against_f32(index);
}

double min_of(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

// 5 repetitions, reported as min and median (and mean / stddev).
void min_and_median(benchmark::internal::Benchmark* b) {
  b->Repetitions(5)->ComputeStatistics("min", min_of)->ReportAggregatesOnly(true);
}

void searches(benchmark::internal::Benchmark* b) {
  min_and_median(b);
  b->Unit(benchmark::kMillisecond);
}

BENCHMARK_CAPTURE(search_top10, f32, IndexOptions{IndexStorage::f32})->Apply(searches);
BENCHMARK_CAPTURE(search_top10, int8, IndexOptions{IndexStorage::int8})->Apply(searches);
BENCHMARK_CAPTURE(search_top10, binary, IndexOptions{IndexStorage::binary, 0})->Apply(searches);
BENCHMARK_CAPTURE(search_top10, binary_rescore10, IndexOptions{IndexStorage::binary, 10})->Apply(searches);

// Kernels, one benchmark per line of distance_kernels.inc.
template <class T, class Fn>
void run_kernel(benchmark::State& state, Fn fn, size_t n) {
  std::vector<T> a(n), b(n);
  test::Rng rng(5);
  for (size_t i = 0; i < n; ++i) {
    a[i] = T(int(rng.next() % 200) - 100);
    b[i] = T(int(rng.next() % 200) - 100);
  }
  for (auto _ : state) benchmark::DoNotOptimize(fn(a.data(), b.data(), n));
}

void dot_f32(benchmark::State& state, float (*fn)(const float*, const float*, size_t), size_t n) {
  run_kernel<float>(state, fn, n);
}
void dot_i16_i8(benchmark::State& state, int32_t (*fn)(const int16_t*, const int8_t*, size_t), size_t n) {
  std::vector<int16_t> a(n);
  std::vector<int8_t> b(n);
  test::Rng rng(5);
  for (size_t i = 0; i < n; ++i) {
    a[i] = int16_t(int(rng.next() % 60000) - 30000);
    b[i] = int8_t(int(rng.next() % 200) - 100);
  }
  for (auto _ : state) benchmark::DoNotOptimize(fn(a.data(), b.data(), n));
}
void hamming(benchmark::State& state, uint32_t (*fn)(const uint8_t*, const uint8_t*, size_t), size_t n) {
  run_kernel<uint8_t>(state, fn, n);
}

#define BW_DOT_F32_KERNEL(name) \
  BENCHMARK_CAPTURE(dot_f32, name##_384, index::name, size_t(kDim))->Apply(min_and_median);
#define BW_DOT_I16_I8_KERNEL(name) \
  BENCHMARK_CAPTURE(dot_i16_i8, name##_384, index::name, size_t(kDim))->Apply(min_and_median);
#define BW_HAMMING_KERNEL(name) \
  BENCHMARK_CAPTURE(hamming, name##_48, index::name, size_t(kDim / 8))->Apply(min_and_median);
#include "index/distance_kernels.inc"

}  // namespace
}  // namespace bertwasm

BENCHMARK_MAIN();
