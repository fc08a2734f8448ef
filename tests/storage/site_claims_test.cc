// Issue 10, item 4 (the merge side): a document speaks for its own site.
// Content read from one registrable domain records a sighting of another
// site's article but never changes it.
#include <gtest/gtest.h>

#include "storage/poll_recorder.h"
#include "storage_test_support.h"

namespace gazette {
namespace {

class SiteClaims : public test_support::TempDatabase {};

// An item as normalize_item leaves it, read from `document_site`.
FeedItem from(std::string document_site, std::string url, std::string title, std::string body) {
  FeedItem i;
  i.url = std::move(url);
  i.title = std::move(title);
  i.content_html = "<p>" + body + "</p>";
  i.content_text = std::move(body);
  i.published = 1'700'000'000;
  i.origin_site = std::move(document_site);
  return i;
}

const std::string kStory = "https://www.a.example/real/story";
const std::string kLong(3000, 'x');

TEST_F(SiteClaims, AnotherSitesItemRecordsASightingButChangesNothing) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  record_poll(*db_, fetched(a), {from("a.example", kStory, "A's title", "A's text")}, 1);
  // B's feed (or page) claims A's story, with a longer body, another title,
  // an image and an author A did not give.
  FeedItem claim = from("b.example", kStory, "B's title", "B's much longer text " + kLong);
  claim.author = "B";
  claim.image_url = "https://b.example/i.png";
  StoreCounts c = record_poll(*db_, fetched(b), {claim}, 2);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT title FROM articles"), "A's title");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
  EXPECT_EQ(text("SELECT author FROM articles"), "");
  EXPECT_EQ(text("SELECT image_url FROM articles"), "");
  EXPECT_EQ(count("SELECT source_id FROM articles"), a);
  // The aggregator's link is still a sighting.
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
  // And the full-text index holds A's words only.
  EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'longer'"), 0);
}

TEST_F(SiteClaims, TheSameRegistrableDomainMerges) {
  auto feed = add_source("https://feeds.a.example/rss");
  auto page = add_source("https://www.a.example/");
  record_poll(*db_, fetched(feed), {from("a.example", kStory, "Title", "teaser")}, 1);
  record_poll(*db_, fetched(page), {from("a.example", kStory, "Title", "the full story " + kLong)},
              2);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "the full story " + kLong);
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
}

TEST_F(SiteClaims, AnArticleFirstSeenElsewhereIsTakenOverByItsOwnSite) {
  auto aggregator = add_source("https://b.example/feed");
  auto a = add_source("https://a.example/feed");
  record_poll(*db_, fetched(aggregator), {from("b.example", kStory, "B's words", "B's summary")},
              1);
  EXPECT_EQ(text("SELECT title FROM articles"), "B's words");
  record_poll(*db_, fetched(a), {from("a.example", kStory, "A's title", "A's text")}, 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT title FROM articles"), "A's title");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
  // The aggregator's next poll, with an "edit", does not take it back.
  record_poll(*db_, fetched(aggregator), {from("b.example", kStory, "B again", "B's new summary")},
              3);
  EXPECT_EQ(text("SELECT title FROM articles"), "A's title");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
  // After the takeover A's own documents merge as before: a shorter teaser
  // from another of A's sources does not replace the body.
  auto a_page = add_source("https://www.a.example/");
  record_poll(*db_, fetched(a_page), {from("a.example", kStory, "A's title", "A")}, 4);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
}

TEST_F(SiteClaims, ASourceMayStillCorrectAnotherSitesStoryItCreated) {
  // A site's feed served from another domain (a CDN, a feed host): its own
  // corrections apply while the article holds its text.
  auto feed = add_source("https://feeds.a-cdn.example/rss");
  record_poll(*db_, fetched(feed), {from("a-cdn.example", kStory, "Tpyo", "text")}, 1);
  StoreCounts c =
      record_poll(*db_, fetched(feed), {from("a-cdn.example", kStory, "Typo", "text")}, 2);
  EXPECT_EQ(c.updated, 1);
  EXPECT_EQ(text("SELECT title FROM articles"), "Typo");
}

TEST_F(SiteClaims, AnItemWithoutAnOriginCountsAsItsOwnSite) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://a.example/other");
  record_poll(*db_, fetched(a), {from("", kStory, "T", "short")}, 1);
  record_poll(*db_, fetched(b), {from("", kStory, "T", "longer text")}, 2);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "longer text");
}

}  // namespace
}  // namespace gazette
