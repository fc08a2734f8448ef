// What the daemon's /healthz answers (docs/operations.md, "What to watch"):
// healthy while its event loop answers and its store thread is not stuck.
//
//   - event loop: the poll loop beats a heartbeat every second (the daemon's
//     timer); silent for longer than kLoopSilenceLimit, it is blocked: every
//     fetch, timer and signal waits behind it.
//   - store thread: the oldest polled document handed to it and not yet
//     committed has waited longer than kStorePendingLimit. Polls wait for
//     their documents to commit, so the queue is at most one document per
//     poll slot and normally commits within seconds.
//   - shutting down: unhealthy, so a balancer stops sending work at once.
//
// The check runs on the metrics server's thread: it reads atomics only, so a
// stuck loop cannot keep it from answering.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "poll/metrics_registry.h"

namespace gazette {

class StoreThread;

inline constexpr std::chrono::seconds kLoopSilenceLimit{10};
inline constexpr std::chrono::seconds kStorePendingLimit{120};

struct HealthInputs {
  std::chrono::steady_clock::duration loop_silence{0};   // since the loop's last heartbeat
  std::chrono::steady_clock::duration store_pending{0};  // oldest uncommitted document's wait
  bool stopping = false;
};

struct HealthVerdict {
  bool healthy = true;
  std::string reason;  // why not, for the 503's body; empty when healthy
};

HealthVerdict judge_health(const HealthInputs& inputs);

class HealthMonitor {
 public:
  // Registers its gauges (the silence, the wait, healthy 1/0) in `registry`.
  HealthMonitor(const StoreThread& store, MetricsRegistry& registry);

  void beat();  // on the event loop, about every second
  void set_stopping() { stopping_ = true; }
  // Any thread: the verdict now; updates the gauges.
  HealthVerdict check();

 private:
  const StoreThread& store_;
  std::atomic<std::chrono::steady_clock::rep> last_beat_;
  std::atomic<bool> stopping_{false};
  Gauge& loop_silence_;
  Gauge& store_pending_;
  Gauge& healthy_;
};

}  // namespace gazette
