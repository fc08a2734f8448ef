// The steps of one poll (poll/poll_steps.h), each called alone: the fetch
// step's outcome, the parse step on fixture bodies, the follow step's
// decision with a ManualClock, the record step on a temporary database. No
// network: the fetch step's result is built by hand.
#include "poll/poll_steps.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "feeds/fixture_file.h"
#include "poll/poller.h"
#include "poll/store_thread.h"
#include "storage/storage_test_support.h"

namespace gazette {
namespace {

constexpr UnixTime kNow = 1'700'000'000;  // 2023-11-14

SourceRow source_row(std::int64_t id, std::string url) {
  SourceRow row;
  row.id = id;
  row.url = std::move(url);
  row.interval_seconds = 1800;
  return row;
}

SourceFetch fetch_result(int status, std::string body = {}) {
  SourceFetch f;
  f.request.url = "https://example.org/feed.xml";
  f.response.status = status;
  f.response.body = std::move(body);
  f.response.final_url = f.request.url;
  return f;
}

// --- fetch step: what its result means for the fetches row ---

TEST(FetchOutcome, SuccessCarriesStatusValidatorsAndNoError) {
  SourceFetch f = fetch_result(200);
  f.response.etag = "\"v1\"";
  f.response.last_modified = "Sat, 01 Nov 2025 08:30:00 GMT";
  f.response.wire_bytes = 1234;
  FetchOutcome o = fetch_outcome(source_row(7, "https://example.org/feed.xml"), kNow, f);
  EXPECT_EQ(o.source_id, 7);
  EXPECT_EQ(o.started, kNow);
  EXPECT_EQ(o.http_status, 200);
  EXPECT_EQ(o.bytes, 1234u);
  EXPECT_EQ(o.etag, "\"v1\"");
  EXPECT_EQ(o.last_modified, "Sat, 01 Nov 2025 08:30:00 GMT");
  EXPECT_EQ(o.error, "");
  EXPECT_EQ(o.permanent_url, "");
}

TEST(FetchOutcome, RobotsRefusalIsTheError) {
  SourceFetch f;
  f.request.url = "https://example.org/news/";
  f.robots_refusal = "disallowed by https://example.org/robots.txt";
  FetchOutcome o = fetch_outcome(source_row(1, "https://example.org/news/"), kNow, f);
  EXPECT_EQ(o.error, "robots: disallowed by https://example.org/robots.txt");
  EXPECT_EQ(o.http_status, 0);
}

TEST(FetchOutcome, HttpFailureIsDescribedAndNotModifiedIsNot) {
  FetchOutcome failed =
      fetch_outcome(source_row(1, "https://example.org/feed.xml"), kNow, fetch_result(503));
  EXPECT_EQ(failed.error, describe(fetch_result(503).response));
  EXPECT_FALSE(failed.error.empty());
  FetchOutcome unchanged =
      fetch_outcome(source_row(1, "https://example.org/feed.xml"), kNow, fetch_result(304));
  EXPECT_EQ(unchanged.error, "");
  EXPECT_EQ(unchanged.http_status, 304);
}

TEST(FetchOutcome, PermanentRedirectOnlyWhenItNamesAnotherUrl) {
  // Counted first (poll/source_politeness.h): the third poll in a row moves.
  SourceFetch moved = fetch_result(200);
  moved.response.permanent_url = "https://example.org/new-feed.xml";
  SourceRow source = source_row(1, "https://example.org/feed.xml");
  FetchOutcome first = fetch_outcome(source, kNow, moved);
  EXPECT_EQ(first.permanent_url, "");
  EXPECT_EQ(first.redirect_url, "https://example.org/new-feed.xml");
  EXPECT_EQ(first.redirect_count, 1);
  source.redirect_url = first.redirect_url;
  source.redirect_count = 2;
  EXPECT_EQ(fetch_outcome(source, kNow, moved).permanent_url, "https://example.org/new-feed.xml");
  SourceFetch same = fetch_result(200);
  same.response.permanent_url = same.request.url;
  FetchOutcome none = fetch_outcome(source, kNow, same);
  EXPECT_EQ(none.permanent_url, "");
  EXPECT_EQ(none.redirect_url, "");
  EXPECT_EQ(none.redirect_count, 0);
}

// --- parse step ---

ParseInput feed_input(std::string body) {
  ParseInput in;
  in.kind = SourceKind::feed;
  in.body = std::move(body);
  in.content_type = "application/rss+xml";
  in.url = "https://example.org/feed.xml";
  in.now = kNow;
  return in;
}

TEST(ParseStep, FeedFixtureGivesItemsAndTitleAndNoLinksToFollow) {
  ParsedSource parsed = parse_source(feed_input(test_support::feeds_fixture("rss2_full.xml")));
  EXPECT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.title, "Example & Co. News");
  ASSERT_EQ(parsed.items.size(), 3u);
  EXPECT_EQ(parsed.items[0].url, "https://example.org/2025/11/first-story");
  EXPECT_TRUE(parsed.follow.empty());  // fetch_full is off
}

TEST(ParseStep, FetchFullFollowsTeasersOnly) {
  ParseInput in = feed_input(test_support::feeds_fixture("rss2_full.xml"));
  in.fetch_full = true;
  ParsedSource parsed = parse_source(std::move(in));
  ASSERT_EQ(parsed.error, "");
  std::vector<std::string> teasers;
  for (const FeedItem& item : parsed.items)
    if (!item.url.empty() && item.content_text.size() < kTeaserLength) teasers.push_back(item.url);
  ASSERT_FALSE(teasers.empty());
  EXPECT_EQ(parsed.follow, teasers);
}

TEST(ParseStep, FutureDatesAreClampedToTheGivenNowNotTheSystemClock) {
  // normalize_item clamps dates more than a day ahead to `now`: the parse
  // step's now is the one passed in (the poller's clock).
  ParsedSource parsed = parse_source(feed_input(
      "<rss version=\"2.0\"><channel><title>T</title><item><title>Later</title>"
      "<link>https://example.org/later</link><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>"
      "</item></channel></rss>"));
  ASSERT_EQ(parsed.error, "");
  ASSERT_EQ(parsed.items.size(), 1u);
  ASSERT_TRUE(parsed.items[0].published);
  EXPECT_EQ(*parsed.items[0].published, kNow);
}

TEST(ParseStep, BrokenDocumentIsAnErrorNotAnException) {
  ParsedSource parsed = parse_source(feed_input("this is not a feed at all"));
  EXPECT_EQ(parsed.error.rfind("parse: ", 0), 0u) << parsed.error;
  EXPECT_TRUE(parsed.items.empty());
}

TEST(ParseStep, PageWithARuleThatDoesNotCompileIsARulesError) {
  ParseInput in;
  in.kind = SourceKind::page;
  in.body = "<html><body><a href=\"/a\">A</a></body></html>";
  in.content_type = "text/html";
  in.url = "https://example.org/";
  in.rules.item = "//div[";  // not XPath
  in.now = kNow;
  ParsedSource parsed = parse_source(std::move(in));
  EXPECT_EQ(parsed.error.rfind("rules: ", 0), 0u) << parsed.error;
}

TEST(ParseStep, PageHeuristicsGiveLinksToFollow) {
  ParseInput in;
  in.kind = SourceKind::page;
  in.body =
      test_support::read_file(std::string(GAZETTE_TEST_DIR) + "/fixtures/pages/ghost-home.html");
  in.content_type = "text/html; charset=utf-8";
  in.url = "https://harbour-ledger.test/";
  in.now = kNow;
  ParsedSource parsed = parse_source(std::move(in));
  EXPECT_EQ(parsed.error, "");
  ASSERT_FALSE(parsed.follow.empty());
  for (const std::string& link : parsed.follow)
    EXPECT_EQ(link.rfind("https://harbour-ledger.test/", 0), 0u) << link;
}

// --- AMP pages: their canonical page is fetched instead ---

TEST(AmpCanonical, FetchedOnlyForAnAmpPageWhoseStoryIsElsewhere) {
  EXPECT_EQ(amp_canonical_to_fetch(true, "https://amp.example.org/a", "https://www.example.org/a"),
            "https://www.example.org/a");
  EXPECT_EQ(amp_canonical_to_fetch(true, "https://example.org/a", "https://example.org/a"), "");
  EXPECT_EQ(amp_canonical_to_fetch(false, "https://example.org/a/amp", "https://example.org/a"),
            "");
  EXPECT_EQ(amp_canonical_to_fetch(true, "https://example.org/a/amp", "file:///etc/passwd"), "");
}

std::string amp_article(const std::string& canonical) {
  std::string paragraphs;
  for (int i = 0; i < 6; ++i)
    paragraphs +=
        "<p>The council met on Tuesday to discuss the harbour, and agreed, after a long debate, "
        "to repair the north pier before the winter storms arrive.</p>";
  return "<html amp><head><title>Harbour repairs agreed</title><meta property=\"og:type\" "
         "content=\"article\"><link rel=\"canonical\" href=\"" +
         canonical + "\"></head><body><article><h1>Harbour repairs agreed</h1>" + paragraphs +
         "</article></body></html>";
}

TEST(AmpCanonical, FollowedAndPageSourceAmpPagesNameTheirCanonical) {
  FollowedArticle followed =
      parse_followed_article(amp_article("https://www.example.org/harbour"), "text/html",
                             "https://amp.example.org/harbour", kNow);
  ASSERT_TRUE(followed.item);
  EXPECT_EQ(followed.item->url, "https://www.example.org/harbour");
  EXPECT_EQ(followed.amp_canonical_url, "https://www.example.org/harbour");

  // Another site's canonical is only a claim: nothing to fetch.
  followed = parse_followed_article(amp_article("https://other.example/harbour"), "text/html",
                                    "https://amp.example.org/harbour", kNow);
  ASSERT_TRUE(followed.item);
  EXPECT_EQ(followed.amp_canonical_url, "");

  ParseInput in;
  in.kind = SourceKind::page;
  in.body = amp_article("https://www.example.org/harbour");
  in.content_type = "text/html";
  in.url = "https://www-example-org.cdn.ampproject.org/c/s/www.example.org/harbour/amp";
  in.now = kNow;
  ParsedSource parsed = parse_source(std::move(in));
  ASSERT_FALSE(parsed.items.empty());
  EXPECT_EQ(parsed.items.front().url, "https://www.example.org/harbour");
  EXPECT_EQ(parsed.amp_canonical_url, "https://www.example.org/harbour");
}

// --- follow step's decision ---

TEST(FollowDecision, OncePerWindowAndNotWhenStoredInFull) {
  ManualClock clock(kNow);
  FollowMemory memory(clock, 3600);
  const std::string link = "https://example.org/story?id=1";
  EXPECT_EQ(decide_follow(link, std::nullopt, memory), FollowDecision::follow);
  // The same URL, normalized alike (host case), within the hour: not again.
  clock.advance(3599);
  EXPECT_EQ(decide_follow("https://EXAMPLE.org/story?id=1", std::nullopt, memory),
            FollowDecision::recently_followed);
  clock.advance(1);
  EXPECT_EQ(decide_follow(link, std::nullopt, memory), FollowDecision::follow);
  // A story already stored beyond a teaser is not fetched, nor remembered.
  const std::string stored = "https://example.org/stored";
  EXPECT_EQ(decide_follow(stored, kTeaserLength, memory), FollowDecision::stored_in_full);
  EXPECT_EQ(decide_follow(stored, kTeaserLength - 1, memory), FollowDecision::follow);
}

// --- record step ---

class RecordStepTest : public test_support::TempDatabase {
 protected:
  // Runs the record step to its end on an io_context of this thread.
  StoreCounts record(SourceRow source, FetchOutcome outcome, std::vector<FeedItem> items,
                     std::string retry_after, UnixTime now) {
    boost::asio::io_context ioc;
    StoreThread store(path_);
    StoreCounts counts;
    std::exception_ptr failure;
    boost::asio::co_spawn(ioc,
                          record_poll_result(store, std::move(source), std::move(outcome),
                                             std::move(items), std::move(retry_after), now),
                          [&](std::exception_ptr e, StoreCounts c) {
                            failure = e;
                            counts = std::move(c);
                          });
    ioc.run();
    if (failure) std::rethrow_exception(failure);
    return counts;
  }
  SourceRow row(std::int64_t id) {
    for (SourceRow& s : SourceStore(*db_).list())
      if (s.id == id) return s;
    ADD_FAILURE() << "no source " << id;
    return {};
  }
};

TEST_F(RecordStepTest, StoresItemsAndSetsTheNextPoll) {
  std::int64_t id = add_source("https://example.org/feed.xml");
  SourceRow source = row(id);
  FeedItem item;
  item.guid = "1";
  item.url = "https://example.org/1";
  item.title = "One";
  item.content_text = "Text";
  StoreCounts counts = record(source, fetched(id), {item}, "", kNow);
  EXPECT_EQ(counts.seen, 1);
  EXPECT_EQ(counts.added, 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM fetches WHERE error = ''"), 1);
  EXPECT_EQ(row(id).next_poll, next_poll_time(source, false, 0, "", kNow));
  EXPECT_EQ(row(id).error_count, 0);
}

TEST_F(RecordStepTest, FailureBacksOffFromTheSourcesErrorCountAndRetryAfter) {
  std::int64_t id = add_source("https://example.org/feed.xml");
  FetchOutcome failed = fetched(id);
  failed.http_status = 503;
  failed.error = "HTTP 503";
  record(row(id), failed, {}, "", kNow);
  SourceRow once = row(id);
  EXPECT_EQ(once.error_count, 1);
  EXPECT_EQ(once.next_poll, next_poll_time(once, true, 1, "", kNow));
  record(once, failed, {}, "", kNow + 1800);
  SourceRow twice = row(id);
  EXPECT_EQ(twice.error_count, 2);
  EXPECT_EQ(twice.next_poll, next_poll_time(once, true, 2, "", kNow + 1800));
  EXPECT_GT(*twice.next_poll - (kNow + 1800), *once.next_poll - kNow);  // it doubled
  // A server's Retry-After longer than the back-off wins.
  record(twice, failed, {}, "86400", kNow + 7200);
  EXPECT_EQ(row(id).next_poll, kNow + 7200 + 86400);
}

}  // namespace
}  // namespace gazette
