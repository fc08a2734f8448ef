#include "storage/poll_recorder.h"

#include <SQLiteCpp/Exception.h>

#include "storage/time_format.h"
#include "storage_test_support.h"

namespace gazette {
namespace {

// The fixture, named apart from the class under test (storage/poll_recorder.h).
class PollRecorderTest : public test_support::TempDatabase {};

FeedItem item(std::string guid, std::string url, std::string title, std::string body = "Body") {
  FeedItem i;
  i.guid = std::move(guid);
  i.url = std::move(url);
  i.title = std::move(title);
  i.content_html = "<p>" + body + "</p>";
  i.content_text = body;
  i.published = 1'700'000'000;
  return i;
}

FetchOutcome ok(std::int64_t source, UnixTime when = 1'700'000'100) {
  FetchOutcome o;
  o.source_id = source;
  o.started = when;
  o.http_status = 200;
  o.etag = "\"v1\"";
  return o;
}

TEST_F(PollRecorderTest, RepollingAddsNoRows) {
  auto source = add_source("https://example.org/feed");
  std::vector<FeedItem> items = {item("1", "https://example.org/a", "A"),
                                 item("2", "https://example.org/b", "B")};
  StoreCounts first = record_poll(*db_, ok(source), items, 1'700'000'100);
  EXPECT_EQ(first.seen, 2);
  EXPECT_EQ(first.added, 2);
  StoreCounts second = record_poll(*db_, ok(source), items, 1'700'000'200);
  EXPECT_EQ(second.added, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(text("SELECT last_seen FROM articles WHERE guid = '1'"), format_utc(1'700'000'200));
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 2);
}

TEST_F(PollRecorderTest, ChangedContentIsUpdatedInPlace) {
  auto source = add_source("https://example.org/feed");
  record_poll(*db_, ok(source), {item("1", "https://example.org/a", "A", "old")}, 1'700'000'100);
  std::int64_t id = count("SELECT id FROM articles");
  FeedItem edited = item("1", "https://example.org/a", "A (corrected)", "new");
  StoreCounts c = record_poll(*db_, ok(source), {edited}, 1'700'000'500);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(c.updated, 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(count("SELECT id FROM articles"), id);
  EXPECT_EQ(text("SELECT title FROM articles"), "A (corrected)");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "new");
  EXPECT_EQ(text("SELECT updated FROM articles"), format_utc(1'700'000'500));
}

TEST_F(PollRecorderTest, ItemsWithoutGuidAreKeyedOnTheirLink) {
  auto source = add_source("https://example.org/feed");
  record_poll(*db_, ok(source), {item("", "https://example.org/a?utm_source=x", "A")}, 1);
  StoreCounts c = record_poll(*db_, ok(source), {item("", "https://example.org/a", "A")}, 2);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
}

TEST_F(PollRecorderTest, OneGuidForManyItemsDoesNotCollapseThem) {
  auto source = add_source("https://example.org/feed");
  std::vector<FeedItem> items = {item("same", "https://example.org/a", "A"),
                                 item("same", "https://example.org/b", "B"),
                                 item("same", "https://example.org/c", "C")};
  EXPECT_EQ(record_poll(*db_, ok(source), items, 1).added, 3);
  EXPECT_EQ(record_poll(*db_, ok(source), items, 2).added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 3);
}

TEST_F(PollRecorderTest, OneLinkForManyItemsDoesNotCollapseThem) {
  auto source = add_source("https://example.org/feed");
  std::vector<FeedItem> items = {item("1", "https://example.org/", "A"),
                                 item("2", "https://example.org/", "B")};
  EXPECT_EQ(record_poll(*db_, ok(source), items, 1).added, 2);
}

TEST_F(PollRecorderTest, TheSameStoryFromTwoSourcesIsOneArticleSeenTwice) {
  auto feed = add_source("https://example.org/feed");
  auto other = add_source("https://aggregator.example/rss");
  record_poll(*db_, ok(feed),
              {item("https://example.org/?p=1", "https://example.org/story/", "Story", "teaser")},
              1);
  FeedItem full = item("x-77", "https://www.example.org/story?utm_medium=rss#top", "Story",
                       "the full text, longer than the teaser");
  StoreCounts c = record_poll(*db_, ok(other), {full}, 2);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM sightings"), 2);
  // The longer body wins; the first source stays the article's owner.
  EXPECT_EQ(text("SELECT content_text FROM articles"), "the full text, longer than the teaser");
  EXPECT_EQ(count("SELECT source_id FROM articles"), feed);
}

TEST_F(PollRecorderTest, AFollowedArticlePageJoinsItsTeaserInOneDocument) {
  auto source = add_source("https://example.org/feed");
  FeedItem teaser =
      item("https://example.org/?p=7", "https://example.org/story/", "Story", "teaser");
  FeedItem page =
      item("", "https://example.org/story/", "Story", "the full story from the article page");
  StoreCounts c = record_poll(*db_, ok(source), {teaser, page}, 1);
  EXPECT_EQ(c.added, 1);
  EXPECT_EQ(c.updated, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE updated IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "the full story from the article page");
}

TEST_F(PollRecorderTest, SourceStateFollowsFetches) {
  auto source = add_source("https://example.org/feed");
  FetchOutcome failed;
  failed.source_id = source;
  failed.started = 10;
  failed.error = "connect: refused";
  record_poll(*db_, failed, {}, 10);
  record_poll(*db_, failed, {}, 20);
  EXPECT_EQ(count("SELECT error_count FROM sources"), 2);
  EXPECT_EQ(text("SELECT last_error FROM sources"), "connect: refused");
  EXPECT_EQ(text("SELECT error FROM fetches ORDER BY id DESC LIMIT 1"), "connect: refused");

  record_poll(*db_, ok(source), {}, 30);
  EXPECT_EQ(count("SELECT error_count FROM sources"), 0);
  EXPECT_EQ(text("SELECT last_error FROM sources"), "");
  EXPECT_EQ(text("SELECT etag FROM sources"), "\"v1\"");

  FetchOutcome not_modified = ok(source, 40);
  not_modified.http_status = 304;
  not_modified.etag.clear();
  record_poll(*db_, not_modified, {}, 40);
  EXPECT_EQ(text("SELECT etag FROM sources"), "\"v1\"") << "a 304 without ETag keeps the old one";
  EXPECT_EQ(count("SELECT last_status FROM sources"), 304);

  FetchOutcome moved = ok(source, 50);
  moved.permanent_url = "https://example.org/new-feed";
  record_poll(*db_, moved, {}, 50);
  EXPECT_EQ(text("SELECT fetch_url FROM sources"), "https://example.org/new-feed");
  EXPECT_EQ(text("SELECT url FROM sources"), "https://example.org/feed");
}

TEST_F(PollRecorderTest, DocumentsInOneTransactionStandOrFallAlone) {
  // The store thread writes queued documents in one transaction; each
  // document is a savepoint, so a failing one leaves the others in.
  auto source = add_source("https://example.org/feed");
  gazette::PollRecorder recorder(*db_);
  FetchOutcome unknown_source = ok(source + 100);  // violates the foreign key
  {
    gazette::PollRecorder::Batch batch(recorder);
    EXPECT_EQ(batch.record(ok(source), {item("1", "https://example.org/a", "A")}, 1).added, 1);
    EXPECT_THROW(batch.record(unknown_source, {item("2", "https://example.org/b", "B")}, 1),
                 SQLite::Exception);
    EXPECT_TRUE(batch.open());
    EXPECT_EQ(batch.record(ok(source), {item("3", "https://example.org/c", "C")}, 1).added, 1);
    batch.commit();
  }
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE guid = '2'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'B'"), 0);

  // Outside a transaction, a document is its own transaction.
  EXPECT_THROW(recorder.record(unknown_source, {item("4", "https://example.org/d", "D")}, 2),
               SQLite::Exception);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(recorder.record(ok(source), {item("5", "https://example.org/e", "E")}, 2).added, 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 3);
}

}  // namespace
}  // namespace gazette
