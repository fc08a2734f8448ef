// open_store's choice of engine (storage/store.h), and what is SqliteStore's
// own: its poll writer's connection without triggers. Everything both
// engines do through Store& is the engine suite (store_engine_*_test.cc,
// store_engine_fixture.h), run on SQLite and PostgreSQL.
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

// One writer: the scheduler spreads the sources due at start-up (poll/scheduler.cc).
TEST(SqliteStore, IsNotSharedByPollers) {
  test_support::TempDir tmp;
  SqliteStore store(tmp.path() / "g.db", OpenMode::read_write);
  EXPECT_FALSE(store.shared_by_pollers());
}

}  // namespace
}  // namespace gazette
