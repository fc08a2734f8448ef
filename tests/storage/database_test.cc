#include <SQLiteCpp/Transaction.h>

#include "storage/migrations.h"
#include "storage_test_support.h"

namespace gazette {
namespace {

// open_database (storage/database.h): migrations, the journal mode, readers.
// SQLite only: its file, its migrations (user_version) and WAL readers.
// PostgreSQL's equivalents (migrating an empty database, a second migrate,
// refusing a newer schema, errors naming the URL) are pg_migrations_test.cc.
class OpenDatabase : public test_support::TempDatabase {};

TEST_F(OpenDatabase, NewDatabaseIsMigratedToTheCurrentVersion) {
  EXPECT_EQ(count("PRAGMA user_version"), current_schema_version());
  EXPECT_EQ(text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(count("PRAGMA foreign_keys"), 1);
  for (const char* table : {"sources", "articles", "article_keys", "sightings", "fetches"})
    EXPECT_EQ(count(std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") + table + "'"),
              1)
        << table;
}

TEST_F(OpenDatabase, ReopeningIsIdempotent) {
  add_source("https://example.org/feed");
  db_.reset();
  db_ = open_database(path_);
  EXPECT_EQ(count("SELECT count(*) FROM sources"), 1);
  EXPECT_EQ(count("PRAGMA user_version"), current_schema_version());
}

TEST_F(OpenDatabase, NewerSchemaIsRefusedWithAClearMessage) {
  db_->exec("PRAGMA user_version = 99");
  db_.reset();
  try {
    open_database(path_);
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("newer"), std::string::npos) << message;
    EXPECT_NE(message.find(path_.string()), std::string::npos) << message;
    EXPECT_NE(message.find("99"), std::string::npos) << message;
  }
  EXPECT_THROW(open_database(path_, OpenMode::read_only), StorageError);
}

TEST_F(OpenDatabase, MissingFolderIsNamed) {
  try {
    open_database(dir_ / "nope" / "x.db");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
  }
}

TEST_F(OpenDatabase, ReaderSeesCommittedDataNeverAnOpenTransaction) {
  add_source("https://example.org/a");
  auto reader = open_database(path_, OpenMode::read_only);
  SQLite::Transaction writing(*db_);
  db_->exec(
      "INSERT INTO sources (kind, url, fetch_url, interval_seconds, created) "
      "VALUES ('feed', 'https://example.org/b', 'https://example.org/b', 60, 'x')");
  // The reader is not blocked by the open write transaction (WAL) and does
  // not see its half-written state.
  EXPECT_EQ(reader->execAndGet("SELECT count(*) FROM sources").getInt(), 1);
  writing.commit();
  EXPECT_EQ(reader->execAndGet("SELECT count(*) FROM sources").getInt(), 2);
}

}  // namespace
}  // namespace gazette
