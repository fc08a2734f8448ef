// PgStore's writes (storage/postgres/pg_source_queries.cc, pg_poll_writer.cc):
// the meanings of the SQLite tests (source_store_test, poll_recorder_test,
// source_politeness_store_test, site_claims_test, story_assigner_test,
// poll_history_test), the leases of due sources, several pollers writing at
// once, and the same documents giving the same articles_v rows as SQLite.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/enclosure_column.h"
#include "storage/poll_recorder.h"
#include "storage/postgres/pg_store.h"
#include "storage/source_store.h"
#include "storage/story_assigner.h"
#include "storage/time_format.h"
#include "tests/storage/view_rows.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

// 2026-11-30T10:00:00Z
constexpr UnixTime kNow = 1'796'032'800;

SourceConfig feed(const std::string& url) {
  SourceConfig source;
  source.kind = SourceKind::feed;
  source.url = url;
  return source;
}

FeedItem item(std::string guid, std::string url, std::string title, std::string body = "Body") {
  FeedItem i;
  i.guid = std::move(guid);
  i.url = std::move(url);
  i.title = std::move(title);
  i.content_html = "<p>" + body + "</p>";
  i.content_text = body;
  i.published = 1'700'000'000;
  return i;
}

Link enclosure_link(std::string href, std::string type, std::string length) {
  Link l;
  l.rel = "enclosure";
  l.href = std::move(href);
  l.type = std::move(type);
  l.length = std::move(length);
  return l;
}

FetchOutcome ok(std::int64_t source, UnixTime when = 1'700'000'100) {
  FetchOutcome o;
  o.source_id = source;
  o.started = when;
  o.http_status = 200;
  o.etag = "\"v1\"";
  return o;
}

class PgStoreWriteTest : public test_support::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped()) return;
    store_ = std::make_unique<PgStore>(url(), OpenMode::read_write);
  }

  std::int64_t add_source(const std::string& source_url) {
    return store_->upsert_source(feed(source_url), 1800);
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

TEST_F(PgStoreWriteTest, UpsertInsertsThenUpdatesByUrl) {
  SourceConfig source = feed("https://a.example/feed");
  source.title = "A";
  source.tags = {"news", "local"};
  const std::int64_t id = store_->upsert_source(source, 1800);
  auto row = store_->find_source("https://a.example/feed");
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
  EXPECT_EQ(store_->upsert_source(source, 1800), id);
  row = store_->find_source("https://a.example/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->kind, SourceKind::page);
  EXPECT_EQ(row->title, "A, renamed");
  EXPECT_EQ(row->tags, std::vector<std::string>{"local"});
  EXPECT_EQ(row->interval_seconds, 600);
  EXPECT_EQ(store_->list_sources().size(), 1u);
}

TEST_F(PgStoreWriteTest, UpsertLeavesFetchStateAlone) {
  const std::int64_t id = add_source("https://a.example/feed");
  FetchOutcome outcome = ok(id, 1761966000);
  outcome.permanent_url = "https://a.example/rss";
  outcome.feed_title = "The A Feed";
  outcome.next_poll = 1761967800;
  record(outcome, {}, 1761966001);

  store_->upsert_source(feed("https://a.example/feed"), 900);
  auto row = store_->find_source("https://a.example/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->etag, "\"v1\"");
  EXPECT_EQ(row->fetch_url, "https://a.example/rss");
  EXPECT_EQ(row->last_polled, 1761966000);
  EXPECT_EQ(row->next_poll, 1761967800);
  EXPECT_EQ(row->last_status, 200);
  EXPECT_EQ(row->interval_seconds, 900);
  EXPECT_EQ(row->title, "The A Feed");  // no configured title: the feed's own
  auto by_fetch_url = store_->find_source("https://a.example/rss");
  ASSERT_TRUE(by_fetch_url);
  EXPECT_EQ(by_fetch_url->id, id);
}

TEST_F(PgStoreWriteTest, ListIsInInsertionOrderAndRemoveDeletesTheSourcesRows) {
  add_source("https://b.example/feed");
  const std::int64_t a = add_source("https://a.example/feed");
  auto rows = store_->list_sources();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].url, "https://b.example/feed");
  EXPECT_EQ(rows[1].url, "https://a.example/feed");
  EXPECT_FALSE(store_->find_source("https://c.example/feed"));

  record(ok(a), {item("g1", "https://a.example/1", "One")}, kNow);
  store_->lease_due(kNow, 10, 300);
  EXPECT_FALSE(store_->remove_source("https://other.example/feed"));
  EXPECT_TRUE(store_->remove_source("https://a.example/feed"));
  EXPECT_FALSE(store_->find_source("https://a.example/feed"));
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM source_leases WHERE source_id = " + std::to_string(a)), 0);
}

TEST_F(PgStoreWriteTest, InvalidSourceErrorNamesIt) {
  SourceConfig source = feed("https://a.example/feed");
  source.interval = std::chrono::seconds(0);
  try {
    store_->upsert_source(source, 60);
    FAIL() << "interval 0 accepted";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("https://a.example/feed"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store_->upsert_source(feed("javascript:alert(1)"), 60), StorageError);
}

TEST_F(PgStoreWriteTest, SetNextPollIsReadBackAndShownAsSqliteShowsIt) {
  const std::int64_t id = add_source("https://a.example/feed");
  store_->set_next_poll(id, 1761966000);
  EXPECT_EQ(store_->find_source("https://a.example/feed")->next_poll, 1761966000);
  EXPECT_EQ(text("SELECT next_poll FROM sources_v"), "2025-11-01T03:00:00Z");
}

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
  EXPECT_EQ(ids, (std::vector<std::int64_t>{late, exact})) << "the leased ones are not given again";
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

TEST_F(PgStoreWriteTest, RecordingThePollOrReschedulingEndsTheLease) {
  const std::int64_t a = add_source("https://a.example/feed");
  const std::int64_t b = add_source("https://b.example/feed");
  ASSERT_EQ(store_->lease_due(kNow, 10, 3600).size(), 2u);
  EXPECT_TRUE(store_->lease_due(kNow + 60, 10, 3600).empty());
  record(ok(a, kNow), {}, kNow);  // next_poll unset: due again at once
  store_->set_next_poll(b, kNow);
  EXPECT_EQ(count("SELECT count(*) FROM source_leases"), 0);
  EXPECT_EQ(store_->lease_due(kNow + 60, 10, 3600).size(), 2u);
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

TEST_F(PgStoreWriteTest, ADisabledSourceIsNeverLeased) {
  const std::int64_t id = add_source("https://gone.example/feed");
  FetchOutcome gone = ok(id, kNow);
  gone.http_status = 410;
  gone.error = "HTTP 410";
  gone.disable_reason = "HTTP 410 Gone";
  record(gone, {}, kNow);
  EXPECT_TRUE(store_->lease_due(kNow + 86400, 10, 300).empty());
  EXPECT_EQ(store_->next_due_after(kNow), std::nullopt);
  EXPECT_TRUE(store_->enable_source("https://gone.example/feed"));
  EXPECT_FALSE(store_->enable_source("https://gone.example/feed"));
  EXPECT_EQ(store_->lease_due(kNow + 86400, 10, 300).size(), 1u);
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
    for (int round = 0; round < 60; ++round)
      for (const SourceRow& row : store.lease_due(kNow, 7, 600)) got[n].push_back(row.id);
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

TEST_F(PgStoreWriteTest, CanonicalUrlsAreAdoptedKeepingIdsAndDuplicatesReported) {
  const std::int64_t old = add_source("http://a.example:80/feed");
  add_source("http://b.example:80/feed");
  add_source("http://b.example/feed");
  std::vector<std::string> duplicates = store_->adopt_canonical_urls();
  EXPECT_EQ(store_->find_source("http://a.example/feed")->id, old);
  EXPECT_EQ(store_->find_source("http://a.example/feed")->fetch_url, "http://a.example/feed");
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_NE(duplicates[0].find("b.example"), std::string::npos);
}

// --- Poll results (poll_recorder_test.cc and friends) ---

TEST_F(PgStoreWriteTest, RepollingAddsNoRows) {
  auto source = add_source("https://example.org/feed");
  std::vector<FeedItem> items = {item("1", "https://example.org/a", "A"),
                                 item("2", "https://example.org/b", "B")};
  StoreCounts first = record(ok(source), items, 1'700'000'100);
  EXPECT_EQ(first.seen, 2);
  EXPECT_EQ(first.added, 2);
  StoreCounts second = record(ok(source), items, 1'700'000'200);
  EXPECT_EQ(second.added, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(text("SELECT last_seen FROM articles_v WHERE url = 'https://example.org/a'"),
            format_utc(1'700'000'200));
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM sightings"), 2);
}

TEST_F(PgStoreWriteTest, ChangedContentIsUpdatedInPlace) {
  auto source = add_source("https://example.org/feed");
  record(ok(source), {item("1", "https://example.org/a", "A", "old")}, 1'700'000'100);
  std::int64_t id = count("SELECT id FROM articles");
  StoreCounts c = record(ok(source), {item("1", "https://example.org/a", "A (corrected)", "new")},
                         1'700'000'500);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(c.updated, 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(count("SELECT id FROM articles"), id);
  EXPECT_EQ(text("SELECT title FROM articles"), "A (corrected)");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "new");
  EXPECT_EQ(text("SELECT updated FROM articles_v"), format_utc(1'700'000'500));
  // The full-text column follows the edit.
  EXPECT_EQ(
      count("SELECT count(*) FROM articles WHERE search @@ to_tsquery('simple', 'corrected')"), 1);
}

TEST_F(PgStoreWriteTest, ItemsWithoutGuidAreKeyedOnTheirLink) {
  auto source = add_source("https://example.org/feed");
  record(ok(source), {item("", "https://example.org/a?utm_source=x", "A")}, 1);
  StoreCounts c = record(ok(source), {item("", "https://example.org/a", "A")}, 2);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
}

TEST_F(PgStoreWriteTest, OneGuidOrOneLinkForManyItemsDoesNotCollapseThem) {
  auto source = add_source("https://example.org/feed");
  std::vector<FeedItem> items = {item("same", "https://example.org/a", "A"),
                                 item("same", "https://example.org/b", "B"),
                                 item("same", "https://example.org/c", "C")};
  EXPECT_EQ(record(ok(source), items, 1).added, 3);
  EXPECT_EQ(record(ok(source), items, 2).added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 3);
  EXPECT_EQ(
      record(ok(source),
             {item("1", "https://example.org/", "D"), item("2", "https://example.org/", "E")}, 3)
          .added,
      2);
}

TEST_F(PgStoreWriteTest, TheSameStoryFromTwoSourcesIsOneArticleSeenTwice) {
  auto first = add_source("https://example.org/feed");
  auto other = add_source("https://aggregator.example/rss");
  record(ok(first),
         {item("https://example.org/?p=1", "https://example.org/story/", "Story", "teaser")}, 1);
  FeedItem full = item("x-77", "https://www.example.org/story?utm_medium=rss#top", "Story",
                       "the full text, longer than the teaser");
  StoreCounts c = record(ok(other), {full}, 2);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM sightings"), 2);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "the full text, longer than the teaser");
  EXPECT_EQ(count("SELECT source_id FROM articles"), first);
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
}

TEST_F(PgStoreWriteTest, AFollowedArticlePageJoinsItsTeaserInOneDocument) {
  auto source = add_source("https://example.org/feed");
  FeedItem teaser =
      item("https://example.org/?p=7", "https://example.org/story/", "Story", "teaser");
  FeedItem page =
      item("", "https://example.org/story/", "Story", "the full story from the article page");
  StoreCounts c = record(ok(source), {teaser, page}, 1);
  EXPECT_EQ(c.added, 1);
  EXPECT_EQ(c.updated, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE updated IS NOT NULL"), 0);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "the full story from the article page");
}

TEST_F(PgStoreWriteTest, AnotherSitesItemRecordsASightingButChangesNothing) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  FeedItem own = item("", "https://www.a.example/real/story", "A's title", "A's text");
  own.origin_site = "a.example";
  record(ok(a), {own}, 1);
  FeedItem claim = item("", "https://www.a.example/real/story", "B's title",
                        "B's much longer text " + std::string(3000, 'x'));
  claim.origin_site = "b.example";
  claim.author = "B";
  EXPECT_EQ(record(ok(b), {claim}, 2).added, 0);
  EXPECT_EQ(text("SELECT title FROM articles"), "A's title");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
  EXPECT_EQ(text("SELECT author FROM articles"), "");
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
}

TEST_F(PgStoreWriteTest, SourceStateFollowsFetches) {
  auto source = add_source("https://example.org/feed");
  FetchOutcome failed;
  failed.source_id = source;
  failed.started = 10;
  failed.error = "connect: refused";
  record(failed, {}, 10);
  record(failed, {}, 20);
  EXPECT_EQ(count("SELECT error_count FROM sources"), 2);
  EXPECT_EQ(text("SELECT last_error FROM sources"), "connect: refused");
  EXPECT_EQ(text("SELECT error FROM fetches ORDER BY id DESC LIMIT 1"), "connect: refused");
  EXPECT_EQ(text("SELECT failing_since FROM sources_v"), format_utc(10));

  record(ok(source, 30), {}, 30);
  EXPECT_EQ(count("SELECT error_count FROM sources"), 0);
  EXPECT_EQ(text("SELECT last_error FROM sources"), "");
  EXPECT_EQ(text("SELECT etag FROM sources"), "\"v1\"");

  FetchOutcome not_modified = ok(source, 40);
  not_modified.http_status = 304;
  not_modified.etag.clear();
  record(not_modified, {}, 40);
  EXPECT_EQ(text("SELECT etag FROM sources"), "\"v1\"") << "a 304 without ETag keeps the old one";
  EXPECT_EQ(count("SELECT last_status FROM sources"), 304);

  FetchOutcome moved = ok(source, 50);
  moved.permanent_url = "https://example.org/new-feed";
  moved.feed_title = "Example";
  moved.warning = "cut at 100 items";
  record(moved, {}, 50);
  SourceRow row = *store_->find_source("https://example.org/feed");
  EXPECT_EQ(row.fetch_url, "https://example.org/new-feed");
  EXPECT_EQ(row.url, "https://example.org/feed");
  EXPECT_EQ(row.title, "Example");
  EXPECT_EQ(row.last_warning, "cut at 100 items");
  EXPECT_EQ(text("SELECT last_warning FROM sources_v"), "cut at 100 items");
}

TEST_F(PgStoreWriteTest, PolitenessStateIsKept) {
  const std::string gone_url = "https://gone.example/feed";
  std::int64_t id = add_source(gone_url);
  FetchOutcome moved = ok(id, kNow - 10);
  moved.redirect_url = "https://new.example/feed";
  moved.redirect_count = 2;
  moved.body_hash = "abc";
  moved.publisher_interval = 3600;
  moved.effective_interval = 7200;
  moved.interval_reason = "ttl";
  record(moved, {}, kNow);
  SourceRow row = *store_->find_source(gone_url);
  EXPECT_EQ(row.redirect_url, "https://new.example/feed");
  EXPECT_EQ(row.redirect_count, 2);
  EXPECT_EQ(row.fetch_url, gone_url);
  EXPECT_EQ(row.body_hash, "abc");
  EXPECT_EQ(row.publisher_interval, 3600);
  EXPECT_EQ(row.effective_interval, 7200);
  EXPECT_EQ(row.interval_reason, "ttl");

  FetchOutcome same = ok(id, kNow);
  same.same_body = true;
  record(same, {}, kNow + 1);
  row = *store_->find_source(gone_url);
  EXPECT_EQ(row.body_hash, "abc") << "no new hash keeps the stored one";
  EXPECT_EQ(row.effective_interval, 7200);
  EXPECT_EQ(count("SELECT same_body FROM fetches ORDER BY id DESC LIMIT 1"), 1);

  FetchOutcome gone = ok(id, kNow + 100);
  gone.http_status = 410;
  gone.error = "HTTP 410";
  gone.disable_reason = "HTTP 410 Gone from " + gone_url;
  record(gone, {}, kNow + 100);
  row = *store_->find_source(gone_url);
  ASSERT_TRUE(row.disabled_at);
  EXPECT_EQ(*row.disabled_at, kNow + 100);
  EXPECT_EQ(text("SELECT disabled_at FROM sources_v"), format_utc(kNow + 100));
  EXPECT_EQ(row.redirect_count, 0);

  SourceConfig entry = feed(gone_url);
  store_->upsert_source(entry, 1800);  // the same entry keeps it disabled
  EXPECT_TRUE(store_->find_source(gone_url)->disabled_at);
  entry.rules.item = "//article";  // a changed entry enables it
  store_->upsert_source(entry, 1800);
  EXPECT_FALSE(store_->find_source(gone_url)->disabled_at);
  EXPECT_EQ(store_->find_source(gone_url)->disabled_reason, "");

  FetchOutcome unusable = ok(id, kNow + 200);
  unusable.redirect_url = "javascript:alert(1)";
  unusable.redirect_count = 1;
  EXPECT_EQ(record(unusable, {}, kNow + 200).repaired.size(), 1u);
  EXPECT_EQ(store_->find_source(gone_url)->redirect_url, "");
}

TEST_F(PgStoreWriteTest, EnclosuresAndInvalidTextAreStoredAsSqliteStoresThem) {
  auto source = add_source("https://example.org/feed");
  FeedItem with = item("1", "https://example.org/a", "A");
  with.details.links.push_back(enclosure_link("https://example.org/a.mp3", "audio/mpeg", "123"));
  FeedItem broken = item("2", "https://example.org/b", std::string("B \xff"));
  StoreCounts c = record(ok(source), {with, broken}, 1);
  EXPECT_EQ(c.repaired.size(), 1u);
  EXPECT_EQ(text("SELECT enclosures FROM articles_v WHERE url = 'https://example.org/a'"),
            enclosures_json(with));
  EXPECT_NE(enclosures_json(with), "[]");
  EXPECT_EQ(text("SELECT enclosures FROM articles_v WHERE url = 'https://example.org/b'"), "[]");
  EXPECT_EQ(text("SELECT title FROM articles_v WHERE url = 'https://example.org/b'"),
            "B \xEF\xBF\xBD");
}

TEST_F(PgStoreWriteTest, DocumentsStandOrFallAlone) {
  auto source = add_source("https://example.org/feed");
  FetchOutcome unknown_source = ok(source + 100);  // violates the foreign key
  std::vector<RecordResult> results =
      store_->record_polls({{ok(source), {item("1", "https://example.org/a", "A")}, 1},
                            {unknown_source, {item("2", "https://example.org/b", "B")}, 1},
                            {ok(source), {item("3", "https://example.org/c", "C")}, 1}});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_FALSE(results[0].error);
  EXPECT_EQ(results[0].counts.added, 1);
  ASSERT_TRUE(results[1].error);
  try {
    std::rethrow_exception(results[1].error);
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(source + 100)), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(results[2].error);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE guid = '2'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 2);

  // Inside in_transaction, a failing document is a savepoint rolled back alone.
  store_->in_transaction([&] {
    std::vector<RecordResult> inner =
        store_->record_polls({{unknown_source, {item("4", "https://example.org/d", "D")}, 2},
                              {ok(source), {item("5", "https://example.org/e", "E")}, 2}});
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

TEST_F(PgStoreWriteTest, TheSameItemsRecordedTwiceInOneBatchAreStoredOnce) {
  auto a = add_source("https://a.example/feed");
  std::vector<FeedItem> items = {item("1", "https://a.example/x", "X"),
                                 item("2", "https://a.example/y", "Y")};
  std::vector<RecordResult> results =
      store_->record_polls({{ok(a), items, kNow}, {ok(a), items, kNow + 1}});
  EXPECT_EQ(results[0].counts.added, 2);
  EXPECT_EQ(results[1].counts.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM article_keys"), 4);
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
        items.push_back(item(fmt::format("{}-{}-{}", n, round, story),
                             fmt::format("https://news.example/{}/{}", round, story),
                             fmt::format("Story {} {}", round, story)));
      }
      for (const RecordResult& r :
           store.record_polls({{ok(sources[n], kNow + round), items, kNow + round}}))
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

TEST_F(PgStoreWriteTest, RecentPollsAndStoredBodyLength) {
  auto source = add_source("https://example.org/feed");
  record(ok(source, kNow - 300), {item("1", "https://example.org/a", "A", "12345")}, kNow - 300);
  FetchOutcome failed = ok(source, kNow - 200);
  failed.error = "timeout";
  record(failed, {}, kNow - 200);
  record(ok(source, kNow - 100), {item("2", "https://example.org/b", "B")}, kNow - 100);
  std::vector<ObservedPoll> polls = store_->recent_polls(source, kNow - 1000, 10);
  ASSERT_EQ(polls.size(), 2u);
  EXPECT_EQ(polls[0].started, kNow - 100);
  EXPECT_EQ(polls[0].new_items, 1);
  EXPECT_EQ(polls[1].started, kNow - 300);
  EXPECT_EQ(store_->recent_polls(source, kNow - 150, 10).size(), 1u);
  EXPECT_EQ(store_->recent_polls(source, kNow - 1000, 1).size(), 1u);

  EXPECT_EQ(store_->stored_body_length("https://example.org/a?utm_source=rss"), 5u);
  EXPECT_EQ(store_->stored_body_length("https://example.org/none"), std::nullopt);
  {
    pqxx::work tx(store_->connection());
    tx.exec("INSERT INTO tombstones (key, pruned) VALUES ('url:https://example.org/gone', now())");
    tx.commit();
  }
  EXPECT_EQ(store_->stored_body_length("https://example.org/gone"),
            std::numeric_limits<std::size_t>::max());
  // A tombstoned item is not stored again, and its tombstone is stamped.
  EXPECT_EQ(record(ok(source), {item("", "https://example.org/gone", "Gone")}, kNow).added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(text("SELECT gazette_iso8601(seen) FROM tombstones"), format_utc(kNow));
}

// --- Stories (story_assigner_test.cc) ---

constexpr UnixTime kT0 = 1'764'500'000;

FeedItem news(const std::string& id, const std::string& title, const std::string& summary,
              UnixTime published) {
  FeedItem i;
  i.guid = id;
  i.url = "https://news.example/" + id;
  i.title = title;
  i.summary_text = summary;
  i.published = published;
  return i;
}

TEST_F(PgStoreWriteTest, OutletsOfOneEventShareAStory) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  auto c = add_source("https://c.example/feed");
  store_->enable_story_assignment(StoryParams{});
  record(ok(a),
         {news("a1", "Storm floods harbour district overnight",
               "Sea water filled the streets of the harbour district.", kT0),
          news("a2", "Library extends opening hours", "From Monday it opens at eight.", kT0)},
         kT0 + 3600);
  // Another poller (connection) stores the second outlet: this one learns
  // of its story before assigning the third.
  PgStore other(url(), OpenMode::read_write);
  other.enable_story_assignment(StoryParams{});
  record_on(other, ok(b),
            {news("b1", "Harbour district under water after storm",
                  "Residents of the harbour district woke to flooded streets.", kT0 + 1800)},
            kT0 + 3600);
  record(ok(c),
         {news("c1", "Flooding: storm surge swamps harbour",
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
  record(ok(a), {news("a1", "Storm floods harbour district overnight", "", kT0)}, kT0 + 7200);
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
      std::vector<FeedItem> items = {news(fmt::format("shared-{}", round),
                                          fmt::format("Harbour storm day {} floods quay", round),
                                          "Water over the quay again.", kT0 + round * 60),
                                     news(fmt::format("own-{}-{}", n, round),
                                          fmt::format("Poller {} library news {}", n, round),
                                          "Opening hours.", kT0 + round * 60)};
      for (const RecordResult& r :
           store.record_polls({{ok(sources[n], kT0 + round), items, kT0 + 3600 + round}}))
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
    SourceConfig s = feed(u);
    s.tags = {"news"};
    std::int64_t id = sqlite_sources.upsert(s, 1800);
    EXPECT_EQ(store_->upsert_source(s, 1800), id);
    ids.push_back(id);
  }
  FeedItem enclosed = news("a3", "Podcast: the week", "Our weekly show.", kT0 + 60);
  enclosed.details.links.push_back(enclosure_link("https://a.example/show.mp3", "", "99"));
  enclosed.categories = {"audio", "", "weekly"};
  enclosed.author = "Ann";
  enclosed.image_url = "https://a.example/i.png";
  FeedItem edited = news("a1", "Storm floods harbour district overnight (updated)",
                         "Sea water filled the streets; the quay is closed.", kT0);
  edited.updated = kT0 + 5000;
  FeedItem other_site =
      item("", "https://news.example/a2", "Claimed", "longer text " + std::string(500, 'y'));
  other_site.origin_site = "c.example";
  FeedItem undated = item("", "https://b.example/undated", "No date", "no date at all");
  undated.published.reset();
  struct Doc {
    std::size_t source;
    std::vector<FeedItem> items;
    UnixTime now;
  };
  const std::vector<Doc> docs = {
      {0,
       {news("a1", "Storm floods harbour district overnight",
             "Sea water filled the streets of the harbour district.", kT0),
        news("a2", "Library extends opening hours", "From Monday it opens at eight.", kT0),
        enclosed},
       kT0 + 100},
      {1,
       {news("b1", "Harbour district under water after storm",
             "Residents of the harbour district woke to flooded streets.", kT0 + 1800),
        undated},
       kT0 + 200},
      {0, {edited}, kT0 + 5100},
      {2, {other_site, item("", "https://news.example/a1", "Seen", "")}, kT0 + 5200},
      {1, {undated}, kT0 + 5300},
  };
  for (const Doc& d : docs) {
    FetchOutcome outcome = ok(ids[d.source], d.now);
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
