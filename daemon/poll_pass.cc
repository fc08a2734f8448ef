#include "daemon/poll_pass.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <exception>

#include "daemon/client_options.h"
#include "daemon/http_client.h"
#include "daemon/log.h"
#include "daemon/poller.h"
#include "daemon/progress.h"

namespace asio = boost::asio;

namespace gazette {

PollPassResult run_poll_pass(const Config& config, SQLite::Database& db,
                             const std::vector<SourceRow>& sources) {
  PollPassResult result;
  result.sources = sources.size();
  if (sources.empty()) return result;

  asio::io_context ioc(1);
  HttpClient http(ioc.get_executor(), client_options(config));
  Poller poller(db, http);
  PollProgress progress(sources.size());
  std::exception_ptr fatal;
  std::size_t pending = sources.size();

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int signal_number) {
    if (ec) return;
    log(LogLevel::notice, "signal {}: cancelling the poll pass", signal_number);
    result.interrupted = true;
    poller.set_shutting_down();
    http.cancel_all();
  });

  auto on_done = [&](std::exception_ptr error, PollReport report) {
    if (error) {
      // A database failure: stop the whole pass, nothing else can be stored.
      if (!fatal) fatal = error;
      poller.set_shutting_down();
      http.cancel_all();
    } else {
      result.added += report.counts.added;
      result.updated += report.counts.updated;
      if (!report.ok) ++result.failed;
      progress.source_done(report.url, report.ok);
    }
    if (--pending == 0) {
      signals.cancel();
      http.close_idle();
    }
  };
  for (const SourceRow& source : sources) asio::co_spawn(ioc, poller.poll(source), on_done);

  ioc.run();
  progress.finish();
  if (fatal) std::rethrow_exception(fatal);
  return result;
}

}  // namespace gazette
