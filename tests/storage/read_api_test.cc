// Schema version 2: the articles_v / sources_v views and the FTS5 index.
#include <fmt/format.h>
#include <sqlite3.h>

#include "storage/article_search.h"
#include "storage/migrations.h"
#include "storage/poll_recorder.h"
#include "storage_test_support.h"
#include "tests/support/schema_downgrade.h"

namespace gazette {
namespace {

class ReadApi : public test_support::TempDatabase {};

FeedItem item(std::string guid, std::string title, std::string body) {
  FeedItem i;
  i.guid = guid;
  i.url = "https://example.org/" + guid;
  i.title = std::move(title);
  i.content_html = "<p>" + body + "</p>";
  i.content_text = std::move(body);
  return i;
}

FetchOutcome ok(std::int64_t source) {
  FetchOutcome o;
  o.source_id = source;
  o.started = 1'700'000'000;
  o.http_status = 200;
  return o;
}

std::vector<std::string> titles(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const SearchHit& h : hits) out.push_back(h.title);
  return out;
}

TEST_F(ReadApi, ArticlesViewHasOneRowPerArticleWithItsSource) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  db_->exec(
      "UPDATE sources SET title = 'Alpha', tags = 'x,y' WHERE url = 'https://a.example/feed'");
  record_poll(*db_, ok(a), {item("1", "Shared story", "text")}, 1'700'000'100);
  record_poll(*db_, ok(b), {item("1", "Shared story", "text")}, 1'700'000'200);
  EXPECT_EQ(count("SELECT count(*) FROM articles_v"), 1);
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
  EXPECT_EQ(text("SELECT source_title || '|' || tags || '|' || source_url FROM articles_v"),
            "Alpha|x,y|https://a.example/feed");
  // No published time: the view falls back to first_seen.
  EXPECT_EQ(text("SELECT published FROM articles_v"), text("SELECT first_seen FROM articles"));
  EXPECT_EQ(count("SELECT articles FROM sources_v WHERE url = 'https://b.example/feed'"), 1);
}

TEST_F(ReadApi, SourcesViewReportsWhenAStreakOfErrorsBegan) {
  auto s = add_source("https://a.example/feed");
  db_->exec(fmt::format(
      "INSERT INTO fetches (source_id, started, duration_ms, http_status, bytes, error) VALUES "
      "({0}, '2026-01-01T00:00:00Z', 1, 200, 1, ''), ({0}, '2026-01-02T00:00:00Z', 1, 0, 0, 'x'), "
      "({0}, '2026-01-03T00:00:00Z', 1, 0, 0, 'y');"
      "UPDATE sources SET error_count = 2, last_error = 'y' WHERE id = {0}",
      s));
  EXPECT_EQ(text("SELECT failing_since FROM sources_v"), "2026-01-02T00:00:00Z");
  db_->exec("UPDATE sources SET error_count = 0");
  EXPECT_TRUE(db_->execAndGet("SELECT failing_since FROM sources_v").isNull());
}

TEST_F(ReadApi, FetchWarningsAreStoredAndTheLastIsInSourcesView) {
  auto s = add_source("https://a.example/feed");
  FetchOutcome flagged = ok(s);
  flagged.warning = "HTML nested deeper than 256 elements: the rest was cut";
  record_poll(*db_, flagged, {item("1", "Deep story", "text")}, 1'700'000'100);
  EXPECT_EQ(text("SELECT warning FROM fetches"), flagged.warning);
  EXPECT_EQ(text("SELECT last_warning FROM sources_v"), flagged.warning);
  EXPECT_EQ(count("SELECT count(*) FROM articles_v"), 1);  // stored as parsed
  FetchOutcome clean = ok(s);
  clean.started += 60;
  record_poll(*db_, clean, {}, 1'700'000'200);
  EXPECT_TRUE(db_->execAndGet("SELECT warning FROM fetches ORDER BY id DESC LIMIT 1").isNull());
  EXPECT_TRUE(db_->execAndGet("SELECT last_warning FROM sources_v").isNull());
}

TEST_F(ReadApi, IndexFollowsInsertsUpdatesAndDeletes) {
  auto s = add_source("https://a.example/feed");
  record_poll(*db_, ok(s), {item("1", "Harbour news", "The ferry leaves at dawn")}, 1'700'000'100);
  EXPECT_EQ(titles(search_articles(*db_, "ferry", 10).hits),
            std::vector<std::string>{"Harbour news"});

  db_->exec("UPDATE articles SET content_text = 'The bus leaves at dawn'");
  EXPECT_TRUE(search_articles(*db_, "ferry", 10).hits.empty());
  EXPECT_EQ(search_articles(*db_, "bus", 10).hits.size(), 1u);

  db_->exec("DELETE FROM articles");
  EXPECT_TRUE(search_articles(*db_, "bus", 10).hits.empty());
  EXPECT_EQ(text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1) "
                 "RETURNING 'ok'"),
            "ok");
}

// The daemon's store connection runs without triggers (poll/store_thread.h):
// the recorder then indexes new and changed articles itself, and the index
// must come out as the triggers would have made it.
TEST_F(ReadApi, RecorderKeepsTheIndexWhenTriggersAreOff) {
  sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  record_poll(*db_, ok(a),
              {item("1", "Harbour news", "The ferry leaves at dawn"),
               item("2", "Weather", "Rain all week")},
              1'700'000'100);
  EXPECT_EQ(titles(search_articles(*db_, "ferry", 10).hits),
            std::vector<std::string>{"Harbour news"});

  // An edit by the same source replaces the indexed text.
  record_poll(
      *db_, ok(a),
      {item("1", "Harbour news", "The bus leaves at dawn"), item("2", "Weather", "Rain all week")},
      1'700'000'200);
  EXPECT_TRUE(search_articles(*db_, "ferry", 10).hits.empty());
  EXPECT_EQ(search_articles(*db_, "bus", 10).hits.size(), 1u);

  // One document naming a story twice (a teaser, then its full page): the
  // index holds the text the article ends up with.
  FeedItem teaser = item("3", "Lighthouse", "Short teaser");
  FeedItem full = item("3", "Lighthouse", "The lighthouse keeper tells the whole long story");
  full.guid.clear();
  full.block = "(followed)";
  record_poll(*db_, ok(b), {teaser, full}, 1'700'000'300);
  EXPECT_EQ(titles(search_articles(*db_, "keeper", 10).hits),
            std::vector<std::string>{"Lighthouse"});
  EXPECT_TRUE(search_articles(*db_, "teaser", 10).hits.empty());

  EXPECT_EQ(text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1) "
                 "RETURNING 'ok'"),
            "ok");
}

TEST_F(ReadApi, RecorderBatchIndexesWhatItCommits) {
  sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  PollRecorder recorder(*db_);
  {
    PollRecorder::Batch batch(recorder);
    batch.record(ok(a), {item("1", "Harbour news", "The ferry leaves")}, 1'700'000'100);
    // A document that fails is rolled back, its articles never indexed.
    EXPECT_THROW(batch.record(ok(a + 100), {item("2", "Lost", "Never stored")}, 1'700'000'100),
                 SQLite::Exception);
    // A later document of the batch fills in a longer text for story 1:
    // the index holds the text the article ends up with.
    batch.record(ok(b), {item("1", "Harbour news", "The ferry leaves at dawn with the keeper")},
                 1'700'000'100);
    batch.commit();
  }
  EXPECT_TRUE(search_articles(*db_, "never", 10).hits.empty());
  EXPECT_EQ(titles(search_articles(*db_, "keeper", 10).hits),
            std::vector<std::string>{"Harbour news"});
  {
    PollRecorder::Batch batch(recorder);
    batch.record(ok(a), {item("3", "Weather", "Rain all week")}, 1'700'000'200);
    // Not committed: rolled back, nothing indexed.
  }
  EXPECT_EQ(count("SELECT count(*) FROM articles"), 1);
  EXPECT_TRUE(search_articles(*db_, "rain", 10).hits.empty());
  EXPECT_EQ(text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1) "
                 "RETURNING 'ok'"),
            "ok");
}

TEST_F(ReadApi, TitleHitsRankAboveTextHits) {
  auto s = add_source("https://a.example/feed");
  record_poll(*db_, ok(s),
              {item("1", "Council meeting", "Talk about the lighthouse and the lighthouse keeper"),
               item("2", "Lighthouse reopens", "The museum opens again on Monday"),
               item("3", "Weather", "Rain all week")},
              1'700'000'100);
  std::vector<SearchHit> hits = search_articles(*db_, "lighthouse", 10).hits;
  EXPECT_EQ(titles(hits), (std::vector<std::string>{"Lighthouse reopens", "Council meeting"}));
  EXPECT_NE(hits[1].snippet.find("[lighthouse]"), std::string::npos) << hits[1].snippet;
  EXPECT_EQ(search_articles(*db_, "lighthouse", 1).hits.size(), 1u);
}

TEST_F(ReadApi, BroadQueriesShowTheNewestMatchesUnranked) {
  auto s = add_source("https://a.example/feed");
  record_poll(*db_, ok(s),
              {item("1", "Lighthouse reopens", "The lighthouse keeper is back"),
               item("2", "Ferry news", "A lighthouse on the way"),
               item("3", "Lighthouse fund", "Money for the lighthouse")},
              1'700'000'100);
  // Within the window: ranked, title hits first.
  SearchResults ranked = search_articles(*db_, "lighthouse", 10, 3);
  EXPECT_EQ(ranked.order, SearchOrder::relevance);
  ASSERT_EQ(ranked.hits.size(), 3u);
  EXPECT_EQ(ranked.hits.back().title, "Ferry news");
  EXPECT_TRUE(ranked.hits[0].rank.has_value());
  // More matches than the window: most recently stored first, no rank.
  SearchResults newest = search_articles(*db_, "lighthouse", 2, 2);
  EXPECT_EQ(newest.order, SearchOrder::newest);
  EXPECT_EQ(titles(newest.hits), (std::vector<std::string>{"Lighthouse fund", "Ferry news"}));
  EXPECT_FALSE(newest.hits[0].rank.has_value());
  // A window of 0 ranks everything.
  EXPECT_EQ(search_articles(*db_, "lighthouse", 10, 0).order, SearchOrder::relevance);
}

TEST_F(ReadApi, MalformedQueriesAreReportedAsSuch) {
  auto s = add_source("https://a.example/feed");
  record_poll(*db_, ok(s), {item("1", "A", "b")}, 1'700'000'100);
  EXPECT_THROW(search_articles(*db_, "\"unbalanced", 10), SearchQueryError);
  EXPECT_THROW(search_articles(*db_, "nosuchcolumn: x", 10), SearchQueryError);
  EXPECT_THROW(search_articles(*db_, "  ", 10), SearchQueryError);
  try {
    search_articles(*db_, "covid-19", 10);
    FAIL() << "expected SearchQueryError";
  } catch (const SearchQueryError& e) {
    EXPECT_NE(std::string(e.what()).find("covid-19"), std::string::npos) << e.what();
  }
  EXPECT_EQ(search_articles(*db_, "\"covid-19\"", 10).hits.size(), 0u);
}

TEST_F(ReadApi, VersionOneDatabasesAreBackfilled) {
  auto s = add_source("https://a.example/feed");
  record_poll(*db_, ok(s), {item("1", "Old story", "kept from version one")}, 1'700'000'100);
  // As if the database came from a version-1 Gazette.
  test_support::downgrade_schema(*db_, 1);
  db_.reset();
  db_ = open_database(path_);
  EXPECT_EQ(count("PRAGMA user_version"), current_schema_version());
  EXPECT_EQ(titles(search_articles(*db_, "kept", 10).hits), std::vector<std::string>{"Old story"});
}

}  // namespace
}  // namespace gazette
