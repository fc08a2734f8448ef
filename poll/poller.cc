#include "poll/poller.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <limits>
#include <vector>

#include "base/clock.h"
#include "base/web_url.h"
#include "config/limits.h"
#include "feeds/date_parser.h"
#include "feeds/document_budget.h"
#include "feeds/feed_parser.h"
#include "feeds/feed_reader.h"
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

// Runs on the parse pool. Parameters by value: the coroutine outlives the
// caller's expression. (A coroutine lambda with captures would be shorter,
// but GCC 12 destroys such captures twice.)
// Each parse runs under a DocumentBudget (feeds/document_budget.h): a CPU
// budget, and the warnings the parse limits leave, stored with the fetch.
// DocumentBudgetExceeded and any other exception of a parse fail the fetch.
boost::asio::awaitable<ParsedFeed> parse_document(std::string body, std::string url,
                                                  std::string content_type) {
  DocumentBudget budget;
  ParsedFeed parsed = read_feed(body, url, unix_now(), content_type);
  // The parser's own flag (a recovered document) first, then the limits'.
  if (std::string limits = budget.warning(); !limits.empty())
    parsed.warning = parsed.warning.empty() ? limits : parsed.warning + "; " + limits;
  co_return parsed;
}

boost::asio::awaitable<PageItems> parse_page_document(std::string body, std::string content_type,
                                                      std::string url, PageRules rules) {
  DocumentBudget budget;
  PageItems found =
      page_items(body, content_type, url, rules.empty() ? nullptr : &rules, unix_now());
  budget.check();
  found.warning = budget.warning();
  co_return found;
}

struct FollowedArticle {
  std::optional<FeedItem> item;
  std::string warning;
};

boost::asio::awaitable<FollowedArticle> parse_article_page(std::string body,
                                                           std::string content_type,
                                                           std::string url) {
  DocumentBudget budget;
  FollowedArticle out{article_item(body, content_type, url, unix_now()), {}};
  budget.check();
  out.warning = budget.warning();
  co_return out;
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
// A stored body shorter than this is a teaser: worth following the link.
constexpr std::size_t kTeaserLength = 400;
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
    std::string key = normalize_url(link);
    if (followed_.recent(key)) continue;
    std::optional<std::size_t> stored = stored_bodies_.length(link);
    if (stored && *stored >= kTeaserLength) continue;  // the story is already here in full
    followed_.remember(key);
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
    FollowedArticle followed;
    std::string failure;
    try {
      ParseJournal::Entry parsing = mark_parsing(source.id);
      followed = co_await boost::asio::co_spawn(
          parse_executor_,
          parse_article_page(std::move(response.body), response.content_type, response.final_url),
          boost::asio::use_awaitable);
    } catch (const std::exception& e) {
      failure = e.what();  // logged below: no co_await in a handler
    }
    if (!failure.empty()) {
      log(LogLevel::warning, "source {}: following {}: parse: {}", source.url, link, failure);
      add_warning(warning, fmt::format("{}: parse: {}", link, failure));
      continue;
    }
    if (!followed.warning.empty())
      add_warning(warning, fmt::format("{}: {}", link, followed.warning));
    std::optional<FeedItem>& item = followed.item;
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

boost::asio::awaitable<PollReport> Poller::poll(SourceRow source) {
  PollReport report;
  report.url = source.url;
  auto clock_start = std::chrono::steady_clock::now();
  UnixTime started = clock_.unix_now();

  http_.trust_origin(source.url);  // added since the poller started
  const bool page = source.kind == SourceKind::page;
  std::string robots_refusal;
  // Copied now: a reload (use_sources) may replace the settings while this
  // poll waits on the network.
  PageRules source_rules;
  bool fetch_full = false;
  if (const SourceConfig* settings = source_config(source.url)) {
    source_rules = settings->rules;
    fetch_full = settings->fetch_full;
  }
  FetchRequest request;
  request.url = source.fetch_url.empty() ? source.url : source.fetch_url;
  request.etag = source.etag;
  request.last_modified = source.last_modified;
  FetchResponse response;
  RobotsCache::Verdict robots;
  if (page) robots = co_await robots_.check(request.url);
  if (!robots.allowed) {
    robots_refusal = robots.reason;
  } else {
    if (page) {
      request.accept = kAcceptHtml;
      co_await pacer_.wait_turn(request.url);
    }
    response = co_await http_.fetch(request);
  }

  FetchOutcome outcome;
  outcome.source_id = source.id;
  outcome.started = started;
  outcome.http_status = response.status;
  outcome.bytes = response.wire_bytes;
  outcome.etag = response.etag;
  outcome.last_modified = response.last_modified;
  outcome.permanent_url = response.permanent_url == request.url ? "" : response.permanent_url;

  std::vector<FeedItem> items;
  std::vector<std::string> follow;
  if (response.not_modified()) {
    report.not_modified = true;
  } else if (!robots_refusal.empty()) {
    outcome.error = "robots: " + robots_refusal;
  } else if (!response.ok()) {
    outcome.error = describe(response);
  } else if (page) {
    try {
      // A named copy: GCC 12 double-destroys a ?: temporary passed to a coroutine.
      PageRules rules = source_rules;
      ParseJournal::Entry parsing = mark_parsing(source.id);
      PageItems found = co_await boost::asio::co_spawn(
          parse_executor_,
          parse_page_document(std::move(response.body), response.content_type, response.final_url,
                              std::move(rules)),
          boost::asio::use_awaitable);
      outcome.feed_title = found.title;
      outcome.warning = std::move(found.warning);
      items = std::move(found.items);
      follow = std::move(found.follow);
    } catch (const PageRuleError& e) {
      outcome.error = fmt::format("rules: {}", e.what());
    } catch (const std::exception& e) {
      // A hostile or broken page (the budget, memory): its source's failure.
      outcome.error = fmt::format("parse: {}", e.what());
    }
  } else {
    try {
      ParseJournal::Entry parsing = mark_parsing(source.id);
      ParsedFeed feed = co_await boost::asio::co_spawn(
          parse_executor_,
          parse_document(std::move(response.body), response.final_url, response.content_type),
          boost::asio::use_awaitable);
      outcome.feed_title = feed.title;
      outcome.warning = std::move(feed.warning);
      items = std::move(feed.items);
      if (fetch_full)
        for (const FeedItem& item : items)
          if (!item.url.empty() && item.content_text.size() < kTeaserLength)
            follow.push_back(item.url);
    } catch (const std::exception& e) {
      // FeedParseError, the budget, memory: the source's failure, recorded.
      outcome.error = fmt::format("parse: {}", e.what());
    }
  }
  if (!follow.empty() && outcome.error.empty() && config_.fetch.max_follow > 0) {
    std::vector<FeedItem> articles = co_await follow_links(source, follow, outcome.warning);
    report.followed = static_cast<int>(articles.size());
    for (FeedItem& item : articles) items.push_back(std::move(item));
  }

  if (shutting_down_ && !outcome.error.empty()) {
    // Cancelled by shutdown: not the source's failure, nothing to record.
    report.error = "cancelled by shutdown";
    co_return report;
  }

  UnixTime now = clock_.unix_now();
  bool failed = !outcome.error.empty();
  outcome.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - clock_start)
                            .count();
  outcome.next_poll = next_poll_time(source, failed, failed ? source.error_count + 1 : 0,
                                     response.retry_after, now);
  report.counts =
      co_await store_.record(outcome, std::move(items), now, boost::asio::use_awaitable);
  for (const std::string& problem : report.counts.repaired)
    log(LogLevel::warning, "source {}: stored with a repair: {}", source.url, problem);
  report.duration = std::chrono::milliseconds(outcome.duration_ms);
  report.ok = !failed;
  report.error = outcome.error;

  if (!outcome.warning.empty())
    log(LogLevel::warning, "source {}: {}", source.url, outcome.warning);
  if (failed) {
    log(LogLevel::error, "source {}: {}", url_for_log(source.url), outcome.error);
  } else if (report.not_modified) {
    log(LogLevel::debug, "source {}: not modified", url_for_log(source.url));
  } else {
    log(LogLevel::info, "source {}: {} items, {} new, {} updated, {} pages followed ({} ms)",
        url_for_log(source.url), report.counts.seen, report.counts.added, report.counts.updated,
        report.followed, outcome.duration_ms);
  }
  if (!outcome.permanent_url.empty())
    log(LogLevel::notice, "source {}: moved permanently to {}; polling the new URL from now on",
        url_for_log(source.url), url_for_log(outcome.permanent_url));
  co_return report;
}

}  // namespace gazette
