// The PostgreSQL schema against SQLite's: same version, same read API.
#include "storage/postgres/pg_migrations.h"

#include <gtest/gtest.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "config/database_url.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/postgres/pg_database.h"
#include "tests/storage/view_rows.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

using test_support::PgDatabaseTest;
using test_support::postgres_rows;
using test_support::Rows;
using test_support::sqlite_rows;

std::vector<std::string> sqlite_columns(SQLite::Database& db, const std::string& view) {
  std::vector<std::string> names;
  SQLite::Statement query(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
  query.bind(1, view);
  while (query.executeStep()) names.push_back(query.getColumn(0).getString());
  return names;
}

std::vector<std::string> postgres_columns(pqxx::connection& db, const std::string& view) {
  std::vector<std::string> names;
  pqxx::nontransaction tx(db);
  for (const auto& row : tx.exec_params(
           "SELECT column_name FROM information_schema.columns"
           " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
           view))
    names.push_back(row[0].as<std::string>());
  return names;
}

// Rows both engines take as they are: times as SQLite stores them.
constexpr const char* kSampleRows[] = {
    "INSERT INTO sources(id, kind, url, fetch_url, title, feed_title, tags, interval_seconds,"
    " last_polled, next_poll, last_status, last_error, error_count, created)"
    " VALUES (1, 'feed', 'https://a.example/feed', 'https://a.example/feed', '', 'A feed',"
    " 'news,local', 1800, '2025-11-01T02:00:00Z', '2025-11-01T02:30:00Z', 0,"
    " 'timeout: no response', 2, '2025-10-31T23:59:59Z')",
    "INSERT INTO sources(id, kind, url, fetch_url, title, interval_seconds, created, disabled_at,"
    " disabled_reason) VALUES (2, 'page', 'https://b.example/', 'https://b.example/', 'B', 60,"
    " '2025-11-01T00:00:00Z', '2025-11-02T00:00:00Z', 'HTTP 410 Gone from https://b.example/')",
    "INSERT INTO fetches(id, source_id, started, duration_ms, http_status, bytes, error, warning)"
    " VALUES (1, 1, '2025-11-01T00:00:00Z', 10, 200, 100, '', NULL),"
    " (2, 1, '2025-11-01T01:00:00Z', 10, 0, 0, 'timeout: no response', NULL),"
    " (3, 1, '2025-11-01T02:00:00Z', 10, 0, 0, 'timeout: no response', 'cut')",
    "INSERT INTO stories(id, created, first_published, last_published)"
    " VALUES (1, '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z', '2025-11-01T01:00:00Z')",
    "INSERT INTO articles(id, source_id, url, title, published, updated, first_seen, last_seen,"
    " content_hash, story_id) VALUES"
    " (1, 1, 'https://a.example/1', 'Later', '2025-11-01T01:00:00Z', NULL,"
    " '2025-11-01T01:05:00Z', '2025-11-01T02:00:00Z', 'h1', 1),"
    " (2, 2, 'https://b.example/2', 'Earlier', NULL, '2025-11-01T03:00:00Z',"
    " '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z', 'h2', 1),"
    " (3, 1, 'https://a.example/3', 'Alone', '2025-10-30T12:00:00Z', NULL,"
    " '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z', 'h3', NULL)",
    "INSERT INTO sightings(article_id, source_id, block, first_seen, last_seen) VALUES"
    " (1, 1, '', '2025-11-01T01:05:00Z', '2025-11-01T02:00:00Z'),"
    " (1, 2, 'Top', '2025-11-01T01:05:00Z', '2025-11-01T02:00:00Z'),"
    " (2, 2, '', '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z')",
};

constexpr const char* kViews[] = {"articles_v", "sources_v", "stories_v"};

TEST(PostgresSchema, NumberedAsSQLite) {
  EXPECT_EQ(current_postgres_schema_version(), current_schema_version());
}

class PgMigrations : public PgDatabaseTest {};

TEST_F(PgMigrations, BringsAnEmptyDatabaseToTheCurrentVersion) {
  auto db = connect_postgres(url());
  EXPECT_EQ(postgres_schema_version(*db), 0);
  migrate_postgres(*db, "test");
  EXPECT_EQ(postgres_schema_version(*db), current_schema_version());
  pqxx::nontransaction tx(*db);
  for (const char* table : {"sources", "articles", "article_keys", "sightings", "fetches",
                            "tombstones", "stories", "articles_v", "sources_v", "stories_v"})
    EXPECT_TRUE(tx.exec_params("SELECT to_regclass($1) IS NOT NULL", table)[0][0].as<bool>())
        << table;
  EXPECT_TRUE(tx.exec("SELECT to_regclass('articles_search') IS NOT NULL")[0][0].as<bool>());
  EXPECT_TRUE(tx.exec("SELECT to_regclass('sources_next_poll') IS NOT NULL")[0][0].as<bool>());
}

TEST_F(PgMigrations, ViewsHaveSQLitesColumnsInSQLitesOrder) {
  test_support::TempDir tmp;
  auto sqlite = open_database(tmp.path() / "gazette.db");
  auto pg = open_postgres_database(url());
  for (const char* view : kViews) {
    std::vector<std::string> expected = sqlite_columns(*sqlite, view);
    ASSERT_FALSE(expected.empty()) << view;
    EXPECT_EQ(postgres_columns(*pg, view), expected) << view;
  }
}

TEST_F(PgMigrations, ViewsShowTheSameValuesAsSQLite) {
  test_support::TempDir tmp;
  auto sqlite = open_database(tmp.path() / "gazette.db");
  auto pg = open_postgres_database(url());
  // Neither what is stored nor what the views show depends on the
  // session's time zone.
  pqxx::nontransaction(*pg).exec("SET TIME ZONE 'America/New_York'");
  for (const char* sql : kSampleRows) {
    sqlite->exec(sql);
    pqxx::nontransaction(*pg).exec(sql);
  }
  for (const char* view : kViews) {
    std::string select = std::string("SELECT * FROM ") + view + " ORDER BY 1";
    Rows expected = sqlite_rows(*sqlite, select);
    ASSERT_FALSE(expected.empty()) << view;
    EXPECT_EQ(postgres_rows(*pg, select), expected) << view;
  }
  // Spot checks, so the comparison cannot pass on two equal mistakes.
  EXPECT_EQ(postgres_rows(*pg, "SELECT published, updated FROM articles_v WHERE id = 2"),
            (Rows{{"2025-11-01T00:00:00Z", "2025-11-01T03:00:00Z"}}));
  EXPECT_EQ(postgres_rows(*pg, "SELECT failing_since FROM sources_v WHERE id = 1"),
            (Rows{{"2025-11-01T01:00:00Z"}}));
  EXPECT_EQ(postgres_rows(*pg, "SELECT article_ids FROM stories_v"), (Rows{{"[2,1]"}}));
}

TEST_F(PgMigrations, SearchWeighsTitleOverText) {
  auto pg = open_postgres_database(url());
  pqxx::nontransaction tx(*pg);
  tx.exec(kSampleRows[0]);
  tx.exec(
      "INSERT INTO articles(id, source_id, title, content_text, first_seen, last_seen, "
      "content_hash) VALUES (1, 1, 'Harbour news', 'ferry', now(), now(), 'a'),"
      " (2, 1, 'Ferry news', 'the harbour', now(), now(), 'b')");
  pqxx::result hits = tx.exec(
      "SELECT id FROM articles WHERE search @@ plainto_tsquery('simple', 'HARBOUR')"
      " ORDER BY ts_rank(search, plainto_tsquery('simple', 'HARBOUR')) DESC, id");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0][0].as<int>(), 1);
  tx.exec("UPDATE articles SET title = 'Other' WHERE id = 1");
  EXPECT_EQ(
      tx.exec("SELECT count(*) FROM articles WHERE search @@ 'harbour'::tsquery")[0][0].as<int>(),
      1);
}

TEST_F(PgMigrations, SecondMigrateChangesNothing) {
  auto db = open_postgres_database(url());
  const std::string versions = "SELECT version, applied::text FROM schema_version ORDER BY 1";
  Rows before = postgres_rows(*db, versions);
  ASSERT_EQ(before.size(), 1u);
  migrate_postgres(*db, "test");
  open_postgres_database(url());
  EXPECT_EQ(postgres_rows(*db, versions), before);
  EXPECT_EQ(postgres_schema_version(*db), current_schema_version());
}

TEST_F(PgMigrations, PollersStartingTogetherMigrateOnce) {
  std::vector<std::thread> pollers;
  std::vector<std::string> errors(3);
  for (int i = 0; i < 3; ++i)
    pollers.emplace_back([this, &errors, i] {
      try {
        open_postgres_database(url());
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  for (std::thread& t : pollers) t.join();
  EXPECT_EQ(errors, std::vector<std::string>(3));
  auto db = connect_postgres(url());
  EXPECT_EQ(postgres_rows(*db, "SELECT version FROM schema_version"),
            (Rows{{std::to_string(current_schema_version())}}));
}

TEST_F(PgMigrations, RefusesADatabaseNewerThanThisGazette) {
  auto db = open_postgres_database(url());
  pqxx::nontransaction(*db).exec("INSERT INTO schema_version(version) VALUES (" +
                                 std::to_string(current_schema_version() + 1) + ")");
  try {
    migrate_postgres(*db, database_for_log(url()));
    FAIL() << "migrated a newer database";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "database schema version " + std::to_string(current_schema_version() + 1) +
                  " is newer than this Gazette supports (" +
                  std::to_string(current_schema_version()) + "); upgrade Gazette"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find(url()), std::string::npos) << e.what();
  }
  EXPECT_THROW(open_postgres_database(url()), StorageError);
}

TEST_F(PgMigrations, ErrorsNameTheUrlWithoutItsPassword) {
  // The cluster trusts its socket: the password is ignored, the missing
  // database makes the connection fail.
  std::string missing = url();
  missing.replace(missing.find("gazette_test_"), 0, "no_such_");
  std::string with_password = missing;
  with_password.replace(with_password.find("postgresql://") + 13, 0, "gazette:s3cret@");
  for (const std::string& target : {with_password, missing + "&password=s3cret"}) {
    try {
      open_postgres_database(target);
      FAIL() << "connected to a missing database";
    } catch (const StorageError& e) {
      std::string message = e.what();
      EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
      EXPECT_NE(message.find("no_such_gazette_test_"), std::string::npos) << message;
      EXPECT_NE(message.find("cannot connect to PostgreSQL"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace gazette
