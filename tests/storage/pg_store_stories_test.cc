// Story assignment by several pollers on one PostgreSQL database
// (storage/postgres/pg_story_order.h): a poller learns every article the
// others gave a story, in the order their transactions committed, whatever
// the order of the articles' ids.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_store.h"
#include "tests/storage/poll_items.h"
#include "tests/support/pg_cluster.h"

namespace gazette {
namespace {

using test_support::feed_source;
using test_support::fetched_ok;
using test_support::news_item;

constexpr UnixTime kT0 = 1'764'500'000;

StoreCounts record_on(PgStore& store, const FetchOutcome& outcome,
                      const std::vector<FeedItem>& items, UnixTime now) {
  std::vector<RecordResult> results = store.record_polls({PollDocument{outcome, items, now}});
  if (results.at(0).error) std::rethrow_exception(results[0].error);
  return results[0].counts;
}

class PgStoreStoriesTest : public test_support::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped()) return;
    for (auto* store : {&a_, &b_, &c_, &d_}) {
      *store = std::make_unique<PgStore>(url(), OpenMode::read_write);
      (*store)->enable_story_assignment(StoryParams{});
    }
    observer_ = connect_postgres(url());
  }
  void TearDown() override {
    for (Background& job : jobs_)
      if (job.thread.joinable()) job.thread.join();
  }

  std::string text(const std::string& sql) {
    pqxx::nontransaction tx(*observer_);
    pqxx::result r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? "<null>" : r[0][0].as<std::string>();
  }
  std::string story_of(const std::string& item) {
    return text("SELECT story_id FROM articles WHERE url = 'https://news.example/" + item + "'");
  }
  std::int64_t id_of(const std::string& item) {
    return std::stoll(
        text("SELECT id FROM articles WHERE url = 'https://news.example/" + item + "'"));
  }

  // A stores the first article of the storm story (a1) from `source`.
  void store_storm_on_a(std::int64_t source) {
    record_on(*a_, fetched_ok(source, kT0 + 100),
              {news_item("a1", "Storm floods harbour district overnight",
                         "Sea water filled the streets of the harbour district.", kT0)},
              kT0 + 3600);
  }

  // A poll recorded on a thread of its own: returns once it has finished or
  // is waiting for a lock another connection holds (pg_stat_activity), so
  // the steps of the test run in the order written.
  struct Background {
    std::thread thread;
    std::atomic<bool> done{false};
    std::exception_ptr error;
  };
  void record_in_background(PgStore& store, const FetchOutcome& outcome,
                            const std::vector<FeedItem>& items, UnixTime now) {
    Background& job = jobs_.emplace_back();
    const int pid = store.connection().backendpid();
    job.thread = std::thread([&job, &store, outcome, items, now] {
      try {
        record_on(store, outcome, items, now);
      } catch (...) {
        job.error = std::current_exception();
      }
      job.done = true;
    });
    // A bound, so that a mistake fails the test rather than hanging it.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!job.done) {
      if (text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = " + std::to_string(pid)) ==
          "Lock")
        return;
      if (std::chrono::steady_clock::now() > give_up) {
        ADD_FAILURE() << "poll of source " << outcome.source_id << " neither ends nor waits";
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  void join_background() {
    for (Background& job : jobs_) {
      job.thread.join();
      if (job.error) try {
          std::rethrow_exception(job.error);
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
        }
    }
  }

  std::unique_ptr<PgStore> a_, b_, c_, d_;  // four pollers, a connection each
  std::unique_ptr<pqxx::connection> observer_;
  std::deque<Background> jobs_;  // (a deque: its elements stay put)
};

// The defect this ordering fixes: A inserts its article (its id is drawn)
// and has not committed; B inserts one with a higher id and commits; C
// assigns one of its own, so it reads what the others committed; D starts
// then (loading its clusterer); A commits. A watermark on ids moves C and
// D past A's article before it is visible, and they never learn it: a later
// article of A's story starts a story of its own on them.
TEST_F(PgStoreStoriesTest, APollerLearnsAnArticleCommittedAfterOneWithAHigherId) {
  const std::int64_t sa = a_->upsert_source(feed_source("https://a.example/feed"), 1800);
  const std::int64_t sb = a_->upsert_source(feed_source("https://b.example/feed"), 1800);
  const std::int64_t sc = a_->upsert_source(feed_source("https://c.example/feed"), 1800);
  const std::int64_t sd = a_->upsert_source(feed_source("https://d.example/feed"), 1800);
  // C has its clusterer loaded before: it learns by catching up.
  record_on(
      *c_, fetched_ok(sc, kT0),
      {news_item("c0", "Library extends opening hours", "From Monday it opens at eight.", kT0)},
      kT0 + 60);

  a_->in_transaction([&] {
    store_storm_on_a(sa);
    record_in_background(*b_, fetched_ok(sb, kT0 + 110),
                         {news_item("b1", "Council approves new cycle lanes",
                                    "The lanes open in spring.", kT0 + 60)},
                         kT0 + 3600);
    record_in_background(*c_, fetched_ok(sc, kT0 + 120),
                         {news_item("c1", "Museum reopens after renovation",
                                    "The east wing shows the old maps again.", kT0 + 120)},
                         kT0 + 3600);
    record_in_background(*d_, fetched_ok(sd, kT0 + 130),
                         {news_item("d1", "Bakery wins regional bread prize",
                                    "Its rye loaf took first place.", kT0 + 180)},
                         kT0 + 3600);
  });  // A commits
  join_background();
  ASSERT_NE(story_of("a1"), "<null>");
  // The interleaving happened: A's article has the lowest id of the four.
  EXPECT_LT(id_of("a1"), id_of("b1"));
  EXPECT_LT(id_of("a1"), id_of("c1"));
  EXPECT_LT(id_of("a1"), id_of("d1"));

  // Each now stores an article of A's story: both join it.
  record_on(*c_, fetched_ok(sc, kT0 + 200),
            {news_item("c2", "Harbour district under water after storm",
                       "Residents of the harbour district woke to flooded streets.", kT0 + 1800)},
            kT0 + 3700);
  record_on(
      *d_, fetched_ok(sd, kT0 + 210),
      {news_item("d2", "Flooding: storm surge swamps harbour district",
                 "The storm pushed sea water over the quay and into the streets.", kT0 + 3600)},
      kT0 + 3700);
  EXPECT_EQ(story_of("c2"), story_of("a1")) << "C, which had caught up past A's id";
  EXPECT_EQ(story_of("d2"), story_of("a1")) << "D, which loaded past A's id";
  EXPECT_EQ(text("SELECT count(*) FROM articles WHERE story_id = " + story_of("a1")), "3");
  // Every assigned article has its place in the order, once.
  EXPECT_EQ(text("SELECT count(*) FROM articles WHERE story_seq IS NULL"), "0");
  EXPECT_EQ(text("SELECT count(DISTINCT story_seq) FROM articles"), "7");
}

// Two pollers storing articles of one new event at the same moment: the
// second waits for the first to commit, learns its article, and joins its
// story, as one writer would have it (without the turns, neither sees the
// other's uncommitted article and each starts a story).
TEST_F(PgStoreStoriesTest, TwoPollersStoringOneNewEventAtOnceGrowOneStory) {
  const std::int64_t sa = a_->upsert_source(feed_source("https://a.example/feed"), 1800);
  const std::int64_t sb = a_->upsert_source(feed_source("https://b.example/feed"), 1800);
  a_->in_transaction([&] {
    store_storm_on_a(sa);
    record_in_background(
        *b_, fetched_ok(sb, kT0 + 110),
        {news_item("b1", "Harbour district under water after storm",
                   "Residents of the harbour district woke to flooded streets.", kT0 + 1800)},
        kT0 + 3600);
  });  // A commits
  join_background();
  ASSERT_NE(story_of("a1"), "<null>");
  EXPECT_EQ(story_of("b1"), story_of("a1"));
  EXPECT_EQ(text("SELECT count(*) FROM stories"), "1");
}

// Documents with nothing new take no turn: a poller whose 304s and
// unchanged items arrive while another is assigning is not held up.
TEST_F(PgStoreStoriesTest, ADocumentWithoutNewArticlesDoesNotWaitForTheStoryLock) {
  const std::int64_t sa = a_->upsert_source(feed_source("https://a.example/feed"), 1800);
  const std::int64_t sb = a_->upsert_source(feed_source("https://b.example/feed"), 1800);
  const FeedItem known =
      news_item("b1", "Council approves new cycle lanes", "The lanes open in spring.", kT0 + 60);
  record_on(*b_, fetched_ok(sb, kT0), {known}, kT0 + 60);
  {
    // Were B to wait for A (on this one thread), it fails instead of hanging.
    pqxx::nontransaction tx(b_->connection());
    tx.exec("SET lock_timeout = '10s'");
  }
  a_->in_transaction([&] {
    store_storm_on_a(sa);
    // A holds the story lock until it commits; B's poll finds only what it
    // stored before, and is written meanwhile.
    StoreCounts counts = record_on(*b_, fetched_ok(sb, kT0 + 200), {known}, kT0 + 3600);
    EXPECT_EQ(counts.added, 0);
  });
  EXPECT_NE(story_of("a1"), story_of("b1"));
}

}  // namespace
}  // namespace gazette
