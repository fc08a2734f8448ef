#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_parser.h"
#include "fixture_file.h"

namespace gazette {
namespace {

class AtomFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feed_ =
        parse_feed(test_support::feeds_fixture("atom_full.xml"), "https://blog.example.net/feed.atom");
    ASSERT_EQ(feed_.items.size(), 3u);
  }
  ParsedFeed feed_;
};

TEST_F(AtomFullTest, FeedFields) {
  EXPECT_EQ(feed_.format, "atom");
  // type="html": XML decode, then one HTML decode, tags stripped.
  EXPECT_EQ(feed_.title, "Jane\u2019s Weblog");
  EXPECT_EQ(feed_.site_url, "https://blog.example.net/");
}

TEST_F(AtomFullTest, HtmlTitleXhtmlContentAndPreferredLink) {
  const FeedItem& e = feed_.items[0];
  EXPECT_EQ(e.title, "Tips & tricks: std::optional");
  // The untyped alternate beats the PDF alternate; rel=replies is ignored.
  EXPECT_EQ(e.url, "https://blog.example.net/2025/11/tips");
  EXPECT_EQ(e.guid, "tag:blog.example.net,2025:tips");
  EXPECT_EQ(e.published, 1762243200);   // 2025-11-04T09:00:00+01:00
  EXPECT_EQ(e.updated, 1762338615);     // 2025-11-05T10:30:15.250Z
  EXPECT_EQ(e.author, "Jane Example");  // inherited from the feed
  EXPECT_EQ(e.categories, std::vector<std::string>{"cpp"});
  // type text (the default): escaped into HTML.
  EXPECT_EQ(e.summary_html, "Use optional &amp; friends. 1 &lt; 2");
  // xhtml: the markup inside the wrapping div, without the div.
  EXPECT_EQ(e.content_html,
            "<p>An <em>xhtml</em> body.</p><p>Second <a "
            "href=\"https://example.com/x?a=1&amp;b=2\">link</a>.</p>");
}

TEST_F(AtomFullTest, XhtmlTitleAndHtmlContent) {
  const FeedItem& e = feed_.items[1];
  EXPECT_EQ(e.title, "An XHTML title");
  EXPECT_EQ(e.author, "Guest Writer");
  EXPECT_EQ(e.content_html, "<p>Escaped <strong>HTML</strong> content.</p>");
  // No <published>: the updated time stands in.
  EXPECT_EQ(e.published, 1762156800);
  EXPECT_EQ(e.updated, 1762156800);
}

TEST_F(AtomFullTest, TextTitleAndTextContentAreNotMarkup) {
  const FeedItem& e = feed_.items[2];
  EXPECT_EQ(e.title, "Plain text title with <tags> kept");
  EXPECT_EQ(e.content_html, "Text content: 1 &lt; 2 &amp; 3 &gt; 2");
}

TEST(AtomParser, XmlBaseStack) {
  ParsedFeed feed = parse_feed(test_support::feeds_fixture("atom_xml_base.xml"),
                               "https://feeds.example.org/ongoing.atom");
  EXPECT_EQ(feed.site_url, "https://www.example.org/ongoing/");
  ASSERT_EQ(feed.items.size(), 2u);
  const FeedItem& first = feed.items[0];
  EXPECT_EQ(first.url, "https://www.example.org/ongoing/When/2025/11/01/Post");
  // Relative URLs inside the content resolve against the entry's base.
  EXPECT_NE(
      first.content_html.find("src=\"https://www.example.org/ongoing/When/2025/11/01/pic.png\""),
      std::string::npos)
      << first.content_html;
  EXPECT_NE(first.content_html.find("href=\"https://www.example.org/about\""), std::string::npos)
      << first.content_html;
  const FeedItem& second = feed.items[1];
  EXPECT_EQ(second.url, "https://mirror.example.com/a/b/c");
  EXPECT_NE(second.summary_html.find("src=\"https://cdn.example.com/img/x.jpg\""),
            std::string::npos)
      << second.summary_html;
}

TEST(AtomParser, RelativeLinksWithoutXmlBaseUseDocumentUrl) {
  ParsedFeed feed =
      parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>)"
                 R"(<link href="../posts/1"/><id>1</id></entry></feed>)",
                 "https://example.com/blog/feed/atom");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].url, "https://example.com/blog/posts/1");
}

TEST(AtomParser, PrefixedAtomNamespaceAndForeignElements) {
  // Atom under a prefix; a foreign <x:title> must not be taken as the title.
  ParsedFeed feed = parse_feed(
      R"(<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:x="urn:x"><a:title>F</a:title>)"
      R"(<a:entry><x:title>wrong</x:title><a:title>right</a:title><a:id>i</a:id>)"
      R"(<a:content type="html">&lt;p&gt;c&lt;/p&gt;</a:content></a:entry></a:feed>)",
      "https://example.com/");
  EXPECT_EQ(feed.title, "F");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "right");
  EXPECT_EQ(feed.items[0].content_html, "<p>c</p>");
}

TEST(AtomParser, PreAtomNamespacesAndNoNamespace) {
  for (std::string_view ns : {" xmlns=\"http://purl.org/echo/\"", ""}) {
    ParsedFeed feed = parse_feed("<feed" + std::string(ns) +
                                     "><title>Old</title><entry><title>E</title>"
                                     "<link href=\"/e\"/><id>e</id></entry></feed>",
                                 "https://example.com/feed");
    EXPECT_EQ(feed.title, "Old") << ns;
    ASSERT_EQ(feed.items.size(), 1u) << ns;
    EXPECT_EQ(feed.items[0].title, "E");
    EXPECT_EQ(feed.items[0].url, "https://example.com/e");
  }
}

TEST(AtomParser, OutOfLineContentIsSkipped) {
  ParsedFeed feed =
      parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id>)"
                 R"(<content src="https://example.com/1.html" type="text/html"/></entry></feed>)",
                 "https://example.com/");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].content_html, "");
}

TEST(AtomParser, HttpIdIsTheLinkWhenThereIsNone) {
  ParsedFeed feed = parse_feed(test_support::feeds_fixture("atom_id_as_link.xml"),
                               "https://journal.example/feed.atom");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].url, "https://journal.example/2026/11/lichens");
  EXPECT_EQ(feed.items[1].url, "");  // a tag: URI names the entry but is no page
  EXPECT_EQ(feed.items[1].guid, "tag:journal.example,2026:scans");
}

TEST(AtomParser, Base64Content) {
  // "Tide <b>high</b>" in base64: Atom 0.3 mode="base64", and an Atom 1.0
  // media type that is neither text nor XML. Bytes that are not UTF-8 text
  // ("\xff\xfe\x00" = "//4A") are dropped, not stored.
  ParsedFeed feed =
      parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>)"
                 R"(<summary type="application/octet-stream"> VGlkZSA8Yj5o aWdoPC9iPg== </summary>)"
                 R"(<content type="application/octet-stream">//4A</content></entry></feed>)",
                 "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].summary_html, "Tide <b>high</b>");
  EXPECT_EQ(feed.items[0].content_html, "");
  ParsedFeed old = parse_feed(
      R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>)"
      R"(<title mode="base64">VGlkZSA8Yj5oaWdoPC9iPg==</title>)"
      R"(<content type="text/html" mode="base64">VGlkZSA8Yj5oaWdoPC9iPg==</content></entry></feed>)",
      "");
  ASSERT_EQ(old.items.size(), 1u);
  EXPECT_EQ(old.items[0].title, "Tide high");
  EXPECT_EQ(old.items[0].content_html, "Tide <b>high</b>");
}

TEST(AtomParser, UnescapedMarkupInTextConstruct) {
  // type="text" (the default) with child elements: the publisher's markup,
  // kept rather than cut at the first element.
  ParsedFeed feed = parse_feed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Tide <b>high</b></title>)"
      R"(<summary>Tide <b>high</b> today</summary></entry></feed>)",
      "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Tide high");
  EXPECT_EQ(feed.items[0].summary_html, "Tide <b>high</b> today");
}

TEST(AtomParser, DeclaredVersion) {
  EXPECT_EQ(parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom"/>)", "").version, "1.0");
  EXPECT_EQ(parse_feed(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"/>)", "").version,
            "0.3");
  EXPECT_EQ(parse_feed("<feed/>", "").version, "");
}

TEST(AtomParser, XmlBaseOnTheFeedLinkItself) {
  ParsedFeed feed =
      parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/x/">)"
                 R"(<link xml:base="../y/" href="home"/></feed>)",
                 "https://feeds.example/f.atom");
  EXPECT_EQ(feed.site_url, "https://a.example/y/home");
}

TEST(AtomParser, LinkTextWithoutHrefAndLinkWithoutAnything) {
  ParsedFeed feed =
      parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom">)"
                 R"(<entry><link rel="enclosure">https://a.example/e</link>)"
                 R"(<link rel="alternate"> https://a.example/post </link></entry>)"
                 R"(<entry><link rel="alternate"/><id>tag:x,2026:1</id></entry></feed>)",
                 "https://a.example/feed");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].url, "https://a.example/post");
  EXPECT_EQ(feed.items[1].url, "");  // not the feed's own URL
}

TEST(AtomParser, XhtmlMediaTypeKeepsItsDiv) {
  // Only type="xhtml" wraps its content in a div that is not content.
  ParsedFeed feed = parse_feed(
      R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>)"
      R"(<summary type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">)"
      R"(One <b>two</b></div></summary></entry></feed>)",
      "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].summary_html,
            R"(<div xmlns="http://www.w3.org/1999/xhtml">One <b>two</b></div>)");
}

}  // namespace
}  // namespace gazette
