#include "poll/poll_steps.h"

#include <fmt/format.h>

#include <boost/asio/use_awaitable.hpp>
#include <exception>

#include "feeds/document_budget.h"
#include "feeds/feed_reader.h"
#include "feeds/page_items.h"
#include "feeds/url_normalize.h"
#include "poll/poll_interval.h"
#include "poll/poller.h"
#include "poll/source_politeness.h"
#include "poll/store_thread.h"

namespace gazette {
namespace {

ParsedSource parse_page(ParseInput& input) {
  DocumentBudget budget;
  PageItems found = page_items(input.body, input.content_type, input.url,
                               input.rules.empty() ? nullptr : &input.rules, input.now);
  budget.check();
  ParsedSource out;
  out.title = std::move(found.title);
  out.warning = budget.warning();
  out.items = std::move(found.items);
  out.follow = std::move(found.follow);
  out.next_page_url = std::move(found.next_page_url);
  if (found.is_article && !out.items.empty())
    out.amp_canonical_url = amp_canonical_to_fetch(found.amp, input.url, out.items.front().url);
  return out;
}

ParsedSource parse_feed(ParseInput& input) {
  DocumentBudget budget;
  ParsedFeed feed = read_feed(input.body, input.url, input.now, input.content_type);
  ParsedSource out;
  out.title = std::move(feed.title);
  // The parser's own flag (a recovered document) first, then the limits'.
  out.warning = std::move(feed.warning);
  if (std::string limits = budget.warning(); !limits.empty())
    out.warning = out.warning.empty() ? limits : out.warning + "; " + limits;
  out.items = std::move(feed.items);
  const Extensions& extensions = feed.metadata.extensions;
  out.publisher_interval = publisher_interval(
      {feed.metadata.ttl, extensions.sy_update_period, extensions.sy_update_frequency});
  if (input.fetch_full)
    for (const FeedItem& item : out.items)
      if (!item.url.empty() && item.content_text.size() < kTeaserLength)
        out.follow.push_back(item.url);
  return out;
}

}  // namespace

FetchOutcome fetch_outcome(const SourceRow& source, UnixTime started, const SourceFetch& fetch) {
  const FetchResponse& response = fetch.response;
  FetchOutcome outcome;
  outcome.source_id = source.id;
  outcome.started = started;
  outcome.http_status = response.status;
  outcome.bytes = response.wire_bytes;
  outcome.etag = response.etag;
  outcome.last_modified = response.last_modified;
  // A permanent redirect moves the fetch URL only once it repeats
  // (poll/source_politeness.h); a 410 disables the source.
  RedirectCount redirect = count_permanent_redirect(source, response, fetch.request.url);
  outcome.redirect_url = redirect.move ? "" : redirect.url;
  outcome.redirect_count = redirect.move ? 0 : redirect.count;
  outcome.permanent_url = redirect.move ? redirect.url : "";
  outcome.disable_reason = disable_reason(response);
  if (response.not_modified()) return outcome;
  if (!fetch.robots_refusal.empty())
    outcome.error = "robots: " + fetch.robots_refusal;
  else
    outcome.error = response_error(response, source.kind);
  return outcome;
}

ParsedSource parse_source(ParseInput input) {
  try {
    return input.kind == SourceKind::page ? parse_page(input) : parse_feed(input);
  } catch (const PageRuleError& e) {
    ParsedSource failed;
    failed.error = fmt::format("rules: {}", e.what());
    return failed;
  } catch (const std::exception& e) {
    // FeedParseError, the budget, memory: a hostile or broken document is
    // its source's failure, recorded.
    ParsedSource failed;
    failed.error = fmt::format("parse: {}", e.what());
    return failed;
  }
}

FollowedArticle parse_followed_article(std::string_view body, std::string_view content_type,
                                       std::string_view url, UnixTime now) {
  DocumentBudget budget;
  FollowedArticle out;
  bool amp = false;
  out.item = article_item(body, content_type, url, now, &out.next_page_url, &amp);
  budget.check();
  if (out.item) out.amp_canonical_url = amp_canonical_to_fetch(amp, url, out.item->url);
  out.warning = budget.warning();
  return out;
}

std::string amp_canonical_to_fetch(bool amp, std::string_view fetched_url,
                                   std::string_view story_url) {
  if (!amp || story_url == fetched_url || !is_absolute_http_url(story_url)) return {};
  return std::string(story_url);
}

FollowDecision decide_follow(const std::string& link, std::optional<std::size_t> stored_length,
                             FollowMemory& memory) {
  std::string key = normalize_url(link);
  if (memory.recent(key)) return FollowDecision::recently_followed;
  if (stored_length && *stored_length >= kTeaserLength) return FollowDecision::stored_in_full;
  memory.remember(key);
  return FollowDecision::follow;
}

boost::asio::awaitable<StoreCounts> record_poll_result(StoreThread& store, SourceRow source,
                                                       FetchOutcome outcome,
                                                       std::vector<FeedItem> items,
                                                       std::string retry_after, UnixTime now) {
  bool failed = !outcome.error.empty();
  outcome.next_poll =
      next_poll_time(source, failed, failed ? source.error_count + 1 : 0, retry_after, now);
  co_return co_await store.record(std::move(outcome), std::move(items), now,
                                  boost::asio::use_awaitable);
}

}  // namespace gazette
