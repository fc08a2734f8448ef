// SourceStore::adopt_canonical_urls: rows written before source URLs were
// canonical take the form the config and `gazette add` now use.
#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/source_store.h"
#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

class CanonicalUrlsTest : public ::testing::Test {
 protected:
  // Inserted as an old Gazette would have: the URL as typed.
  std::int64_t insert(const std::string& url, const std::string& fetch_url) {
    SQLite::Statement q(*db_,
                        "INSERT INTO sources (kind, url, fetch_url, interval_seconds, created) "
                        "VALUES ('feed', ?1, ?2, 60, '2026-01-01T00:00:00Z') RETURNING id");
    q.bind(1, url);
    q.bind(2, fetch_url);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }

  test_support::TempDir dir_;
  std::unique_ptr<SQLite::Database> db_ = open_database(dir_.path() / "g.db");
  SourceStore store_{*db_};
};

TEST_F(CanonicalUrlsTest, RenamesRowsKeepingTheirIds) {
  const auto a = insert("HTTP://News.Example:80/feed", "HTTP://News.Example:80/feed");
  const auto b = insert("https://b.example:443/x", "https://moved.example/x");  // moved: kept
  const auto c = insert("http://c.example/ok", "http://c.example/ok");
  EXPECT_TRUE(store_.adopt_canonical_urls().empty());
  auto row = store_.find("http://news.example/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->id, a);
  EXPECT_EQ(row->fetch_url, "http://news.example/feed");
  row = store_.find("https://b.example/x");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->id, b);
  EXPECT_EQ(row->fetch_url, "https://moved.example/x");
  EXPECT_EQ(store_.find("http://c.example/ok")->id, c);
  EXPECT_EQ(store_.list().size(), 3u);

  // An upsert of the canonical URL now updates the old row.
  SourceConfig source;
  source.url = "http://news.example/feed";
  source.title = "News";
  EXPECT_EQ(store_.upsert(source, 60), a);
  EXPECT_EQ(store_.list().size(), 3u);
}

TEST_F(CanonicalUrlsTest, TwoRowsForOneSourceAreReportedNotMerged) {
  insert("http://h.example/a", "http://h.example/a");
  insert("http://H.example:80/a", "http://H.example:80/a");
  insert("http://user:secret@h.example/b", "http://user:secret@h.example/b");  // refused URL
  auto duplicates = store_.adopt_canonical_urls();
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0], "http://H.example:80/a (the same source as http://h.example/a)");
  EXPECT_EQ(store_.list().size(), 3u);
  EXPECT_TRUE(store_.find("http://H.example:80/a"));
  EXPECT_TRUE(store_.find("http://user:secret@h.example/b"));  // left for the fetch to report
}

}  // namespace
}  // namespace gazette
