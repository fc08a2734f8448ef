// What the database keeps of a source's politeness state (schema 7): the
// permanent redirect count, a 410's disabling and what re-enables it, and
// how `gazette status` counts disabled and blocked sources.
#include <gtest/gtest.h>

#include "storage/poll_recorder.h"
#include "storage/source_store.h"
#include "storage/status_report.h"
#include "storage/time_format.h"
#include "storage_test_support.h"

namespace gazette {
namespace {

using SourcePolitenessStoreTest = test_support::TempDatabase;

// 2026-11-30T10:00:00Z
constexpr UnixTime kNow = 1'796'032'800;
const std::string kUrl = "https://gone.example/feed";

FetchOutcome answer(std::int64_t source, int status, std::string error = "") {
  FetchOutcome o;
  o.source_id = source;
  o.started = kNow - 10;
  o.http_status = status;
  o.error = std::move(error);
  return o;
}

TEST_F(SourcePolitenessStoreTest, AGoneSourceIsDisabledWithTheReasonAndTime) {
  std::int64_t id = add_source(kUrl);
  FetchOutcome gone = answer(id, 410, "HTTP 410");
  gone.disable_reason = "HTTP 410 Gone from " + kUrl;
  record_poll(*db_, gone, {}, kNow);
  std::optional<SourceRow> row = SourceStore(*db_).find(kUrl);
  ASSERT_TRUE(row);
  ASSERT_TRUE(row->disabled_at);
  EXPECT_EQ(*row->disabled_at, kNow);
  EXPECT_EQ(row->disabled_reason, "HTTP 410 Gone from " + kUrl);
  EXPECT_EQ(text("SELECT disabled_reason FROM sources_v"), "HTTP 410 Gone from " + kUrl);
  EXPECT_EQ(text("SELECT disabled_at FROM sources_v"), format_utc(kNow));
  // A later poll (say `gazette poll --source`) without a reason keeps it disabled.
  record_poll(*db_, answer(id, 200), {}, kNow + 60);
  EXPECT_TRUE(SourceStore(*db_).find(kUrl)->disabled_at);
}

TEST_F(SourcePolitenessStoreTest, TheSameConfigEntryKeepsItDisabledAChangedOneEnablesIt) {
  SourceConfig entry;
  entry.url = kUrl;
  entry.title = "Gone";
  SourceStore store(*db_);
  std::int64_t id = store.upsert(entry, 1800);
  FetchOutcome gone = answer(id, 410, "HTTP 410");
  gone.disable_reason = "HTTP 410 Gone";
  record_poll(*db_, gone, {}, kNow);

  store.upsert(entry, 1800);  // a restart or reload with the same entry
  EXPECT_TRUE(store.find(kUrl)->disabled_at);
  entry.rules.item = "//article";  // any setting counts, stored in a column or not
  store.upsert(entry, 1800);
  EXPECT_FALSE(store.find(kUrl)->disabled_at);
  EXPECT_EQ(store.find(kUrl)->disabled_reason, "");

  record_poll(*db_, gone, {}, kNow + 100);
  EXPECT_TRUE(store.find(kUrl)->disabled_at);
  store.upsert(entry, 3600);  // the default interval changed: the effective entry did
  EXPECT_FALSE(store.find(kUrl)->disabled_at);
}

TEST_F(SourcePolitenessStoreTest, EnableEndsTheDisabling) {
  std::int64_t id = add_source(kUrl);
  SourceStore store(*db_);
  EXPECT_FALSE(store.enable(kUrl));  // not disabled: nothing to do
  FetchOutcome gone = answer(id, 410, "HTTP 410");
  gone.disable_reason = "HTTP 410 Gone";
  record_poll(*db_, gone, {}, kNow);
  EXPECT_TRUE(store.enable(kUrl));
  EXPECT_FALSE(store.find(kUrl)->disabled_at);
}

TEST_F(SourcePolitenessStoreTest, TheRedirectCountIsKeptAndTheFetchUrlMovesOnlyWhenTold) {
  std::int64_t id = add_source(kUrl);
  FetchOutcome moved = answer(id, 200);
  moved.redirect_url = "https://new.example/feed";
  moved.redirect_count = 2;
  record_poll(*db_, moved, {}, kNow);
  SourceRow row = *SourceStore(*db_).find(kUrl);
  EXPECT_EQ(row.redirect_url, "https://new.example/feed");
  EXPECT_EQ(row.redirect_count, 2);
  EXPECT_EQ(row.fetch_url, kUrl);
  EXPECT_EQ(count("SELECT redirect_count FROM sources_v"), 2);

  FetchOutcome moves = answer(id, 200);
  moves.permanent_url = "https://new.example/feed";
  record_poll(*db_, moves, {}, kNow + 60);
  row = *SourceStore(*db_).find(kUrl);
  EXPECT_EQ(row.fetch_url, "https://new.example/feed");
  EXPECT_EQ(row.url, kUrl);
  EXPECT_EQ(row.redirect_url, "");
  EXPECT_EQ(row.redirect_count, 0);
}

TEST_F(SourcePolitenessStoreTest, ARedirectToAnUnusableUrlIsDropped) {
  std::int64_t id = add_source(kUrl);
  FetchOutcome moved = answer(id, 200);
  moved.redirect_url = "javascript:alert(1)";
  moved.redirect_count = 1;
  StoreCounts counts = record_poll(*db_, moved, {}, kNow);
  EXPECT_EQ(counts.repaired.size(), 1u);
  SourceRow row = *SourceStore(*db_).find(kUrl);
  EXPECT_EQ(row.redirect_url, "");
  EXPECT_EQ(row.redirect_count, 0);
}

TEST_F(SourcePolitenessStoreTest, StatusCountsDisabledAndBlockedApart) {
  std::int64_t ok = add_source("https://ok.example/feed");
  std::int64_t gone = add_source(kUrl);
  std::int64_t walled = add_source("https://walled.example/feed");
  std::int64_t broken = add_source("https://broken.example/feed");
  record_poll(*db_, answer(ok, 200), {}, kNow - 100);
  FetchOutcome gone_answer = answer(gone, 410, "HTTP 410");
  gone_answer.disable_reason = "HTTP 410 Gone";
  record_poll(*db_, gone_answer, {}, kNow - 100);
  record_poll(*db_, answer(walled, 403, "blocked: HTTP 403, a challenge page"), {}, kNow - 100);
  record_poll(*db_, answer(broken, 200, "parse: not a feed"), {}, kNow - 100);

  StatusReport r = read_status_report(*db_, path_, kNow);
  EXPECT_EQ(r.sources, 4);
  EXPECT_EQ(r.sources_ok, 1);
  EXPECT_EQ(r.sources_failing, 2);  // the disabled one is not failing
  EXPECT_EQ(r.sources_blocked, 1);
  EXPECT_EQ(r.sources_disabled, 1);
  EXPECT_EQ(r.sources_never_polled, 0);
  ASSERT_TRUE(r.oldest_failure);
  EXPECT_NE(r.oldest_failure->url, kUrl);
  ASSERT_TRUE(r.next_poll);
  EXPECT_NE(r.next_poll->url, kUrl);
}

}  // namespace
}  // namespace gazette
