// The steps of one poll of one source (poll/poller.h runs them in order:
// fetch, parse, record, follow), each a function of explicit inputs, so a
// test calls one step without the network or the others. The steps that need
// no network live here; the fetches themselves (the source, followed links)
// are the Poller's, since they need its HTTP client, pacer and robots cache.
//
// Errors: a source's own problems (HTTP, robots.txt, a broken or hostile
// document) are returned as text in FetchOutcome::error, never thrown; only
// database errors throw (from the record step), as in poll/poller.h.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "config/config.h"
#include "feeds/feed_item.h"
#include "feeds/page_rules.h"
#include "http/http_client.h"
#include "poll/follow_memory.h"
#include "storage/poll_recorder.h"
#include "storage/source_store.h"

namespace gazette {

class StoreThread;

// A stored body shorter than this is a teaser: worth following the link.
inline constexpr std::size_t kTeaserLength = 400;

// What the fetch step brought back for a source.
struct SourceFetch {
  FetchRequest request;        // as sent (url: the source's fetch_url, else its url)
  FetchResponse response;      // empty when robots.txt refused the page
  std::string robots_refusal;  // non-empty: robots.txt said no; nothing was fetched
};

// The fetch step's result as the fetches row will hold it: status,
// validators, a permanent redirect, and the error (robots, HTTP) when there
// is one. The parse step runs only when this has no error and the response
// is not a 304.
FetchOutcome fetch_outcome(const SourceRow& source, UnixTime started, const SourceFetch& fetch);

// What the parse step reads: the fetched document and the source's settings.
struct ParseInput {
  SourceKind kind = SourceKind::feed;
  std::string body;
  std::string content_type;
  std::string url;          // the response's final URL: the base of relative links
  PageRules rules;          // page sources: the configured rules (empty: heuristics)
  bool fetch_full = false;  // feed sources: follow the links of teaser items
  UnixTime now = 0;         // stamps items that carry no date
};

// What the parse step made of the document.
struct ParsedSource {
  std::string title;                // the document's own title
  std::string warning;              // what a parse limit cut or flattened; empty when nothing
  std::string error;                // "parse: ..." or "rules: ..."; empty when parsed
  std::vector<FeedItem> items;      // normalized, ready to store
  std::vector<std::string> follow;  // article links for the follow step
  // Pages: the page is a story continued on this page (rel=next), items.front()
  // is the story; the poller joins up to [fetch] max_story_pages. Else "".
  std::string next_page_url;
  // Pages: the page is an AMP page whose story (items.front()) lives at
  // another URL, to fetch instead (amp_canonical_to_fetch). Else "".
  std::string amp_canonical_url;
  // Feeds: the least interval the feed asks for (RSS <ttl>, sy:update*),
  // poll/poll_interval.h's publisher_interval(); nullopt when it asks none.
  std::optional<std::int64_t> publisher_interval;
};

// The parse step, under a DocumentBudget (feeds/document_budget.h). Runs on
// the parse pool. Never throws: a hostile or broken document (the budget,
// memory, a rule that does not compile) is the source's failure, in `error`.
ParsedSource parse_source(ParseInput input);

// The follow step's parse of one article page; `item` is empty when the page
// is not an article. Throws what the parse throws (the caller records it).
struct FollowedArticle {
  std::optional<FeedItem> item;
  std::string warning;
  std::string next_page_url;      // the story's next page (rel=next, same site), or ""
  std::string amp_canonical_url;  // an AMP page's canonical page, to fetch instead, or ""
};
FollowedArticle parse_followed_article(std::string_view body, std::string_view content_type,
                                       std::string_view url, UnixTime now);

// The page to fetch instead of an AMP page that was fetched from
// `fetched_url`: the story's URL (FeedItem::url: the page's canonical link
// when extract_article trusted it, on the page's site or, for an AMP cache's
// copy, on the origin's) when that is another URL; else "". Not for a page
// that is no AMP page: a canonical link elsewhere only names the story.
std::string amp_canonical_to_fetch(bool amp, std::string_view fetched_url,
                                   std::string_view story_url);

// The follow step's decision for one link, before robots.txt and the fetch.
enum class FollowDecision {
  follow,             // fetch it (and it is now remembered as followed)
  recently_followed,  // followed (or tried) within the memory window
  stored_in_full,     // its stored body is already longer than a teaser
};
// `stored_length`: the length of the body stored for `link`, if any.
FollowDecision decide_follow(const std::string& link, std::optional<std::size_t> stored_length,
                             FollowMemory& memory);

// The record step: sets the outcome's next poll (next_poll_time: interval,
// back-off after errors, Retry-After) from `now` (`source.interval_seconds`
// is the interval to use: Poller::poll puts poll/poll_interval.h's choice
// there after a success), then stores the outcome
// and `items` on `store`'s thread. Throws database errors. Parameters by
// value: the coroutine outlives the caller's expression.
boost::asio::awaitable<StoreCounts> record_poll_result(StoreThread& store, SourceRow source,
                                                       FetchOutcome outcome,
                                                       std::vector<FeedItem> items,
                                                       std::string retry_after, UnixTime now);

}  // namespace gazette
