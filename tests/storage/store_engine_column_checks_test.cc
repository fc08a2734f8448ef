// The storage boundary through Store& on both engines
// (store_engine_fixture.h): whatever a caller passes, TEXT columns get
// valid UTF-8 and URL columns an absolute http(s) URL or nothing (issue 10:
// the UTF-8 invariant and item 5; storage/column_checks.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "feeds/charset.h"
#include "storage/column_checks.h"
#include "tests/storage/poll_items.h"
#include "tests/storage/store_engine_fixture.h"

namespace gazette {
namespace {

class StoreColumnChecksTest : public test_support::StoreEngineTest {};

FeedItem raw_item() {
  // As if a code path had skipped normalize_item.
  FeedItem i;
  i.guid = "g1";
  i.url = "https://a.example/story";
  i.title = "Caf\xe9 \xff\xfe news";  // Latin-1 bytes, not UTF-8
  i.author = "Ann\xc3";               // a cut sequence
  i.content_html = "<p>ok \xed\xa0\x80 surrogate</p>";
  i.content_text = "ok \xed\xa0\x80 surrogate";
  i.summary_text = "fine";
  i.categories = {"good", "bad\x80"};
  return i;
}

using test_support::fetched_plain;

TEST_P(StoreColumnChecksTest, InvalidUtf8IsRepairedAndReported) {
  auto source = add_source("https://a.example/feed");
  StoreCounts c = record(fetched_plain(source), {raw_item()}, 1);
  EXPECT_EQ(c.added, 1);
  for (const char* column : {"title", "author", "content_html", "content_text", "categories"}) {
    std::string value = text(std::string("SELECT ") + column + " FROM articles");
    EXPECT_TRUE(is_valid_utf8(value)) << column;
    EXPECT_NE(value.find("\xEF\xBF\xBD"), std::string::npos) << column << ": " << value;
  }
  EXPECT_EQ(text("SELECT title FROM articles"), "Caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD news");
  // Every repaired column is named, with the item, for the log.
  std::string all;
  for (const std::string& line : c.repaired) all += line + "\n";
  for (const char* column : {"title:", "author:", "content_html:", "content_text:", "categories:"})
    EXPECT_NE(all.find(column), std::string::npos) << column << " in\n" << all;
  EXPECT_NE(all.find("https://a.example/story"), std::string::npos) << all;
  // The full-text index got the repaired text too.
  EXPECT_EQ(index_count("surrogate"), 1);
}

TEST_P(StoreColumnChecksTest, ValidItemsAreReportedClean) {
  auto source = add_source("https://a.example/feed");
  FeedItem item = raw_item();
  item.title = "Café — 東京";
  item.author = "Ann";
  item.content_html = item.content_text = "ok";
  item.categories = {"good"};
  EXPECT_TRUE(item_fits_columns(item));
  StoreCounts c = record(fetched_plain(source), {item}, 1);
  EXPECT_TRUE(c.repaired.empty());
  EXPECT_EQ(text("SELECT title FROM articles"), "Café — 東京");
}

TEST_P(StoreColumnChecksTest, UrlColumnsRefuseAnythingButHttp) {
  auto source = add_source("https://a.example/feed");
  std::vector<FeedItem> items;
  for (const char* bad :
       {"javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "/rel"}) {
    FeedItem i;
    i.guid = bad;
    i.title = bad;
    i.url = bad;
    i.link_key = bad;  // as normalize would have derived it
    i.image_url = bad;
    items.push_back(i);
  }
  StoreCounts c = record(fetched_plain(source), items, 1);
  EXPECT_EQ(c.added, 4);
  EXPECT_EQ(count("SELECT count(*) FROM articles WHERE url != '' OR image_url != ''"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM article_keys WHERE key LIKE 'url:%'"), 0);
  EXPECT_EQ(c.repaired.size(), 8u);
}

TEST_P(StoreColumnChecksTest, TheFetchRowAndSourceAreCheckedToo) {
  auto source = add_source("https://a.example/feed");
  FetchOutcome o = fetched_plain(source);
  o.error = "HTTP 500: \xff server said";
  o.feed_title = "Feed \xc0\xaf title";
  o.permanent_url = "javascript:alert(1)";
  StoreCounts c = record(o, {}, 1);
  EXPECT_TRUE(is_valid_utf8(text("SELECT error FROM fetches")));
  EXPECT_TRUE(is_valid_utf8(text("SELECT feed_title FROM sources")));
  EXPECT_EQ(text("SELECT fetch_url FROM sources"), "https://a.example/feed");
  EXPECT_EQ(c.repaired.size(), 3u);
}

TEST_P(StoreColumnChecksTest, SourcesGetHttpUrlsAndValidText) {
  SourceConfig bad;
  bad.url = "file:///etc/passwd";
  EXPECT_THROW(store_->upsert_source(bad, 60), StorageError);
  bad.url = "javascript:alert(1)";
  EXPECT_THROW(store_->upsert_source(bad, 60), StorageError);
  SourceConfig odd;
  odd.url = "https://a.example/feed";
  odd.title = "Caf\xe9";
  odd.tags = {"ok",
              "b\xff"
              "d"};
  store_->upsert_source(odd, 60);
  EXPECT_EQ(text("SELECT title FROM sources"), "Caf\uFFFD");
  EXPECT_EQ(text("SELECT tags FROM sources"), "ok,b\uFFFDd");
  EXPECT_EQ(count("SELECT count(*) FROM sources"), 1);
}

GAZETTE_INSTANTIATE_STORE_ENGINES(StoreColumnChecksTest);

}  // namespace
}  // namespace gazette
