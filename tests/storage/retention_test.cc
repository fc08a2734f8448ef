// Retention (storage/retention.h): what is SQLite's own. The store thread's
// connection runs without triggers, which FTS5's index depends on, and new
// databases vacuum incrementally (PRAGMA auto_vacuum; PostgreSQL's
// maintain() is ANALYZE, pg_store_read_test.cc). What is pruned, what is
// kept and that a pruned item stays out is tested through Store& on both
// engines in store_engine_retention_test.cc.
#include "storage/retention.h"

#include <sqlite3.h>

#include <chrono>

#include "storage_test_support.h"
#include "tests/storage/poll_items.h"

namespace gazette {
namespace {

using namespace test_support::retention;
using test_support::fetched_plain;

class Retention : public test_support::TempDatabase {
 protected:
  void poll(std::int64_t source, const std::vector<FeedItem>& items, UnixTime now) {
    record_poll(*db_, fetched_plain(source, now), items, now);
  }
  std::int64_t articles() { return count("SELECT count(*) FROM articles"); }
  // FTS5's own check, against the content table too (rank 1), and no
  // sighting or key left without its article.
  void expect_consistent() {
    EXPECT_NO_THROW(
        db_->exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"));
    for (const char* orphans : kOrphanCounts) EXPECT_EQ(count(orphans), 0) << orphans;
    EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'harbour'"),
              articles());
    EXPECT_EQ(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
  }
};

TEST_F(Retention, ConnectionWithoutTriggersKeepsTheIndexRight) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 100), story(2, 90), story(3, 1)}, kT0);
  poll(s, {story(3, 1)}, kT0 + kDay);
  // As on the daemon's store connection (poll/store_thread.cc).
  int enabled = -1;
  sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &enabled);
  ASSERT_EQ(enabled, 0);
  PruneResult r = prune(*db_, by_age(30), kT0 + 2 * kDay, false);
  EXPECT_EQ(r.articles.size(), 2u);
  sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, &enabled);
  expect_consistent();
}

TEST_F(Retention, NewDatabasesVacuumIncrementally) {
  EXPECT_EQ(count("PRAGMA auto_vacuum"), 2);  // INCREMENTAL
  auto s = add_source("https://news.example/feed");
  std::vector<FeedItem> many;
  for (int n = 0; n < 200; ++n) {
    many.push_back(story(n, 100));
    many.back().content_text.append(4000, 'x');
  }
  poll(s, many, kT0);
  poll(s, {story(1000, 1)}, kT0 + kDay);
  prune(*db_, by_age(30), kT0 + 2 * kDay, false);
  EXPECT_GT(maintain(*db_), 0);
  EXPECT_EQ(count("PRAGMA freelist_count"), 0);
}

}  // namespace
}  // namespace gazette
