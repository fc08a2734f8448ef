// The storage seam (storage/store.h), tested through Store& only, so that
// every engine runs the same tests: each engine is one StoreEngineCase of
// INSTANTIATE_TEST_SUITE_P below (SQLite today; PostgreSQL joins when its
// store lands). SQLite-only behaviour is tested at the end.
#include "storage/sqlite_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/store.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

constexpr UnixTime kNow = 1'700'000'000;

// One engine: how to open an empty store in a temporary folder; null when
// the engine cannot run here (its tests are skipped, saying so).
struct StoreEngineCase {
  const char* name;
  std::unique_ptr<Store> (*open)(const std::filesystem::path& dir);
};

std::unique_ptr<Store> open_sqlite(const std::filesystem::path& dir) {
  return open_store((dir / "store.db").string(), OpenMode::read_write);
}

class StoreTest : public ::testing::TestWithParam<StoreEngineCase> {
 protected:
  void SetUp() override {
    store_ = GetParam().open(tmp_.path());
    if (!store_) GTEST_SKIP() << GetParam().name << " is not available here";
  }

  std::int64_t add(const std::string& url, std::vector<std::string> tags = {}) {
    SourceConfig s;
    s.url = url;
    s.tags = std::move(tags);
    return store_->upsert_source(s, 1800);
  }
  static FeedItem item(const std::string& guid, const std::string& title,
                       const std::string& body = "Body text", UnixTime published = kNow) {
    FeedItem i;
    i.guid = guid;
    i.url = "https://example.org/" + guid;
    i.title = title;
    i.content_html = "<p>" + body + "</p>";
    i.content_text = body;
    i.published = published;
    return i;
  }
  static PollDocument document(std::int64_t source, std::vector<FeedItem> items,
                               UnixTime now = kNow) {
    PollDocument d;
    d.outcome.source_id = source;
    d.outcome.started = now;
    d.outcome.http_status = 200;
    d.items = std::move(items);
    d.now = now;
    return d;
  }
  // Records `documents` and fails the test on any document's error.
  std::vector<StoreCounts> record(std::vector<PollDocument> documents) {
    std::vector<StoreCounts> counts;
    for (RecordResult& r : store_->record_polls(documents)) {
      EXPECT_EQ(r.error, nullptr);
      counts.push_back(r.counts);
    }
    return counts;
  }
  std::vector<std::string> titles(const ArticleFilter& filter = {}) {
    std::vector<std::string> out;
    store_->for_each_article(filter, [&](const ArticleRecord& a) { out.push_back(a.title); });
    return out;
  }

  test_support::TempDir tmp_;
  std::unique_ptr<Store> store_;
};

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

TEST_P(StoreTest, ADisabledSourceIsNotDueUntilEnabled) {
  std::int64_t source = add("https://gone.example/feed");
  PollDocument gone = document(source, {});
  gone.outcome.http_status = 410;
  gone.outcome.error = "HTTP 410";
  gone.outcome.disable_reason = "HTTP 410 Gone";
  record({gone});
  ASSERT_TRUE(store_->find_source("https://gone.example/feed")->disabled_at);
  EXPECT_TRUE(store_->lease_due(kNow + 86'400, 10, 600).empty());

  EXPECT_TRUE(store_->enable_source("https://gone.example/feed"));
  EXPECT_FALSE(store_->find_source("https://gone.example/feed")->disabled_at);
  EXPECT_FALSE(store_->enable_source("https://gone.example/feed"));
  EXPECT_EQ(store_->lease_due(kNow + 86'400, 10, 600).size(), 1u);
}

TEST_P(StoreTest, LeaseDueGivesTheDueSourcesMostOverdueFirstUpToTheLimit) {
  std::int64_t never = add("https://never.example/feed");  // never scheduled: due
  std::int64_t late = add("https://late.example/feed");
  std::int64_t later = add("https://later.example/feed");
  std::int64_t future = add("https://future.example/feed");
  store_->set_next_poll(late, kNow - 100);
  store_->set_next_poll(later, kNow - 10);
  store_->set_next_poll(future, kNow + 600);

  std::vector<SourceRow> due = store_->lease_due(kNow, 10, 600);
  std::vector<std::int64_t> ids;
  for (const SourceRow& s : due) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{never, late, later}));
  EXPECT_EQ(store_->lease_due(kNow, 2, 600).size(), 2u);
  EXPECT_EQ(store_->next_due_after(kNow), kNow + 600);
}

TEST_P(StoreTest, RecordPollsCountsEachDocumentAndRollsBackAFailingOneAlone) {
  std::int64_t source = add("https://a.example/feed");
  std::vector<PollDocument> batch = {
      document(source, {item("1", "First story"), item("2", "Second story")}),
      document(source + 100, {item("3", "Lost story")}),  // no such source: fails
      document(source, {item("1", "First story"), item("4", "Fourth story")}),
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
  record({document(a, {item("a1", "Alpha one", "x", kNow - 20),
                       item("a2", "Alpha two", "x", kNow - 10)}),
          document(b, {item("b1", "Beta one", "x", kNow)})});
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
  record({document(a, {item("1", "Harbour reopens", "Ships return to the port"),
                       item("2", "Budget passes", "The harbour gets new cranes"),
                       item("3", "Weather", "Rain all week")})});
  SearchResults results = store_->search_articles("harbour", 10);
  ASSERT_EQ(results.hits.size(), 2u);
  EXPECT_EQ(results.order, SearchOrder::relevance);
  EXPECT_EQ(results.hits[0].title, "Harbour reopens");  // a title hit ranks first
  EXPECT_TRUE(store_->search_articles("volcano", 10).hits.empty());
}

TEST_P(StoreTest, OpmlRoundTrip) {
  OpmlOutline feed;
  feed.url = "https://a.example/feed";
  feed.title = "A";
  feed.tags = {"news", "local"};
  OpmlOutline page;
  page.url = "https://b.example/";
  page.page = true;
  OpmlImportCounts counts = store_->import_opml({feed, page, feed}, 1800);
  EXPECT_EQ(counts.added, 2);
  EXPECT_EQ(counts.duplicates, 1);

  std::vector<OpmlOutline> out = store_->sources_as_opml();
  ASSERT_EQ(out.size(), 2u);
  auto a = std::find_if(out.begin(), out.end(), [&](auto& o) { return o.url == feed.url; });
  ASSERT_NE(a, out.end());
  EXPECT_EQ(a->title, "A");
  EXPECT_EQ(a->tags, feed.tags);
  EXPECT_FALSE(a->page);
  auto b = std::find_if(out.begin(), out.end(), [&](auto& o) { return o.url == page.url; });
  ASSERT_NE(b, out.end());
  EXPECT_TRUE(b->page);
  EXPECT_EQ(store_->import_opml(out, 1800).added, 0);
}

TEST_P(StoreTest, StatusReportCountsSourcesAndArticles) {
  std::int64_t ok = add("https://ok.example/feed");
  std::int64_t failing = add("https://failing.example/feed");
  add("https://new.example/feed");
  PollDocument failed = document(failing, {});
  failed.outcome.http_status = 500;
  failed.outcome.error = "HTTP 500";
  PollDocument fetched = document(ok, {item("1", "One"), item("2", "Two")});
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
  record({document(a, {item("old1", "Old one", "x", kOld), item("old2", "Old two", "x", kOld)})});
  // The source's latest document, a minute later, no longer lists them.
  record({document(a, {item("new", "New", "x", kNow)}, kNow + 60)});
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

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest,
                         ::testing::Values(StoreEngineCase{"sqlite", &open_sqlite}),
                         [](const ::testing::TestParamInfo<StoreEngineCase>& info) {
                           return std::string(info.param.name);
                         });

// --- Which engine a database setting names ---

TEST(OpenStore, PicksTheEngineFromTheSetting) {
  EXPECT_EQ(store_engine_of("/var/lib/gazette/gazette.db"), StoreEngine::sqlite);
  EXPECT_EQ(store_engine_of("postgresql.db"), StoreEngine::sqlite);
  EXPECT_EQ(store_engine_of("postgresql://localhost/news"), StoreEngine::postgresql);
  EXPECT_EQ(store_engine_of("postgres:///news"), StoreEngine::postgresql);

  test_support::TempDir tmp;
  std::unique_ptr<Store> store = open_store((tmp.path() / "g.db").string(), OpenMode::read_write);
  EXPECT_EQ(store->engine(), StoreEngine::sqlite);
  EXPECT_EQ(store->location(), (tmp.path() / "g.db").string());
}

// A PostgreSQL URL opens the PostgreSQL store: one that cannot be reached
// is a StorageError that names the database without its password. (A Unix
// socket folder that does not exist: nothing is sent anywhere.)
TEST(OpenStore, AnUnreachablePostgresqlUrlIsAnErrorWithoutItsPassword) {
  try {
    open_store("postgresql://gz:s3cret@/news?host=/nonexistent-gazette-socket-dir",
               OpenMode::read_only);
    FAIL() << "no StorageError";
  } catch (const StorageError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("cannot connect"), std::string::npos) << message;
    EXPECT_NE(message.find("/news"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  }
}

// --- SQLite only ---

// The store thread's connection runs without triggers: what it records is
// still found by search on any other connection.
TEST(SqliteStore, APollWriterKeepsTheFullTextIndex) {
  test_support::TempDir tmp;
  std::filesystem::path path = tmp.path() / "g.db";
  SqliteStore writer(path, OpenMode::read_write);
  writer.tune_for_poll_writes();
  EXPECT_FALSE(triggers_enabled(writer.database()));
  SourceConfig source;
  source.url = "https://a.example/feed";
  PollDocument d;
  d.outcome.source_id = writer.upsert_source(source, 1800);
  d.outcome.started = kNow;
  d.outcome.http_status = 200;
  FeedItem i;
  i.guid = "1";
  i.url = "https://example.org/1";
  i.title = "Lighthouse keeper retires";
  i.content_text = "After forty years";
  d.items = {i};
  d.now = kNow;
  ASSERT_EQ(writer.record_polls({d}).at(0).error, nullptr);

  SqliteStore reader(path, OpenMode::read_only);
  EXPECT_EQ(reader.search_articles("lighthouse", 10).hits.size(), 1u);
}

}  // namespace
}  // namespace gazette
