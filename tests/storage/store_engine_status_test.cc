// gazette status's numbers (StatusReport, storage/status_report.h) through
// Store&, on both engines (store_engine_fixture.h). What is SQLite's own,
// the size of its -wal file, stays in status_report_test.cc.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "storage/time_format.h"
#include "tests/storage/poll_items.h"
#include "tests/storage/store_engine_fixture.h"

namespace gazette {
namespace {

class StoreStatusTest : public test_support::StoreEngineTest {};

FeedItem item(const std::string& guid) {
  FeedItem i;
  i.guid = guid;
  i.url = "https://example.org/" + guid;
  i.title = "Story " + guid;
  i.content_text = "text of " + guid;
  return i;
}

FetchOutcome failed(std::int64_t source, UnixTime started) {
  FetchOutcome o;
  o.source_id = source;
  o.started = started;
  o.error = "HTTP 503";
  o.http_status = 503;
  return o;
}

TEST(StoreStatusNow, IsWhatTheTestsSayItIs) { EXPECT_EQ(format_utc(kNow), "2026-11-30T10:00:00Z"); }

TEST_P(StoreStatusTest, EmptyDatabase) {
  StatusReport r = store_->status_report(kNow);
  EXPECT_EQ(r.sources, 0);
  EXPECT_EQ(r.articles, 0);
  EXPECT_FALSE(r.oldest_failure);
  EXPECT_FALSE(r.next_poll);
  // What stands for the database's size (docs/cli.md, `status`): SQLite's
  // file; PostgreSQL's pg_database_size, whose write-ahead log is the
  // cluster's, not the database's.
  if (engine() == StoreEngine::sqlite) {
    EXPECT_EQ(r.database_bytes, static_cast<std::int64_t>(std::filesystem::file_size(database_)));
  } else {
    EXPECT_EQ(r.database_bytes, count("SELECT pg_database_size(current_database())"));
    EXPECT_EQ(r.wal_bytes, 0);
  }
}

TEST_P(StoreStatusTest, CountsSourcesByState) {
  auto ok = add_source("https://ok.example/feed");
  auto failing = add_source("https://failing.example/feed");
  auto older_failing = add_source("https://older.example/feed");
  add_source("https://new.example/feed");
  record(fetched_ok(ok), {}, kNow - 100);
  record(fetched_ok(failing), {}, kNow - 3000);
  record(failed(failing, kNow - 2000), {}, kNow - 2000);
  record(failed(older_failing, kNow - 9000), {}, kNow - 9000);
  record(failed(older_failing, kNow - 5000), {}, kNow - 5000);
  record(failed(older_failing, kNow - 1000), {}, kNow - 1000);

  StatusReport r = store_->status_report(kNow);
  EXPECT_EQ(r.sources, 4);
  EXPECT_EQ(r.sources_ok, 1);
  EXPECT_EQ(r.sources_failing, 2);
  EXPECT_EQ(r.sources_never_polled, 1);
  ASSERT_TRUE(r.oldest_failure);
  // The streak that began first, not the source with the latest error.
  EXPECT_EQ(r.oldest_failure->url, "https://older.example/feed");
  EXPECT_EQ(r.oldest_failure->failing_since, format_utc(kNow - 9000));
  EXPECT_EQ(r.oldest_failure->error_count, 3);
  EXPECT_EQ(r.oldest_failure->last_error, "HTTP 503");
}

TEST_P(StoreStatusTest, ArticlesTodayAndThisWeekByWhenFirstStored) {
  auto s = add_source("https://a.example/feed");
  UnixTime midnight = kNow - 10 * 3600;
  record(fetched_ok(s), {item("today-first")}, midnight);
  record(fetched_ok(s), {item("yesterday")}, midnight - 1);
  record(fetched_ok(s), {item("six-days")}, kNow - 7 * 86400 + 1);
  record(fetched_ok(s), {item("eight-days")}, kNow - 8 * 86400);
  // Seen again now: still first stored when it was.
  record(fetched_ok(s), {item("yesterday")}, kNow);

  StatusReport r = store_->status_report(kNow);
  EXPECT_EQ(r.articles, 4);
  EXPECT_EQ(r.articles_today, 1);
  EXPECT_EQ(r.articles_this_week, 3);
}

TEST_P(StoreStatusTest, NextPollIsTheEarliestAndUnscheduledSourcesAreDue) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  store_->set_next_poll(a, kNow + 600);
  store_->set_next_poll(b, kNow + 60);
  StatusReport r = store_->status_report(kNow);
  ASSERT_TRUE(r.next_poll);
  EXPECT_EQ(r.next_poll->url, "https://b.example/feed");
  EXPECT_EQ(r.next_poll->when, format_utc(kNow + 60));
  EXPECT_EQ(r.sources_due, 0);
  EXPECT_EQ(store_->status_report(kNow + 60).sources_due, 1);

  add_source("https://c.example/feed");
  r = store_->status_report(kNow);
  EXPECT_EQ(r.next_poll->url, "https://c.example/feed");
  EXPECT_EQ(r.next_poll->when, "");
  EXPECT_EQ(r.sources_due, 1);
}

GAZETTE_INSTANTIATE_STORE_ENGINES(StoreStatusTest);

}  // namespace
}  // namespace gazette
