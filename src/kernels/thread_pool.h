// A fixed pool of worker threads for the kernels. parallel_for hands out task indices; callers
// cut work into fixed chunks so results never depend on the number of threads. Workers spin
// briefly for the next job, then sleep on a condition variable (futex / Atomics.wait), because
// spinning alone stalls for milliseconds on 2 vCPUs. In the single-threaded WebAssembly build
// there are no workers and every task runs inline on the caller.
#pragma once

#include <memory>
#include <type_traits>

namespace bertwasm {

class ThreadPool {
 public:
  // `threads` counts the calling thread: threads - 1 workers are started (fewer if the system
  // refuses more, or none in single-threaded WebAssembly; size() tells how many run).
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const;
  // Threads worth starting here: the hardware's count (1 in single-threaded WebAssembly).
  static int default_threads();

  // Runs task(index, worker) for every index in [0, count) and returns when all are done.
  // worker in [0, size()) names the thread running the task (0 is the caller), for per-thread
  // scratch. Tasks must not call parallel_for on the same pool. A second thread calling while a
  // job runs does not wait: its tasks run inline on it, all as worker 0.
  template <class Task>
  void parallel_for(int count, Task&& task) {
    using Fn = std::remove_reference_t<Task>;
    auto call = [](void* ctx, int index, int worker) { (*static_cast<Fn*>(ctx))(index, worker); };
    run(count, call, const_cast<void*>(static_cast<const void*>(&task)));
  }

 private:
  using TaskFn = void (*)(void* ctx, int index, int worker);
  void run(int count, TaskFn fn, void* ctx);
  void worker_loop(int worker);
  void take_tasks(int worker);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bertwasm
