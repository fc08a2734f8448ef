#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_parser.h"
#include "fixture_file.h"

namespace gazette {
namespace {

class Rss2FullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feed_ = parse_feed(test_support::feeds_fixture("rss2_full.xml"), "https://example.org/feed.xml");
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
      parse_feed(test_support::feeds_fixture("rss1_rdf.xml"), "https://rdf.example.com/index.rdf");
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

TEST(RssParser, DefaultNamespaceRss2) {
  ParsedFeed feed = parse_feed(test_support::feeds_fixture("rss2_default_namespace.xml"),
                               "https://harbour.example/feed.xml");
  EXPECT_EQ(feed.title, "Harbour Notes");
  EXPECT_EQ(feed.site_url, "https://harbour.example/");
  ASSERT_EQ(feed.items.size(), 1u);
  const FeedItem& item = feed.items[0];
  EXPECT_EQ(item.title, "Ferry timetable changes on Monday");
  EXPECT_EQ(item.url, "https://harbour.example/2026/ferry-timetable");
  EXPECT_EQ(item.summary_html, "The early crossing moves to 06:40.");
  EXPECT_EQ(item.author, "Port Office");
  EXPECT_EQ(item.published, 1795414500);  // 2026-11-23T06:15:00Z
}

TEST(RssParser, PrefixedUserlandNamespace) {
  ParsedFeed feed = parse_feed(
      R"(<r:rss xmlns:r="http://backend.userland.com/rss2" xmlns:x="urn:x"><r:channel><r:item>)"
      R"(<x:description>wrong</x:description><r:description>right</r:description>)"
      R"(<r:title>T</r:title></r:item></r:channel></r:rss>)",
      "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "T");
  EXPECT_EQ(feed.items[0].summary_html, "right");
}

TEST(RssParser, UnescapedMarkupInDescriptionIsKept) {
  // The publisher forgot to escape the HTML: its text must not be lost.
  ParsedFeed feed = parse_feed(
      "<rss><channel><item><description>Tide <b>high</b> at <i>noon</i></description>"
      "</item></channel></rss>",
      "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].summary_html, "Tide <b>high</b> at <i>noon</i>");
}

TEST(RssParser, FallbackVocabularies) {
  // Title, description and dates from Dublin Core / DC terms / Media RSS when
  // the item has no RSS ones; the RDF item's rdf:about as its identity;
  // inline XHTML body and RSS 0.9x fullitem as content.
  ParsedFeed feed = parse_feed(
      R"(<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/")"
      R"( xmlns:media="http://search.yahoo.com/mrss/"><channel>)"
      R"(<item><dc:title>DC title</dc:title><media:title>media title</media:title>)"
      R"(<dc:description>DC text</dc:description><dcterms:issued>2026-01-02T03:04:05Z</dcterms:issued>)"
      R"(<dcterms:modified>2026-01-03T00:00:00Z</dcterms:modified><dc:author>Ann</dc:author></item>)"
      R"(<item><media:title>media title</media:title>)"
      R"(<body xmlns="http://www.w3.org/1999/xhtml"><p>inline <em>XHTML</em></p></body></item>)"
      R"(<item><title>RSS title</title><dc:title>DC title</dc:title>)"
      R"(<fullitem>&lt;p&gt;full&lt;/p&gt;</fullitem></item>)"
      R"(</channel></rss>)",
      "");
  EXPECT_EQ(feed.title, "");
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[0].title, "DC title");
  EXPECT_EQ(feed.items[0].summary_html, "DC text");
  EXPECT_EQ(feed.items[0].published, 1767323045);
  EXPECT_EQ(feed.items[0].updated, 1767398400);
  EXPECT_EQ(feed.items[0].author, "Ann");
  EXPECT_EQ(feed.items[1].title, "media title");
  EXPECT_EQ(feed.items[1].content_html, "<p>inline <em>XHTML</em></p>");
  EXPECT_EQ(feed.items[2].title, "RSS title");
  EXPECT_EQ(feed.items[2].content_html, "<p>full</p>");
}

TEST(RssParser, ItunesAndMediaCategoriesAndItunesSummary) {
  // Media RSS's namespace as often written, without its trailing slash.
  ParsedFeed feed = parse_feed(
      R"(<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd")"
      R"( xmlns:media="http://search.yahoo.com/mrss"><channel><item><title>Ep. 1</title>)"
      R"(<category>News</category><itunes:category text="Technology">)"
      R"(<itunes:category text="Gadgets"/></itunes:category><media:category>cat1</media:category>)"
      R"(<itunes:summary>Show notes &lt;here&gt;</itunes:summary>)"
      R"(<media:thumbnail url="https://cdn.example/t.jpg"/></item></channel></rss>)",
      "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].categories,
            (std::vector<std::string>{"News", "Technology", "Gadgets", "cat1"}));
  EXPECT_EQ(feed.items[0].summary_html, "Show notes &lt;here&gt;");  // plain text
  EXPECT_EQ(feed.items[0].image_url, "https://cdn.example/t.jpg");
}

TEST(RssParser, ElementNamesInAnyCase) {
  ParsedFeed feed = parse_feed(
      "<rss><Channel><TiTlE>Almanac</TiTlE><ITEM><Title>One</Title><LINK>https://a.example/1</LINK>"
      "<pubdate>Tue, 24 Nov 2026 09:15:00 GMT</pubdate></ITEM></Channel></rss>",
      "");
  EXPECT_EQ(feed.title, "Almanac");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "One");
  EXPECT_EQ(feed.items[0].url, "https://a.example/1");
  EXPECT_EQ(feed.items[0].published, 1795511700);
}

TEST(RssParser, ChannelTitleFromDublinCore) {
  ParsedFeed feed = parse_feed(
      R"(<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><dc:title>Almanac</dc:title>)"
      R"(</channel></rss>)",
      "");
  EXPECT_EQ(feed.title, "Almanac");
}

TEST(RssParser, RdfAboutIsTheGuidAndItunesNamespaceCaseVaries) {
  ParsedFeed feed = parse_feed(
      R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#")"
      R"( xmlns="http://purl.org/rss/1.0/" xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd">)"
      R"(<item rdf:about="https://example.org/1"><title>One</title>)"
      R"(<itunes:author>Host Name</itunes:author></item></rdf:RDF>)",
      "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].guid, "https://example.org/1");
  EXPECT_EQ(feed.items[0].author, "Host Name");
}

TEST(RssParser, DeclaredVersion) {
  EXPECT_EQ(parse_feed("<rss version=\"0.92\"><channel/></rss>", "").version, "0.92");
  EXPECT_EQ(parse_feed("<rss><channel/></rss>", "").version, "");
  ParsedFeed rss090 = parse_feed(
      R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#")"
      R"( xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>t</title></channel>)"
      R"(<item><title>i</title><link>https://example.org/i</link></item></rdf:RDF>)",
      "");
  EXPECT_EQ(rss090.format, "rss1");
  EXPECT_EQ(rss090.version, "0.90");
  ASSERT_EQ(rss090.items.size(), 1u);
  EXPECT_EQ(rss090.items[0].url, "https://example.org/i");
}

TEST(RssParser, XmlBaseAtEveryLevel) {
  ParsedFeed feed = parse_feed(test_support::feeds_fixture("rss2_xml_base_levels.xml"),
                               "https://feeds.example/atlas.xml");
  EXPECT_EQ(feed.site_url, "https://maps.example/atlas/index.html");
  ASSERT_EQ(feed.items.size(), 3u);
  const FeedItem& first = feed.items[0];
  EXPECT_EQ(first.url, "https://maps.example/atlas/sheets/1.html");
  EXPECT_NE(first.summary_html.find("src=\"https://maps.example/atlas/thumbs/1.png\""),
            std::string::npos)
      << first.summary_html;
  const FeedItem& second = feed.items[1];
  EXPECT_EQ(second.url, "https://mirror.example/m/2.html");
  EXPECT_NE(second.summary_html.find("href=\"https://maps.example/coast/notes/n.html\""),
            std::string::npos)
      << second.summary_html;
  EXPECT_NE(second.content_html.find("src=\"https://cdn.example/c/big.png\""), std::string::npos)
      << second.content_html;
  const FeedItem& third = feed.items[2];
  EXPECT_NE(third.content_html.find("href=\"https://maps.example/atlas/three.html\""),
            std::string::npos)
      << third.content_html;
}

}  // namespace
}  // namespace gazette
