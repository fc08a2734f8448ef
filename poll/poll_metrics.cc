#include "poll/poll_metrics.h"

#include <algorithm>

#include "poll/poll_steps.h"

namespace gazette {
namespace {

constexpr PollOutcome kPollOutcomes[] = {
    PollOutcome::ok,         PollOutcome::not_modified,   PollOutcome::fetch_error,
    PollOutcome::http_error, PollOutcome::robots_refused, PollOutcome::parse_error,
};
constexpr SourceState kSourceStates[] = {SourceState::ok, SourceState::failing,
                                         SourceState::never_polled, SourceState::disabled};
// The transport failures a source's fetch can end with (FetchError::none is
// a response; `cancelled` only happens on shutdown, which is not counted).
constexpr FetchError kFetchErrors[] = {
    FetchError::bad_url,       FetchError::dns,       FetchError::connect,
    FetchError::tls,           FetchError::timeout,   FetchError::reset,
    FetchError::truncated,     FetchError::too_large, FetchError::bad_encoding,
    FetchError::redirect_loop, FetchError::protocol,  FetchError::cancelled,
    FetchError::refused,
};
constexpr const char* kStatusClasses[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

// Buckets, in seconds. A fetch is bounded by [fetch] total_timeout (60 s by
// default); a store is usually milliseconds, seconds when the disk is slow
// or a batch is long; dispatch lag is whole seconds (the schedule's unit)
// and grows when more sources are due than polls may run at once.
const std::vector<double> kFetchBounds = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
const std::vector<double> kStoreBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                          0.5,   1,    2.5,   5,    10,  30};
const std::vector<double> kLagBounds = {0, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};

}  // namespace

const char* to_string(PollOutcome outcome) {
  switch (outcome) {
    case PollOutcome::ok:
      return "ok";
    case PollOutcome::not_modified:
      return "not_modified";
    case PollOutcome::fetch_error:
      return "fetch_error";
    case PollOutcome::http_error:
      return "http_error";
    case PollOutcome::robots_refused:
      return "robots_refused";
    case PollOutcome::parse_error:
      return "parse_error";
  }
  return "unknown";
}

const char* to_string(SourceState state) {
  switch (state) {
    case SourceState::ok:
      return "ok";
    case SourceState::failing:
      return "failing";
    case SourceState::never_polled:
      return "never_polled";
    case SourceState::disabled:
      return "disabled";
  }
  return "unknown";
}

PollOutcome classify_poll(const SourceFetch& fetched, bool failed) {
  const FetchResponse& response = fetched.response;
  if (!fetched.robots_refusal.empty()) return PollOutcome::robots_refused;
  if (response.error != FetchError::none) return PollOutcome::fetch_error;
  if (response.not_modified()) return PollOutcome::not_modified;
  if (!response.ok()) return PollOutcome::http_error;
  return failed ? PollOutcome::parse_error : PollOutcome::ok;
}

SourceState source_state(const SourceRow& source) {
  if (source.disabled_at) return SourceState::disabled;
  if (source.error_count > 0) return SourceState::failing;
  return source.last_polled ? SourceState::ok : SourceState::never_polled;
}

PollMetrics::PollMetrics(MetricsRegistry& registry)
    : registry_(registry),
      source_bytes_(registry.counter("gazette_fetched_bytes_total",
                                     "Body bytes received (before decompression), by what was "
                                     "fetched: a source's document or an article page it led to.",
                                     {{"what", "source"}})),
      article_bytes_(registry.counter("gazette_fetched_bytes_total", "", {{"what", "article"}})),
      articles_stored_(registry.counter("gazette_articles_stored_total",
                                        "Articles stored as new rows since the daemon started.")),
      articles_updated_(registry.counter(
          "gazette_articles_updated_total",
          "Stored articles whose content a poll changed since the daemon started.")),
      fetch_duration_(registry.histogram(
          "gazette_fetch_duration_seconds",
          "Duration of a source's fetch (request to complete body, redirects included).",
          kFetchBounds)),
      store_duration_(registry.histogram(
          "gazette_store_duration_seconds",
          "Time from handing a polled document to the store thread until it was committed.",
          kStoreBounds)),
      dispatch_lag_(registry.histogram(
          "gazette_dispatch_lag_seconds",
          "Time from a source's due time to the start of its request (whole seconds).",
          kLagBounds)),
      sources_due_(registry.gauge("gazette_sources_due",
                                  "Sources due for a poll and waiting for a free poll slot, at the "
                                  "scheduler's last look.")),
      polls_in_flight_(registry.gauge("gazette_polls_in_flight",
                                      "Polls running, at the scheduler's last look.")) {
  for (PollOutcome outcome : kPollOutcomes)
    polls_[outcome] = &registry.counter("gazette_polls_total",
                                        "Polls of sources finished and recorded, by outcome.",
                                        {{"outcome", to_string(outcome)}});
  for (FetchError error : kFetchErrors) fetch_error(error);
  for (std::size_t i = 0; i < http_responses_.size(); ++i)
    http_responses_[i] = &registry.counter(
        "gazette_http_responses_total",
        "Responses to source fetches, by status class of the final response (after redirects).",
        {{"class", kStatusClasses[i]}});
  for (SourceState state : kSourceStates)
    sources_[state] = &registry.gauge(
        "gazette_sources", "Sources by the state of their last poll, at the scheduler's last look.",
        {{"state", to_string(state)}});
}

Counter& PollMetrics::fetch_error(FetchError error) {
  std::lock_guard lock(errors_mutex_);
  Counter*& counter = fetch_errors_[error];
  if (!counter)
    counter = &registry_.counter(
        "gazette_fetch_errors_total",
        "Source fetches that got no HTTP response, by kind (the poller's FetchError).",
        {{"kind", to_string(error)}});
  return *counter;
}

void PollMetrics::source_fetched(const FetchResponse& response,
                                 std::chrono::duration<double> took) {
  source_bytes_.add(response.wire_bytes);
  fetch_duration_.observe(took.count());
  if (response.error != FetchError::none) {
    fetch_error(response.error).add();
    return;
  }
  int status_class = response.status / 100;
  http_responses_[status_class >= 1 && status_class <= 5 ? status_class : 0]->add();
}

void PollMetrics::article_fetched(const FetchResponse& response) {
  article_bytes_.add(response.wire_bytes);
}

void PollMetrics::dispatched(std::optional<UnixTime> due, UnixTime now) {
  // A source never scheduled is due at once: no lag to speak of.
  dispatch_lag_.observe(static_cast<double>(std::max<UnixTime>(0, due ? now - *due : 0)));
}

void PollMetrics::stored(std::chrono::duration<double> took, const StoreCounts& counts) {
  store_duration_.observe(took.count());
  articles_stored_.add(static_cast<std::uint64_t>(std::max(counts.added, 0)));
  articles_updated_.add(static_cast<std::uint64_t>(std::max(counts.updated, 0)));
}

void PollMetrics::polled(PollOutcome outcome) { polls_.at(outcome)->add(); }

void PollMetrics::sources_seen(const std::vector<SourceRow>& sources, UnixTime now) {
  std::map<SourceState, std::size_t> counts;
  std::size_t due = 0;
  for (const SourceRow& source : sources) {
    ++counts[source_state(source)];
    if (!source.disabled_at && (!source.next_poll || *source.next_poll <= now)) ++due;
  }
  for (auto& [state, gauge] : sources_) gauge->set(static_cast<double>(counts[state]));
  sources_due_.set(static_cast<double>(due));
}

void PollMetrics::scheduled(std::size_t in_flight) {
  polls_in_flight_.set(static_cast<double>(in_flight));
}

}  // namespace gazette
