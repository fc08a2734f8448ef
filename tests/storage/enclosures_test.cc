// Schema version 4: articles.enclosures and articles_v.enclosures.
// The engine suite tests what is stored and how each engine's JSON
// functions read it, on both engines (store_engine_test.cc,
// store_engine_reads_test.cc); here, what is SQLite's own: a version-3
// database migrated by SQLite's migrations (PostgreSQL's schema starts at 9:
// pg_migrations_test.cc), and the column read back for the exports, which
// is engine-independent text parsing.
#include <nlohmann/json.hpp>

#include "storage/enclosure_column.h"
#include "storage/migrations.h"
#include "storage_test_support.h"
#include "tests/storage/poll_items.h"
#include "tests/support/schema_downgrade.h"

namespace gazette {
namespace {

// The fixture, named for what the tests are about (the column).
class Enclosures : public test_support::TempDatabase {};

TEST_F(Enclosures, ReadBackForExports) {
  std::vector<Enclosure> back =
      parse_enclosures_json(enclosures_json(test_support::podcast_episode()));
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[0].url, "https://cdn.pod.example/ep-1.mp3");
  EXPECT_EQ(back[0].length, 123456);
  EXPECT_FALSE(back[1].length.has_value());
  EXPECT_TRUE(parse_enclosures_json("not json").empty());
  EXPECT_TRUE(parse_enclosures_json(R"([{"url": "javascript:x"}, 5])").empty());
}

TEST_F(Enclosures, VersionThreeDatabasesGainTheColumn) {
  auto s = add_source("https://pod.example/feed");
  FeedItem old = test_support::podcast_episode();
  old.details = EntryDetails{};
  record_poll(*db_, fetched(s), {old}, 1'700'000'100);
  test_support::downgrade_schema(*db_, 3);
  db_.reset();
  db_ = open_database(path_);
  EXPECT_EQ(count("PRAGMA user_version"), current_schema_version());
  EXPECT_EQ(text("SELECT enclosures FROM articles_v"), "[]");
  // The column is the view's last of schema 4 (schema 6 adds story_id after it).
  EXPECT_EQ(text("SELECT name FROM pragma_table_info('articles_v') ORDER BY cid DESC LIMIT 1 "
                 "OFFSET 1"),
            "enclosures");
}

}  // namespace
}  // namespace gazette
