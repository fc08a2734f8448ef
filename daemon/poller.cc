#include "daemon/poller.h"

#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <vector>

#include "daemon/log.h"
#include "feeds/feed_parser.h"
#include "feeds/normalize.h"
#include "feeds/date_parser.h"

namespace gazette {
namespace {

UnixTime unix_now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

// A short, stable per-URL jitter (0..span-1 seconds) so sources sharing an
// interval drift apart instead of firing in the same second forever.
std::int64_t url_jitter(const std::string& url, std::int64_t span) {
  if (span <= 1) return 0;
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: stable across runs, no security role
  for (unsigned char c : url) h = (h ^ c) * 1099511628211ull;
  return static_cast<std::int64_t>(h % static_cast<std::uint64_t>(span));
}

// Runs on the parse pool. Parameters by value: the coroutine outlives the
// caller's expression. (A coroutine lambda with captures would be shorter,
// but GCC 12 destroys such captures twice.)
boost::asio::awaitable<ParsedFeed> parse_document(std::string body, std::string url) {
  ParsedFeed parsed = parse_feed(body, url);
  UnixTime now = unix_now();
  for (FeedItem& item : parsed.items) normalize_item(item, url, now);
  co_return parsed;
}

std::string describe_http_failure(const FetchResponse& response) {
  if (response.error != FetchError::none)
    return fmt::format("{}: {}", to_string(response.error), response.error_message);
  return fmt::format("HTTP {}", response.status);
}

}  // namespace

UnixTime next_poll_time(const SourceRow& source, bool failed, int error_count_after,
                        std::string_view retry_after, UnixTime now) {
  std::int64_t interval = std::max<std::int64_t>(source.interval_seconds, 60);
  std::int64_t delay = interval + url_jitter(source.url, std::max<std::int64_t>(interval / 20, 1));
  if (failed) {
    int doublings = std::min(error_count_after - 1, 6);
    delay = std::min<std::int64_t>(interval << std::max(doublings, 0), 24 * 3600);
    delay = std::max(delay, interval);
  }
  if (!retry_after.empty()) {
    // Retry-After is either delta-seconds or an HTTP date.
    std::int64_t wait = -1;
    if (std::all_of(retry_after.begin(), retry_after.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        retry_after.size() < 10) {
      wait = std::stoll(std::string(retry_after));
    } else if (auto when = parse_date(retry_after)) {
      wait = *when - now;
    }
    if (wait > delay) delay = std::min<std::int64_t>(wait, 7 * 24 * 3600);
  }
  return now + delay;
}

boost::asio::awaitable<PollReport> Poller::poll(SourceRow source) {
  PollReport report;
  report.url = source.url;
  auto clock_start = std::chrono::steady_clock::now();
  UnixTime started = unix_now();

  FetchRequest request;
  request.url = source.fetch_url.empty() ? source.url : source.fetch_url;
  request.etag = source.etag;
  request.last_modified = source.last_modified;
  FetchResponse response = co_await http_.fetch(request);

  FetchOutcome outcome;
  outcome.source_id = source.id;
  outcome.started = started;
  outcome.http_status = response.status;
  outcome.bytes = response.wire_bytes;
  outcome.etag = response.etag;
  outcome.last_modified = response.last_modified;
  outcome.permanent_url = response.permanent_url == request.url ? "" : response.permanent_url;

  std::vector<FeedItem> items;
  if (response.not_modified()) {
    report.not_modified = true;
  } else if (!response.ok()) {
    outcome.error = describe_http_failure(response);
  } else {
    try {
      ParsedFeed feed = co_await boost::asio::co_spawn(
          parse_executor_, parse_document(std::move(response.body), response.final_url),
          boost::asio::use_awaitable);
      outcome.feed_title = feed.title;
      items = std::move(feed.items);
    } catch (const FeedParseError& e) {
      outcome.error = fmt::format("parse: {}", e.what());
    }
  }

  if (shutting_down_ && !outcome.error.empty()) {
    // Cancelled by shutdown: not the source's failure, nothing to record.
    report.error = "cancelled by shutdown";
    co_return report;
  }

  UnixTime now = unix_now();
  bool failed = !outcome.error.empty();
  outcome.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - clock_start)
                            .count();
  outcome.next_poll =
      next_poll_time(source, failed, failed ? source.error_count + 1 : 0, response.retry_after, now);
  report.counts = record_poll(db_, outcome, items, now);
  report.duration = std::chrono::milliseconds(outcome.duration_ms);
  report.ok = !failed;
  report.error = outcome.error;

  if (failed) {
    log(LogLevel::error, "source {}: {}", source.url, outcome.error);
  } else if (report.not_modified) {
    log(LogLevel::debug, "source {}: not modified", source.url);
  } else {
    log(LogLevel::info, "source {}: {} items, {} new, {} updated ({} ms)", source.url,
        report.counts.seen, report.counts.added, report.counts.updated, outcome.duration_ms);
  }
  if (!outcome.permanent_url.empty())
    log(LogLevel::notice, "source {}: moved permanently to {}; polling the new URL from now on",
        source.url, outcome.permanent_url);
  co_return report;
}

}  // namespace gazette
