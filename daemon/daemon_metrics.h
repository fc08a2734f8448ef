// What `gazette run` counts about itself and, with [metrics] listen, serves:
// the registry with the poll metrics (attached to the poller and the
// scheduler), the build info, the health monitor and its heartbeat on the
// event loop, and the endpoint (daemon/metrics_server.h).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "config/config.h"
#include "daemon/metrics_server.h"
#include "poll/health.h"
#include "poll/metrics_registry.h"
#include "poll/poll_metrics.h"
#include "poll/poller.h"
#include "poll/scheduler.h"
#include "poll/store_thread.h"

namespace gazette {

class DaemonMetrics {
 public:
  // Counts whether or not the endpoint is configured (atomics: cheap).
  // Starts the heartbeat on `executor` (the event loop). Throws
  // std::runtime_error when [metrics] listen is set and cannot be listened on.
  // `poller` and `scheduler` keep a pointer to the metrics: destroy this
  // object before them.
  DaemonMetrics(const Config& config, boost::asio::any_io_executor executor,
                const StoreThread& store, Poller& poller, Scheduler& scheduler);

  // Shutdown begins: /healthz answers 503, the heartbeat stops.
  void stopping();
  // The event loop is done: the heartbeat stops (so the loop can end).
  void loop_ended() { heartbeat_.cancel(); }
  // After a reload: a changed [metrics] listen takes effect at restart only.
  void reloaded(const Config& config);

 private:
  void beat();

  MetricsRegistry registry_;
  PollMetrics poll_metrics_;
  HealthMonitor health_;
  boost::asio::steady_timer heartbeat_;
  std::string listen_;  // the endpoint's address as configured at start, or empty
  std::unique_ptr<MetricsServer> server_;  // last: stopped before what it reads
};

}  // namespace gazette
