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
#include "http/host_backoff.h"
#include "poll/body_fingerprint.h"
#include "poll/log.h"
#include "poll/source_politeness.h"
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
    log(LogLevel::debug, "source {}: not modified{}", url_for_log(report.url),
        report.same_body ? " (the same body as last time: not parsed)" : "");
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
  // Retry-After: delta-seconds or an HTTP date (http/host_backoff.h).
  if (auto wait = retry_after_seconds(retry_after, now); wait && *wait > delay)
    delay = std::min<std::int64_t>(*wait, 7 * 24 * 3600);
  return now + delay;
}

Poller::Poller(Store& db, HttpClient& http, boost::asio::any_io_executor parse_executor,
               StoreThread& store, const Config& config, const Clock& clock)
    : db_(db),
      http_(http),
      parse_executor_(std::move(parse_executor)),
      store_(store),
      config_(config),
      robots_(http, clock, "Gazette", config.fetch.robots_txt),
      clock_(clock),
      followed_(clock, kFollowMemorySeconds) {
  // Configured and added sources, and pages on their origins, may be on
  // internal addresses (the operator chose them); links and redirects
  // elsewhere may not (http/http_address_policy.h).
  use_sources(config_.sources);
  for (const SourceRow& row : db.list_sources()) http_.trust_origin(row.url);
}

void Poller::use_sources(const std::vector<SourceConfig>& sources) {
  settings_.clear();
  for (const SourceConfig& s : sources) {
    settings_[s.url] = s;
    http_.trust_origin(s.url);
  }
}

void Poller::set_shutting_down() { shutting_down_ = true; }

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
    if (decide_follow(link, db_.stored_body_length(link), followed_) != FollowDecision::follow)
      continue;
    RobotsCache::Verdict robots = co_await robots_.check(link);
    if (robots.held_until != 0) break;  // the site asked for a pause
    if (!robots.allowed) {
      log(LogLevel::info, "source {}: not following {}: {}", url_for_log(source.url),
          url_for_log(link), robots.reason);
      continue;
    }
    --budget;
    FetchResponse response = co_await fetch_article_page(link);
    if (response.error == FetchError::held) {
      // The site asked for a pause (429/503): no more of its pages this poll.
      log(LogLevel::info, "source {}: not following more links: {}", url_for_log(source.url),
          response.error_message);
      break;
    }
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
    if (followed.item && !followed.amp_canonical_url.empty())
      co_await use_canonical_page(source, followed, warning);
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

boost::asio::awaitable<FetchResponse> Poller::fetch_article_page(const std::string& url) {
  FetchRequest request;
  request.url = url;
  request.accept = kAcceptHtml;
  FetchResponse response = co_await http_.fetch(request);
  if (metrics_ && response.error != FetchError::held) metrics_->article_fetched(response);
  co_return response;
}

boost::asio::awaitable<std::optional<FollowedArticle>> Poller::story_page(const SourceRow& source,
                                                                          const std::string& url,
                                                                          const std::string& what,
                                                                          std::string& warning) {
  std::optional<FollowedArticle> found;
  RobotsCache::Verdict robots = co_await robots_.check(url);
  if (!robots.allowed) {
    log(LogLevel::info, "source {}: not fetching {}, {}: {}", url_for_log(source.url),
        url_for_log(url), what, robots.reason);
    co_return found;
  }
  FetchResponse response = co_await fetch_article_page(url);
  if (!response.ok()) {
    if (!shutting_down_)
      add_warning(warning, fmt::format("{}: {}: {}", url, what, describe(response)));
    co_return found;
  }
  std::string failure;
  FollowedArticle parsed = co_await parse_article(source, std::move(response), failure);
  if (!failure.empty()) {
    add_warning(warning, fmt::format("{}: {}: parse: {}", url, what, failure));
    co_return found;
  }
  if (!parsed.warning.empty()) add_warning(warning, fmt::format("{}: {}", url, parsed.warning));
  found = std::move(parsed);
  co_return found;
}

boost::asio::awaitable<void> Poller::use_canonical_page(const SourceRow& source,
                                                        FollowedArticle& story,
                                                        std::string& warning) {
  // Named, not a temporary in the co_await (GCC 12 and coroutine temporaries).
  const std::string what = "the canonical page of an AMP page";
  std::optional<FollowedArticle> found =
      co_await story_page(source, story.amp_canonical_url, what, warning);
  if (!found || !found->item) co_return;  // not an article: the AMP page's text stays
  story.item = std::move(found->item);
  story.next_page_url = std::move(found->next_page_url);
}

boost::asio::awaitable<void> Poller::join_story_pages(const SourceRow& source, FeedItem& story,
                                                      std::string next, std::string& warning) {
  std::set<std::string> seen{normalize_url(story.url)};
  for (int page = 2; page <= config_.fetch.max_story_pages && !next.empty() && !shutting_down_;
       ++page) {
    // A loop of rel=next links, or one back to the first page, ends the story.
    if (!seen.insert(normalize_url(next)).second) break;
    std::string what = fmt::format("page {} of the story {}", page, story.url);
    std::optional<FollowedArticle> more = co_await story_page(source, next, what, warning);
    // Not fetched, or not more of an article: the story ends here.
    if (!more || !more->item) break;
    append_story_page(story, *more->item);
    next = more->next_page_url;
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
  if (!robots.allowed && robots.held_until != 0) {
    // The host is held: the poll is deferred, as for the fetch itself.
    fetched.response.error = FetchError::held;
    fetched.response.error_message = robots.reason;
    fetched.response.held_until = robots.held_until;
    co_return fetched;
  }
  if (!robots.allowed) {
    fetched.robots_refusal = robots.reason;
    co_return fetched;
  }
  if (page)
    request.accept = kAcceptHtml;
  else
    request.host_gap = config_.fetch.min_feed_host_delay;
  if (metrics_) metrics_->dispatched(source.next_poll, clock_.unix_now());
  auto fetch_start = std::chrono::steady_clock::now();
  fetched.response = co_await http_.fetch(request);
  if (metrics_)
    metrics_->source_fetched(fetched.response, std::chrono::steady_clock::now() - fetch_start);
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

std::string Poller::fingerprint(const SourceRow& source, const FetchResponse& response) const {
  ParseSettingsForHash settings{to_string(source.kind), response.final_url, response.content_type};
  settings.max_follow = config_.fetch.max_follow;
  if (const SourceConfig* configured = source_config(source.url)) {
    settings.rules = &configured->rules;
    settings.fetch_full = configured->fetch_full;
  }
  return body_fingerprint(response.body, settings);
}

IntervalChoice Poller::next_interval(const SourceRow& source, const FetchResponse& response,
                                     std::optional<std::int64_t> publisher) {
  // The window of the observed rate: a week of polls, at most 50 of them.
  constexpr std::int64_t kRateWindowSeconds = 7 * 24 * 3600;
  constexpr int kRateWindowPolls = 50;
  UnixTime now = clock_.unix_now();
  const SourceConfig* configured = source_config(source.url);
  IntervalInputs in;
  in.interval = source.interval_seconds;
  in.explicit_interval = configured && configured->interval.has_value();
  in.bounds.min =
      (configured && configured->min_interval ? *configured->min_interval : config_.min_interval)
          .count();
  in.bounds.max =
      (configured && configured->max_interval ? *configured->max_interval : config_.max_interval)
          .count();
  in.publisher = publisher;
  in.cache = cache_lifetime(response.cache_control, response.expires, response.date, now);
  if (!in.explicit_interval)
    in.observed =
        observed_rate(db_.recent_polls(source.id, now - kRateWindowSeconds, kRateWindowPolls), now);
  return choose_interval(in);
}

boost::asio::awaitable<PollReport> Poller::poll(SourceRow source) {
  PollReport report;
  report.url = source.url;
  auto clock_start = std::chrono::steady_clock::now();
  UnixTime started = clock_.unix_now();
  http_.trust_origin(source.url);  // added since the poller started

  SourceFetch fetched = co_await fetch(source);
  if (fetched.response.error == FetchError::held && !shutting_down_) {
    // Nothing was sent: not the source's failure. It waits for its host.
    db_.set_next_poll(source.id, fetched.response.held_until);
    log(LogLevel::info, "source {}: deferred: {}", url_for_log(source.url),
        fetched.response.error_message);
    report.error = fetched.response.error_message;
    co_return report;
  }
  FetchOutcome outcome = fetch_outcome(source, started, fetched);
  report.not_modified = fetched.response.not_modified();
  // The body hash: a 200 with the very body (under the same parse settings)
  // of the last document stored is recorded as unchanged, like a 304.
  std::string body_hash;
  if (!report.not_modified && outcome.error.empty()) {
    body_hash = fingerprint(source, fetched.response);
    outcome.same_body = report.same_body = report.not_modified = body_hash == source.body_hash;
  }
  std::optional<std::int64_t> publisher = source.publisher_interval;

  std::vector<FeedItem> items;
  if (!report.not_modified && outcome.error.empty()) {
    ParsedSource parsed = co_await parse(source, fetched.response);
    outcome.error = std::move(parsed.error);
    outcome.feed_title = std::move(parsed.title);
    outcome.warning = std::move(parsed.warning);
    items = std::move(parsed.items);
    // A [[page]] that is an AMP page: its story from the canonical page.
    if (!parsed.amp_canonical_url.empty() && !items.empty() && outcome.error.empty()) {
      FollowedArticle story;
      story.item = std::move(items.front());
      story.next_page_url = parsed.next_page_url;
      story.amp_canonical_url = parsed.amp_canonical_url;
      co_await use_canonical_page(source, story, outcome.warning);
      items.front() = std::move(*story.item);
      parsed.next_page_url = std::move(story.next_page_url);
    }
    // A [[page]] that is itself a story split over pages: joined like a
    // followed story's pages.
    if (!parsed.next_page_url.empty() && !items.empty() && outcome.error.empty() &&
        config_.fetch.max_story_pages > 1)
      co_await join_story_pages(source, items.front(), parsed.next_page_url, outcome.warning);
    if (!parsed.follow.empty() && outcome.error.empty() && config_.fetch.max_follow > 0) {
      std::vector<FeedItem> articles =
          co_await follow_links(source, parsed.follow, outcome.warning);
      report.followed = static_cast<int>(articles.size());
      for (FeedItem& item : articles) items.push_back(std::move(item));
    }
    // Stored whole: the next poll may skip the same body. Not when links
    // were left unfollowed (more than max_follow, or a shutdown): the next
    // poll of the same page follows the rest.
    // (max_follow 0: following is off, nothing is left.)
    bool followed_all = config_.fetch.max_follow <= 0 ||
                        (!shutting_down_ && parsed.follow.size() <=
                                                static_cast<std::size_t>(config_.fetch.max_follow));
    if (outcome.error.empty()) {
      publisher = outcome.publisher_interval = parsed.publisher_interval;
      if (parsed.follow.empty() || followed_all) outcome.body_hash = std::move(body_hash);
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
  if (!outcome.redirect_url.empty())
    log(LogLevel::notice,
        "source {}: redirected permanently to {} ({} of {} polls in a row before it moves)",
        url_for_log(source.url), url_for_log(outcome.redirect_url), outcome.redirect_count,
        kPermanentRedirectPolls);
  if (!outcome.disable_reason.empty())
    log(LogLevel::warning,
        "source {}: disabled: {}; `gazette add` or a changed config entry "
        "enables it again",
        url_for_log(source.url), outcome.disable_reason);
  SourceRow scheduled = source;  // record_poll_result schedules by its interval
  if (report.ok) {
    IntervalChoice interval = next_interval(source, fetched.response, publisher);
    scheduled.interval_seconds = outcome.effective_interval = interval.seconds;
    outcome.interval_reason = std::move(interval.reason);
  }
  auto store_start = std::chrono::steady_clock::now();
  report.counts = co_await record_poll_result(store_, std::move(scheduled), std::move(outcome),
                                              std::move(items), fetched.response.retry_after,
                                              clock_.unix_now());
  if (metrics_) {
    metrics_->stored(std::chrono::steady_clock::now() - store_start, report.counts);
    metrics_->polled(classify_poll(fetched, !report.ok));
  }
  log_poll(report, warning, permanent_url);
  co_return report;
}

}  // namespace gazette
