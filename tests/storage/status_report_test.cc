// gazette status's numbers (storage/status_report.h).
#include "storage/status_report.h"

#include <fstream>

#include "storage/time_format.h"
#include "storage_test_support.h"

namespace gazette {
namespace {

using StatusReportTest = test_support::TempDatabase;

// 2026-11-30T10:00:00Z
constexpr UnixTime kNow = 1'796'032'800;

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

TEST_F(StatusReportTest, NowIsWhatTheTestsSayItIs) {
  EXPECT_EQ(format_utc(kNow), "2026-11-30T10:00:00Z");
}

TEST_F(StatusReportTest, EmptyDatabase) {
  StatusReport r = read_status_report(*db_, path_, kNow);
  EXPECT_EQ(r.sources, 0);
  EXPECT_EQ(r.articles, 0);
  EXPECT_FALSE(r.oldest_failure);
  EXPECT_FALSE(r.next_poll);
  EXPECT_EQ(r.database_bytes, static_cast<std::int64_t>(std::filesystem::file_size(path_)));
}

TEST_F(StatusReportTest, CountsSourcesByState) {
  auto ok = add_source("https://ok.example/feed");
  auto failing = add_source("https://failing.example/feed");
  auto older_failing = add_source("https://older.example/feed");
  add_source("https://new.example/feed");
  record_poll(*db_, fetched(ok), {}, kNow - 100);
  record_poll(*db_, fetched(failing), {}, kNow - 3000);
  record_poll(*db_, failed(failing, kNow - 2000), {}, kNow - 2000);
  record_poll(*db_, failed(older_failing, kNow - 9000), {}, kNow - 9000);
  record_poll(*db_, failed(older_failing, kNow - 5000), {}, kNow - 5000);
  record_poll(*db_, failed(older_failing, kNow - 1000), {}, kNow - 1000);

  StatusReport r = read_status_report(*db_, path_, kNow);
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

TEST_F(StatusReportTest, ArticlesTodayAndThisWeekByWhenFirstStored) {
  auto s = add_source("https://a.example/feed");
  UnixTime midnight = kNow - 10 * 3600;
  record_poll(*db_, fetched(s), {item("today-first")}, midnight);
  record_poll(*db_, fetched(s), {item("yesterday")}, midnight - 1);
  record_poll(*db_, fetched(s), {item("six-days")}, kNow - 7 * 86400 + 1);
  record_poll(*db_, fetched(s), {item("eight-days")}, kNow - 8 * 86400);
  // Seen again now: still first stored when it was.
  record_poll(*db_, fetched(s), {item("yesterday")}, kNow);

  StatusReport r = read_status_report(*db_, path_, kNow);
  EXPECT_EQ(r.articles, 4);
  EXPECT_EQ(r.articles_today, 1);
  EXPECT_EQ(r.articles_this_week, 3);
}

TEST_F(StatusReportTest, NextPollIsTheEarliestAndUnscheduledSourcesAreDue) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  SourceStore store(*db_);
  store.set_next_poll(a, kNow + 600);
  store.set_next_poll(b, kNow + 60);
  StatusReport r = read_status_report(*db_, path_, kNow);
  ASSERT_TRUE(r.next_poll);
  EXPECT_EQ(r.next_poll->url, "https://b.example/feed");
  EXPECT_EQ(r.next_poll->when, format_utc(kNow + 60));
  EXPECT_EQ(r.sources_due, 0);
  EXPECT_EQ(read_status_report(*db_, path_, kNow + 60).sources_due, 1);

  add_source("https://c.example/feed");
  r = read_status_report(*db_, path_, kNow);
  EXPECT_EQ(r.next_poll->url, "https://c.example/feed");
  EXPECT_EQ(r.next_poll->when, "");
  EXPECT_EQ(r.sources_due, 1);
}

TEST_F(StatusReportTest, WalSizeIsTheWalFile) {
  auto s = add_source("https://a.example/feed");
  record_poll(*db_, fetched(s), {item("1")}, kNow);
  StatusReport r = read_status_report(*db_, path_, kNow);
  std::filesystem::path wal = path_.string() + "-wal";
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_EQ(r.wal_bytes, static_cast<std::int64_t>(std::filesystem::file_size(wal)));
  EXPECT_GT(r.wal_bytes, 0);
}

}  // namespace
}  // namespace gazette
