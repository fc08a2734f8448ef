// The daemon's timer queue: polls each source when its persisted next_poll
// time comes, so restarts keep the schedule and a source added with
// `gazette add` while the daemon runs is picked up within a minute.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "config/config.h"
#include "http/http_client.h"
#include "poll/poll_metrics.h"
#include "poll/poller.h"
#include "storage/source_store.h"
#include "storage/store.h"

namespace gazette {

// When the `index`-th of `due` sources found due at start-up is polled: the
// sources are spread over up to a minute (one a second when there are few),
// so a restart does not burst every host at once.
UnixTime startup_slot(std::size_t index, std::size_t due, UnixTime now);

// One look of the scheduler's loop over `sources` (the due rows, Store::lease_due):
// which to start polling now, and when to look again. Pure, so a test drives
// it with a ManualClock's now instead of waiting.
struct PollPlan {
  std::vector<SourceRow> start;  // due, enabled, not in flight, and within max_in_flight
  UnixTime next_wake = 0;        // the earliest next_poll to come, at most a minute
                                 // away; now + 1 while max_in_flight polls run
  std::size_t waiting = 0;       // due, not in flight, but over max_in_flight
};
PollPlan plan_polls(std::vector<SourceRow> sources, const std::set<std::int64_t>& in_flight,
                    std::size_t max_in_flight, UnixTime now);

class Scheduler {
 public:
  // At most `max_in_flight` polls run at once (bounding memory for fetched
  // bodies waiting to be parsed); the rest wait for their turn.
  Scheduler(boost::asio::any_io_executor executor, Store& db, HttpClient& http, Poller& poller,
            std::size_t max_in_flight, const Clock& clock = system_clock());

  // Runs until stop(); then waits for polls in flight to finish and returns.
  boost::asio::awaitable<void> run();

  // Stop taking new work. Polls in flight go on (the caller cancels them).
  void stop();

  // Reload (docs/operations.md): look at the source list again now.
  void rescan();
  // Deletes a source's row (and, by cascade, its articles and fetches): at
  // once, or when its poll in flight has finished and recorded, so a poll
  // never writes for a deleted row.
  void remove_source(std::int64_t id, const std::string& url);
  // A source removed while in flight and listed again before its poll ended
  // is kept.
  void keep_source(const std::string& url);

  // How long a source found due belongs to this poller when several share
  // the store (Store::lease_due; [daemon] lease): longer than a poll takes
  // (its fetch, and the article pages it follows at a host's gap), so that
  // no other poller starts it meanwhile; a poller that died loses its
  // sources after this.
  void set_lease(std::chrono::seconds lease) { lease_ = lease; }

  // Sources by state, due and in flight are counted in `metrics`.
  void set_metrics(PollMetrics* metrics) { metrics_ = metrics; }

 private:
  void spread_due_sources();
  void finish_removal(std::int64_t id);
  boost::asio::awaitable<void> poll_one(SourceRow source);

  boost::asio::any_io_executor executor_;
  Store& db_;  // the network thread's
  HttpClient& http_;
  Poller& poller_;
  boost::asio::steady_timer wake_;
  std::set<std::int64_t> in_flight_;
  std::map<std::int64_t, std::string> removal_pending_;  // in flight when removed: id -> url
  std::size_t max_in_flight_;
  std::chrono::seconds lease_ = Config().poll_lease;
  const Clock& clock_;
  bool stopping_ = false;
  PollMetrics* metrics_ = nullptr;
  UnixTime next_census_ = 0;    // when the metrics next count the sources by state
  std::exception_ptr failure_;  // first database error of a poll
};

}  // namespace gazette
