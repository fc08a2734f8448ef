// Polls one source end to end: fetch -> parse -> normalize -> store.
#pragma once

#include <SQLiteCpp/Database.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "daemon/http_client.h"
#include "storage/poll_recorder.h"
#include "storage/source_store.h"

namespace gazette {

struct PollReport {
  std::string url;       // the source's url
  bool ok = false;       // fetched and parsed (or 304)
  bool not_modified = false;
  std::string error;     // what went wrong, when !ok
  StoreCounts counts;
  std::chrono::milliseconds duration{0};
};

class Poller {
 public:
  // `db` is the daemon's one writer connection; all calls happen on the
  // executor thread that runs the HttpClient, so no locking is needed.
  // Parsing runs on `parse_executor` (a thread pool), so a large document
  // never stalls the network loop and a second core does useful work; the
  // results come back to the loop's thread for storing.
  Poller(SQLite::Database& db, HttpClient& http, boost::asio::any_io_executor parse_executor)
      : db_(db), http_(http), parse_executor_(std::move(parse_executor)) {}

  // Never throws for a source's own problems (network, HTTP, parse): they end
  // in the report, one logged line, and a fetches row. Database errors do throw.
  boost::asio::awaitable<PollReport> poll(SourceRow source);

  // When set, fetches that fail because of cancel_all() are not recorded (a
  // shutdown is not the source's fault).
  void set_shutting_down() { shutting_down_ = true; }

 private:
  SQLite::Database& db_;
  HttpClient& http_;
  boost::asio::any_io_executor parse_executor_;
  bool shutting_down_ = false;
};

// When a source should be polled next: its interval after success, backing
// off (doubling, up to a day) after consecutive errors, never sooner than a
// server's Retry-After.
UnixTime next_poll_time(const SourceRow& source, bool failed, int error_count_after,
                        std::string_view retry_after, UnixTime now);

}  // namespace gazette
