// Retention through Store& (storage/retention.h's meaning), on both engines
// (store_engine_fixture.h): what is pruned, what is kept, and that a pruned
// item stays out. What is SQLite's own (a connection without triggers,
// incremental vacuum) stays in retention_test.cc.
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include "storage/time_format.h"
#include "tests/storage/poll_items.h"
#include "tests/storage/store_engine_fixture.h"

namespace gazette {
namespace {

using namespace test_support::retention;
using test_support::fetched_plain;

class StoreRetentionTest : public test_support::StoreEngineTest {
 protected:
  void poll(std::int64_t source, const std::vector<FeedItem>& items, UnixTime now) {
    record(fetched_plain(source, now), items, now);
  }
  std::int64_t articles() { return count("SELECT count(*) FROM articles"); }
  bool has(int n) {
    return count("SELECT count(*) FROM articles WHERE guid = 'g" + std::to_string(n) + "'") == 1;
  }
  // No sighting or key left without its article, and the full-text index
  // holds every article. SQLite also runs FTS5's own check, against the
  // content table too (rank 1), and its foreign key check; PostgreSQL
  // enforces foreign keys on every write, and its index is a generated
  // column of the row (docs/schema.md, "PostgreSQL").
  void expect_consistent() {
    if (engine() == StoreEngine::sqlite) {
      EXPECT_NO_THROW(
          exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"));
      EXPECT_EQ(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
    }
    for (const char* orphans : kOrphanCounts) EXPECT_EQ(count(orphans), 0) << orphans;
    EXPECT_EQ(index_count("harbour"), articles());
  }
};

TEST_P(StoreRetentionTest, OffByDefaultPrunesNothing) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 400), story(2, 300)}, kT0);
  poll(s, {}, kT0 + kDay);
  PruneResult r = store_->prune(RetentionSettings{}, kT0 + 2 * kDay, false);
  EXPECT_TRUE(r.articles.empty());
  EXPECT_EQ(articles(), 2);
}

TEST_P(StoreRetentionTest, PrunesByAgeButKeepsWhatTheLatestDocumentShows) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 100), story(2, 90), story(3, 80)}, kT0);
  // The feed moved on; story 3 (old) is still in it, story 4 is new.
  poll(s, {story(3, 80), story(4, 1)}, kT0 + kDay);
  PruneResult r = store_->prune(by_age(30), kT0 + 2 * kDay, false);
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[0].reason, "max_age");
  EXPECT_EQ(r.articles[0].url, "https://news.example/story/1");  // oldest first
  EXPECT_FALSE(has(1));
  EXPECT_FALSE(has(2));
  EXPECT_TRUE(has(3));
  EXPECT_TRUE(has(4));
  // Each pruned article leaves its keys (url and guid) as tombstones.
  EXPECT_EQ(r.tombstones_added, 4);
  EXPECT_EQ(count("SELECT count(*) FROM tombstones WHERE key LIKE 'url:%story/1'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM tombstones WHERE key LIKE 'guid:%:g2'"), 1);
  expect_consistent();
}

TEST_P(StoreRetentionTest, PrunesByCountPerSourceNewestKept) {
  auto a = add_source("https://news.example/feed");
  auto b = add_source("https://other.example/feed");
  poll(a, {story(1, 5), story(2, 4), story(3, 3), story(4, 2), story(5, 1)}, kT0);
  poll(a, {story(1, 5)}, kT0 + kDay);  // the oldest is still listed
  FeedItem other = story(6, 50);
  other.url = "https://other.example/6";
  poll(b, {other}, kT0);
  poll(b, {}, kT0 + kDay);  // an empty document keeps the last one's articles
  RetentionSettings keep2;
  keep2.max_per_source = 2;
  PruneResult dry = store_->prune(keep2, kT0 + 2 * kDay, true);
  EXPECT_EQ(dry.articles.size(), 2u);
  EXPECT_EQ(articles(), 6);  // a dry run deletes nothing
  EXPECT_EQ(count("SELECT count(*) FROM tombstones"), 0);
  PruneResult r = store_->prune(keep2, kT0 + 2 * kDay, false);
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[0].reason, "max_per_source");
  EXPECT_TRUE(has(1));  // in the latest document
  EXPECT_FALSE(has(2));
  EXPECT_FALSE(has(3));
  EXPECT_TRUE(has(4));
  EXPECT_TRUE(has(5));
  EXPECT_TRUE(has(6));
  expect_consistent();
}

TEST_P(StoreRetentionTest, TombstoneKeepsAPrunedItemFromComingBack) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 100), story(2, 1)}, kT0);
  poll(s, {story(2, 1)}, kT0 + kDay);
  store_->prune(by_age(30), kT0 + 2 * kDay, false);
  ASSERT_FALSE(has(1));
  // A page's link to it is not followed again (poll/poller.cc asks this).
  EXPECT_EQ(store_->stored_body_length("https://NEWS.example/story/1"),
            std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(store_->stored_body_length("https://news.example/story/99"), std::nullopt);
  // The feed lists it again: not stored again, the tombstone stamped.
  poll(s, {story(1, 100), story(2, 1)}, kT0 + 3 * kDay);
  EXPECT_FALSE(has(1));
  EXPECT_EQ(articles(), 1);
  EXPECT_EQ(count("SELECT count(*) FROM sightings"), 1);
  EXPECT_EQ(text("SELECT " + iso8601("max(seen)") + " FROM tombstones"),
            format_utc(kT0 + 3 * kDay));
  // Another source linking the same story is held back by its url key too.
  auto other = add_source("https://aggregator.example/feed");
  FeedItem copy = story(1, 100);
  copy.guid = "elsewhere";
  poll(other, {copy}, kT0 + 3 * kDay);
  EXPECT_EQ(articles(), 1);
  expect_consistent();
}

TEST_P(StoreRetentionTest, TheHighestIdStaysSoNoIdIsReused) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(2, 1)}, kT0);
  poll(s, {story(1, 100)}, kT0 + kDay);  // old, and stored last
  poll(s, {story(2, 1)}, kT0 + 2 * kDay);
  EXPECT_TRUE(store_->prune(by_age(30), kT0 + 3 * kDay, false).articles.empty());
  EXPECT_TRUE(has(1));
  poll(s, {story(3, 1)}, kT0 + 4 * kDay);
  EXPECT_EQ(store_->prune(by_age(30), kT0 + 5 * kDay, false).articles.size(), 1u);
  EXPECT_FALSE(has(1));
  expect_consistent();
}

TEST_P(StoreRetentionTest, UnmetTombstonesAreForgotten) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 100), story(2, 1)}, kT0);
  poll(s, {story(2, 1)}, kT0 + kDay);
  store_->prune(by_age(30), kT0 + 2 * kDay, false);
  EXPECT_EQ(count("SELECT count(*) FROM tombstones"), 2);
  PruneResult later = store_->prune(by_age(30), kT0 + 2 * kDay + kTombstoneKeepSeconds + 1, false);
  EXPECT_EQ(later.tombstones_forgotten, 2);
  EXPECT_EQ(count("SELECT count(*) FROM tombstones"), 0);
}

GAZETTE_INSTANTIATE_STORE_ENGINES(StoreRetentionTest);

}  // namespace
}  // namespace gazette
