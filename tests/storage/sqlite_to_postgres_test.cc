// `gazette migrate`'s copy (storage/postgres/sqlite_to_postgres.h): an SQLite
// database written by the poller, copied into an empty PostgreSQL one, shows
// the same rows in every view of the read API.
#include "storage/postgres/sqlite_to_postgres.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "config/database_url.h"
#include "storage/database.h"
#include "storage/poll_recorder.h"
#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_store.h"
#include "storage/source_store.h"
#include "tests/storage/view_rows.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using test_support::postgres_rows;
using test_support::Rows;
using test_support::sqlite_rows;

std::int64_t pg_count(pqxx::connection& db, const std::string& sql) {
  pqxx::nontransaction tx(db);
  return tx.exec(sql)[0][0].as<std::int64_t>();
}

FeedItem item(const std::string& guid, const std::string& url, const std::string& title,
              UnixTime published) {
  FeedItem i;
  i.guid = guid;
  i.url = url;
  i.title = title;
  i.content_html = "<p>" + title + " in full.</p>";
  i.content_text = title + " in full.";
  i.published = published;
  i.categories = {"news"};
  return i;
}

FetchOutcome fetched(std::int64_t source, UnixTime when) {
  FetchOutcome o;
  o.source_id = source;
  o.started = when;
  o.duration_ms = 12;
  o.http_status = 200;
  o.bytes = 2048;
  o.etag = "\"v1\"";
  o.next_poll = when + 1800;
  return o;
}

class SqliteToPostgres : public test_support::PgDatabaseTest {
 protected:
  void SetUp() override {
    PgDatabaseTest::SetUp();
    if (IsSkipped()) return;
    sqlite_ = open_database(tmp_.path() / "gazette.db");
  }

  // Two sources polled a few times (articles, keys, sightings, fetches: the
  // poller's own writer), a failed fetch, a story over two outlets, a
  // tombstone: a row in every table.
  void write_sample() {
    SourceStore sources(*sqlite_);
    SourceConfig a;
    a.url = "https://a.example/feed";
    a.title = "A";
    a.tags = {"news", "local"};
    SourceConfig b;
    b.url = "https://b.example/";
    b.kind = SourceKind::page;
    std::int64_t a_id = sources.upsert(a, 1800);
    std::int64_t b_id = sources.upsert(b, 600);
    record_poll(*sqlite_, fetched(a_id, 1'700'000'100),
                {item("1", "https://a.example/1", "Ferry timetable changes", 1'700'000'000),
                 item("2", "https://a.example/2", "Council approves cycle lanes", 1'699'990'000)},
                1'700'000'100);
    record_poll(*sqlite_, fetched(b_id, 1'700'000'200),
                {item("", "https://a.example/1", "Ferry timetable changes", 1'700'000'000),
                 item("b3", "https://b.example/3", "Herring catch", 1'700'000'050)},
                1'700'000'200);
    FetchOutcome failed = fetched(a_id, 1'700'003'000);
    failed.http_status = 0;
    failed.error = "timeout: no response";
    failed.warning = "recovered from malformed XML";
    record_poll(*sqlite_, failed, {}, 1'700'003'000);
    sqlite_->exec(
        "INSERT INTO stories(id, created, first_published, last_published) VALUES "
        "(7, '2023-11-14T22:15:00Z', '2023-11-14T22:13:20Z', '2023-11-14T22:14:10Z');"
        "UPDATE articles SET story_id = 7 WHERE url IN ('https://a.example/1', "
        "'https://b.example/3');"
        "UPDATE articles SET enclosures = '[{\"url\":\"https://a.example/ep1.mp3\",\"type\":"
        "\"audio/mpeg\",\"length\":1234}]' WHERE url = 'https://a.example/2';"
        "INSERT INTO tombstones(key, pruned, seen) VALUES "
        "('guid:1:old', '2023-11-01T00:00:00Z', NULL), "
        "('link:a.example/gone', '2023-11-02T00:00:00Z', '2023-11-10T08:00:00Z');");
  }

  SqliteCopyResult copy(pqxx::connection& pg) {
    return copy_sqlite_to_postgres(*sqlite_, pg, database_for_log(url()));
  }

  test_support::TempDir tmp_;
  std::unique_ptr<SQLite::Database> sqlite_;
};

TEST_F(SqliteToPostgres, EveryViewGivesTheSameRows) {
  write_sample();
  auto pg = open_postgres_database(url());
  std::vector<std::string> told;
  SqliteCopyResult result = copy_sqlite_to_postgres(*sqlite_, *pg, "test", [&](const TableCopy& t) {
    if (t.done) told.push_back(t.table);
  });
  EXPECT_EQ(told, copied_tables());
  ASSERT_EQ(result.tables.size(), copied_tables().size());
  for (const TableCopy& t : result.tables) {
    std::int64_t in_sqlite = sqlite_->execAndGet("SELECT count(*) FROM " + t.table).getInt64();
    EXPECT_GT(in_sqlite, 0) << t.table << ": the sample must fill every table";
    EXPECT_EQ(t.rows, in_sqlite) << t.table;
    EXPECT_EQ(pg_count(*pg, "SELECT count(*) FROM " + t.table), in_sqlite) << t.table;
  }
  EXPECT_EQ(result.repaired(), 0);

  for (const auto& [view, order] : {std::pair{"articles_v", "id"}, std::pair{"sources_v", "id"},
                                    std::pair{"stories_v", "story_id"}}) {
    std::string sql = std::string("SELECT * FROM ") + view + " ORDER BY " + order;
    Rows expected = sqlite_rows(*sqlite_, sql);
    EXPECT_FALSE(expected.empty()) << view;
    EXPECT_EQ(postgres_rows(*pg, sql), expected) << view;
  }
  // The tables too, where the views leave columns out (keys, validators,
  // times): SQLite's time text against the same text from PostgreSQL.
  for (const auto& [sqlite_sql, pg_sql] :
       {std::pair{"SELECT key, article_id FROM article_keys ORDER BY key",
                  "SELECT key, article_id FROM article_keys ORDER BY key"},
        std::pair{"SELECT article_id, source_id, block, position, content_hash, first_seen, "
                  "last_seen FROM sightings ORDER BY article_id, source_id, block",
                  "SELECT article_id, source_id, block, position, content_hash, "
                  "gazette_iso8601(first_seen), gazette_iso8601(last_seen) FROM sightings "
                  "ORDER BY article_id, source_id, block"},
        std::pair{"SELECT id, source_id, started, duration_ms, http_status, bytes, items_new, "
                  "error, warning FROM fetches ORDER BY id",
                  "SELECT id, source_id, gazette_iso8601(started), duration_ms, http_status, "
                  "bytes, items_new, error, warning FROM fetches ORDER BY id"},
        std::pair{"SELECT id, etag, last_document, body_hash, effective_interval, "
                  "interval_reason FROM sources ORDER BY id",
                  "SELECT id, etag, gazette_iso8601(last_document), body_hash, "
                  "effective_interval, interval_reason FROM sources ORDER BY id"},
        std::pair{"SELECT id, guid, content_hash, first_seen FROM articles ORDER BY id",
                  "SELECT id, guid, content_hash, gazette_iso8601(first_seen) FROM articles "
                  "ORDER BY id"},
        std::pair{"SELECT key, pruned, seen FROM tombstones ORDER BY key",
                  "SELECT key, gazette_iso8601(pruned), gazette_iso8601(seen) FROM tombstones "
                  "ORDER BY key"}})
    EXPECT_EQ(postgres_rows(*pg, pg_sql), sqlite_rows(*sqlite_, sqlite_sql)) << pg_sql;

  // Full-text search reads the generated column, filled from the copy.
  EXPECT_EQ(pg_count(*pg,
                     "SELECT count(*) FROM articles "
                     "WHERE search @@ to_tsquery('simple', 'ferry')"),
            1);
  // New rows get ids after the copied ones, in every table with ids.
  pqxx::work tx(*pg);
  std::int64_t source =
      tx.exec(
            "INSERT INTO sources(kind, url, fetch_url, interval_seconds, created) "
            "VALUES ('feed', 'https://c.example/', 'https://c.example/', 60, "
            "now()) RETURNING id")[0][0]
          .as<std::int64_t>();
  EXPECT_GT(source, sqlite_->execAndGet("SELECT max(id) FROM sources").getInt64());
  std::int64_t fetch = tx.exec(
                             "INSERT INTO fetches(source_id, started, duration_ms, http_status, "
                             "bytes) VALUES (1, now(), 1, 200, 0) RETURNING id")[0][0]
                           .as<std::int64_t>();
  EXPECT_GT(fetch, sqlite_->execAndGet("SELECT max(id) FROM fetches").getInt64());
  std::int64_t story = tx.exec(
                             "INSERT INTO stories(created, first_published, last_published) "
                             "VALUES (now(), now(), now()) RETURNING id")[0][0]
                           .as<std::int64_t>();
  EXPECT_EQ(story, 8);
}

TEST_F(SqliteToPostgres, AnEmptyDatabaseCopiesAsEmpty) {
  auto pg = open_postgres_database(url());
  SqliteCopyResult result = copy(*pg);
  EXPECT_EQ(result.rows(), 0);
  EXPECT_EQ(result.tables.size(), copied_tables().size());
}

// articles.story_seq (PostgreSQL only, storage/postgres/pg_story_order.h)
// is not copied but filled: each copied article with a story gets its place
// in the pollers' story order, in id order, so that a poller on the copy
// learns the copied stories and grows them.
TEST_F(SqliteToPostgres, CopiedStoriesTakeTheirPlaceInThePollersStoryOrder) {
  write_sample();
  auto pg = open_postgres_database(url());
  copy(*pg);
  EXPECT_EQ(pg_count(*pg, "SELECT count(*) FROM articles WHERE story_seq IS NOT NULL"), 2);
  EXPECT_EQ(pg_count(*pg,
                     "SELECT count(*) FROM articles "
                     "WHERE (story_id IS NULL) <> (story_seq IS NULL)"),
            0);
  EXPECT_EQ(pg_count(*pg,
                     "SELECT count(*) FROM articles a JOIN articles b "
                     "ON a.id < b.id WHERE a.story_seq > b.story_seq"),
            0);

  PgStore poller(url(), OpenMode::read_write);
  poller.enable_story_assignment(StoryParams{});
  std::optional<SourceRow> a = poller.find_source("https://a.example/feed");
  ASSERT_TRUE(a);
  std::vector<RecordResult> results = poller.record_polls({PollDocument{
      fetched(a->id, 1'700'000'400),
      {item("4", "https://a.example/4", "Ferry timetable changes again", 1'700'000'300)},
      1'700'000'400}});
  ASSERT_FALSE(results.at(0).error);
  EXPECT_EQ(pg_count(*pg, "SELECT story_id FROM articles WHERE url = 'https://a.example/4'"), 7);
  EXPECT_GT(
      pg_count(*pg, "SELECT story_seq FROM articles WHERE url = 'https://a.example/4'"),
      pg_count(*pg, "SELECT max(story_seq) FROM articles WHERE url <> 'https://a.example/4'"));
}

// The message of the StorageError `copy` throws, or "" when it throws none.
std::string copy_error(const std::function<void()>& copy) {
  try {
    copy();
  } catch (const StorageError& e) {
    return e.what();
  }
  return "";
}

TEST_F(SqliteToPostgres, RefusesATargetWithRowsNamingTheTable) {
  write_sample();
  auto pg = open_postgres_database(url());
  {
    pqxx::work tx(*pg);
    tx.exec("INSERT INTO tombstones(key, pruned) VALUES ('guid:9:x', now())");
    tx.commit();
  }
  std::string error = copy_error([&] { copy(*pg); });
  EXPECT_NE(error.find("table tombstones already has rows"), std::string::npos) << error;
  EXPECT_NE(error.find(database_for_log(url())), std::string::npos) << error;
  EXPECT_EQ(pg_count(*pg, "SELECT count(*) FROM sources"), 0);

  {
    pqxx::work tx(*pg);
    tx.exec("DELETE FROM tombstones");
    tx.commit();
  }
  copy(*pg);
  std::int64_t articles = pg_count(*pg, "SELECT count(*) FROM articles");
  error = copy_error([&] { copy(*pg); });
  EXPECT_NE(error.find("table sources already has rows"), std::string::npos) << error;
  EXPECT_EQ(pg_count(*pg, "SELECT count(*) FROM articles"), articles);
}

TEST_F(SqliteToPostgres, RepairsTextThatIsNotUtf8AndCountsIt) {
  write_sample();
  // Rows an older Gazette (or another SQLite client) wrote: SQLite stores
  // whatever bytes it is given as TEXT.
  sqlite_->exec(
      "UPDATE articles SET title = CAST(x'4261640a' || x'ff' || x'207469746c65' AS TEXT)"
      " WHERE url = 'https://a.example/2';"
      "UPDATE articles SET content_text = CAST(x'6e756c00696e73696465' AS TEXT)"
      " WHERE url = 'https://a.example/2';"
      "UPDATE sources SET title = CAST(x'c328' AS TEXT) WHERE url = 'https://a.example/feed';");
  auto pg = open_postgres_database(url());
  SqliteCopyResult result = copy(*pg);
  EXPECT_EQ(result.repaired(), 3);
  for (const TableCopy& t : result.tables)
    EXPECT_EQ(t.repaired, t.table == "articles" ? 2 : t.table == "sources" ? 1 : 0) << t.table;
  EXPECT_EQ(postgres_rows(*pg,
                          "SELECT title, content_text FROM articles "
                          "WHERE url = 'https://a.example/2'"),
            (Rows{{"Bad\n\xEF\xBF\xBD title", "nul\xEF\xBF\xBDinside"}}));
  EXPECT_EQ(postgres_rows(*pg, "SELECT title FROM sources WHERE url = 'https://a.example/feed'"),
            (Rows{{"\xEF\xBF\xBD("}}));
  // Everything else arrived as it was.
  std::string others = "SELECT * FROM articles_v WHERE url <> 'https://a.example/2' ORDER BY id";
  sqlite_->exec("UPDATE sources SET title = 'A' WHERE url = 'https://a.example/feed'");
  {
    pqxx::work tx(*pg);
    tx.exec("UPDATE sources SET title = 'A' WHERE url = 'https://a.example/feed'");
    tx.commit();
  }
  EXPECT_EQ(postgres_rows(*pg, others), sqlite_rows(*sqlite_, others));
}

TEST_F(SqliteToPostgres, ATimeItCannotReadStopsTheCopyNamingTheRow) {
  write_sample();
  std::int64_t id = sqlite_->execAndGet("SELECT max(id) FROM articles").getInt64();
  sqlite_->exec("UPDATE articles SET published = '2023-11-14 22:13:20' WHERE id = " +
                std::to_string(id));
  auto pg = open_postgres_database(url());
  std::string error = copy_error([&] { copy(*pg); });
  EXPECT_NE(error.find("table articles, row id " + std::to_string(id) + ": column published"),
            std::string::npos)
      << error;
  // One transaction: nothing of the copy stays behind.
  EXPECT_EQ(pg_count(*pg, "SELECT count(*) FROM sources"), 0);
}

TEST_F(SqliteToPostgres, RefusesColumnsAndTablesItWouldLeaveBehind) {
  write_sample();
  auto pg = open_postgres_database(url());
  sqlite_->exec("ALTER TABLE articles ADD COLUMN mood TEXT");
  std::string error = copy_error([&] { copy(*pg); });
  EXPECT_NE(error.find("column articles.mood of the SQLite database has no PostgreSQL"),
            std::string::npos)
      << error;
  sqlite_->exec("ALTER TABLE articles DROP COLUMN mood; CREATE TABLE notes (x TEXT)");
  error = copy_error([&] { copy(*pg); });
  EXPECT_NE(error.find("table notes is not one gazette migrate knows"), std::string::npos) << error;
  EXPECT_EQ(pg_count(*pg, "SELECT count(*) FROM sources"), 0);
  sqlite_->exec("DROP TABLE notes");
  EXPECT_GT(copy(*pg).rows(), 0);
}

}  // namespace
}  // namespace gazette
