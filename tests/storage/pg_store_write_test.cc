// PgStore's own writes (storage/postgres/pg_source_queries.cc,
// pg_poll_writer.cc): the leases of due sources, several pollers writing at
// once, stories learnt across connections, and the same documents giving
// the same articles_v rows as SQLite. What both engines must do through
// Store& (sources, poll results) is tested once, on both, in
// store_engine_test.cc.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/dedup_key.h"
#include "storage/enclosure_column.h"
#include "storage/poll_recorder.h"
#include "storage/postgres/pg_store.h"
#include "storage/source_store.h"
#include "storage/story_assigner.h"
#include "storage/time_format.h"
#include "tests/storage/poll_items.h"
#include "tests/storage/view_rows.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

class PgStoreWriteTest : public test_support::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped()) return;
    store_ = std::make_unique<PgStore>(url(), OpenMode::read_write);
  }

  std::int64_t add_source(const std::string& source_url) {
    return store_->upsert_source(feed_source(source_url), 1800);
  }
  // One document in a transaction of its own; rethrows its error.
  StoreCounts record(const FetchOutcome& outcome, const std::vector<FeedItem>& items,
                     UnixTime now) {
    return record_on(*store_, outcome, items, now);
  }
  static StoreCounts record_on(PgStore& store, const FetchOutcome& outcome,
                               const std::vector<FeedItem>& items, UnixTime now) {
    std::vector<RecordResult> results = store.record_polls({PollDocument{outcome, items, now}});
    if (results.at(0).error) std::rethrow_exception(results[0].error);
    return results[0].counts;
  }
  std::optional<std::string> value(const std::string& sql) {
    pqxx::nontransaction tx(store_->connection());
    pqxx::result r = tx.exec(sql);
    if (r.empty() || r[0][0].is_null()) return std::nullopt;
    return r[0][0].as<std::string>();
  }
  std::string text(const std::string& sql) { return value(sql).value_or("<null>"); }
  std::int64_t count(const std::string& sql) { return std::stoll(text(sql)); }

  std::unique_ptr<PgStore> store_;
};

// --- Sources (source_store_test.cc) ---

TEST_F(PgStoreWriteTest, DueSourcesAreLeasedLongestOverdueFirst) {
  const UnixTime now = 1761966000;
  const std::int64_t late = add_source("https://a.example/late");
  const std::int64_t later = add_source("https://a.example/later");
  const std::int64_t never = add_source("https://a.example/never");
  const std::int64_t exact = add_source("https://a.example/exact");
  const std::int64_t soon = add_source("https://a.example/soon");
  const std::int64_t sooner = add_source("https://a.example/sooner");
  store_->set_next_poll(late, now - 30);
  store_->set_next_poll(later, now - 300);
  store_->set_next_poll(exact, now);
  store_->set_next_poll(soon, now + 3600);
  store_->set_next_poll(sooner, now + 61);

  std::vector<SourceRow> two = store_->lease_due(now, 2, 300);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].id, never);
  EXPECT_EQ(two[1].url, "https://a.example/later");
  EXPECT_EQ(two[1].next_poll, now - 300);
  std::vector<std::int64_t> ids;
  for (const SourceRow& row : store_->lease_due(now, 10, 300)) ids.push_back(row.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{never, later, late, exact}))
      << "its own leases come back (renewed) while they are due";
  PgStore other(url(), OpenMode::read_write);
  EXPECT_TRUE(other.lease_due(now, 10, 300).empty()) << "another poller gets none of them";
  EXPECT_EQ(text("SELECT holder FROM source_leases LIMIT 1"),
            text("SELECT holder FROM source_leases ORDER BY source_id DESC LIMIT 1"));
  EXPECT_NE(text("SELECT holder FROM source_leases LIMIT 1").find(':'), std::string::npos);
  // The leased sources wake the scheduler when their leases run out, not
  // at once: `sooner` (now + 61) comes first.
  EXPECT_EQ(store_->next_due_after(now), now + 61);
  EXPECT_EQ(store_->next_due_after(now + 3600), std::nullopt);
}

TEST_F(PgStoreWriteTest, NextDueAfterCountsALeasedOverdueSourceAtItsLeaseEnd) {
  const std::int64_t id = add_source("https://a.example/feed");
  store_->set_next_poll(id, kNow - 10);
  EXPECT_EQ(store_->next_due_after(kNow), std::nullopt) << "overdue, not after now";
  ASSERT_EQ(store_->lease_due(kNow, 10, 300).size(), 1u);
  EXPECT_EQ(store_->next_due_after(kNow), kNow + 300);
  EXPECT_EQ(store_->next_due_after(kNow + 300), std::nullopt) << "the lease has run out";
}

// A source never polled (next_poll NULL) that a dead poller leased wakes the
// others when the lease ends, as an overdue one does.
TEST_F(PgStoreWriteTest, NextDueAfterCountsALeasedNeverPolledSourceAtItsLeaseEnd) {
  add_source("https://a.example/never-polled");
  EXPECT_EQ(store_->next_due_after(kNow), std::nullopt) << "due now, not after";
  ASSERT_EQ(store_->lease_due(kNow, 10, 300).size(), 1u);
  PgStore other(url(), OpenMode::read_write);
  EXPECT_EQ(other.next_due_after(kNow), kNow + 300);
  EXPECT_EQ(other.next_due_after(kNow + 300), std::nullopt) << "the lease has run out";
}

TEST_F(PgStoreWriteTest, RecordingThePollOrReschedulingEndsTheLease) {
  const std::int64_t a = add_source("https://a.example/feed");
  const std::int64_t b = add_source("https://b.example/feed");
  ASSERT_EQ(store_->lease_due(kNow, 10, 3600).size(), 2u);
  PgStore other(url(), OpenMode::read_write);
  EXPECT_TRUE(other.lease_due(kNow + 60, 10, 3600).empty());
  record(fetched_ok(a, kNow), {}, kNow);  // next_poll unset: due again at once
  store_->set_next_poll(b, kNow);
  EXPECT_EQ(count("SELECT count(*) FROM source_leases"), 0);
  EXPECT_EQ(other.lease_due(kNow + 60, 10, 3600).size(), 2u);
}

TEST_F(PgStoreWriteTest, AnExpiredLeaseIsHandedOutAgain) {
  add_source("https://a.example/feed");
  PgStore other(url(), OpenMode::read_write);
  ASSERT_EQ(store_->lease_due(kNow, 10, 300).size(), 1u);
  EXPECT_TRUE(other.lease_due(kNow + 299, 10, 300).empty()) << "still leased";
  // The first poller died: after the lease, another takes the source over.
  std::vector<SourceRow> taken = other.lease_due(kNow + 300, 10, 300);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(text("SELECT gazette_iso8601(leased_until) FROM source_leases"),
            format_utc(kNow + 600));
  EXPECT_TRUE(store_->lease_due(kNow + 301, 10, 300).empty());
}

// A poller whose lease ran out (it was slow, not dead) and was taken over
// records its poll late, or reschedules the source: the new holder's lease
// stays, until the new holder ends it itself.
TEST_F(PgStoreWriteTest, APollerEndsOnlyItsOwnLease) {
  const std::int64_t a = add_source("https://a.example/feed");
  const std::int64_t b = add_source("https://b.example/feed");
  ASSERT_EQ(store_->lease_due(kNow, 10, 300).size(), 2u);
  PgStore other(url(), OpenMode::read_write);
  ASSERT_EQ(other.lease_due(kNow + 300, 10, 300).size(), 2u) << "taken over";
  record(fetched_ok(a, kNow + 310), {}, kNow + 310);
  store_->set_next_poll(b, kNow + 2000);
  EXPECT_EQ(count("SELECT count(*) FROM source_leases"), 2)
      << "the late poller ended the new holder's leases";
  EXPECT_TRUE(store_->lease_due(kNow + 320, 10, 300).empty()) << "still the other's";
  record_on(other, fetched_ok(a, kNow + 330), {}, kNow + 330);
  other.set_next_poll(b, kNow + 2000);
  EXPECT_EQ(count("SELECT count(*) FROM source_leases"), 0);
}

// The daemon leases through one store and records through another (its
// store thread's): recording ends the lease when the recorder is the same
// poller, and only then.
TEST_F(PgStoreWriteTest, AStoreRecordingForTheLeasingStoreEndsItsLeases) {
  const std::int64_t a = add_source("https://a.example/feed");
  ASSERT_EQ(store_->lease_due(kNow, 10, 300).size(), 1u);
  PgStore stranger(url(), OpenMode::read_write);
  record_on(stranger, fetched_ok(a, kNow + 10), {}, kNow + 10);
  EXPECT_EQ(count("SELECT count(*) FROM source_leases"), 1) << "another poller's store";
  PgStore recorder(url(), OpenMode::read_write);
  recorder.record_for(*store_);
  EXPECT_EQ(recorder.lease_holder(), store_->lease_holder());
  record_on(recorder, fetched_ok(a, kNow + 20), {}, kNow + 20);
  EXPECT_EQ(count("SELECT count(*) FROM source_leases"), 0);
}

// Several pollers lease from it: the scheduler does not spread its sources.
TEST_F(PgStoreWriteTest, IsSharedByPollers) { EXPECT_TRUE(store_->shared_by_pollers()); }

TEST_F(PgStoreWriteTest, EachStoreOfAProcessIsALeaseHolderOfItsOwn) {
  add_source("https://a.example/feed");
  add_source("https://b.example/feed");
  PgStore other(url(), OpenMode::read_write);
  ASSERT_EQ(store_->lease_due(kNow, 1, 300).size(), 1u);
  ASSERT_EQ(other.lease_due(kNow, 1, 300).size(), 1u);
  EXPECT_EQ(count("SELECT count(DISTINCT holder) FROM source_leases"), 2);
  // machine:pid:token, the token 16 hex digits.
  const std::string pid = ":" + std::to_string(static_cast<long>(getpid())) + ":";
  for (const std::string& holder : {text("SELECT min(holder) FROM source_leases"),
                                    text("SELECT max(holder) FROM source_leases")}) {
    std::size_t at = holder.find(pid);
    ASSERT_NE(at, std::string::npos) << holder;
    EXPECT_EQ(holder.size() - at - pid.size(), 16u) << holder;
  }
}

// (Sources and poll results through Store&: store_engine_test.cc, on both engines.)

TEST_F(PgStoreWriteTest, RemovingASourceEndsItsLease) {
  const std::int64_t a = add_source("https://a.example/feed");
  ASSERT_EQ(store_->lease_due(kNow, 10, 300).size(), 1u);
  EXPECT_EQ(count("SELECT count(*) FROM source_leases WHERE source_id = " + std::to_string(a)), 1);
  EXPECT_TRUE(store_->remove_source("https://a.example/feed"));
  EXPECT_EQ(count("SELECT count(*) FROM source_leases WHERE source_id = " + std::to_string(a)), 0);
}

// Beyond the Store contract (which keeps record_polls out of in_transaction;
// the engine suite tests documents standing alone on both engines): in
// PostgreSQL, inside in_transaction, a failing document is a savepoint
// rolled back alone.
TEST_F(PgStoreWriteTest, InsideInTransactionAFailingDocumentIsRolledBackAlone) {
  auto source = add_source("https://example.org/feed");
  FetchOutcome unknown_source = fetched_ok(source + 100);  // violates the foreign key
  record(fetched_ok(source), {body_item("1", "https://example.org/a", "A")}, 1);
  record(fetched_ok(source), {body_item("3", "https://example.org/c", "C")}, 1);
  store_->in_transaction([&] {
    std::vector<RecordResult> inner = store_->record_polls(
        {{unknown_source, {body_item("4", "https://example.org/d", "D")}, 2},
         {fetched_ok(source), {body_item("5", "https://example.org/e", "E")}, 2}});
    EXPECT_TRUE(inner[0].error);
    EXPECT_FALSE(inner[1].error);
    if (inner[1].error) try {
        std::rethrow_exception(inner[1].error);
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
  });
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 3);
}

// Two pollers asking at the same moment, again and again: each due source
// is given to exactly one of them.
TEST_F(PgStoreWriteTest, TwoPollersNeverLeaseTheSameSource) {
  constexpr int kSources = 200;
  for (int i = 0; i < kSources; ++i) add_source(fmt::format("https://s{}.example/feed", i));
  std::vector<std::int64_t> got[2];
  std::atomic<bool> go{false};
  auto poller = [&](int n) {
    PgStore store(url(), OpenMode::read_write);
    while (!go) std::this_thread::yield();
    // Each round "polls" what it leased: rescheduling ends the lease, as
    // recording the poll does.
    for (int round = 0; round < 60; ++round)
      for (const SourceRow& row : store.lease_due(kNow, 7, 600)) {
        got[n].push_back(row.id);
        store.set_next_poll(row.id, kNow + 3600);
      }
  };
  std::thread first(poller, 0), second(poller, 1);
  go = true;
  first.join();
  second.join();
  std::set<std::int64_t> all;
  for (const auto& ids : got)
    for (std::int64_t id : ids) EXPECT_TRUE(all.insert(id).second) << "source " << id << " twice";
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kSources));
}

// --- Poll results (poll_recorder_test.cc and friends) ---

// A key the document's lookup did not see, claimed by another transaction
// that commits while this poller's insert waits on it (two pollers on one
// source after a lease ran out): the new article is given up, keys and
// sighting included, and the item merges into the other's article.
TEST_F(PgStoreWriteTest, AClaimLostToAnotherTransactionKeepsNothingOfTheNewArticle) {
  const std::int64_t source = add_source("https://one.example/feed");
  const std::string guid_key = DedupKey{DedupKey::Kind::guid, source, "g1"}.stored();
  pqxx::connection other_connection(url());
  pqxx::work other(other_connection);
  const std::string other_id =
      other
          .exec_params(
              "INSERT INTO articles (source_id, guid, title, first_seen, last_seen, "
              "content_hash) VALUES ($1, 'g1', 'Theirs', now(), now(), 'x') RETURNING id",
              source)[0][0]
          .as<std::string>();
  other.exec_params("INSERT INTO article_keys (key, article_id) VALUES ($1, $2)", guid_key,
                    other_id);
  std::vector<RecordResult> results;
  std::thread poller([&] {
    PgStore store(url(), OpenMode::read_write);
    results =
        store.record_polls({{fetched_ok(source, kNow),
                             {body_item("g1", "https://news.example/a", "Mine", "Text of mine")},
                             kNow}});
  });
  // Commit once the poller's claim of the guid key waits for `other`.
  for (int i = 0; i < 1000 && count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type "
                                    "= 'Lock' AND query LIKE 'WITH a AS (INSERT%'") == 0;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"), 1);
  other.commit();
  poller.join();
  ASSERT_EQ(results.size(), 1u);
  if (results[0].error) std::rethrow_exception(results[0].error);
  EXPECT_EQ(results[0].counts.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT string_agg(key || ' ' || (article_id = " + other_id +
                 ")::text, ',' ORDER BY key) FROM article_keys"),
            guid_key + " true,url:https://news.example/a true");
  EXPECT_EQ(text("SELECT string_agg(article_id::text, ',') FROM sightings"), other_id);
}

// Two pollers store the same article URLs from two sources at the same
// moment, on two connections: each URL is one article, seen in both.
TEST_F(PgStoreWriteTest, TwoConnectionsRecordingTheSameUrlsStoreEachOnce) {
  constexpr int kRounds = 40;
  const std::int64_t sources[2] = {add_source("https://one.example/feed"),
                                   add_source("https://two.example/feed")};
  std::atomic<int> ready{0};
  std::vector<std::string> errors[2];
  auto poller = [&](int n) {
    PgStore store(url(), OpenMode::read_write);
    ++ready;
    while (ready < 2) std::this_thread::yield();
    for (int round = 0; round < kRounds; ++round) {
      // Three URLs per document, in an order that differs between the two
      // pollers, so that claims also cross.
      std::vector<FeedItem> items;
      for (int k = 0; k < 3; ++k) {
        int story = n == 0 ? k : 2 - k;
        items.push_back(body_item(fmt::format("{}-{}-{}", n, round, story),
                                  fmt::format("https://news.example/{}/{}", round, story),
                                  fmt::format("Story {} {}", round, story)));
      }
      for (const RecordResult& r :
           store.record_polls({{fetched_ok(sources[n], kNow + round), items, kNow + round}}))
        if (r.error) try {
            std::rethrow_exception(r.error);
          } catch (const std::exception& e) {
            errors[n].push_back(e.what());
          }
    }
  };
  std::thread first(poller, 0), second(poller, 1);
  first.join();
  second.join();
  EXPECT_TRUE(errors[0].empty()) << errors[0].front();
  EXPECT_TRUE(errors[1].empty()) << errors[1].front();
  EXPECT_EQ(count("SELECT count(*) FROM articles"), kRounds * 3);
  EXPECT_EQ(count("SELECT count(DISTINCT url) FROM articles"), kRounds * 3);
  EXPECT_EQ(count("SELECT count(*) FROM articles_v WHERE seen_in <> 2"), 0) << text(
      "SELECT string_agg(a.id || ' ' || a.url || ' ' || a.guid || ' ' || a.source_id || ' "
      "keys ' || (SELECT string_agg(key, ' ') FROM article_keys k WHERE k.article_id = "
      "a.id), E'\\n') FROM articles a JOIN articles_v v USING (id) WHERE v.seen_in <> 2");
  EXPECT_EQ(count("SELECT count(*) FROM article_keys WHERE key LIKE 'url:%'"), kRounds * 3);
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), kRounds * 2);
}

// --- Stories learnt across pollers (one store: store_engine_stories_test.cc) ---

constexpr UnixTime kT0 = 1'764'500'000;

TEST_F(PgStoreWriteTest, OutletsOfOneEventShareAStory) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  auto c = add_source("https://c.example/feed");
  store_->enable_story_assignment(StoryParams{});
  record(fetched_ok(a),
         {news_item("a1", "Storm floods harbour district overnight",
                    "Sea water filled the streets of the harbour district.", kT0),
          news_item("a2", "Library extends opening hours", "From Monday it opens at eight.", kT0)},
         kT0 + 3600);
  // Another poller (connection) stores the second outlet: this one learns
  // of its story before assigning the third.
  PgStore other(url(), OpenMode::read_write);
  other.enable_story_assignment(StoryParams{});
  record_on(other, fetched_ok(b),
            {news_item("b1", "Harbour district under water after storm",
                       "Residents of the harbour district woke to flooded streets.", kT0 + 1800)},
            kT0 + 3600);
  record(fetched_ok(c),
         {news_item("c1", "Flooding: storm surge swamps harbour",
                    "The storm pushed water over the quay.", kT0 + 3600)},
         kT0 + 3600);
  auto story_of = [&](const std::string& id) {
    return text("SELECT story_id FROM articles_v WHERE url = 'https://news.example/" + id + "'");
  };
  EXPECT_NE(story_of("a1"), "<null>");
  EXPECT_EQ(story_of("a1"), story_of("b1"));
  EXPECT_EQ(story_of("a1"), story_of("c1"));
  EXPECT_NE(story_of("a1"), story_of("a2"));
  const std::string flood = story_of("a1");
  EXPECT_EQ(text("SELECT articles FROM stories_v WHERE story_id = " + flood), "3");
  EXPECT_EQ(text("SELECT first_published FROM stories_v WHERE story_id = " + flood),
            "2025-11-30T10:53:20Z");
  EXPECT_EQ(text("SELECT gazette_iso8601(last_published) FROM stories WHERE id = " + flood),
            "2025-11-30T11:53:20Z");
  // Storing the same items again changes nothing.
  record(fetched_ok(a), {news_item("a1", "Storm floods harbour district overnight", "", kT0)},
         kT0 + 7200);
  EXPECT_EQ(count("SELECT count(*) FROM stories"), 2);
}

// Two pollers with story assignment on, storing shared and own stories at
// once: every new article gets a story that exists, and none is stored
// twice. (Which articles join one story depends on the order the pollers
// commit in: not asserted.)
TEST_F(PgStoreWriteTest, TwoPollersAssigningStoriesAtOnceLeaveNoArticleWithoutOne) {
  constexpr int kRounds = 15;
  const std::int64_t sources[2] = {add_source("https://one.example/feed"),
                                   add_source("https://two.example/feed")};
  std::atomic<int> ready{0};
  std::vector<std::string> errors;
  std::mutex errors_mutex;
  auto poller = [&](int n) {
    PgStore store(url(), OpenMode::read_write);
    store.enable_story_assignment(StoryParams{});
    ++ready;
    while (ready < 2) std::this_thread::yield();
    for (int round = 0; round < kRounds; ++round) {
      std::vector<FeedItem> items = {
          news_item(fmt::format("shared-{}", round),
                    fmt::format("Harbour storm day {} floods quay", round),
                    "Water over the quay again.", kT0 + round * 60),
          news_item(fmt::format("own-{}-{}", n, round),
                    fmt::format("Poller {} library news {}", n, round), "Opening hours.",
                    kT0 + round * 60)};
      for (const RecordResult& r :
           store.record_polls({{fetched_ok(sources[n], kT0 + round), items, kT0 + 3600 + round}}))
        if (r.error) try {
            std::rethrow_exception(r.error);
          } catch (const std::exception& e) {
            std::lock_guard lock(errors_mutex);
            errors.push_back(e.what());
          }
    }
  };
  std::thread first(poller, 0), second(poller, 1);
  first.join();
  second.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(count("SELECT count(*) FROM articles"), kRounds * 3);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE story_id IS NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                  "(SELECT 1 FROM stories s WHERE s.id = a.story_id)"),
            0);
}

// --- The same documents in SQLite and PostgreSQL ---

using test_support::postgres_rows;
using test_support::Rows;
using test_support::sqlite_rows;

TEST_F(PgStoreWriteTest, TheSameDocumentsGiveTheSameArticlesVRowsAsSqlite) {
  test_support::TempDir dir;
  std::unique_ptr<SQLite::Database> sqlite = open_database(dir.path() / "g.db");
  SourceStore sqlite_sources(*sqlite);
  StoryAssigner sqlite_stories(*sqlite, StoryParams{});
  store_->enable_story_assignment(StoryParams{});
  std::vector<std::int64_t> ids;
  for (const char* u : {"https://a.example/feed", "https://b.example/feed", "https://c.example/"}) {
    SourceConfig s = feed_source(u);
    s.tags = {"news"};
    std::int64_t id = sqlite_sources.upsert(s, 1800);
    EXPECT_EQ(store_->upsert_source(s, 1800), id);
    ids.push_back(id);
  }
  FeedItem enclosed = news_item("a3", "Podcast: the week", "Our weekly show.", kT0 + 60);
  enclosed.details.links.push_back(enclosure_link("https://a.example/show.mp3", "", "99"));
  enclosed.categories = {"audio", "", "weekly"};
  enclosed.author = "Ann";
  enclosed.image_url = "https://a.example/i.png";
  FeedItem edited = news_item("a1", "Storm floods harbour district overnight (updated)",
                              "Sea water filled the streets; the quay is closed.", kT0);
  edited.updated = kT0 + 5000;
  FeedItem other_site =
      body_item("", "https://news.example/a2", "Claimed", "longer text " + std::string(500, 'y'));
  other_site.origin_site = "c.example";
  FeedItem undated = body_item("", "https://b.example/undated", "No date", "no date at all");
  undated.published.reset();
  struct Doc {
    std::size_t source;
    std::vector<FeedItem> items;
    UnixTime now;
  };
  const std::vector<Doc> docs = {
      {0,
       {news_item("a1", "Storm floods harbour district overnight",
                  "Sea water filled the streets of the harbour district.", kT0),
        news_item("a2", "Library extends opening hours", "From Monday it opens at eight.", kT0),
        enclosed},
       kT0 + 100},
      {1,
       {news_item("b1", "Harbour district under water after storm",
                  "Residents of the harbour district woke to flooded streets.", kT0 + 1800),
        undated},
       kT0 + 200},
      {0, {edited}, kT0 + 5100},
      {2, {other_site, body_item("", "https://news.example/a1", "Seen", "")}, kT0 + 5200},
      {1, {undated}, kT0 + 5300},
  };
  for (const Doc& d : docs) {
    FetchOutcome outcome = fetched_ok(ids[d.source], d.now);
    outcome.feed_title = "Feed " + std::to_string(d.source);
    sqlite_stories.prepare();
    record_poll(*sqlite, outcome, d.items, d.now);
    sqlite_stories.assign_new(d.now);
    record(outcome, d.items, d.now);
  }
  Rows expected = sqlite_rows(*sqlite, "SELECT * FROM articles_v ORDER BY id");
  Rows got = postgres_rows(store_->connection(), "SELECT * FROM articles_v ORDER BY id");
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_EQ(got.size(), 5u);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "row " << i;
  const std::string sources_columns =
      "id, url, kind, title, fetch_url, tags, interval_seconds, last_polled, last_status, "
      "last_error, error_count, failing_since, next_poll, articles, last_warning, disabled_at, "
      "disabled_reason, redirect_url, redirect_count";
  EXPECT_EQ(postgres_rows(store_->connection(),
                          "SELECT " + sources_columns + " FROM sources_v ORDER BY id"),
            sqlite_rows(*sqlite, "SELECT " + sources_columns + " FROM sources_v ORDER BY id"));
  EXPECT_EQ(postgres_rows(store_->connection(), "SELECT * FROM stories_v ORDER BY story_id"),
            sqlite_rows(*sqlite, "SELECT * FROM stories_v ORDER BY story_id"));
}

}  // namespace
}  // namespace gazette
