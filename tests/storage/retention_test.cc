// Retention (storage/retention.h): what is pruned, what is kept, and that a
// pruned item stays out.
#include "storage/retention.h"

#include <sqlite3.h>

#include <chrono>
#include <limits>

#include "storage/article_lookup.h"
#include "storage/time_format.h"
#include "storage_test_support.h"

namespace gazette {
namespace {

class Retention : public test_support::TempDatabase {
 protected:
  static constexpr UnixTime kDay = 86'400;
  static constexpr UnixTime kT0 = 1'750'000'000;

  // Item `n` of a feed, published `age_days` before kT0.
  static FeedItem story(int n, int age_days) {
    FeedItem i;
    i.guid = "g" + std::to_string(n);
    i.url = "https://news.example/story/" + std::to_string(n);
    i.title = "Story " + std::to_string(n);
    i.content_text = "harbour text number " + std::to_string(n);
    i.content_html = "<p>" + i.content_text + "</p>";
    i.published = kT0 - age_days * kDay;
    return i;
  }
  void poll(std::int64_t source, const std::vector<FeedItem>& items, UnixTime now) {
    FetchOutcome o = fetched(source);
    o.started = now;
    record_poll(*db_, o, items, now);
  }
  static RetentionSettings by_age(int days) {
    RetentionSettings r;
    r.max_age = std::chrono::seconds(days * kDay);
    return r;
  }
  std::int64_t articles() { return count("SELECT count(*) FROM articles"); }
  bool has(int n) {
    return count("SELECT count(*) FROM articles WHERE guid = 'g" + std::to_string(n) + "'") == 1;
  }
  // FTS5's own check, against the content table too (rank 1), and no
  // sighting or key left without its article.
  void expect_consistent() {
    EXPECT_NO_THROW(
        db_->exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"));
    EXPECT_EQ(count("SELECT count(*) FROM sightings WHERE article_id NOT IN (SELECT id FROM "
                    "articles)"),
              0);
    EXPECT_EQ(count("SELECT count(*) FROM article_keys WHERE article_id NOT IN (SELECT id FROM "
                    "articles)"),
              0);
    EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'harbour'"),
              articles());
    EXPECT_EQ(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
  }
};

TEST_F(Retention, OffByDefaultPrunesNothing) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 400), story(2, 300)}, kT0);
  poll(s, {}, kT0 + kDay);
  PruneResult r = prune(*db_, RetentionSettings{}, kT0 + 2 * kDay, false);
  EXPECT_TRUE(r.articles.empty());
  EXPECT_EQ(articles(), 2);
}

TEST_F(Retention, PrunesByAgeButKeepsWhatTheLatestDocumentShows) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 100), story(2, 90), story(3, 80)}, kT0);
  // The feed moved on; story 3 (old) is still in it, story 4 is new.
  poll(s, {story(3, 80), story(4, 1)}, kT0 + kDay);
  PruneResult r = prune(*db_, by_age(30), kT0 + 2 * kDay, false);
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

TEST_F(Retention, PrunesByCountPerSourceNewestKept) {
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
  PruneResult dry = prune(*db_, keep2, kT0 + 2 * kDay, true);
  EXPECT_EQ(dry.articles.size(), 2u);
  EXPECT_EQ(articles(), 6);  // a dry run deletes nothing
  EXPECT_EQ(count("SELECT count(*) FROM tombstones"), 0);
  PruneResult r = prune(*db_, keep2, kT0 + 2 * kDay, false);
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

TEST_F(Retention, TombstoneKeepsAPrunedItemFromComingBack) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 100), story(2, 1)}, kT0);
  poll(s, {story(2, 1)}, kT0 + kDay);
  prune(*db_, by_age(30), kT0 + 2 * kDay, false);
  ASSERT_FALSE(has(1));
  // A page's link to it is not followed again (poll/poller.cc asks this).
  StoredBodyLookup bodies(*db_);
  EXPECT_EQ(bodies.length("https://NEWS.example/story/1"), std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(bodies.length("https://news.example/story/99"), std::nullopt);
  // The feed lists it again: not stored again, the tombstone stamped.
  poll(s, {story(1, 100), story(2, 1)}, kT0 + 3 * kDay);
  EXPECT_FALSE(has(1));
  EXPECT_EQ(articles(), 1);
  EXPECT_EQ(count("SELECT count(*) FROM sightings"), 1);
  EXPECT_EQ(text("SELECT max(seen) FROM tombstones"), format_utc(kT0 + 3 * kDay));
  // Another source linking the same story is held back by its url key too.
  auto other = add_source("https://aggregator.example/feed");
  FeedItem copy = story(1, 100);
  copy.guid = "elsewhere";
  poll(other, {copy}, kT0 + 3 * kDay);
  EXPECT_EQ(articles(), 1);
  expect_consistent();
}

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

TEST_F(Retention, TheHighestIdStaysSoNoIdIsReused) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(2, 1)}, kT0);
  poll(s, {story(1, 100)}, kT0 + kDay);  // old, and stored last
  poll(s, {story(2, 1)}, kT0 + 2 * kDay);
  EXPECT_TRUE(prune(*db_, by_age(30), kT0 + 3 * kDay, false).articles.empty());
  EXPECT_TRUE(has(1));
  poll(s, {story(3, 1)}, kT0 + 4 * kDay);
  EXPECT_EQ(prune(*db_, by_age(30), kT0 + 5 * kDay, false).articles.size(), 1u);
  EXPECT_FALSE(has(1));
  expect_consistent();
}

TEST_F(Retention, UnmetTombstonesAreForgotten) {
  auto s = add_source("https://news.example/feed");
  poll(s, {story(1, 100), story(2, 1)}, kT0);
  poll(s, {story(2, 1)}, kT0 + kDay);
  prune(*db_, by_age(30), kT0 + 2 * kDay, false);
  EXPECT_EQ(count("SELECT count(*) FROM tombstones"), 2);
  PruneResult later = prune(*db_, by_age(30), kT0 + 2 * kDay + kTombstoneKeepSeconds + 1, false);
  EXPECT_EQ(later.tombstones_forgotten, 2);
  EXPECT_EQ(count("SELECT count(*) FROM tombstones"), 0);
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
