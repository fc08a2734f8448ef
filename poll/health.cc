#include "poll/health.h"

#include <fmt/format.h>

#include "poll/store_thread.h"

namespace gazette {
namespace {

double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

HealthVerdict judge_health(const HealthInputs& inputs) {
  if (inputs.stopping) return {false, "shutting down"};
  if (inputs.loop_silence > kLoopSilenceLimit)
    return {false, fmt::format("event loop has not answered for {:.0f} s (limit {} s)",
                               seconds(inputs.loop_silence), kLoopSilenceLimit.count())};
  if (inputs.store_pending > kStorePendingLimit)
    return {false, fmt::format("store thread has not committed a document handed to it {:.0f} s "
                               "ago (limit {} s)",
                               seconds(inputs.store_pending), kStorePendingLimit.count())};
  return {true, ""};
}

HealthMonitor::HealthMonitor(const StoreThread& store, MetricsRegistry& registry)
    : store_(store),
      last_beat_(std::chrono::steady_clock::now().time_since_epoch().count()),
      loop_silence_(registry.gauge("gazette_event_loop_silence_seconds",
                                   "Seconds since the poll loop's last heartbeat (about every "
                                   "second when it answers).")),
      store_pending_(registry.gauge("gazette_store_oldest_pending_seconds",
                                    "How long the oldest document handed to the store thread has "
                                    "waited to be committed; 0 when none waits.")),
      healthy_(registry.gauge("gazette_healthy", "1 when /healthz answers 200, else 0.")) {}

void HealthMonitor::beat() {
  last_beat_.store(std::chrono::steady_clock::now().time_since_epoch().count());
}

HealthVerdict HealthMonitor::check() {
  using std::chrono::steady_clock;
  HealthInputs inputs;
  inputs.loop_silence =
      steady_clock::now().time_since_epoch() - steady_clock::duration(last_beat_.load());
  inputs.store_pending = store_.oldest_pending_age();
  inputs.stopping = stopping_.load();
  loop_silence_.set(seconds(inputs.loop_silence));
  store_pending_.set(seconds(inputs.store_pending));
  HealthVerdict verdict = judge_health(inputs);
  healthy_.set(verdict.healthy ? 1 : 0);
  return verdict;
}

}  // namespace gazette
