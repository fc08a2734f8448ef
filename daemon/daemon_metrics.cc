#include "daemon/daemon_metrics.h"

#include "poll/log.h"
#include "version.h"

namespace gazette {
namespace {

// How often the event loop tells the health monitor it answers (poll/health.h).
constexpr auto kHeartbeatInterval = std::chrono::seconds(1);

std::string listen_text(const Config& config) {
  return config.metrics.listen ? config.metrics.listen->text() : "";
}

}  // namespace

DaemonMetrics::DaemonMetrics(const Config& config, boost::asio::any_io_executor executor,
                             const StoreThread& store, Poller& poller, Scheduler& scheduler)
    : poll_metrics_(registry_),
      health_(store, registry_),
      heartbeat_(executor),
      listen_(listen_text(config)) {
  registry_
      .gauge("gazette_build_info", "Always 1; the version of the running daemon in a label.",
             {{"version", GAZETTE_VERSION}})
      .set(1);
  poller.set_metrics(&poll_metrics_);
  scheduler.set_metrics(&poll_metrics_);
  beat();
  if (config.metrics.listen)
    server_ = std::make_unique<MetricsServer>(*config.metrics.listen, registry_,
                                              [this] { return health_.check(); });
}

void DaemonMetrics::beat() {
  health_.beat();
  heartbeat_.expires_after(kHeartbeatInterval);
  heartbeat_.async_wait([this](boost::system::error_code ec) {
    if (!ec) beat();
  });
}

void DaemonMetrics::stopping() {
  health_.set_stopping();
  heartbeat_.cancel();
}

void DaemonMetrics::reloaded(const Config& config) {
  if (listen_text(config) != listen_)
    log(LogLevel::notice, "[metrics] listen changed: it takes effect at the next restart");
}

}  // namespace gazette
