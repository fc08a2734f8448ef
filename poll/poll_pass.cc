#include "poll/poll_pass.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <exception>
#include <functional>

#include "base/web_url.h"
#include "http/client_options.h"
#include "http/http_client.h"
#include "poll/log.h"
#include "poll/parse_journal.h"
#include "poll/parse_threads.h"
#include "poll/poller.h"
#include "poll/progress.h"
#include "poll/shared_host_gate.h"

namespace asio = boost::asio;

namespace gazette {

PollPassResult run_poll_pass(const Config& config, Store& db,
                             const std::vector<SourceRow>& requested) {
  PollPassResult result;
  result.sources = requested.size();
  if (requested.empty()) return result;

  // See run_service (daemon/service.cc): first, and destroyed last. A
  // source whose parse killed the previous run sits this pass out (it
  // counts as failed), so that `gazette poll` from a timer cannot
  // crash-loop either; the pass after it tries again.
  ParseJournal journal(parse_journal_file(config.database.string(), config.file));
  std::vector<std::int64_t> unfinished = record_unfinished_parses(db, journal);
  std::vector<SourceRow> sources;
  for (const SourceRow& s : requested) {
    if (std::find(unfinished.begin(), unfinished.end(), s.id) == unfinished.end())
      sources.push_back(s);
    else
      ++result.failed;
  }
  if (sources.empty()) return result;
  asio::io_context ioc(1);
  HttpClientOptions http_options = client_options(config);
  // Pollers sharing a PostgreSQL store keep each host's gap and limit together.
  http_options.host_gate = shared_host_gate_for(config.database.string());
  HttpClient http(ioc.get_executor(), std::move(http_options));
  asio::thread_pool parse_pool(parse_threads());
  StoreThread store(config.database.string(), config.stories, &db);
  Poller poller(db, http, parse_pool.get_executor(), store, config);
  poller.set_parse_journal(&journal);
  PollProgress progress(sources.size());
  std::exception_ptr fatal;
  bool stopping = false;
  std::size_t next = 0;
  std::size_t in_flight = 0;

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  auto stop = [&] {
    stopping = true;
    poller.set_shutting_down();
    http.cancel_all();
  };
  signals.async_wait([&](boost::system::error_code ec, int signal_number) {
    if (ec) return;
    log(LogLevel::notice, "signal {}: cancelling the poll pass", signal_number);
    result.interrupted = true;
    stop();
  });

  // A window of sources in flight, not all at once: enough to keep every
  // connection and parse thread busy, few enough that fetched bodies do not
  // pile up in memory ahead of the parser.
  const std::size_t window =
      static_cast<std::size_t>(config.fetch.max_connections) + 2 * parse_threads();
  std::function<void()> launch_next = [&] {
    if (stopping || next >= sources.size()) return;
    ++in_flight;
    asio::co_spawn(ioc, poller.poll(sources[next++]),
                   [&](std::exception_ptr error, PollReport report) {
                     --in_flight;
                     if (error) {
                       // A database failure: nothing else can be stored.
                       if (!fatal) fatal = error;
                       stop();
                     } else {
                       result.added += report.counts.added;
                       result.updated += report.counts.updated;
                       if (!report.ok) ++result.failed;
                       progress.source_done(url_for_log(report.url), report.ok);
                     }
                     launch_next();
                     if (in_flight == 0) {
                       signals.cancel();
                       http.close_idle();
                     }
                   });
  };
  for (std::size_t i = 0; i < window; ++i) launch_next();

  ioc.run();
  progress.finish();
  if (fatal) std::rethrow_exception(fatal);
  return result;
}

}  // namespace gazette
