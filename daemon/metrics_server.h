// The daemon's optional HTTP endpoint ([metrics] listen): /metrics in the
// Prometheus text format and /healthz. The only file with a Beast server.
//
// It runs on a thread and io_context of its own: a scrape never waits for
// the poll loop nor slows it (rendering reads atomics and short locks), and
// /healthz still answers, with 503, when the poll loop is stuck.
//
// Hardening (docs/security.md): loopback or a Unix socket only (the
// config refuses anything else); GET and HEAD only; requests capped at
// kMaxRequestBytes with no body; kIdleTimeout to send a request or take a
// response; at most kMaxConnections at once (more are closed on accept);
// any other path is 404.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "config/metrics_listen.h"
#include "poll/health.h"
#include "poll/metrics_registry.h"

namespace gazette {

inline constexpr std::size_t kMetricsMaxConnections = 8;
inline constexpr std::size_t kMetricsMaxRequestBytes = 8 * 1024;
inline constexpr std::chrono::seconds kMetricsIdleTimeout{10};

class MetricsServer {
 public:
  // Binds and listens at once (so a bad address fails the start), then
  // serves on its own thread. A Unix socket is created mode 0660; a stale
  // socket file left by a dead daemon is replaced, a live one (something
  // answers on it) or any other file is not. Throws std::runtime_error
  // saying where and why it could not listen. `registry` and `health` must
  // outlive the server; `health` is called from its thread.
  MetricsServer(const MetricsListen& listen, const MetricsRegistry& registry,
                std::function<HealthVerdict()> health);
  // Stops the thread, closes connections, removes the socket file.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette
