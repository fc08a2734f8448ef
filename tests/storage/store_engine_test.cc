// The storage seam (storage/store.h), tested through Store& only, so that
// every engine runs the same tests: the engine suite. Its fixture,
// store_engine_fixture.h, runs each case on SQLite (a temporary folder) and
// PostgreSQL (a fresh database of the binary's throwaway cluster,
// tests/support/pg_cluster.h; its cases are skipped, saying so, when the
// server binaries are absent, the SQLite ones still run). This file holds
// sources, poll results, politeness state, OPML and enclosures; the other
// areas have a file each: store_engine_reads_test.cc (views, search),
// store_engine_retention_test.cc, store_engine_status_test.cc,
// store_engine_stories_test.cc, store_engine_canonical_urls_test.cc and
// store_engine_column_checks_test.cc. Engine-only behaviour is tested
// elsewhere, each file saying why at its top: SQLite's in
// sqlite_store_test.cc and the SQLite component tests (migrations, WAL,
// backup, a connection without triggers, PollRecorder batches,
// StoryAssigner's cache), PostgreSQL's leases and concurrency in
// pg_store_write_test.cc and pg_store_read_test.cc (docs/schema.md,
// "Which storage tests run on both engines").
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/enclosure_column.h"
#include "storage/store.h"
#include "storage/time_format.h"
#include "tests/storage/poll_items.h"
#include "tests/storage/store_engine_fixture.h"

namespace gazette {
namespace {

// An item at https://example.org/GUID.
FeedItem story(const std::string& guid, const std::string& title,
               const std::string& body = "Body text", UnixTime published = kNow) {
  FeedItem i = body_item(guid, "https://example.org/" + guid, title, body);
  i.published = published;
  return i;
}

class StoreTest : public test_support::StoreEngineTest {};

TEST_P(StoreTest, SourcesAreUpsertedListedFoundAndRemoved) {
  std::int64_t a = add("https://a.example/feed", {"news"});
  std::int64_t b = add("https://b.example/feed");
  EXPECT_NE(a, b);
  // Upserting again updates the row in place.
  SourceConfig again;
  again.url = "https://a.example/feed";
  again.title = "A";
  EXPECT_EQ(store_->upsert_source(again, 1800), a);

  std::vector<SourceRow> rows = store_->list_sources();
  ASSERT_EQ(rows.size(), 2u);
  std::optional<SourceRow> found = store_->find_source("https://a.example/feed");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, a);
  EXPECT_EQ(found->title, "A");
  EXPECT_EQ(found->interval_seconds, 1800);
  EXPECT_FALSE(store_->find_source("https://c.example/feed"));

  EXPECT_TRUE(store_->remove_source("https://b.example/feed"));
  EXPECT_FALSE(store_->remove_source("https://b.example/feed"));
  EXPECT_EQ(store_->list_sources().size(), 1u);
}

// What the scheduler reads at every wake: the due sources, the longest
// overdue first (never polled counts as most overdue), at most `limit`;
// and when the next one comes due. (PostgreSQL also leases what it gives:
// pg_store_write_test.cc.)
class DueSources {
 public:
  static constexpr UnixTime now = 1761966000;
  std::int64_t late, later, never, exact, soon, sooner;
  explicit DueSources(Store& store) {
    late = store.upsert_source(feed_source("https://a.example/late"), 60);
    later = store.upsert_source(feed_source("https://a.example/later"), 60);
    never = store.upsert_source(feed_source("https://a.example/never"), 60);
    exact = store.upsert_source(feed_source("https://a.example/exact"), 60);
    soon = store.upsert_source(feed_source("https://a.example/soon"), 60);
    sooner = store.upsert_source(feed_source("https://a.example/sooner"), 60);
    store.set_next_poll(late, now - 30);
    store.set_next_poll(later, now - 300);
    store.set_next_poll(exact, now);
    store.set_next_poll(soon, now + 3600);
    store.set_next_poll(sooner, now + 61);
  }
};

TEST_P(StoreTest, DueSourcesComeLongestOverdueFirst) {
  DueSources s(*store_);
  std::vector<std::int64_t> ids;
  for (const SourceRow& row : store_->lease_due(s.now, 10, 300)) ids.push_back(row.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{s.never, s.later, s.late, s.exact}));
  EXPECT_EQ(store_->next_due_after(s.now), s.now + 61);
  EXPECT_EQ(store_->next_due_after(s.now + 3600), std::nullopt);
}

TEST_P(StoreTest, DueSourcesStopAtTheLimit) {
  DueSources s(*store_);
  std::vector<SourceRow> two = store_->lease_due(s.now, 2, 300);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].id, s.never);
  EXPECT_EQ(two[1].url, "https://a.example/later");
  EXPECT_EQ(two[1].next_poll, s.now - 300);
}

TEST_P(StoreTest, BeforeAnyScheduleOnlyTheNeverPolledAreDue) {
  DueSources s(*store_);
  std::vector<SourceRow> due = store_->lease_due(s.now - 301, 10, 300);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, s.never);
}

TEST_P(StoreTest, RecordPollsCountsEachDocumentAndRollsBackAFailingOneAlone) {
  std::int64_t source = add("https://a.example/feed");
  std::vector<PollDocument> batch = {
      document(source, {story("1", "First story"), story("2", "Second story")}),
      document(source + 100, {story("3", "Lost story")}),  // no such source: fails
      document(source, {story("1", "First story"), story("4", "Fourth story")}),
  };
  std::vector<RecordResult> results = store_->record_polls(batch);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].error, nullptr);
  EXPECT_EQ(results[0].counts.seen, 2);
  EXPECT_EQ(results[0].counts.added, 2);
  EXPECT_NE(results[1].error, nullptr);
  EXPECT_EQ(results[2].error, nullptr);
  EXPECT_EQ(results[2].counts.added, 1);  // "1" was stored by the first document

  std::vector<std::string> stored = titles();
  std::sort(stored.begin(), stored.end());
  EXPECT_EQ(stored, (std::vector<std::string>{"First story", "Fourth story", "Second story"}));
  std::optional<SourceRow> row = store_->find_source("https://a.example/feed");
  ASSERT_TRUE(row && row->last_polled);
  EXPECT_EQ(*row->last_polled, kNow);
  EXPECT_EQ(store_->recent_polls(source, kNow - 60, 10).size(), 2u);
  EXPECT_TRUE(store_->stored_body_length("https://example.org/1"));
  EXPECT_FALSE(store_->stored_body_length("https://example.org/3"));
}

TEST_P(StoreTest, InTransactionIsAllOrNothing) {
  EXPECT_THROW(store_->in_transaction([&] {
    add("https://a.example/feed");
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  EXPECT_TRUE(store_->list_sources().empty());
  store_->in_transaction([&] { add("https://a.example/feed"); });
  EXPECT_EQ(store_->list_sources().size(), 1u);
}

TEST_P(StoreTest, ForEachArticleSelectsBySourceTagAndLimit) {
  std::int64_t a = add("https://a.example/feed", {"tech"});
  std::int64_t b = add("https://b.example/feed");
  record({document(a, {story("a1", "Alpha one", "x", kNow - 20),
                       story("a2", "Alpha two", "x", kNow - 10)}),
          document(b, {story("b1", "Beta one", "x", kNow)})});
  EXPECT_EQ(titles(), (std::vector<std::string>{"Beta one", "Alpha two", "Alpha one"}));
  ArticleFilter by_source;
  by_source.source_url = "https://a.example/feed";
  EXPECT_EQ(titles(by_source), (std::vector<std::string>{"Alpha two", "Alpha one"}));
  ArticleFilter by_tag;
  by_tag.tag = "tech";
  by_tag.limit = 1;
  EXPECT_EQ(titles(by_tag), (std::vector<std::string>{"Alpha two"}));
}

TEST_P(StoreTest, SearchFindsTitlesAndText) {
  std::int64_t a = add("https://a.example/feed");
  record({document(a, {story("1", "Harbour reopens", "Ships return to the port"),
                       story("2", "Budget passes", "The harbour gets new cranes"),
                       story("3", "Weather", "Rain all week")})});
  SearchResults results = store_->search_articles("harbour", 10);
  ASSERT_EQ(results.hits.size(), 2u);
  EXPECT_EQ(results.order, SearchOrder::relevance);
  EXPECT_EQ(results.hits[0].title, "Harbour reopens");  // a title hit ranks first
  EXPECT_TRUE(store_->search_articles("volcano", 10).hits.empty());
}

std::string describe(const OpmlOutline& o) {
  return fmt::format("url={} title={} tags={} page={}", o.url, o.title, fmt::join(o.tags, "|"),
                     o.page);
}

TEST_P(StoreTest, OpmlRoundTrip) {
  std::vector<OpmlOutline> outlines(4);
  outlines[0] = {"https://a.example/feed", "A", {"News", "Local"}, false, 2};
  outlines[1] = {"https://b.example/", "", {}, true, 3};
  outlines[2] = {"https://a.example/feed", "A again", {}, false, 4};   // listed twice
  outlines[3] = {"https://c.example/rss", "C \xff", {"x"}, false, 5};  // repaired to UTF-8
  OpmlImportCounts counts = store_->import_opml(outlines, 3600);
  EXPECT_EQ(counts.added, 3);
  EXPECT_EQ(counts.duplicates, 1);
  std::vector<OpmlOutline> back = store_->sources_as_opml();
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(describe(back[0]), describe(outlines[0]));
  EXPECT_EQ(describe(back[1]), describe(outlines[1]));
  EXPECT_EQ(back[2].title, "C \xef\xbf\xbd");
  EXPECT_EQ(count("SELECT interval_seconds FROM sources WHERE url = 'https://b.example/'"), 3600);
  EXPECT_EQ(count("SELECT count(*) FROM sources WHERE config_digest = ''"), 0);
  EXPECT_EQ(store_->import_opml(back, 1800).added, 0) << "what it exports, it knows";
  // Known by the fetch url too; a second import adds nothing.
  GetParam().exec(*store_,
                  "UPDATE sources SET fetch_url = 'https://b.example/new' WHERE url = "
                  "'https://b.example/'");
  OpmlImportCounts again = store_->import_opml(
      {{"https://b.example/new", "", {}, true, 1}, outlines[0], outlines[3]}, 3600);
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.duplicates, 3);
  // Not a source: refused, and nothing of the file is added.
  EXPECT_THROW(
      store_->import_opml(
          {{"https://e.example/", "", {}, false, 1}, {"ftp://x.example/", "", {}, false, 2}}, 3600),
      StorageError);
  EXPECT_EQ(count("SELECT count(*) FROM sources"), 3);
}

TEST_P(StoreTest, StatusReportCountsSourcesAndArticles) {
  std::int64_t ok = add("https://ok.example/feed");
  std::int64_t failing = add("https://failing.example/feed");
  add("https://new.example/feed");
  PollDocument failed = document(failing, {});
  failed.outcome.http_status = 500;
  failed.outcome.error = "HTTP 500";
  PollDocument fetched = document(ok, {story("1", "One"), story("2", "Two")});
  fetched.outcome.next_poll = kNow + 3600;
  record({fetched, failed});

  StatusReport report = store_->status_report(kNow + 60);
  EXPECT_EQ(report.sources, 3);
  EXPECT_EQ(report.sources_ok, 1);
  EXPECT_EQ(report.sources_failing, 1);
  EXPECT_EQ(report.sources_never_polled, 1);
  EXPECT_EQ(report.articles, 2);
  ASSERT_TRUE(report.oldest_failure);
  EXPECT_EQ(report.oldest_failure->url, "https://failing.example/feed");
}

TEST_P(StoreTest, PruneDryRunSelectsAndPruneDeletes) {
  std::int64_t a = add("https://a.example/feed");
  constexpr UnixTime kOld = kNow - 400 * 86'400;
  record({document(a, {story("old1", "Old one", "x", kOld), story("old2", "Old two", "x", kOld)})});
  // The source's latest document, a minute later, no longer lists them.
  record({document(a, {story("new", "New", "x", kNow)}, kNow + 60)});
  RetentionSettings retention;
  retention.max_age = std::chrono::hours(24 * 30);

  PruneResult dry = store_->prune(retention, kNow + 120, true);
  EXPECT_EQ(dry.articles.size(), 2u);
  EXPECT_EQ(titles().size(), 3u);

  PruneResult done = store_->prune(retention, kNow + 120, false);
  EXPECT_EQ(done.articles.size(), 2u);
  EXPECT_EQ(titles(), (std::vector<std::string>{"New"}));
  EXPECT_TRUE(store_->search_articles("Old", 10).hits.empty());
  EXPECT_GE(store_->maintain(), 0);
}

// --- Sources and poll results ---

TEST_P(StoreTest, UpsertInsertsThenUpdatesByUrl) {
  SourceConfig source = feed_source("https://a.example/feed");
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

TEST_P(StoreTest, UpsertLeavesFetchStateAlone) {
  const std::int64_t id = add_source("https://a.example/feed");
  FetchOutcome outcome = fetched_ok(id, 1761966000);
  outcome.permanent_url = "https://a.example/rss";
  outcome.feed_title = "The A Feed";
  outcome.next_poll = 1761967800;
  record(outcome, {}, 1761966001);

  store_->upsert_source(feed_source("https://a.example/feed"), 900);
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

TEST_P(StoreTest, InvalidSourceErrorNamesIt) {
  SourceConfig source = feed_source("https://a.example/feed");
  source.interval = std::chrono::seconds(0);
  try {
    store_->upsert_source(source, 60);
    FAIL() << "interval 0 accepted";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("https://a.example/feed"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store_->upsert_source(feed_source("javascript:alert(1)"), 60), StorageError);
}

TEST_P(StoreTest, SetNextPollIsReadBackAndShownAsSqliteShowsIt) {
  const std::int64_t id = add_source("https://a.example/feed");
  store_->set_next_poll(id, 1761966000);
  EXPECT_EQ(store_->find_source("https://a.example/feed")->next_poll, 1761966000);
  EXPECT_EQ(text("SELECT next_poll FROM sources_v"), "2025-11-01T03:00:00Z");
}

TEST_P(StoreTest, CanonicalUrlsAreAdoptedKeepingIdsAndDuplicatesReported) {
  const std::int64_t old = add_source("http://a.example:80/feed");
  add_source("http://b.example:80/feed");
  add_source("http://b.example/feed");
  std::vector<std::string> duplicates = store_->adopt_canonical_urls();
  EXPECT_EQ(store_->find_source("http://a.example/feed")->id, old);
  EXPECT_EQ(store_->find_source("http://a.example/feed")->fetch_url, "http://a.example/feed");
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_NE(duplicates[0].find("b.example"), std::string::npos);
}

TEST_P(StoreTest, RepollingAddsNoRows) {
  auto source = add_source("https://example.org/feed");
  std::vector<FeedItem> items = {body_item("1", "https://example.org/a", "A"),
                                 body_item("2", "https://example.org/b", "B")};
  StoreCounts first = record(fetched_ok(source), items, 1'700'000'100);
  EXPECT_EQ(first.seen, 2);
  EXPECT_EQ(first.added, 2);
  StoreCounts second = record(fetched_ok(source), items, 1'700'000'200);
  EXPECT_EQ(second.added, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(text("SELECT last_seen FROM articles_v WHERE url = 'https://example.org/a'"),
            format_utc(1'700'000'200));
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM sightings"), 2);
}

TEST_P(StoreTest, ChangedContentIsUpdatedInPlace) {
  auto source = add_source("https://example.org/feed");
  record(fetched_ok(source), {body_item("1", "https://example.org/a", "A", "old")}, 1'700'000'100);
  std::int64_t id = count("SELECT id FROM articles");
  StoreCounts c =
      record(fetched_ok(source), {body_item("1", "https://example.org/a", "A (corrected)", "new")},
             1'700'000'500);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(c.updated, 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(count("SELECT id FROM articles"), id);
  EXPECT_EQ(text("SELECT title FROM articles"), "A (corrected)");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "new");
  EXPECT_EQ(text("SELECT updated FROM articles_v"), format_utc(1'700'000'500));
  // The full-text column follows the edit.
  EXPECT_EQ(store_->search_articles("corrected", 10).hits.size(), 1u);
}

TEST_P(StoreTest, ItemsWithoutGuidAreKeyedOnTheirLink) {
  auto source = add_source("https://example.org/feed");
  record(fetched_ok(source), {body_item("", "https://example.org/a?utm_source=x", "A")}, 1);
  StoreCounts c = record(fetched_ok(source), {body_item("", "https://example.org/a", "A")}, 2);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
}

TEST_P(StoreTest, OneGuidOrOneLinkForManyItemsDoesNotCollapseThem) {
  auto source = add_source("https://example.org/feed");
  std::vector<FeedItem> items = {body_item("same", "https://example.org/a", "A"),
                                 body_item("same", "https://example.org/b", "B"),
                                 body_item("same", "https://example.org/c", "C")};
  EXPECT_EQ(record(fetched_ok(source), items, 1).added, 3);
  EXPECT_EQ(record(fetched_ok(source), items, 2).added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 3);
  EXPECT_EQ(record(fetched_ok(source),
                   {body_item("1", "https://example.org/", "D"),
                    body_item("2", "https://example.org/", "E")},
                   3)
                .added,
            2);
}

TEST_P(StoreTest, TheSameStoryFromTwoSourcesIsOneArticleSeenTwice) {
  auto first = add_source("https://example.org/feed");
  auto other = add_source("https://aggregator.example/rss");
  record(fetched_ok(first),
         {body_item("https://example.org/?p=1", "https://example.org/story/", "Story", "teaser")},
         1);
  FeedItem full = body_item("x-77", "https://www.example.org/story?utm_medium=rss#top", "Story",
                            "the full text, longer than the teaser");
  StoreCounts c = record(fetched_ok(other), {full}, 2);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM sightings"), 2);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "the full text, longer than the teaser");
  EXPECT_EQ(count("SELECT source_id FROM articles"), first);
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
}

TEST_P(StoreTest, AFollowedArticlePageJoinsItsTeaserInOneDocument) {
  auto source = add_source("https://example.org/feed");
  FeedItem teaser =
      body_item("https://example.org/?p=7", "https://example.org/story/", "Story", "teaser");
  FeedItem page =
      body_item("", "https://example.org/story/", "Story", "the full story from the article page");
  StoreCounts c = record(fetched_ok(source), {teaser, page}, 1);
  EXPECT_EQ(c.added, 1);
  EXPECT_EQ(c.updated, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE updated IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "the full story from the article page");
}

TEST_P(StoreTest, SourceStateFollowsFetches) {
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

  record(fetched_ok(source, 30), {}, 30);
  EXPECT_EQ(count("SELECT error_count FROM sources"), 0);
  EXPECT_EQ(text("SELECT last_error FROM sources"), "");
  EXPECT_EQ(text("SELECT etag FROM sources"), "\"v1\"");

  FetchOutcome not_modified = fetched_ok(source, 40);
  not_modified.http_status = 304;
  not_modified.etag.clear();
  record(not_modified, {}, 40);
  EXPECT_EQ(text("SELECT etag FROM sources"), "\"v1\"") << "a 304 without ETag keeps the old one";
  EXPECT_EQ(count("SELECT last_status FROM sources"), 304);

  FetchOutcome moved = fetched_ok(source, 50);
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

TEST_P(StoreTest, PolitenessStateIsKept) {
  const std::string gone_url = "https://gone.example/feed";
  std::int64_t id = add_source(gone_url);
  FetchOutcome moved = fetched_ok(id, kNow - 10);
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

  FetchOutcome same = fetched_ok(id, kNow);
  same.same_body = true;
  record(same, {}, kNow + 1);
  row = *store_->find_source(gone_url);
  EXPECT_EQ(row.body_hash, "abc") << "no new hash keeps the stored one";
  EXPECT_EQ(row.effective_interval, 7200);
  EXPECT_EQ(count("SELECT same_body FROM fetches ORDER BY id DESC LIMIT 1"), 1);

  FetchOutcome gone = fetched_ok(id, kNow + 100);
  gone.http_status = 410;
  gone.error = "HTTP 410";
  gone.disable_reason = "HTTP 410 Gone from " + gone_url;
  record(gone, {}, kNow + 100);
  row = *store_->find_source(gone_url);
  ASSERT_TRUE(row.disabled_at);
  EXPECT_EQ(*row.disabled_at, kNow + 100);
  EXPECT_EQ(text("SELECT disabled_at FROM sources_v"), format_utc(kNow + 100));
  EXPECT_EQ(row.redirect_count, 0);

  SourceConfig entry = feed_source(gone_url);
  store_->upsert_source(entry, 1800);  // the same entry keeps it disabled
  EXPECT_TRUE(store_->find_source(gone_url)->disabled_at);
  entry.rules.item = "//article";  // a changed entry enables it
  store_->upsert_source(entry, 1800);
  EXPECT_FALSE(store_->find_source(gone_url)->disabled_at);
  EXPECT_EQ(store_->find_source(gone_url)->disabled_reason, "");

  FetchOutcome unusable = fetched_ok(id, kNow + 200);
  unusable.redirect_url = "javascript:alert(1)";
  unusable.redirect_count = 1;
  EXPECT_EQ(record(unusable, {}, kNow + 200).repaired.size(), 1u);
  EXPECT_EQ(store_->find_source(gone_url)->redirect_url, "");
}

TEST_P(StoreTest, EnclosuresAndInvalidTextAreStoredAsSqliteStoresThem) {
  auto source = add_source("https://example.org/feed");
  FeedItem with = body_item("1", "https://example.org/a", "A");
  with.details.links.push_back(enclosure_link("https://example.org/a.mp3", "audio/mpeg", "123"));
  FeedItem broken = body_item("2", "https://example.org/b", std::string("B \xff"));
  StoreCounts c = record(fetched_ok(source), {with, broken}, 1);
  EXPECT_EQ(c.repaired.size(), 1u);
  EXPECT_EQ(text("SELECT enclosures FROM articles_v WHERE url = 'https://example.org/a'"),
            enclosures_json(with));
  EXPECT_NE(enclosures_json(with), "[]");
  EXPECT_EQ(text("SELECT enclosures FROM articles_v WHERE url = 'https://example.org/b'"), "[]");
  EXPECT_EQ(text("SELECT title FROM articles_v WHERE url = 'https://example.org/b'"),
            "B \xEF\xBF\xBD");
}

TEST_P(StoreTest, DocumentsStandOrFallAlone) {
  auto source = add_source("https://example.org/feed");
  FetchOutcome unknown_source = fetched_ok(source + 100);  // violates the foreign key
  std::vector<RecordResult> results = store_->record_polls(
      {{fetched_ok(source), {body_item("1", "https://example.org/a", "A")}, 1},
       {unknown_source, {body_item("2", "https://example.org/b", "B")}, 1},
       {fetched_ok(source), {body_item("3", "https://example.org/c", "C")}, 1}});
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
}

TEST_P(StoreTest, TheSameItemsRecordedTwiceInOneBatchAreStoredOnce) {
  auto a = add_source("https://a.example/feed");
  std::vector<FeedItem> items = {body_item("1", "https://a.example/x", "X"),
                                 body_item("2", "https://a.example/y", "Y")};
  std::vector<RecordResult> results =
      store_->record_polls({{fetched_ok(a), items, kNow}, {fetched_ok(a), items, kNow + 1}});
  EXPECT_EQ(results[0].counts.added, 2);
  EXPECT_EQ(results[1].counts.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM article_keys"), 4);
}

TEST_P(StoreTest, RecentPollsAndStoredBodyLength) {
  auto source = add_source("https://example.org/feed");
  record(fetched_ok(source, kNow - 300), {body_item("1", "https://example.org/a", "A", "12345")},
         kNow - 300);
  FetchOutcome failed = fetched_ok(source, kNow - 200);
  failed.error = "timeout";
  record(failed, {}, kNow - 200);
  record(fetched_ok(source, kNow - 100), {body_item("2", "https://example.org/b", "B")},
         kNow - 100);
  std::vector<ObservedPoll> polls = store_->recent_polls(source, kNow - 1000, 10);
  ASSERT_EQ(polls.size(), 2u);
  EXPECT_EQ(polls[0].started, kNow - 100);
  EXPECT_EQ(polls[0].new_items, 1);
  EXPECT_EQ(polls[1].started, kNow - 300);
  EXPECT_EQ(store_->recent_polls(source, kNow - 150, 10).size(), 1u);
  EXPECT_EQ(store_->recent_polls(source, kNow - 1000, 1).size(), 1u);

  EXPECT_EQ(store_->stored_body_length("https://example.org/a?utm_source=rss"), 5u);
  EXPECT_EQ(store_->stored_body_length("https://example.org/none"), std::nullopt);
  GetParam().exec(*store_,
                  "INSERT INTO tombstones (key, pruned) VALUES "
                  "('url:https://example.org/gone', '" +
                      format_utc(kNow - 50) + "')");
  EXPECT_EQ(store_->stored_body_length("https://example.org/gone"),
            std::numeric_limits<std::size_t>::max());
  // A tombstoned item is not stored again, and its tombstone is stamped.
  EXPECT_EQ(
      record(fetched_ok(source), {body_item("", "https://example.org/gone", "Gone")}, kNow).added,
      0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(text("SELECT " + iso8601("seen") + " FROM tombstones"), format_utc(kNow));
}

TEST_P(StoreTest, ListIsInInsertionOrderAndRemoveDeletesTheSourcesRows) {
  add_source("https://b.example/feed");
  const std::int64_t a = add_source("https://a.example/feed");
  auto rows = store_->list_sources();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].url, "https://b.example/feed");
  EXPECT_EQ(rows[1].url, "https://a.example/feed");
  EXPECT_FALSE(store_->find_source("https://c.example/feed"));

  record(fetched_ok(a), {body_item("g1", "https://a.example/1", "One")}, kNow);
  store_->lease_due(kNow, 10, 300);
  EXPECT_FALSE(store_->remove_source("https://other.example/feed"));
  EXPECT_TRUE(store_->remove_source("https://a.example/feed"));
  EXPECT_FALSE(store_->find_source("https://a.example/feed"));
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM fetches"), 0);
}

TEST_P(StoreTest, ADisabledSourceIsNeverLeased) {
  const std::int64_t id = add_source("https://gone.example/feed");
  FetchOutcome gone = fetched_ok(id, kNow);
  gone.http_status = 410;
  gone.error = "HTTP 410";
  gone.disable_reason = "HTTP 410 Gone";
  record(gone, {}, kNow);
  ASSERT_TRUE(store_->find_source("https://gone.example/feed")->disabled_at);
  EXPECT_TRUE(store_->lease_due(kNow + 86400, 10, 300).empty());
  EXPECT_EQ(store_->next_due_after(kNow), std::nullopt);
  EXPECT_TRUE(store_->enable_source("https://gone.example/feed"));
  EXPECT_FALSE(store_->find_source("https://gone.example/feed")->disabled_at);
  EXPECT_FALSE(store_->enable_source("https://gone.example/feed"));
  EXPECT_EQ(store_->lease_due(kNow + 86400, 10, 300).size(), 1u);
}

// --- Enclosures (schema 4: articles_v.enclosures, a JSON array) ---

TEST_P(StoreTest, EnclosuresAreStoredAsAJsonArrayInArticlesV) {
  auto s = add_source("https://pod.example/feed");
  record(fetched_ok(s), {test_support::podcast_episode()}, 1'700'000'100);
  nlohmann::json list = nlohmann::json::parse(text("SELECT enclosures FROM articles_v"));
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0], (nlohmann::json{{"url", "https://cdn.pod.example/ep-1.mp3"},
                                     {"type", "audio/mpeg"},
                                     {"length", 123456},
                                     {"source", "enclosure"}}));
  EXPECT_EQ(list[1], (nlohmann::json{{"url", "https://cdn.pod.example/ep-1.ogg"},
                                     {"type", "audio/ogg"},
                                     {"source", "enclosure"}}));
  EXPECT_EQ(list[2]["medium"], "video");
  EXPECT_EQ(list[2]["length"], 999);
  EXPECT_EQ(list[3]["source"], "media:thumbnail");
}

TEST_P(StoreTest, EnclosuresNoneIsAnEmptyArray) {
  auto s = add_source("https://blog.example/feed");
  FeedItem plain;
  plain.guid = "1";
  plain.url = "https://blog.example/1";
  plain.title = "Words only";
  record(fetched_ok(s), {plain}, 1'700'000'100);
  EXPECT_EQ(text("SELECT enclosures FROM articles_v"), "[]");
  // The column refuses what is not a JSON array, whoever writes it.
  EXPECT_ANY_THROW(GetParam().exec(*store_, "UPDATE articles SET enclosures = 'mp3'"));
  EXPECT_ANY_THROW(GetParam().exec(*store_, "UPDATE articles SET enclosures = '{}'"));
}

TEST_P(StoreTest, EnclosuresAnotherSightingFillsThemIn) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  FeedItem bare = test_support::podcast_episode();
  bare.details = EntryDetails{};
  record(fetched_ok(a), {bare}, 1'700'000'100);
  EXPECT_EQ(text("SELECT enclosures FROM articles_v"), "[]");
  FeedItem full = test_support::podcast_episode();
  full.content_text = "Show notes, longer";  // a different sighting of the same story
  record(fetched_ok(b), {full}, 1'700'000'200);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(nlohmann::json::parse(text("SELECT enclosures FROM articles_v")).size(), 4u);
}

TEST_P(StoreTest, EnclosuresAreBoundedAndValidUtf8) {
  auto s = add_source("https://photos.example/feed");
  FeedItem i = test_support::podcast_episode();
  i.details = EntryDetails{};
  for (int n = 0; n < 100; ++n) {
    MediaContent m;
    m.url = "https://photos.example/" + std::to_string(n) + ".jpg";
    m.type = n == 0 ? std::string("image/\xff\xfejpeg") : std::string("image/jpeg");
    i.details.extensions.media_content.push_back(m);
  }
  record(fetched_ok(s), {i}, 1'700'000'100);
  std::string json = text("SELECT enclosures FROM articles_v");
  ASSERT_TRUE(nlohmann::json::accept(json)) << json;
  nlohmann::json list = nlohmann::json::parse(json);
  EXPECT_EQ(list.size(), kMaxEnclosures);
  // The ill-formed type is dropped, not stored.
  EXPECT_FALSE(list.at(0).contains("type")) << list.at(0);
}

// --- A source's politeness state (schema 7) ---
// The permanent redirect count, a 410's disabling and what re-enables it,
// and how the status report counts disabled and blocked sources.

const std::string kUrl = "https://gone.example/feed";

FetchOutcome answer(std::int64_t source, int status, std::string error = "") {
  FetchOutcome o;
  o.source_id = source;
  o.started = kNow - 10;
  o.http_status = status;
  o.error = std::move(error);
  return o;
}

TEST_P(StoreTest, AGoneSourceIsDisabledWithTheReasonAndTime) {
  std::int64_t id = add_source(kUrl);
  FetchOutcome gone = answer(id, 410, "HTTP 410");
  gone.disable_reason = "HTTP 410 Gone from " + kUrl;
  record(gone, {}, kNow);
  std::optional<SourceRow> row = store_->find_source(kUrl);
  ASSERT_TRUE(row);
  ASSERT_TRUE(row->disabled_at);
  EXPECT_EQ(*row->disabled_at, kNow);
  EXPECT_EQ(row->disabled_reason, "HTTP 410 Gone from " + kUrl);
  EXPECT_EQ(text("SELECT disabled_reason FROM sources_v"), "HTTP 410 Gone from " + kUrl);
  EXPECT_EQ(text("SELECT disabled_at FROM sources_v"), format_utc(kNow));
  // A later poll (say `gazette poll --source`) without a reason keeps it disabled.
  record(answer(id, 200), {}, kNow + 60);
  EXPECT_TRUE(store_->find_source(kUrl)->disabled_at);
}

TEST_P(StoreTest, TheSameConfigEntryKeepsItDisabledAChangedOneEnablesIt) {
  SourceConfig entry;
  entry.url = kUrl;
  entry.title = "Gone";
  std::int64_t id = store_->upsert_source(entry, 1800);
  FetchOutcome gone = answer(id, 410, "HTTP 410");
  gone.disable_reason = "HTTP 410 Gone";
  record(gone, {}, kNow);

  store_->upsert_source(entry, 1800);  // a restart or reload with the same entry
  EXPECT_TRUE(store_->find_source(kUrl)->disabled_at);
  entry.rules.item = "//article";  // any setting counts, stored in a column or not
  store_->upsert_source(entry, 1800);
  EXPECT_FALSE(store_->find_source(kUrl)->disabled_at);
  EXPECT_EQ(store_->find_source(kUrl)->disabled_reason, "");

  record(gone, {}, kNow + 100);
  EXPECT_TRUE(store_->find_source(kUrl)->disabled_at);
  store_->upsert_source(entry, 3600);  // the default interval changed: the effective entry did
  EXPECT_FALSE(store_->find_source(kUrl)->disabled_at);
}

TEST_P(StoreTest, EnableEndsTheDisabling) {
  std::int64_t id = add_source(kUrl);
  EXPECT_FALSE(store_->enable_source(kUrl));  // not disabled: nothing to do
  FetchOutcome gone = answer(id, 410, "HTTP 410");
  gone.disable_reason = "HTTP 410 Gone";
  record(gone, {}, kNow);
  EXPECT_TRUE(store_->enable_source(kUrl));
  EXPECT_FALSE(store_->find_source(kUrl)->disabled_at);
}

TEST_P(StoreTest, TheRedirectCountIsKeptAndTheFetchUrlMovesOnlyWhenTold) {
  std::int64_t id = add_source(kUrl);
  FetchOutcome moved = answer(id, 200);
  moved.redirect_url = "https://new.example/feed";
  moved.redirect_count = 2;
  record(moved, {}, kNow);
  SourceRow row = *store_->find_source(kUrl);
  EXPECT_EQ(row.redirect_url, "https://new.example/feed");
  EXPECT_EQ(row.redirect_count, 2);
  EXPECT_EQ(row.fetch_url, kUrl);
  EXPECT_EQ(count("SELECT redirect_count FROM sources_v"), 2);

  FetchOutcome moves = answer(id, 200);
  moves.permanent_url = "https://new.example/feed";
  record(moves, {}, kNow + 60);
  row = *store_->find_source(kUrl);
  EXPECT_EQ(row.fetch_url, "https://new.example/feed");
  EXPECT_EQ(row.url, kUrl);
  EXPECT_EQ(row.redirect_url, "");
  EXPECT_EQ(row.redirect_count, 0);
}

TEST_P(StoreTest, ARedirectToAnUnusableUrlIsDropped) {
  std::int64_t id = add_source(kUrl);
  FetchOutcome moved = answer(id, 200);
  moved.redirect_url = "javascript:alert(1)";
  moved.redirect_count = 1;
  StoreCounts counts = record(moved, {}, kNow);
  EXPECT_EQ(counts.repaired.size(), 1u);
  SourceRow row = *store_->find_source(kUrl);
  EXPECT_EQ(row.redirect_url, "");
  EXPECT_EQ(row.redirect_count, 0);
}

TEST_P(StoreTest, StatusCountsDisabledAndBlockedApart) {
  std::int64_t ok = add_source("https://ok.example/feed");
  std::int64_t gone = add_source(kUrl);
  std::int64_t walled = add_source("https://walled.example/feed");
  std::int64_t broken = add_source("https://broken.example/feed");
  record(answer(ok, 200), {}, kNow - 100);
  FetchOutcome gone_answer = answer(gone, 410, "HTTP 410");
  gone_answer.disable_reason = "HTTP 410 Gone";
  record(gone_answer, {}, kNow - 100);
  record(answer(walled, 403, "blocked: HTTP 403, a challenge page"), {}, kNow - 100);
  record(answer(broken, 200, "parse: not a feed"), {}, kNow - 100);

  StatusReport r = store_->status_report(kNow);
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

// --- Poll history (what the interval learner reads) ---

FetchOutcome fetch_at(std::int64_t source, UnixTime when, std::string error = "") {
  FetchOutcome o;
  o.source_id = source;
  o.started = when;
  o.http_status = error.empty() ? 200 : 500;
  o.error = std::move(error);
  return o;
}

FeedItem numbered_story(int n) {
  FeedItem i;
  i.guid = std::to_string(n);
  i.url = "https://example.org/" + std::to_string(n);
  i.title = "Story " + std::to_string(n);
  i.content_text = "Body";
  return i;
}

TEST_P(StoreTest, RecentSuccessfulPollsNewestFirstWithTheirNewItems) {
  auto source = add_source("https://example.org/feed");
  auto other = add_source("https://example.org/other");
  record(fetch_at(source, 1000), {numbered_story(1), numbered_story(2)}, 1000);
  record(fetch_at(source, 2000, "HTTP 500"), {}, 2000);  // failed: not an observation
  record(fetch_at(source, 3000), {numbered_story(1), numbered_story(2), numbered_story(3)}, 3000);
  record(fetch_at(other, 3500), {numbered_story(9)}, 3500);
  record(fetch_at(source, 4000), {numbered_story(1), numbered_story(2), numbered_story(3)}, 4000);

  std::vector<ObservedPoll> polls = store_->recent_polls(source, 0, 50);
  ASSERT_EQ(polls.size(), 3u);
  EXPECT_EQ(polls[0].started, 4000);
  EXPECT_EQ(polls[0].new_items, 0);
  EXPECT_EQ(polls[1].started, 3000);
  EXPECT_EQ(polls[1].new_items, 1);
  EXPECT_EQ(polls[2].started, 1000);
  EXPECT_EQ(polls[2].new_items, 2);
  // The window: since a time, at most so many.
  EXPECT_EQ(store_->recent_polls(source, 2500, 50).size(), 2u);
  EXPECT_EQ(store_->recent_polls(source, 0, 1).size(), 1u);
}

TEST_P(StoreTest, TheRecorderKeepsTheBodyHashAndTheChosenInterval) {
  auto source = add_source("https://example.org/feed");
  FetchOutcome parsed = fetch_at(source, 1000);
  parsed.body_hash = std::string(64, 'a');
  parsed.publisher_interval = 5400;
  parsed.effective_interval = 5400;
  parsed.interval_reason = "ttl/sy: 1h30m";
  record(parsed, {numbered_story(1)}, 1000);
  // An unchanged body: the hash and the feed's word stay; the fetch says so.
  FetchOutcome same = fetch_at(source, 2000);
  same.same_body = true;
  same.effective_interval = 7200;
  same.interval_reason = "cache: 2h";
  record(same, {}, 2000);
  // A failure changes none of them.
  record(fetch_at(source, 3000, "HTTP 500"), {}, 3000);

  std::optional<SourceRow> row = store_->find_source("https://example.org/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->body_hash, std::string(64, 'a'));
  EXPECT_EQ(row->publisher_interval, 5400);
  EXPECT_EQ(row->effective_interval, 7200);
  EXPECT_EQ(row->interval_reason, "cache: 2h");
  std::vector<std::string> same_body;
  for (const auto& r : GetParam().rows(*store_, "SELECT same_body FROM fetches ORDER BY id"))
    same_body.push_back(r.at(0).value_or("NULL"));
  EXPECT_EQ(same_body, (std::vector<std::string>{"0", "1", "0"}));

  // A parsed document without a ttl clears the feed's word.
  FetchOutcome reparsed = fetch_at(source, 4000);
  reparsed.body_hash = std::string(64, 'b');
  record(reparsed, {numbered_story(1)}, 4000);
  row = store_->find_source("https://example.org/feed");
  EXPECT_EQ(row->body_hash, std::string(64, 'b'));
  EXPECT_EQ(row->publisher_interval, std::nullopt);
}

// --- Site claims (issue 10, item 4: the merge side) ---
// A document speaks for its own site. Content read from one registrable
// domain records a sighting of another site's article but never changes it.

// An item as normalize_item leaves it, read from `document_site`.
FeedItem from_site(std::string document_site, std::string url, std::string title,
                   std::string body) {
  FeedItem i;
  i.url = std::move(url);
  i.title = std::move(title);
  i.content_html = "<p>" + body + "</p>";
  i.content_text = std::move(body);
  i.published = 1'700'000'000;
  i.origin_site = std::move(document_site);
  return i;
}

const std::string kStory = "https://www.a.example/real/story";
const std::string kLong(3000, 'x');

TEST_P(StoreTest, AnotherSitesItemRecordsASightingButChangesNothing) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  record(fetched_ok(a), {from_site("a.example", kStory, "A's title", "A's text")}, 1);
  // B's feed (or page) claims A's story, with a longer body, another title,
  // an image and an author A did not give.
  FeedItem claim = from_site("b.example", kStory, "B's title", "B's much longer text " + kLong);
  claim.author = "B";
  claim.image_url = "https://b.example/i.png";
  StoreCounts c = record(fetched_ok(b), {claim}, 2);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT title FROM articles"), "A's title");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
  EXPECT_EQ(text("SELECT author FROM articles"), "");
  EXPECT_EQ(text("SELECT image_url FROM articles"), "");
  EXPECT_EQ(count("SELECT source_id FROM articles"), a);
  // The aggregator's link is still a sighting.
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
  // And the full-text index holds A's words only.
  EXPECT_TRUE(store_->search_articles("longer", 10).hits.empty());
}

TEST_P(StoreTest, TheSameRegistrableDomainMerges) {
  auto feed_id = add_source("https://feeds.a.example/rss");
  auto page = add_source("https://www.a.example/");
  record(fetched_ok(feed_id), {from_site("a.example", kStory, "Title", "teaser")}, 1);
  record(fetched_ok(page), {from_site("a.example", kStory, "Title", "the full story " + kLong)}, 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "the full story " + kLong);
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
}

TEST_P(StoreTest, AnArticleFirstSeenElsewhereIsTakenOverByItsOwnSite) {
  auto aggregator = add_source("https://b.example/feed");
  auto a = add_source("https://a.example/feed");
  record(fetched_ok(aggregator), {from_site("b.example", kStory, "B's words", "B's summary")}, 1);
  EXPECT_EQ(text("SELECT title FROM articles"), "B's words");
  record(fetched_ok(a), {from_site("a.example", kStory, "A's title", "A's text")}, 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(text("SELECT title FROM articles"), "A's title");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
  // The aggregator's next poll, with an "edit", does not take it back.
  record(fetched_ok(aggregator), {from_site("b.example", kStory, "B again", "B's new summary")}, 3);
  EXPECT_EQ(text("SELECT title FROM articles"), "A's title");
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
  // After the takeover A's own documents merge as before: a shorter teaser
  // from another of A's sources does not replace the body.
  auto a_page = add_source("https://www.a.example/");
  record(fetched_ok(a_page), {from_site("a.example", kStory, "A's title", "A")}, 4);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "A's text");
}

TEST_P(StoreTest, ASourceMayStillCorrectAnotherSitesStoryItCreated) {
  // A site's feed served from another domain (a CDN, a feed host): its own
  // corrections apply while the article holds its text.
  auto feed_id = add_source("https://feeds.a-cdn.example/rss");
  record(fetched_ok(feed_id), {from_site("a-cdn.example", kStory, "Tpyo", "text")}, 1);
  StoreCounts c =
      record(fetched_ok(feed_id), {from_site("a-cdn.example", kStory, "Typo", "text")}, 2);
  EXPECT_EQ(c.updated, 1);
  EXPECT_EQ(text("SELECT title FROM articles"), "Typo");
}

TEST_P(StoreTest, AnItemWithoutAnOriginCountsAsItsOwnSite) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://a.example/other");
  record(fetched_ok(a), {from_site("", kStory, "T", "short")}, 1);
  record(fetched_ok(b), {from_site("", kStory, "T", "longer text")}, 2);
  EXPECT_EQ(text("SELECT content_text FROM articles"), "longer text");
}

GAZETTE_INSTANTIATE_STORE_ENGINES(StoreTest);

}  // namespace
}  // namespace gazette
