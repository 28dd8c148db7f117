// ThreadPool: every task index runs exactly once on a valid worker, across many back-to-back
// jobs, after the workers went to sleep, and with two threads calling at once. In the
// single-threaded WebAssembly build the pool has no workers and runs everything inline.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "kernels/thread_pool.h"

namespace bertwasm::test {
namespace {

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
constexpr bool kThreads = false;
#else
constexpr bool kThreads = true;
#endif

// Runs one job and checks that each index ran once, on a worker in range.
void expect_each_index_once(ThreadPool& pool, int count) {
  std::vector<std::atomic<int>> runs(size_t(count) + 1);
  std::atomic<int> bad_worker{0};
  pool.parallel_for(count, [&](int i, int worker) {
    runs[size_t(i)].fetch_add(1);
    if (worker < 0 || worker >= pool.size()) bad_worker.fetch_add(1);
  });
  for (int i = 0; i < count; ++i) ASSERT_EQ(runs[size_t(i)].load(), 1) << "index " << i << " of " << count;
  EXPECT_EQ(runs[size_t(count)].load(), 0);
  EXPECT_EQ(bad_worker.load(), 0);
}

TEST(ThreadPool, Size) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.size(), kThreads ? 3 : 1);
  EXPECT_GE(ThreadPool::default_threads(), 1);
  ThreadPool single(1);
  EXPECT_EQ(single.size(), 1);
}

TEST(ThreadPool, EachIndexOnce) {
  ThreadPool pool(3);
  for (int count : {0, 1, 2, 3, 7, 64, 1000}) expect_each_index_once(pool, count);
}

TEST(ThreadPool, ManyShortJobs) {
  ThreadPool pool(2);
  std::atomic<long> total{0};
  for (int job = 0; job < 20000; ++job) pool.parallel_for(3, [&](int i, int) { total.fetch_add(i + 1); });
  EXPECT_EQ(total.load(), 20000L * 6);
}

TEST(ThreadPool, WakesSleepingWorkers) {
  ThreadPool pool(3);
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // long enough to stop spinning
    expect_each_index_once(pool, 50);
  }
}

TEST(ThreadPool, UsesTheWorkers) {
  if (!kThreads) GTEST_SKIP() << "no threads in this build";
  ThreadPool pool(2);
  std::atomic<int> on_worker{0};
  // Tasks that wait a little give the worker time to take some of them.
  pool.parallel_for(64, [&](int, int worker) {
    if (worker != 0) on_worker.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  });
  EXPECT_GT(on_worker.load(), 0);
}

TEST(ThreadPool, TwoCallersAtOnce) {
  if (!kThreads) GTEST_SKIP() << "no threads in this build";
  ThreadPool pool(2);
  std::atomic<long> a{0}, b{0};
  std::thread other([&] {
    for (int job = 0; job < 300; ++job) pool.parallel_for(10, [&](int i, int) { a.fetch_add(i); });
  });
  for (int job = 0; job < 300; ++job) pool.parallel_for(10, [&](int i, int) { b.fetch_add(i); });
  other.join();
  EXPECT_EQ(a.load(), 300L * 45);
  EXPECT_EQ(b.load(), 300L * 45);
}

}  // namespace
}  // namespace bertwasm::test
