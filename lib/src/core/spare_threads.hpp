// Internal: work handed to a fixed number of helper threads beside the caller's, so that a step
// that has several pieces of work to share keeps to its thread budget (-j N: N threads busy at
// once, the caller's one of them). std::async(std::launch::async) starts a thread per task: the
// content analysis at -j 2 ran its three per-block figures and a window of the features' rows on
// four threads beside its own.
//
// A task runs on the first helper that is free, in the order given; one that no helper has
// started by the time its result is asked for runs on the asking thread (it would only wait),
// as one given with no helper at all does (std::launch::deferred). Either way the task is the
// same function of the same inputs: where it runs changes no result.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace voxclone::detail {

class SpareThreads {
  struct Task {
    virtual ~Task() = default;
    std::atomic<bool> claimed{false};
    virtual void run() = 0;
    // Runs the task here unless another thread has claimed it.
    void claim_and_run() {
      if (!claimed.exchange(true)) run();
    }
  };
  template <class R>
  struct TaskOf final : Task {
    explicit TaskOf(std::packaged_task<R()> t) : task(std::move(t)), result(task.get_future()) {}
    void run() override { task(); }
    std::packaged_task<R()> task;
    std::future<R> result;
  };

 public:
  /// A task's result: get() waits for it, or runs the task itself if no helper has started it.
  template <class R>
  class Job {
   public:
    Job() = default;
    [[nodiscard]] bool valid() const noexcept { return task_ != nullptr; }
    R get() {
      auto task = std::move(task_);
      task->claim_and_run();
      return task->result.get();
    }

   private:
    friend class SpareThreads;
    explicit Job(std::shared_ptr<TaskOf<R>> t) : task_(std::move(t)) {}
    std::shared_ptr<TaskOf<R>> task_;
  };

  /// At most `helpers` threads, started as tasks come (none for a step given no task).
  explicit SpareThreads(unsigned helpers) : helpers_(helpers) {}
  SpareThreads(const SpareThreads&) = delete;
  SpareThreads& operator=(const SpareThreads&) = delete;
  /// Tasks no helper has started are dropped (their Jobs, gone before, never asked); those
  /// running are waited for.
  ~SpareThreads() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }

  template <class F>
  Job<std::invoke_result_t<F&>> run(F f) {
    using R = std::invoke_result_t<F&>;
    auto task = std::make_shared<TaskOf<R>>(std::packaged_task<R()>(std::move(f)));
    if (helpers_ == 0) return Job<R>(std::move(task));
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(task);
      if (threads_.size() < helpers_ && idle_ == 0) {
        try {
          threads_.emplace_back([this] { help(); });
        } catch (const std::system_error&) {
          helpers_ = static_cast<unsigned>(threads_.size());  // no thread to be had: the askers run it
        }
      }
    }
    wake_.notify_one();
    return Job<R>(std::move(task));
  }

 private:
  void help() {
    std::unique_lock lock(mutex_);
    for (;;) {
      ++idle_;
      wake_.wait(lock, [this] { return done_ || !queue_.empty(); });
      --idle_;
      if (done_) return;
      std::shared_ptr<Task> task = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      task->claim_and_run();
      lock.lock();
    }
  }

  unsigned helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Task>> queue_;
  std::vector<std::thread> threads_;
  unsigned idle_ = 0;
  bool done_ = false;
};

}  // namespace voxclone::detail
