#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "export/atom_writer.h"
#include "export/export_fields.h"
#include "export/json_feed_writer.h"
#include "export/json_lines_writer.h"
#include "export/rss_writer.h"

namespace gazette {
namespace {

ArticleRecord article(std::int64_t id, std::string title) {
  ArticleRecord a;
  a.id = id;
  a.title = std::move(title);
  a.url = "https://n.example/" + std::to_string(id);
  a.source_url = "https://n.example/feed";
  a.source_title = "N & Co";
  a.author = "Ana";
  a.published = "2026-11-0" + std::to_string(id) + "T10:00:00Z";
  a.content_html = "<p>x &amp; y</p>";
  return a;
}

std::string write(ArticleSink&& sink, std::ostringstream& out,
                  const std::vector<ArticleRecord>& v) {
  for (const ArticleRecord& a : v) sink.add(a);
  sink.finish();
  return out.str();
}

TEST(ExportFields, Rfc822Dates) {
  EXPECT_EQ(rfc822_date("2026-11-20T06:45:00Z"), "Fri, 20 Nov 2026 06:45:00 +0000");
  EXPECT_THROW(rfc822_date("yesterday"), ExportError);
}

TEST(ExportFields, CleanTextReplacesBadBytesAndDropsXmlControls) {
  EXPECT_EQ(clean_text("a\x01"
                       "b\tc\xff"
                       "d é"),
            "ab\tc\xEF\xBF\xBD"
            "d é");
  EXPECT_EQ(clean_text("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
}

TEST(FeedWriters, AtomEntriesNameTheirSourceAndTheFeedUpdatedComesFromTheData) {
  std::ostringstream out;
  std::string xml = write(AtomWriter(out, FeedInfo{}), out, {article(2, "B"), article(1, "A")});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node feed = doc.child("feed");
  EXPECT_STREQ(feed.child_value("updated"), "2026-11-02T10:00:00Z");
  int entries = 0;
  for (pugi::xml_node e : feed.children("entry")) {
    ++entries;
    EXPECT_STREQ(e.child("source").child_value("title"), "N & Co");
    EXPECT_STREQ(e.child("content").attribute("type").value(), "html");
  }
  EXPECT_EQ(entries, 2);
}

TEST(FeedWriters, RssItemsCarryASourceElement) {
  std::ostringstream out;
  std::string xml = write(RssWriter(out, FeedInfo{}), out, {article(1, "A")});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node item = doc.child("rss").child("channel").child("item");
  EXPECT_STREQ(item.child("source").attribute("url").value(), "https://n.example/feed");
  EXPECT_STREQ(item.child_value("pubDate"), "Sun, 01 Nov 2026 10:00:00 +0000");
  EXPECT_STREQ(item.child_value("dc:creator"), "Ana");
}

TEST(FeedWriters, JsonFeedIsOneValidDocumentEvenWhenEmpty) {
  std::ostringstream empty_out;
  auto empty = nlohmann::json::parse(write(JsonFeedWriter(empty_out, FeedInfo{}), empty_out, {}));
  EXPECT_EQ(empty["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_TRUE(empty["items"].empty());

  std::ostringstream out;
  ArticleRecord no_url = article(2, "B \"quoted\"");
  no_url.url.clear();
  auto feed =
      nlohmann::json::parse(write(JsonFeedWriter(out, FeedInfo{}), out, {article(1, "A"), no_url}));
  ASSERT_EQ(feed["items"].size(), 2u);
  EXPECT_EQ(feed["items"][0]["id"], "https://n.example/1");
  EXPECT_EQ(feed["items"][1]["id"], "urn:gazette:article:2");
  EXPECT_EQ(feed["items"][1]["title"], "B \"quoted\"");
  EXPECT_EQ(feed["items"][0]["authors"][0]["name"], "Ana");
}

TEST(FeedWriters, JsonLinesHasOneRecordPerLine) {
  std::ostringstream out;
  ArticleRecord a = article(1, "line\nbreak");
  a.content_html = "bad \xff byte";
  std::string text = write(JsonLinesWriter(out), out, {a, article(2, "B")});
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    auto record = nlohmann::json::parse(line);
    EXPECT_TRUE(record.contains("content_html"));
    EXPECT_TRUE(record["updated"].is_null());
    ++n;
  }
  EXPECT_EQ(n, 2);
}

}  // namespace
}  // namespace gazette
