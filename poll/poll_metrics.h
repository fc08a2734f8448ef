// What the daemon counts while it polls, as Prometheus metrics
// (poll/metrics_registry.h; docs/operations.md, "What to watch", lists them).
// The poller, the scheduler and the store step record here; the daemon's
// /metrics endpoint renders the registry.
//
// Every label value comes from a fixed set (PollOutcome, FetchError, a
// status class, SourceState): never a URL, host or title, so the number of
// series stays bounded however many sources there are.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "base/clock.h"
#include "http/http_client.h"
#include "poll/metrics_registry.h"
#include "storage/poll_recorder.h"
#include "storage/source_store.h"

namespace gazette {

struct SourceFetch;

// How one poll of one source ended (the label of gazette_polls_total).
enum class PollOutcome {
  ok,              // fetched (2xx) and parsed
  not_modified,    // 304
  fetch_error,     // no HTTP response: DNS, connect, TLS, timeout, ... (FetchError)
  http_error,      // a response other than 2xx/304
  robots_refused,  // robots.txt forbade the page; nothing was fetched
  parse_error,     // fetched, but the document (or a page rule) failed
};
const char* to_string(PollOutcome outcome);

// `error`: the poll's final error text (empty when it succeeded).
PollOutcome classify_poll(const SourceFetch& fetched, bool failed);

// A source's state as the scheduler last saw it in the database.
enum class SourceState { ok, failing, never_polled, disabled };
const char* to_string(SourceState state);
SourceState source_state(const SourceRow& source);

class PollMetrics {
 public:
  // Registers every series at once (at zero), so a scraper sees all of them
  // from the first scrape.
  explicit PollMetrics(MetricsRegistry& registry);

  // The fetch of a source's document: bytes, duration, and how it failed.
  void source_fetched(const FetchResponse& response, std::chrono::duration<double> took);
  // The fetch of an article page followed from a source.
  void article_fetched(const FetchResponse& response);
  // A request about to start for a source due at `due` (nullopt: due at once).
  void dispatched(std::optional<UnixTime> due, UnixTime now);
  // The store step handed the document over and it was committed.
  void stored(std::chrono::duration<double> took, const StoreCounts& counts);
  void polled(PollOutcome outcome);
  // The scheduler's look at the source list: sources by state; then the
  // sources due but not started (waiting for a slot) and the polls in flight.
  // Every source, by state, and how many are due at `now` (enabled, next
  // poll at or before it).
  void sources_seen(const std::vector<SourceRow>& sources, UnixTime now);
  void scheduled(std::size_t in_flight);

 private:
  Counter& fetch_error(FetchError error);

  MetricsRegistry& registry_;
  std::map<PollOutcome, Counter*> polls_;
  std::mutex errors_mutex_;  // fetch_errors_: a FetchError added later is registered on first use
  std::map<FetchError, Counter*> fetch_errors_;
  std::array<Counter*, 6> http_responses_{};  // by status class: other, 1xx .. 5xx
  Counter& source_bytes_;
  Counter& article_bytes_;
  Counter& articles_stored_;
  Counter& articles_updated_;
  Histogram& fetch_duration_;
  Histogram& store_duration_;
  Histogram& dispatch_lag_;
  std::map<SourceState, Gauge*> sources_;
  Gauge& sources_due_;
  Gauge& polls_in_flight_;
};

}  // namespace gazette
