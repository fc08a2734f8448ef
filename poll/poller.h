// Polls one source end to end: fetch -> parse -> normalize -> store. For page
// sources (and feeds with fetch_full) it also follows headlines to their
// article pages, politely: robots.txt, a gap between requests to one host,
// never the same URL twice within an hour.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "config/config.h"
#include "http/http_client.h"
#include "poll/follow_memory.h"
#include "poll/parse_journal.h"
#include "poll/poll_interval.h"
#include "poll/poll_metrics.h"
#include "poll/poll_steps.h"
#include "poll/robots_cache.h"
#include "poll/store_thread.h"
#include "storage/poll_recorder.h"
#include "storage/source_store.h"
#include "storage/store.h"

namespace gazette {

struct PollReport {
  std::string url;  // the source's url
  bool ok = false;  // fetched and parsed (or 304)
  bool not_modified = false;
  bool same_body = false;  // a 200 with the body of the last poll: treated as not_modified
  std::string error;       // what went wrong, when !ok
  StoreCounts counts;
  int followed = 0;  // article pages fetched for this source
  std::chrono::milliseconds duration{0};
};

class Poller {
 public:
  // All calls happen on the executor thread that runs the HttpClient; `db`
  // is that thread's Store (storage/store.h), for reads. Parsing runs on `parse_executor`
  // (a thread pool) and storing on `store`'s thread, so neither a large
  // document nor the database holds up the network loop, and the other
  // cores do useful work. `config` gives per-source settings (page rules,
  // fetch_full) and the politeness settings; it must outlive the poller.
  // `clock` stamps polls, next polls and the follow memory (base/clock.h).
  Poller(Store& db, HttpClient& http, boost::asio::any_io_executor parse_executor,
         StoreThread& store, const Config& config, const Clock& clock = system_clock());

  // Never throws for a source's own problems (network, HTTP, parse): they end
  // in the report, one logged line, and a fetches row. Database errors do throw.
  // A poll that finds its host held (a 429/503 to any source on it, see
  // http/host_backoff.h) sends nothing and records no fetch: the source's
  // next poll moves to the end of the hold.
  boost::asio::awaitable<PollReport> poll(SourceRow source);

  // When set, fetches that fail because of cancel_all() are not recorded (a
  // shutdown is not the source's fault), and no more links are followed.
  void set_shutting_down();

  // Reload: the per-source settings of `sources` from now on (a poll in
  // flight keeps those it started with). Their origins are trusted.
  void use_sources(const std::vector<SourceConfig>& sources);

  // Every parse is marked in `journal` while it runs (poll/parse_journal.h).
  void set_parse_journal(ParseJournal* journal) { journal_ = journal; }

  // Fetches, polls and stores are counted in `metrics` (poll/poll_metrics.h).
  void set_metrics(PollMetrics* metrics) { metrics_ = metrics; }

 private:
  ParseJournal::Entry mark_parsing(std::int64_t source_id) {
    return journal_ ? journal_->begin(source_id) : ParseJournal::Entry();
  }
  // The steps of poll() (poll/poll_steps.h has the ones without network).
  // The fetch step: robots.txt for pages, then the fetch (the HTTP client
  // paces every request by host and holds hosts that refused).
  boost::asio::awaitable<SourceFetch> fetch(const SourceRow& source);
  // The parse step on the parse pool, marked in the journal; takes the body.
  boost::asio::awaitable<ParsedSource> parse(const SourceRow& source, FetchResponse& response);
  // The follow step: fetches and parses the article pages of `links` that
  // decide_follow() and robots.txt allow, up to max_follow.
  // Warnings of the followed pages' parses are added to `warning`.
  boost::asio::awaitable<std::vector<FeedItem>> follow_links(const SourceRow& source,
                                                             const std::vector<std::string>& links,
                                                             std::string& warning);
  // One article page (a followed link, the next page of a story), asked
  // for as HTML and counted in the metrics.
  boost::asio::awaitable<FetchResponse> fetch_article_page(const std::string& url);
  // A fetched article page parsed on the parse pool; `failure` gets what the
  // parse threw (the item is empty then).
  boost::asio::awaitable<FollowedArticle> parse_article(const SourceRow& source,
                                                        FetchResponse response,
                                                        std::string& failure);
  // One more page of a story (an AMP page's canonical page, the next page
  // of a story split over several): robots.txt, the fetch and the parse on
  // the pool. nullopt when one of them said no; `warning` gets what failed,
  // with `what` the page is (robots.txt's refusal is logged, as for links).
  boost::asio::awaitable<std::optional<FollowedArticle>> story_page(const SourceRow& source,
                                                                    const std::string& url,
                                                                    const std::string& what,
                                                                    std::string& warning);
  // An AMP page's story from its canonical page (amp_canonical_url), fetched
  // as a followed page is (robots.txt, politeness, the address policy for
  // its host) and used instead when it is an article; else the AMP page's
  // text stays, under the canonical URL. The next page is the canonical's.
  boost::asio::awaitable<void> use_canonical_page(const SourceRow& source, FollowedArticle& story,
                                                  std::string& warning);
  // The next pages of a story split over several (rel=next), appended to it.
  boost::asio::awaitable<void> join_story_pages(const SourceRow& source, FeedItem& story,
                                                std::string next, std::string& warning);
  const SourceConfig* source_config(const std::string& url) const;
  // Politeness (poll/body_fingerprint.h, poll/poll_interval.h): the
  // fingerprint of a fetched body under the source's parse settings, and the
  // interval after a successful poll. `publisher`: the parsed document's
  // ttl/sy word, else the stored one.
  std::string fingerprint(const SourceRow& source, const FetchResponse& response) const;
  IntervalChoice next_interval(const SourceRow& source, const FetchResponse& response,
                               std::optional<std::int64_t> publisher);

  Store& db_;  // this thread's connection
  HttpClient& http_;
  boost::asio::any_io_executor parse_executor_;
  StoreThread& store_;
  const Config& config_;
  RobotsCache robots_;
  // The config's sources by url: copies, so a reload's new Config does not
  // leave them dangling. A poll copies what it needs before its first co_await.
  std::map<std::string, SourceConfig> settings_;
  const Clock& clock_;
  FollowMemory followed_;  // normalized URLs followed within kFollowMemory
  bool shutting_down_ = false;
  ParseJournal* journal_ = nullptr;
  PollMetrics* metrics_ = nullptr;
};

// When a source should be polled next: its interval after success, backing
// off (doubling, up to a day) after consecutive errors, never sooner than a
// server's Retry-After.
UnixTime next_poll_time(const SourceRow& source, bool failed, int error_count_after,
                        std::string_view retry_after, UnixTime now);

}  // namespace gazette
