#include "poll/poller.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <limits>
#include <set>
#include <vector>

#include "base/clock.h"
#include "base/web_url.h"
#include "config/limits.h"
#include "feeds/date_parser.h"
#include "feeds/page_items.h"
#include "feeds/page_rules.h"
#include "feeds/url_normalize.h"
#include "poll/log.h"
#include "storage/article_lookup.h"

namespace gazette {
namespace {

// A short, stable per-URL jitter (0..span-1 seconds) so sources sharing an
// interval drift apart instead of firing in the same second forever.
std::int64_t url_jitter(const std::string& url, std::int64_t span) {
  if (span <= 1) return 0;
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: stable across runs, no security role
  for (unsigned char c : url) h = (h ^ c) * 1099511628211ull;
  return static_cast<std::int64_t>(h % static_cast<std::uint64_t>(span));
}

// The parse steps (poll/poll_steps.h), run on the parse pool. Parameters by
// value: the coroutine outlives the caller's expression. (A coroutine lambda
// with captures would be shorter, but GCC 12 destroys such captures twice.)
boost::asio::awaitable<ParsedSource> parse_on_pool(ParseInput input) {
  co_return parse_source(std::move(input));
}

boost::asio::awaitable<FollowedArticle> parse_article_on_pool(std::string body,
                                                              std::string content_type,
                                                              std::string url, UnixTime now) {
  co_return parse_followed_article(body, content_type, url, now);
}

// One poll's lines in the log: repairs, warnings, the result, a move.
void log_poll(const PollReport& report, const std::string& warning,
              const std::string& permanent_url) {
  for (const std::string& problem : report.counts.repaired)
    log(LogLevel::warning, "source {}: stored with a repair: {}", report.url, problem);
  if (!warning.empty()) log(LogLevel::warning, "source {}: {}", report.url, warning);
  if (!report.ok) {
    log(LogLevel::error, "source {}: {}", url_for_log(report.url), report.error);
  } else if (report.not_modified) {
    log(LogLevel::debug, "source {}: not modified", url_for_log(report.url));
  } else {
    log(LogLevel::info, "source {}: {} items, {} new, {} updated, {} pages followed ({} ms)",
        url_for_log(report.url), report.counts.seen, report.counts.added, report.counts.updated,
        report.followed, report.duration.count());
  }
  if (!permanent_url.empty())
    log(LogLevel::notice, "source {}: moved permanently to {}; polling the new URL from now on",
        url_for_log(report.url), url_for_log(permanent_url));
}

// Several warnings of one poll (the document, followed pages) in one line.
void add_warning(std::string& to, std::string_view warning) {
  if (warning.empty()) return;
  if (!to.empty()) to += "; ";
  to += warning;
}

// The sightings block of an article page reached by following a link, kept
// apart from the headline or teaser that led to it (docs/schema.md).
constexpr const char* kFollowedBlock = "(followed)";
// A link followed (or tried) is not fetched again for this long.
constexpr std::int64_t kFollowMemorySeconds = 3600;

}  // namespace

UnixTime next_poll_time(const SourceRow& source, bool failed, int error_count_after,
                        std::string_view retry_after, UnixTime now) {
  // The database may hold any interval (a row written by an older Gazette,
  // or by hand): clamp it to what the config accepts, so next_poll stays a
  // four-digit year and the doublings below cannot overflow.
  std::int64_t interval =
      std::clamp<std::int64_t>(source.interval_seconds, kMinInterval.count(), kMaxInterval.count());
  std::int64_t delay = interval + url_jitter(source.url, std::max<std::int64_t>(interval / 20, 1));
  if (failed) {
    int doublings = std::min(error_count_after - 1, 6);
    delay = std::min<std::int64_t>(interval << std::max(doublings, 0), 24 * 3600);
    delay = std::max(delay, interval);
  }
  if (!retry_after.empty()) {
    // Retry-After is either delta-seconds or an HTTP date.
    std::int64_t wait = -1;
    if (std::all_of(retry_after.begin(), retry_after.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      // Ten digits or more is over 300 years: "later than we will wait" (capped
      // below), not a number to convert and overflow.
      wait = retry_after.size() < 10 ? std::stoll(std::string(retry_after))
                                     : std::numeric_limits<std::int64_t>::max();
    } else if (auto when = parse_date(retry_after)) {
      wait = *when - now;
    }
    if (wait > delay) delay = std::min<std::int64_t>(wait, 7 * 24 * 3600);
  }
  return now + delay;
}

Poller::Poller(SQLite::Database& db, HttpClient& http, boost::asio::any_io_executor parse_executor,
               StoreThread& store, const Config& config, const Clock& clock)
    : stored_bodies_(db),
      http_(http),
      parse_executor_(std::move(parse_executor)),
      store_(store),
      config_(config),
      pacer_(config.fetch.min_host_delay),
      robots_(http, "Gazette", config.fetch.robots_txt),
      clock_(clock),
      followed_(clock, kFollowMemorySeconds) {
  // Configured and added sources, and pages on their origins, may be on
  // internal addresses (the operator chose them); links and redirects
  // elsewhere may not (http/http_address_policy.h).
  use_sources(config_.sources);
  for (const SourceRow& row : SourceStore(db).list()) http_.trust_origin(row.url);
}

void Poller::use_sources(const std::vector<SourceConfig>& sources) {
  settings_.clear();
  for (const SourceConfig& s : sources) {
    settings_[s.url] = s;
    http_.trust_origin(s.url);
  }
}

void Poller::set_shutting_down() {
  shutting_down_ = true;
  pacer_.cancel_all();
}

const SourceConfig* Poller::source_config(const std::string& url) const {
  auto it = settings_.find(url);
  return it == settings_.end() ? nullptr : &it->second;
}

boost::asio::awaitable<std::vector<FeedItem>> Poller::follow_links(
    const SourceRow& source, const std::vector<std::string>& links, std::string& warning) {
  std::vector<FeedItem> found;
  int budget = config_.fetch.max_follow;
  for (const std::string& link : links) {
    if (budget <= 0 || shutting_down_) break;
    if (decide_follow(link, stored_bodies_.length(link), followed_) != FollowDecision::follow)
      continue;
    RobotsCache::Verdict robots = co_await robots_.check(link);
    if (!robots.allowed) {
      log(LogLevel::info, "source {}: not following {}: {}", url_for_log(source.url),
          url_for_log(link), robots.reason);
      continue;
    }
    --budget;
    co_await pacer_.wait_turn(link);
    FetchRequest request;
    request.url = link;
    request.accept = kAcceptHtml;
    FetchResponse response = co_await http_.fetch(request);
    if (!response.ok()) {
      if (!shutting_down_)
        log(LogLevel::warning, "source {}: following {}: {}", url_for_log(source.url),
            url_for_log(link), describe(response));
      continue;
    }
    std::string failure;  // logged below: no co_await in a handler
    FollowedArticle followed = co_await parse_article(source, std::move(response), failure);
    if (!failure.empty()) {
      log(LogLevel::warning, "source {}: following {}: parse: {}", source.url, link, failure);
      add_warning(warning, fmt::format("{}: parse: {}", link, failure));
      continue;
    }
    if (!followed.warning.empty())
      add_warning(warning, fmt::format("{}: {}", link, followed.warning));
    std::optional<FeedItem>& item = followed.item;
    if (item && !followed.next_page_url.empty() && config_.fetch.max_story_pages > 1)
      co_await join_story_pages(source, *item, followed.next_page_url, warning);
    if (item) {
      item->block = kFollowedBlock;
      found.push_back(std::move(*item));
    } else {
      log(LogLevel::debug, "source {}: {} is not an article page", url_for_log(source.url),
          url_for_log(link));
    }
  }
  co_return found;
}

boost::asio::awaitable<FollowedArticle> Poller::parse_article(const SourceRow& source,
                                                              FetchResponse response,
                                                              std::string& failure) {
  FollowedArticle parsed;
  try {
    ParseJournal::Entry parsing = mark_parsing(source.id);
    parsed = co_await boost::asio::co_spawn(
        parse_executor_,
        parse_article_on_pool(std::move(response.body), response.content_type, response.final_url,
                              clock_.unix_now()),
        boost::asio::use_awaitable);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  co_return parsed;
}

boost::asio::awaitable<void> Poller::join_story_pages(const SourceRow& source, FeedItem& story,
                                                      std::string next, std::string& warning) {
  std::set<std::string> seen{normalize_url(story.url)};
  for (int page = 2; page <= config_.fetch.max_story_pages && !next.empty() && !shutting_down_;
       ++page) {
    // A loop of rel=next links, or one back to the first page, ends the story.
    if (!seen.insert(normalize_url(next)).second) break;
    RobotsCache::Verdict robots = co_await robots_.check(next);
    if (!robots.allowed) break;
    co_await pacer_.wait_turn(next);
    FetchRequest request;
    request.url = next;
    request.accept = kAcceptHtml;
    FetchResponse response = co_await http_.fetch(request);
    if (!response.ok()) {
      add_warning(warning,
                  fmt::format("{}: page {} of the story: {}", story.url, page, describe(response)));
      break;
    }
    std::string failure;
    FollowedArticle more = co_await parse_article(source, std::move(response), failure);
    if (!failure.empty()) {
      add_warning(warning, fmt::format("{}: parse: {}", next, failure));
      break;
    }
    if (!more.item) break;  // the next page is not more of an article
    append_story_page(story, *more.item);
    next = more.next_page_url;
  }
}

boost::asio::awaitable<SourceFetch> Poller::fetch(const SourceRow& source) {
  SourceFetch fetched;
  FetchRequest& request = fetched.request;
  request.url = source.fetch_url.empty() ? source.url : source.fetch_url;
  request.etag = source.etag;
  request.last_modified = source.last_modified;
  const bool page = source.kind == SourceKind::page;
  RobotsCache::Verdict robots;
  if (page) robots = co_await robots_.check(request.url);
  if (!robots.allowed) {
    fetched.robots_refusal = robots.reason;
    co_return fetched;
  }
  if (page) {
    request.accept = kAcceptHtml;
    co_await pacer_.wait_turn(request.url);
  }
  fetched.response = co_await http_.fetch(request);
  co_return fetched;
}

boost::asio::awaitable<ParsedSource> Poller::parse(const SourceRow& source,
                                                   FetchResponse& response) {
  ParseInput input;
  input.kind = source.kind;
  input.body = std::move(response.body);
  input.content_type = response.content_type;
  input.url = response.final_url;
  if (const SourceConfig* settings = source_config(source.url)) {
    input.rules = settings->rules;
    input.fetch_full = settings->fetch_full;
  }
  input.now = clock_.unix_now();
  ParsedSource parsed;
  try {
    ParseJournal::Entry parsing = mark_parsing(source.id);
    parsed = co_await boost::asio::co_spawn(parse_executor_, parse_on_pool(std::move(input)),
                                            boost::asio::use_awaitable);
  } catch (const std::exception& e) {
    // parse_source returns a document's failures; this is the pool's (memory).
    parsed = ParsedSource();
    parsed.error = fmt::format("parse: {}", e.what());
  }
  co_return parsed;
}

boost::asio::awaitable<PollReport> Poller::poll(SourceRow source) {
  PollReport report;
  report.url = source.url;
  auto clock_start = std::chrono::steady_clock::now();
  UnixTime started = clock_.unix_now();
  http_.trust_origin(source.url);  // added since the poller started

  SourceFetch fetched = co_await fetch(source);
  FetchOutcome outcome = fetch_outcome(source, started, fetched);
  report.not_modified = fetched.response.not_modified();

  std::vector<FeedItem> items;
  if (!report.not_modified && outcome.error.empty()) {
    ParsedSource parsed = co_await parse(source, fetched.response);
    outcome.error = std::move(parsed.error);
    outcome.feed_title = std::move(parsed.title);
    outcome.warning = std::move(parsed.warning);
    items = std::move(parsed.items);
    if (!parsed.follow.empty() && outcome.error.empty() && config_.fetch.max_follow > 0) {
      std::vector<FeedItem> articles =
          co_await follow_links(source, parsed.follow, outcome.warning);
      report.followed = static_cast<int>(articles.size());
      for (FeedItem& item : articles) items.push_back(std::move(item));
    }
  }

  if (shutting_down_ && !outcome.error.empty()) {
    // Cancelled by shutdown: not the source's failure, nothing to record.
    report.error = "cancelled by shutdown";
    co_return report;
  }

  outcome.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - clock_start)
                            .count();
  report.duration = std::chrono::milliseconds(outcome.duration_ms);
  report.ok = outcome.error.empty();
  report.error = outcome.error;
  std::string warning = outcome.warning;
  std::string permanent_url = outcome.permanent_url;
  report.counts = co_await record_poll_result(store_, source, std::move(outcome), std::move(items),
                                              fetched.response.retry_after, clock_.unix_now());
  log_poll(report, warning, permanent_url);
  co_return report;
}

}  // namespace gazette
