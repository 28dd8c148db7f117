// ThreadPool: one job at a time, published by opening a "door" word (generation, closed flag,
// workers entered); tasks are claimed with an atomic index. The caller waits only for workers
// that entered, so a worker the OS did not schedule in time never delays a job.
#include "kernels/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include <pthread.h>

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
  // Started with pthread_create, which reports failure as a value: std::thread would throw,
  // and a throw aborts a WebAssembly build compiled without exceptions.
  std::vector<pthread_t> workers;
  std::mutex run_mutex;  // held by the caller of the running job

  std::mutex mutex;
  std::condition_variable wake;  // workers: a new job (or stop)
  std::condition_variable done;  // caller: the last worker left the job
  int sleepers = 0;              // workers waiting on `wake`
  bool caller_sleeping = false;
  bool stop = false;

  // The current job; written before the door opens for it.
  TaskFn fn = nullptr;
  void* ctx = nullptr;
  int count = 0;
  std::atomic<int> next{0};  // next task index to claim
  std::atomic<int> left{0};  // workers that entered the job and finished
  // The door of the job: generation (high 32 bits), closed flag (bit 31), workers entered.
  // A worker runs tasks only after entering; once the caller has claimed the last task it
  // closes the door and waits for those inside, never for a worker that was not scheduled.
  std::atomic<uint64_t> door{0};
};

namespace {

constexpr uint64_t kClosed = uint64_t(1) << 31;
uint32_t generation(uint64_t door) { return uint32_t(door >> 32); }
int entered(uint64_t door) { return int(door & (kClosed - 1)); }

}  // namespace

ThreadPool::ThreadPool(int threads) : state_(std::make_unique<State>()) {
#if !defined(BW_INLINE_ONLY)
  struct Start {
    ThreadPool* pool;
    int worker;
  };
  auto entry = [](void* arg) -> void* {
    const Start start = *static_cast<Start*>(arg);
    delete static_cast<Start*>(arg);
    start.pool->worker_loop(start.worker);
    return nullptr;
  };
  for (int w = 1; w < threads; ++w) {
    auto* start = new Start{this, w};
    pthread_t thread;
    if (pthread_create(&thread, nullptr, entry, start) != 0) {
      delete start;
      break;  // the system gives no more threads: run with those started
    }
    state_->workers.push_back(thread);
  }
#else
  (void)threads;
#endif
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stop = true;
    state_->door.fetch_add(uint64_t(1) << 32, std::memory_order_release);
  }
  state_->wake.notify_all();
  for (pthread_t t : state_->workers) pthread_join(t, nullptr);
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
    // Wait for a new generation: spin first, then sleep.
    uint64_t d = s.door.load(std::memory_order_acquire);
    for (int i = 0; i < kSpinPolls && generation(d) == seen; ++i) {
      cpu_relax();
      d = s.door.load(std::memory_order_acquire);
    }
    if (generation(d) == seen) {
      std::unique_lock<std::mutex> lock(s.mutex);
      ++s.sleepers;
      s.wake.wait(lock, [&] { return generation(s.door.load(std::memory_order_acquire)) != seen; });
      --s.sleepers;
      d = s.door.load(std::memory_order_acquire);
    }
    seen = generation(d);
    if (s.stop) return;
    // Enter unless the caller already closed this job (or a newer one began).
    bool inside = false;
    while (!inside && !(d & kClosed) && generation(d) == seen)
      inside = s.door.compare_exchange_weak(d, d + 1, std::memory_order_acq_rel, std::memory_order_acquire);
    if (!inside) continue;
    take_tasks(worker);
    const int left = s.left.fetch_add(1, std::memory_order_acq_rel) + 1;
    d = s.door.load(std::memory_order_acquire);
    if ((d & kClosed) && left == entered(d)) {
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
  s.left.store(0, std::memory_order_relaxed);
  {
    // Open the door for a new generation (release: the job's fields are visible to enterers).
    std::lock_guard<std::mutex> lock(s.mutex);
    const uint32_t g = generation(s.door.load(std::memory_order_relaxed)) + 1;
    s.door.store(uint64_t(g) << 32, std::memory_order_release);
    if (s.sleepers > 0) s.wake.notify_all();
  }
  take_tasks(0);
  // Every task is claimed: close the door, then wait for the workers inside.
  const int inside = entered(s.door.fetch_or(kClosed, std::memory_order_acq_rel));
  for (int i = 0; i < kSpinPolls; ++i) {
    if (s.left.load(std::memory_order_acquire) == inside) return;
    cpu_relax();
  }
  std::unique_lock<std::mutex> lock(s.mutex);
  s.caller_sleeping = true;
  s.done.wait(lock, [&] { return s.left.load(std::memory_order_acquire) == inside; });
  s.caller_sleeping = false;
}

}  // namespace bertwasm
