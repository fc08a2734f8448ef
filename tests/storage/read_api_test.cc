// Schema version 2, what is SQLite's own: the FTS5 index kept by the
// recorder on the store thread's connection, which runs without triggers
// (PostgreSQL's index is a generated column: no trigger to turn off), and
// version-1 databases backfilled by SQLite's migrations. The views and
// search are tested through Store& on both engines in
// store_engine_reads_test.cc.
#include <sqlite3.h>

#include "storage/article_search.h"
#include "storage/migrations.h"
#include "storage/poll_recorder.h"
#include "storage_test_support.h"
#include "tests/storage/poll_items.h"
#include "tests/support/schema_downgrade.h"

namespace gazette {
namespace {

class ReadApi : public test_support::TempDatabase {};

FeedItem item(std::string guid, std::string title, std::string body) {
  return test_support::unpublished_item(std::move(guid), std::move(title), std::move(body));
}
FetchOutcome ok(std::int64_t source) { return test_support::fetched_plain(source, 1'700'000'000); }
using test_support::hit_titles;

// The daemon's store connection runs without triggers (poll/store_thread.h):
// the recorder then indexes new and changed articles itself, and the index
// must come out as the triggers would have made it.
TEST_F(ReadApi, RecorderKeepsTheIndexWhenTriggersAreOff) {
  sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  record_poll(*db_, ok(a),
              {item("1", "Harbour news", "The ferry leaves at dawn"),
               item("2", "Weather", "Rain all week")},
              1'700'000'100);
  EXPECT_EQ(hit_titles(search_articles(*db_, "ferry", 10).hits),
            std::vector<std::string>{"Harbour news"});

  // An edit by the same source replaces the indexed text.
  record_poll(
      *db_, ok(a),
      {item("1", "Harbour news", "The bus leaves at dawn"), item("2", "Weather", "Rain all week")},
      1'700'000'200);
  EXPECT_TRUE(search_articles(*db_, "ferry", 10).hits.empty());
  EXPECT_EQ(search_articles(*db_, "bus", 10).hits.size(), 1u);

  // One document naming a story twice (a teaser, then its full page): the
  // index holds the text the article ends up with.
  FeedItem teaser = item("3", "Lighthouse", "Short teaser");
  FeedItem full = item("3", "Lighthouse", "The lighthouse keeper tells the whole long story");
  full.guid.clear();
  full.block = "(followed)";
  record_poll(*db_, ok(b), {teaser, full}, 1'700'000'300);
  EXPECT_EQ(hit_titles(search_articles(*db_, "keeper", 10).hits),
            std::vector<std::string>{"Lighthouse"});
  EXPECT_TRUE(search_articles(*db_, "teaser", 10).hits.empty());

  EXPECT_EQ(text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1) "
                 "RETURNING 'ok'"),
            "ok");
}

TEST_F(ReadApi, RecorderBatchIndexesWhatItCommits) {
  sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  PollRecorder recorder(*db_);
  {
    PollRecorder::Batch batch(recorder);
    batch.record(ok(a), {item("1", "Harbour news", "The ferry leaves")}, 1'700'000'100);
    // A document that fails is rolled back, its articles never indexed.
    EXPECT_THROW(batch.record(ok(a + 100), {item("2", "Lost", "Never stored")}, 1'700'000'100),
                 SQLite::Exception);
    // A later document of the batch fills in a longer text for story 1:
    // the index holds the text the article ends up with.
    batch.record(ok(b), {item("1", "Harbour news", "The ferry leaves at dawn with the keeper")},
                 1'700'000'100);
    batch.commit();
  }
  EXPECT_TRUE(search_articles(*db_, "never", 10).hits.empty());
  EXPECT_EQ(hit_titles(search_articles(*db_, "keeper", 10).hits),
            std::vector<std::string>{"Harbour news"});
  {
    PollRecorder::Batch batch(recorder);
    batch.record(ok(a), {item("3", "Weather", "Rain all week")}, 1'700'000'200);
    // Not committed: rolled back, nothing indexed.
  }
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_TRUE(search_articles(*db_, "rain", 10).hits.empty());
  EXPECT_EQ(text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1) "
                 "RETURNING 'ok'"),
            "ok");
}

TEST_F(ReadApi, VersionOneDatabasesAreBackfilled) {
  auto s = add_source("https://a.example/feed");
  record_poll(*db_, ok(s), {item("1", "Old story", "kept from version one")}, 1'700'000'100);
  // As if the database came from a version-1 Gazette.
  test_support::downgrade_schema(*db_, 1);
  db_.reset();
  db_ = open_database(path_);
  EXPECT_EQ(count("PRAGMA user_version"), current_schema_version());
  EXPECT_EQ(hit_titles(search_articles(*db_, "kept", 10).hits),
            std::vector<std::string>{"Old story"});
}

}  // namespace
}  // namespace gazette
