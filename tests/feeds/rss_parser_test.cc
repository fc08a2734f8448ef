#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_parser.h"
#include "fixture_file.h"

namespace gazette {
namespace {

class Rss2FullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feed_ = parse_feed(testing::feeds_fixture("rss2_full.xml"), "https://example.org/feed.xml");
    ASSERT_EQ(feed_.items.size(), 3u);
  }
  ParsedFeed feed_;
};

TEST_F(Rss2FullTest, ChannelFields) {
  EXPECT_EQ(feed_.format, "rss");
  EXPECT_EQ(feed_.title, "Example & Co. News");
  EXPECT_EQ(feed_.site_url, "https://example.org/");  // relative <link> resolved
}

TEST_F(Rss2FullTest, FirstItemAllFields) {
  const FeedItem& item = feed_.items[0];
  // &nbsp; and &eacute; are not XML entities: the pre-pass made them parse.
  EXPECT_EQ(item.title, "First story: caf\u00e9 prices up");
  EXPECT_EQ(item.url, "https://example.org/2025/11/first-story");
  EXPECT_EQ(item.guid, "tag:example.org,2025:1");
  EXPECT_EQ(item.summary_html, "<p>Short <b>summary</b>.</p>");
  EXPECT_EQ(item.content_html,
            "<p>Full <a href=\"/about\">text</a> of the first story.</p><p>Second paragraph.</p>");
  EXPECT_EQ(item.published, 1761966000);  // Sat, 01 Nov 2025 08:30:00 +0530
  EXPECT_EQ(item.author, "Jane Doe");
  EXPECT_EQ(item.categories, (std::vector<std::string>{"Economy", "Food & Drink"}));
}

TEST_F(Rss2FullTest, DublinCoreAndPermalinkGuid) {
  const FeedItem& item = feed_.items[1];
  // CDATA title holding markup: tags stripped, '&' kept as text.
  EXPECT_EQ(item.title, "Second story with markup & more");
  // No <link>: a guid that is a permalink (the default) stands in.
  EXPECT_EQ(item.url, "https://example.org/2025/11/second-story");
  EXPECT_EQ(item.guid, "https://example.org/2025/11/second-story");
  EXPECT_EQ(item.author, "John Roe");
  EXPECT_EQ(item.published, 1762077600);
  EXPECT_TRUE(item.content_html.empty());
}

TEST_F(Rss2FullTest, RelativeLinkAndShortDate) {
  const FeedItem& item = feed_.items[2];
  EXPECT_EQ(item.url, "https://example.org/posts/third.html");
  EXPECT_EQ(item.guid, "third");
  EXPECT_EQ(item.published, 1762161300);  // Mon, 3 Nov 2025 09:15 GMT
}

TEST(RssParser, Rss1Rdf) {
  ParsedFeed feed =
      parse_feed(testing::feeds_fixture("rss1_rdf.xml"), "https://rdf.example.com/index.rdf");
  EXPECT_EQ(feed.format, "rss1");
  EXPECT_EQ(feed.title, "RDF Site");
  EXPECT_EQ(feed.site_url, "https://rdf.example.com/");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "One");
  EXPECT_EQ(feed.items[0].url, "https://rdf.example.com/one");
  EXPECT_EQ(feed.items[0].author, "Ann Author");
  EXPECT_EQ(feed.items[0].published, 1761840000);
  EXPECT_EQ(feed.items[0].summary_html, "First.");
  EXPECT_EQ(feed.items[1].url, "https://rdf.example.com/two");
  EXPECT_FALSE(feed.items[1].published.has_value());
}

TEST(RssParser, IsPermaLinkFalseGuidIsNotALink) {
  ParsedFeed feed = parse_feed(
      R"(<rss version="2.0"><channel><title>t</title><item><title>x</title>)"
      R"(<guid isPermaLink="false">https://example.org/?p=1</guid></item></channel></rss>)",
      "https://example.org/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].guid, "https://example.org/?p=1");
  EXPECT_EQ(feed.items[0].url, "");
}

TEST(RssParser, ElementsOfOtherNamespacesAreNotRssElements) {
  // <foo:title> is not the item title, even though its local name is.
  ParsedFeed feed = parse_feed(
      R"(<rss version="2.0" xmlns:foo="urn:foo"><channel><item><foo:title>wrong</foo:title>)"
      R"(<title>right</title><foo:link>https://wrong.example/</foo:link></item></channel></rss>)",
      "https://example.org/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "right");
  EXPECT_EQ(feed.items[0].url, "");
}

TEST(RssParser, XmlBaseOnItemResolvesLinkAndContent) {
  ParsedFeed feed =
      parse_feed(R"(<rss version="2.0"><channel><item xml:base="https://other.example/dir/">)"
                 R"(<link>page.html</link><description>&lt;img src="i.png"&gt;</description>)"
                 R"(</item></channel></rss>)",
                 "https://example.org/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].url, "https://other.example/dir/page.html");
  EXPECT_NE(feed.items[0].summary_html.find("src=\"https://other.example/dir/i.png\""),
            std::string::npos)
      << feed.items[0].summary_html;
}

}  // namespace
}  // namespace gazette
