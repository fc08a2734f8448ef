// adopt_canonical_urls through Store& on both engines
// (store_engine_fixture.h): rows written before source URLs were canonical
// take the form the config and `gazette add` now use.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/storage/store_engine_fixture.h"

namespace gazette {
namespace {

class StoreCanonicalUrlsTest : public test_support::StoreEngineTest {
 protected:
  // Inserted as an old Gazette would have: the URL as typed.
  std::int64_t insert(const std::string& url, const std::string& fetch_url) {
    return std::stoll(
        rows(fmt::format("INSERT INTO sources (kind, url, fetch_url, interval_seconds, created) "
                         "VALUES ('feed', '{}', '{}', 60, '2026-01-01T00:00:00Z') RETURNING id",
                         url, fetch_url))
            .at(0)
            .at(0)
            .value());
  }
};

TEST_P(StoreCanonicalUrlsTest, RenamesRowsKeepingTheirIds) {
  const auto a = insert("HTTP://News.Example:80/feed", "HTTP://News.Example:80/feed");
  const auto b = insert("https://b.example:443/x", "https://moved.example/x");  // moved: kept
  const auto c = insert("http://c.example/ok", "http://c.example/ok");
  EXPECT_TRUE(store_->adopt_canonical_urls().empty());
  auto row = store_->find_source("http://news.example/feed");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->id, a);
  EXPECT_EQ(row->fetch_url, "http://news.example/feed");
  row = store_->find_source("https://b.example/x");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->id, b);
  EXPECT_EQ(row->fetch_url, "https://moved.example/x");
  EXPECT_EQ(store_->find_source("http://c.example/ok")->id, c);
  EXPECT_EQ(store_->list_sources().size(), 3u);

  // An upsert of the canonical URL now updates the old row.
  SourceConfig source;
  source.url = "http://news.example/feed";
  source.title = "News";
  EXPECT_EQ(store_->upsert_source(source, 60), a);
  EXPECT_EQ(store_->list_sources().size(), 3u);
}

TEST_P(StoreCanonicalUrlsTest, TwoRowsForOneSourceAreReportedNotMerged) {
  insert("http://h.example/a", "http://h.example/a");
  insert("http://H.example:80/a", "http://H.example:80/a");
  insert("http://user:secret@h.example/b", "http://user:secret@h.example/b");  // refused URL
  auto duplicates = store_->adopt_canonical_urls();
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0], "http://H.example:80/a (the same source as http://h.example/a)");
  EXPECT_EQ(store_->list_sources().size(), 3u);
  EXPECT_TRUE(store_->find_source("http://H.example:80/a"));
  EXPECT_TRUE(store_->find_source("http://user:secret@h.example/b"));  // left for the fetch
}

GAZETTE_INSTANTIATE_STORE_ENGINES(StoreCanonicalUrlsTest);

}  // namespace
}  // namespace gazette
