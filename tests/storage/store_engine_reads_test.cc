// The read API through Store& on both engines (store_engine_fixture.h): the
// articles_v / sources_v views and full-text search, whose ranking and
// snippets each engine makes its own way (docs/querying.md). What is
// SQLite's own (FTS5 kept by the recorder on a connection without
// triggers, version-1 databases backfilled) stays in read_api_test.cc;
// PostgreSQL's query translation and snippets are compared with SQLite's in
// pg_store_read_test.cc.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/storage/poll_items.h"
#include "tests/storage/store_engine_fixture.h"

namespace gazette {
namespace {

class StoreReadsTest : public test_support::StoreEngineTest {};

FeedItem item(std::string guid, std::string title, std::string body) {
  return test_support::unpublished_item(std::move(guid), std::move(title), std::move(body));
}
FetchOutcome ok(std::int64_t source) { return test_support::fetched_plain(source, 1'700'000'000); }
using test_support::hit_titles;

TEST_P(StoreReadsTest, ArticlesViewHasOneRowPerArticleWithItsSource) {
  auto a = add_source("https://a.example/feed");
  auto b = add_source("https://b.example/feed");
  exec("UPDATE sources SET title = 'Alpha', tags = 'x,y' WHERE url = 'https://a.example/feed'");
  record(ok(a), {item("1", "Shared story", "text")}, 1'700'000'100);
  record(ok(b), {item("1", "Shared story", "text")}, 1'700'000'200);
  EXPECT_EQ(count("SELECT count(*) FROM articles_v"), 1);
  EXPECT_EQ(count("SELECT seen_in FROM articles_v"), 2);
  EXPECT_EQ(text("SELECT source_title || '|' || tags || '|' || source_url FROM articles_v"),
            "Alpha|x,y|https://a.example/feed");
  // No published time: the view falls back to first_seen.
  EXPECT_EQ(text("SELECT published FROM articles_v"),
            text("SELECT " + iso8601("first_seen") + " FROM articles"));
  EXPECT_EQ(count("SELECT articles FROM sources_v WHERE url = 'https://b.example/feed'"), 1);
}

TEST_P(StoreReadsTest, SourcesViewReportsWhenAStreakOfErrorsBegan) {
  auto s = add_source("https://a.example/feed");
  exec(fmt::format(
      "INSERT INTO fetches (source_id, started, duration_ms, http_status, bytes, error) VALUES "
      "({0}, '2026-01-01T00:00:00Z', 1, 200, 1, ''), ({0}, '2026-01-02T00:00:00Z', 1, 0, 0, 'x'), "
      "({0}, '2026-01-03T00:00:00Z', 1, 0, 0, 'y');"
      "UPDATE sources SET error_count = 2, last_error = 'y' WHERE id = {0}",
      s));
  EXPECT_EQ(text("SELECT failing_since FROM sources_v"), "2026-01-02T00:00:00Z");
  exec("UPDATE sources SET error_count = 0");
  EXPECT_EQ(value("SELECT failing_since FROM sources_v"), std::nullopt);
}

TEST_P(StoreReadsTest, FetchWarningsAreStoredAndTheLastIsInSourcesView) {
  auto s = add_source("https://a.example/feed");
  FetchOutcome flagged = ok(s);
  flagged.warning = "HTML nested deeper than 256 elements: the rest was cut";
  record(flagged, {item("1", "Deep story", "text")}, 1'700'000'100);
  EXPECT_EQ(text("SELECT warning FROM fetches"), flagged.warning);
  EXPECT_EQ(text("SELECT last_warning FROM sources_v"), flagged.warning);
  EXPECT_EQ(count("SELECT count(*) FROM articles_v"), 1);  // stored as parsed
  FetchOutcome clean = ok(s);
  clean.started += 60;
  record(clean, {}, 1'700'000'200);
  EXPECT_EQ(value("SELECT warning FROM fetches ORDER BY id DESC LIMIT 1"), std::nullopt);
  EXPECT_EQ(value("SELECT last_warning FROM sources_v"), std::nullopt);
}

// Whoever writes the articles table, the index follows: SQLite's FTS5
// table by its triggers, PostgreSQL's generated tsvector column by itself.
TEST_P(StoreReadsTest, IndexFollowsInsertsUpdatesAndDeletes) {
  auto s = add_source("https://a.example/feed");
  record(ok(s), {item("1", "Harbour news", "The ferry leaves at dawn")}, 1'700'000'100);
  EXPECT_EQ(hit_titles(store_->search_articles("ferry", 10).hits),
            std::vector<std::string>{"Harbour news"});

  exec("UPDATE articles SET content_text = 'The bus leaves at dawn'");
  EXPECT_TRUE(store_->search_articles("ferry", 10).hits.empty());
  EXPECT_EQ(store_->search_articles("bus", 10).hits.size(), 1u);

  exec("DELETE FROM articles");
  EXPECT_TRUE(store_->search_articles("bus", 10).hits.empty());
  EXPECT_EQ(index_count("bus"), 0);
  if (engine() == StoreEngine::sqlite)
    EXPECT_EQ(text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1) "
                   "RETURNING 'ok'"),
              "ok");
}

TEST_P(StoreReadsTest, TitleHitsRankAboveTextHits) {
  auto s = add_source("https://a.example/feed");
  record(ok(s),
         {item("1", "Council meeting", "Talk about the lighthouse and the lighthouse keeper"),
          item("2", "Lighthouse reopens", "The museum opens again on Monday"),
          item("3", "Weather", "Rain all week")},
         1'700'000'100);
  std::vector<SearchHit> hits = store_->search_articles("lighthouse", 10).hits;
  EXPECT_EQ(hit_titles(hits), (std::vector<std::string>{"Lighthouse reopens", "Council meeting"}));
  EXPECT_NE(hits[1].snippet.find("[lighthouse]"), std::string::npos) << hits[1].snippet;
  EXPECT_EQ(store_->search_articles("lighthouse", 1).hits.size(), 1u);
}

TEST_P(StoreReadsTest, BroadQueriesShowTheNewestMatchesUnranked) {
  auto s = add_source("https://a.example/feed");
  record(ok(s),
         {item("1", "Lighthouse reopens", "The lighthouse keeper is back"),
          item("2", "Ferry news", "A lighthouse on the way"),
          item("3", "Lighthouse fund", "Money for the lighthouse")},
         1'700'000'100);
  // Within the window: ranked, title hits first.
  SearchResults ranked = store_->search_articles("lighthouse", 10, 3);
  EXPECT_EQ(ranked.order, SearchOrder::relevance);
  ASSERT_EQ(ranked.hits.size(), 3u);
  EXPECT_EQ(ranked.hits.back().title, "Ferry news");
  EXPECT_TRUE(ranked.hits[0].rank.has_value());
  // More matches than the window: most recently stored first, no rank.
  SearchResults newest = store_->search_articles("lighthouse", 2, 2);
  EXPECT_EQ(newest.order, SearchOrder::newest);
  EXPECT_EQ(hit_titles(newest.hits), (std::vector<std::string>{"Lighthouse fund", "Ferry news"}));
  EXPECT_FALSE(newest.hits[0].rank.has_value());
  // A window of 0 ranks everything.
  EXPECT_EQ(store_->search_articles("lighthouse", 10, 0).order, SearchOrder::relevance);
}

TEST_P(StoreReadsTest, MalformedQueriesAreReportedAsSuch) {
  auto s = add_source("https://a.example/feed");
  record(ok(s), {item("1", "A", "b")}, 1'700'000'100);
  EXPECT_THROW(store_->search_articles("\"unbalanced", 10), SearchQueryError);
  EXPECT_THROW(store_->search_articles("nosuchcolumn: x", 10), SearchQueryError);
  EXPECT_THROW(store_->search_articles("  ", 10), SearchQueryError);
  try {
    store_->search_articles("covid-19", 10);
    FAIL() << "expected SearchQueryError";
  } catch (const SearchQueryError& e) {
    EXPECT_NE(std::string(e.what()).find("covid-19"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store_->search_articles("\"covid-19\"", 10).hits.size(), 0u);
}

// articles_v.enclosures is JSON text that each engine's JSON functions read
// (SQLite's json_each and json_extract; PostgreSQL's after a cast to json).
TEST_P(StoreReadsTest, EnclosuresAreReadByTheEnginesJsonFunctions) {
  auto s = add_source("https://pod.example/feed");
  record(fetched_ok(s), {test_support::podcast_episode()}, 1'700'000'100);
  if (engine() == StoreEngine::sqlite) {
    EXPECT_EQ(count("SELECT count(*) FROM articles_v, json_each(articles_v.enclosures)"), 4);
    EXPECT_EQ(text("SELECT json_extract(enclosures, '$[0].url') FROM articles_v"),
              "https://cdn.pod.example/ep-1.mp3");
  } else {
    EXPECT_EQ(count("SELECT count(*) FROM articles_v, json_array_elements(enclosures::json)"), 4);
    EXPECT_EQ(text("SELECT enclosures::json -> 0 ->> 'url' FROM articles_v"),
              "https://cdn.pod.example/ep-1.mp3");
  }
}

GAZETTE_INSTANTIATE_STORE_ENGINES(StoreReadsTest);

}  // namespace
}  // namespace gazette
