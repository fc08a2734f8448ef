#include "storage/source_store.h"

#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/poll_recorder.h"
#include "storage/time_format.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

class SourceStoreTest : public ::testing::Test {
 protected:
  test_support::TempDir dir_;
  std::unique_ptr<SQLite::Database> db_ = open_database(dir_.path() / "g.db");
  SourceStore store_{*db_};
};

SourceConfig feed(const std::string& url) {
  SourceConfig source;
  source.kind = SourceKind::feed;
  source.url = url;
  return source;
}

TEST_F(SourceStoreTest, UpsertInsertsThenUpdatesByUrl) {
  SourceConfig source = feed("https://a.example/feed");
  source.title = "A";
  source.tags = {"news", "local"};
  const std::int64_t id = store_.upsert(source, 1800);

  auto row = store_.find("https://a.example/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->id, id);
  EXPECT_EQ(row->kind, SourceKind::feed);
  EXPECT_EQ(row->fetch_url, "https://a.example/feed");
  EXPECT_EQ(row->title, "A");
  EXPECT_EQ(row->tags, (std::vector<std::string>{"news", "local"}));
  EXPECT_EQ(row->interval_seconds, 1800);
  EXPECT_FALSE(row->last_polled);
  EXPECT_FALSE(row->next_poll);

  source.kind = SourceKind::page;
  source.title = "A, renamed";
  source.tags = {"local"};
  source.interval = std::chrono::seconds(600);
  EXPECT_EQ(store_.upsert(source, 1800), id);
  row = store_.find("https://a.example/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->kind, SourceKind::page);
  EXPECT_EQ(row->title, "A, renamed");
  EXPECT_EQ(row->tags, std::vector<std::string>{"local"});
  EXPECT_EQ(row->interval_seconds, 600);
  EXPECT_EQ(store_.list().size(), 1u);
}

TEST_F(SourceStoreTest, UpsertLeavesFetchStateAlone) {
  const std::int64_t id = store_.upsert(feed("https://a.example/feed"), 1800);
  FetchOutcome outcome;
  outcome.source_id = id;
  outcome.started = 1761966000;
  outcome.http_status = 200;
  outcome.etag = "\"v1\"";
  outcome.permanent_url = "https://a.example/rss";
  outcome.feed_title = "The A Feed";
  outcome.next_poll = 1761967800;
  record_poll(*db_, outcome, {}, 1761966001);

  store_.upsert(feed("https://a.example/feed"), 900);
  auto row = store_.find("https://a.example/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->etag, "\"v1\"");
  EXPECT_EQ(row->fetch_url, "https://a.example/rss");
  EXPECT_EQ(row->last_polled, 1761966000);
  EXPECT_EQ(row->next_poll, 1761967800);
  EXPECT_EQ(row->last_status, 200);
  EXPECT_EQ(row->interval_seconds, 900);
  // No configured title: the feed's own title stands in.
  EXPECT_EQ(row->title, "The A Feed");
  // The redirected-to URL finds the source too.
  auto by_fetch_url = store_.find("https://a.example/rss");
  ASSERT_TRUE(by_fetch_url);
  EXPECT_EQ(by_fetch_url->id, id);
}

TEST_F(SourceStoreTest, ListIsInInsertionOrder) {
  store_.upsert(feed("https://b.example/feed"), 60);
  store_.upsert(feed("https://a.example/feed"), 60);
  auto rows = store_.list();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].url, "https://b.example/feed");
  EXPECT_EQ(rows[1].url, "https://a.example/feed");
  EXPECT_FALSE(store_.find("https://c.example/feed"));
}

TEST_F(SourceStoreTest, RemoveDeletesSourceAndItsRows) {
  const std::int64_t id = store_.upsert(feed("https://a.example/feed"), 60);
  FetchOutcome outcome;
  outcome.source_id = id;
  outcome.started = 1761966000;
  outcome.http_status = 200;
  FeedItem item;
  item.guid = "g1";
  item.title = "One";
  record_poll(*db_, outcome, {item}, 1761966000);

  EXPECT_FALSE(store_.remove("https://other.example/feed"));
  EXPECT_TRUE(store_.remove("https://a.example/feed"));
  EXPECT_FALSE(store_.find("https://a.example/feed"));
  EXPECT_EQ(db_->execAndGet("SELECT count(*) FROM articles").getInt(), 0);
  EXPECT_EQ(db_->execAndGet("SELECT count(*) FROM fetches").getInt(), 0);
}

TEST_F(SourceStoreTest, InvalidSourceErrorNamesIt) {
  SourceConfig source = feed("https://a.example/feed");
  source.interval = std::chrono::seconds(0);
  try {
    store_.upsert(source, 60);
    FAIL() << "interval 0 accepted";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("https://a.example/feed"), std::string::npos) << e.what();
  }
}

TEST_F(SourceStoreTest, SetNextPoll) {
  const std::int64_t id = store_.upsert(feed("https://a.example/feed"), 60);
  store_.set_next_poll(id, 1761966000);
  EXPECT_EQ(store_.find("https://a.example/feed")->next_poll, 1761966000);
  EXPECT_EQ(db_->execAndGet("SELECT next_poll FROM sources").getString(), "2025-11-01T03:00:00Z");
}

// What the scheduler reads at every wake: the due sources, the longest
// overdue first (never polled counts as most overdue), at most `limit`;
// and when the next one comes due.
TEST_F(SourceStoreTest, DueSourcesLongestOverdueFirst) {
  const UnixTime now = 1761966000;
  const std::int64_t late = store_.upsert(feed("https://a.example/late"), 60);
  const std::int64_t later = store_.upsert(feed("https://a.example/later"), 60);
  const std::int64_t never = store_.upsert(feed("https://a.example/never"), 60);
  const std::int64_t exact = store_.upsert(feed("https://a.example/exact"), 60);
  const std::int64_t soon = store_.upsert(feed("https://a.example/soon"), 60);
  const std::int64_t sooner = store_.upsert(feed("https://a.example/sooner"), 60);
  store_.set_next_poll(late, now - 30);
  store_.set_next_poll(later, now - 300);
  store_.set_next_poll(exact, now);
  store_.set_next_poll(soon, now + 3600);
  store_.set_next_poll(sooner, now + 61);
  (void)never;

  std::vector<std::int64_t> ids;
  for (const SourceRow& row : store_.due(now, 10)) ids.push_back(row.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{never, later, late, exact}));
  std::vector<SourceRow> two = store_.due(now, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].url, "https://a.example/later");
  EXPECT_EQ(two[1].next_poll, now - 300);
  EXPECT_EQ(store_.next_due_after(now), now + 61);
  EXPECT_EQ(store_.next_due_after(now + 3600), std::nullopt);
  EXPECT_TRUE(store_.due(now - 301, 10).size() == 1);  // only the one never polled
}

}  // namespace
}  // namespace gazette
