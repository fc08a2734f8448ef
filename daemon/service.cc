#include "daemon/service.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <exception>
#include <functional>
#include <memory>

#include "daemon/config_reload.h"
#include "daemon/daemon_metrics.h"
#include "daemon/exit_codes.h"
#include "daemon/systemd_notify.h"
#include "http/client_options.h"
#include "http/http_client.h"
#include "poll/log.h"
#include "poll/parse_journal.h"
#include "poll/parse_threads.h"
#include "poll/poller.h"
#include "poll/scheduler.h"
#include "poll/shared_host_gate.h"
#include "poll/upkeep_schedule.h"
#include "storage/source_store.h"
#include "storage/store.h"

namespace asio = boost::asio;

namespace gazette {
namespace {

// In-flight work gets this long after a signal; then the loop is stopped hard
// (systemd's default TimeoutStopSec is far longer; the issue asks for 5 s).
constexpr auto kShutdownGrace = std::chrono::milliseconds(4000);

}  // namespace

int run_service(const Config& startup_config, Store& db) {
  // What the daemon runs with; a reload (SIGHUP) replaces it.
  Config config = startup_config;
  // Before anything is polled: a document that crashed the last run is
  // not parsed again at once. Declared first, destroyed last: in-flight
  // parses end their entries when the loop is torn down.
  ParseJournal journal(parse_journal_file(config.database.string(), config.file));
  record_unfinished_parses(db, journal);
  asio::io_context ioc(1);
  HttpClientOptions http_options = client_options(config);
  // Pollers sharing a PostgreSQL store keep each host's gap and limit together.
  http_options.host_gate = shared_host_gate_for(config.database.string());
  HttpClient http(ioc.get_executor(), std::move(http_options));
  asio::thread_pool parse_pool(parse_threads());
  StoreThread store(config.database.string(), config.stories, &db);
  Poller poller(db, http, parse_pool.get_executor(), store, config);
  poller.set_parse_journal(&journal);
  Scheduler scheduler(ioc.get_executor(), db, http, poller,
                      static_cast<std::size_t>(config.fetch.max_connections) + 2 * parse_threads());
  scheduler.set_lease(config.poll_lease);
  UpkeepSchedule upkeep(ioc.get_executor(), store, config.retention);  // daily retention
  upkeep.start();
  std::unique_ptr<DaemonMetrics> metrics;  // [metrics]: counted always, served when configured
  try {
    metrics = std::make_unique<DaemonMetrics>(config, ioc.get_executor(), store, poller, scheduler);
  } catch (const std::exception& e) {
    log(LogLevel::error, "{}", e.what());
    return exit_code::failure;
  }
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  asio::signal_set reload_signal(ioc, SIGHUP);
  asio::steady_timer watchdog(ioc);
  asio::steady_timer deadline(ioc);
  std::exception_ptr fatal;
  bool forced = false;

  auto begin_shutdown = [&] {
    systemd::notify_stopping();
    metrics->stopping();
    scheduler.stop();
    upkeep.stop();
    poller.set_shutting_down();
    http.cancel_all();
    watchdog.cancel();
    signals.cancel();
    reload_signal.cancel();
    deadline.expires_after(kShutdownGrace);
    deadline.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      log(LogLevel::warning, "shutdown: work still running after {} ms; stopping anyway",
          kShutdownGrace.count());
      forced = true;
      ioc.stop();
    });
  };

  signals.async_wait([&](boost::system::error_code ec, int signal_number) {
    if (ec) return;
    log(LogLevel::notice, "signal {}: shutting down", signal_number);
    begin_shutdown();
  });

  std::function<void()> await_reload = [&] {
    reload_signal.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      log(LogLevel::notice, "SIGHUP: reloading {}", config.file.string());
      systemd::notify_reloading();
      reload_config(config, db, poller, scheduler);
      metrics->reloaded(config);
      try {
        std::size_t sources = db.list_sources().size();
        systemd::notify_status(fmt::format("polling {} sources", sources));
      } catch (const std::exception& e) {
        log(LogLevel::error, "reload: database: {}", e.what());
      }
      systemd::notify_ready();
      await_reload();
    });
  };
  await_reload();

  // The watchdog is only fed when the database answers: a daemon stuck on
  // its database gets restarted, a slow network does not.
  // `arm` outlives this block: each wait's handler calls it again (it was
  // once local to the `if`, and the first ping crashed the daemon).
  std::function<void()> arm;
  if (auto interval = systemd::watchdog_interval()) {
    arm = [&, interval] {
      watchdog.expires_after(*interval);
      watchdog.async_wait([&](boost::system::error_code ec) {
        if (ec) return;
        try {
          db.next_due_after(0);  // a cheap indexed read: the database answers
          systemd::notify_watchdog();
        } catch (const std::exception& e) {
          log(LogLevel::error, "watchdog: database check failed: {}", e.what());
        }
        arm();
      });
    };
    arm();
  }

  asio::co_spawn(ioc, scheduler.run(), [&](std::exception_ptr e) {
    if (e) {
      fatal = e;
      begin_shutdown();
    }
    deadline.cancel();
    watchdog.cancel();
    metrics->loop_ended();
    signals.cancel();
    reload_signal.cancel();
  });

  std::size_t count = db.list_sources().size();
  log(LogLevel::notice, "gazette running: {} sources, database {}", count, db.location());
  if (std::string proxies = describe(client_options(config).proxy); !proxies.empty())
    log(LogLevel::notice, "proxies: {}", proxies);
  systemd::notify_status(fmt::format("polling {} sources", count));
  systemd::notify_ready();

  ioc.run();
  if (fatal) {
    try {
      std::rethrow_exception(fatal);
    } catch (const std::exception& e) {
      log(LogLevel::error, "fatal: {}", e.what());
    }
    return exit_code::database;  // the scheduler stops only for a database error
  }
  log(LogLevel::notice, "{}", forced ? "stopped (forced)" : "stopped");
  return exit_code::ok;
}

}  // namespace gazette
