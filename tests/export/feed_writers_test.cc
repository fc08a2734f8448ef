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

TEST(ExportFields, ExportableUrlsAreAbsoluteHttpOnly) {
  for (const char* good : {"https://n.example/a?b=c#d", "http://n.example", "HTTP://N.example/",
                           "https://127.0.0.1:8080/x", "https://[::1]/x"})
    EXPECT_EQ(exportable_url(good), good);
  for (const char* bad : {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "file:///etc/passwd",
                          "data:text/html,x", "vbscript:x", "mailto:a@n.example", "/relative",
                          "relative/path", "//n.example/x", "http:/n.example", "http://",
                          " https://n.example/", "java\nscript:x", "https://n.example/%zz", ""})
    EXPECT_EQ(exportable_url(bad), "") << bad;
  // What RFC 3986 does not allow is percent-encoded: nothing can end an
  // attribute or start a tag, and IRIs keep working.
  EXPECT_EQ(exportable_url("https://n.example/a b\"onclick=x<script>\n"),
            "https://n.example/a%20b%22onclick=x%3Cscript%3E%0A");
  EXPECT_EQ(exportable_url("https://n.example/caf\u00e9"), "https://n.example/caf%C3%A9");
  EXPECT_EQ(exportable_url("https://\u4f8b.jp/"), "https://%E4%BE%8B.jp/");
}

TEST(ExportFields, HtmlEscapedAndCharRefs) {
  EXPECT_EQ(html_escaped("<a href=\"x\">it's & more</a>"),
            "&#60;a href=&#34;x&#34;&#62;it&#39;s &#38; more&#60;/a&#62;");
  EXPECT_EQ(with_char_refs("{{< x >}}", "{"), "&#123;&#123;< x >}}");
}

// Issue 10 item 5: a row holding javascript:, file:, data: and relative URLs
// (an older database, or one edited by hand) exports none of them, in any
// format; the URLs of a good row still go out.
std::vector<ArticleRecord> hostile_rows() {
  ArticleRecord js = article(1, "js");
  js.url = "javascript:alert(1)";
  js.image_url = "data:image/svg+xml,<svg onload=alert(2)>";
  js.source_url = "file:///etc/passwd";
  ArticleRecord relative = article(2, "second");
  relative.url = "/relative/story";
  relative.image_url = "//protocol-relative.example/i.png";
  relative.source_url = "feed.xml";
  ArticleRecord good = article(3, "good");
  good.image_url = "https://n.example/good.png";
  return {good, js, relative};
}

void expect_only_http_urls(const std::string& out) {
  for (const char* bad : {"javascript:", "data:", "file:", "relative", "feed.xml", "evil"})
    EXPECT_EQ(out.find(bad), std::string::npos) << bad << "\n" << out;
  EXPECT_NE(out.find("https://n.example/3"), std::string::npos) << out;
  EXPECT_NE(out.find("https://n.example/feed"), std::string::npos) << out;
}

FeedInfo hostile_info() { return FeedInfo{"Gazette", "javascript:alert('feed')"}; }

TEST(FeedWriters, AtomCarriesOnlyAbsoluteHttpUrls) {
  std::ostringstream out;
  std::string xml = write(AtomWriter(out, hostile_info()), out, hostile_rows());
  expect_only_http_urls(xml);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  EXPECT_STREQ(doc.child("feed").child_value("id"), "urn:gazette:export");
  int entries = 0;
  for (pugi::xml_node e : doc.child("feed").children("entry")) {
    ++entries;
    if (std::string_view(e.child_value("title")) == "good") continue;
    EXPECT_FALSE(e.child("link")) << e.child_value("title");
    EXPECT_TRUE(std::string_view(e.child_value("id")).starts_with("urn:gazette:article:"));
  }
  EXPECT_EQ(entries, 3);
}

TEST(FeedWriters, RssCarriesOnlyAbsoluteHttpUrls) {
  std::ostringstream out;
  std::string xml = write(RssWriter(out, hostile_info()), out, hostile_rows());
  expect_only_http_urls(xml);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  for (pugi::xml_node item : doc.child("rss").child("channel").children("item")) {
    if (std::string_view(item.child_value("title")) == "good") continue;
    EXPECT_STREQ(item.child("guid").attribute("isPermaLink").value(), "false");
    EXPECT_FALSE(item.child("link"));
    EXPECT_FALSE(item.child("source"));  // it requires a url
  }
}

TEST(FeedWriters, RssDescriptionOfAPlainTextSummaryIsEscaped) {
  std::ostringstream out;
  ArticleRecord a = article(1, "A");
  a.content_html.clear();
  a.summary = "<script>alert(1)</script> & more";
  std::string xml = write(RssWriter(out, FeedInfo{}), out, {a});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  EXPECT_STREQ(doc.child("rss").child("channel").child("item").child_value("description"),
               "&#60;script&#62;alert(1)&#60;/script&#62; &#38; more");
}

TEST(FeedWriters, JsonFeedCarriesOnlyAbsoluteHttpUrls) {
  std::ostringstream out;
  std::string text = write(JsonFeedWriter(out, hostile_info()), out, hostile_rows());
  expect_only_http_urls(text);
  auto feed = nlohmann::json::parse(text);
  EXPECT_FALSE(feed.contains("home_page_url"));
  EXPECT_EQ(feed["items"][0]["image"], "https://n.example/good.png");
  EXPECT_FALSE(feed["items"][1].contains("url"));
  EXPECT_FALSE(feed["items"][1].contains("image"));
  EXPECT_EQ(feed["items"][1]["_gazette"]["source_url"], "");
}

TEST(FeedWriters, JsonLinesCarriesOnlyAbsoluteHttpUrls) {
  std::ostringstream out;
  std::string text = write(JsonLinesWriter(out), out, hostile_rows());
  expect_only_http_urls(text);
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(nlohmann::json::parse(line)["image_url"], "https://n.example/good.png");
  std::getline(lines, line);
  auto js = nlohmann::json::parse(line);
  EXPECT_EQ(js["url"], "");
  EXPECT_EQ(js["image_url"], "");
  EXPECT_EQ(js["source_url"], "");
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

namespace gazette {
namespace {

// An episode with an audio file (size known) and a thumbnail (no type, no
// size), and one URL that is not exportable.
ArticleRecord episode() {
  ArticleRecord a = article(1, "Episode");
  a.enclosures.push_back({"https://cdn.n.example/1.mp3", "audio/mpeg", 4096, {}, "enclosure"});
  a.enclosures.push_back({"javascript:alert(1)", "audio/mpeg", 1, {}, "enclosure"});
  a.enclosures.push_back(
      {"https://cdn.n.example/1.jpg", {}, std::nullopt, "image", "media:thumbnail"});
  return a;
}

TEST(FeedWriters, JsonFeedAttachmentsCarryTheEnclosures) {
  std::ostringstream out;
  std::string text = write(JsonFeedWriter(out, FeedInfo{"T", {}}), out, {episode()});
  nlohmann::json attachments = nlohmann::json::parse(text)["items"][0]["attachments"];
  ASSERT_EQ(attachments.size(), 2u);
  EXPECT_EQ(attachments[0], (nlohmann::json{{"url", "https://cdn.n.example/1.mp3"},
                                            {"mime_type", "audio/mpeg"},
                                            {"size_in_bytes", 4096}}));
  EXPECT_EQ(attachments[1], (nlohmann::json{{"url", "https://cdn.n.example/1.jpg"},
                                            {"mime_type", "application/octet-stream"}}));
}

TEST(FeedWriters, RssHasOneEnclosureAndAtomAnEnclosureLinkEach) {
  std::ostringstream rss_out;
  std::string rss = write(RssWriter(rss_out, FeedInfo{"T", {}}), rss_out, {episode()});
  pugi::xml_document rss_doc;
  ASSERT_TRUE(rss_doc.load_string(rss.c_str()));
  pugi::xml_node item = rss_doc.child("rss").child("channel").child("item");
  pugi::xml_node enclosure = item.child("enclosure");
  EXPECT_STREQ(enclosure.attribute("url").value(), "https://cdn.n.example/1.mp3");
  EXPECT_STREQ(enclosure.attribute("length").value(), "4096");
  EXPECT_STREQ(enclosure.attribute("type").value(), "audio/mpeg");
  EXPECT_FALSE(enclosure.next_sibling("enclosure"));

  std::ostringstream atom_out;
  std::string atom = write(AtomWriter(atom_out, FeedInfo{"T", {}}), atom_out, {episode()});
  EXPECT_EQ(atom.find("javascript"), std::string::npos);
  pugi::xml_document atom_doc;
  ASSERT_TRUE(atom_doc.load_string(atom.c_str()));
  std::vector<std::string> hrefs;
  for (pugi::xml_node link : atom_doc.child("feed").child("entry").children("link"))
    if (std::string_view(link.attribute("rel").value()) == "enclosure")
      hrefs.push_back(link.attribute("href").value());
  EXPECT_EQ(hrefs, (std::vector<std::string>{"https://cdn.n.example/1.mp3",
                                             "https://cdn.n.example/1.jpg"}));
}

TEST(FeedWriters, JsonLinesCarryTheEnclosures) {
  std::ostringstream out;
  std::string text = write(JsonLinesWriter(out), out, {episode()});
  nlohmann::json record = nlohmann::json::parse(text);
  ASSERT_EQ(record["enclosures"].size(), 2u);  // javascript: is not exported
  EXPECT_EQ(record["enclosures"][0]["length"], 4096);
  EXPECT_EQ(record["enclosures"][1]["url"], "https://cdn.n.example/1.jpg");
  EXPECT_EQ(record["enclosures"][1]["medium"], "image");
}

}  // namespace
}  // namespace gazette
