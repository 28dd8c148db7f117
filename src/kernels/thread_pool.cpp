// ThreadPool: one job at a time, published under a mutex with a generation counter; tasks are
// claimed with an atomic index; the last worker to finish wakes the caller if it went to sleep.
#include "kernels/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define BW_INLINE_ONLY 1  // single-threaded WebAssembly: no threads to start
#endif

namespace bertwasm {
namespace {

// Polls of a flag before sleeping: roughly 20-100 µs, enough to catch back-to-back kernels.
constexpr int kSpinPolls = 1 << 15;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

struct ThreadPool::State {
  std::vector<std::thread> workers;
  std::mutex run_mutex;  // held by the caller of the running job

  std::mutex mutex;
  std::condition_variable wake;  // workers: a new job (or stop)
  std::condition_variable done;  // caller: the last worker finished
  int sleepers = 0;              // workers waiting on `wake`
  bool caller_sleeping = false;
  bool stop = false;

  // The current job; written before `generation` is bumped.
  TaskFn fn = nullptr;
  void* ctx = nullptr;
  int count = 0;
  std::atomic<int> next{0};
  std::atomic<int> busy{0};  // workers that have not finished the current job
  std::atomic<uint32_t> generation{0};
};

ThreadPool::ThreadPool(int threads) : state_(std::make_unique<State>()) {
#if !defined(BW_INLINE_ONLY)
  for (int w = 1; w < threads; ++w) {
#if defined(__cpp_exceptions)
    try {
      state_->workers.emplace_back([this, w] { worker_loop(w); });
    } catch (...) {
      break;  // the system gives no more threads: run with those started
    }
#else
    state_->workers.emplace_back([this, w] { worker_loop(w); });
#endif
  }
#else
  (void)threads;
#endif
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stop = true;
    state_->generation.fetch_add(1, std::memory_order_release);
  }
  state_->wake.notify_all();
  for (std::thread& t : state_->workers) t.join();
}

int ThreadPool::size() const { return int(state_->workers.size()) + 1; }

int ThreadPool::default_threads() {
#if defined(BW_INLINE_ONLY)
  return 1;
#else
  return std::max(1, int(std::thread::hardware_concurrency()));
#endif
}

void ThreadPool::take_tasks(int worker) {
  State& s = *state_;
  for (int i = s.next.fetch_add(1, std::memory_order_relaxed); i < s.count;
       i = s.next.fetch_add(1, std::memory_order_relaxed)) {
    s.fn(s.ctx, i, worker);
  }
}

void ThreadPool::worker_loop(int worker) {
  State& s = *state_;
  uint32_t seen = 0;
  for (;;) {
    // Wait for the next generation: spin first, then sleep.
    uint32_t g = s.generation.load(std::memory_order_acquire);
    for (int i = 0; i < kSpinPolls && g == seen; ++i) {
      cpu_relax();
      g = s.generation.load(std::memory_order_acquire);
    }
    if (g == seen) {
      std::unique_lock<std::mutex> lock(s.mutex);
      ++s.sleepers;
      s.wake.wait(lock, [&] { return s.generation.load(std::memory_order_acquire) != seen; });
      --s.sleepers;
      g = s.generation.load(std::memory_order_acquire);
    }
    seen = g;
    if (s.stop) return;
    take_tasks(worker);
    if (s.busy.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(s.mutex);
      if (s.caller_sleeping) s.done.notify_one();
    }
  }
}

void ThreadPool::run(int count, TaskFn fn, void* ctx) {
  State& s = *state_;
  std::unique_lock<std::mutex> running(s.run_mutex, std::try_to_lock);
  if (s.workers.empty() || count <= 1 || !running.owns_lock()) {
    for (int i = 0; i < count; ++i) fn(ctx, i, 0);
    return;
  }
  s.fn = fn;
  s.ctx = ctx;
  s.count = count;
  s.next.store(0, std::memory_order_relaxed);
  s.busy.store(int(s.workers.size()), std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.generation.fetch_add(1, std::memory_order_release);
    if (s.sleepers > 0) s.wake.notify_all();
  }
  take_tasks(0);
  // Wait until every worker has left the job (they read its fields): spin, then sleep.
  for (int i = 0; i < kSpinPolls; ++i) {
    if (s.busy.load(std::memory_order_acquire) == 0) return;
    cpu_relax();
  }
  std::unique_lock<std::mutex> lock(s.mutex);
  s.caller_sleeping = true;
  s.done.wait(lock, [&] { return s.busy.load(std::memory_order_acquire) == 0; });
  s.caller_sleeping = false;
}

}  // namespace bertwasm
