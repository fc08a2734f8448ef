#include "feeds/feed_parser.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.h"

namespace gazette {
namespace {

std::string error_of(std::string_view body) {
  try {
    parse_feed(body, "https://example.com/feed");
  } catch (const FeedParseError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(FeedParser, NotXmlSaysSoWithOffset) {
  std::string message = error_of("<html><body><p>Just a page<br></body></html>");
  EXPECT_EQ(message.rfind("not XML: ", 0), 0u) << message;
  EXPECT_NE(message.find(" at offset "), std::string::npos) << message;
}

TEST(FeedParser, JsonIsReadAsJsonFeed) {
  // JSON Feed is a feed format now (json_feed_parser_test.cc); other JSON
  // says why it is not one.
  EXPECT_EQ(parse_feed(R"({"version": "https://jsonfeed.org/version/1.1"})", "").format,
            "jsonfeed");
  std::string message = error_of(R"({"version": "1.0", "data": []})");
  EXPECT_NE(message.find("not a JSON Feed"), std::string::npos) << message;
  EXPECT_EQ(error_of("{ not json").rfind("not JSON", 0), 0u);
}

TEST(FeedParser, EmptyBody) { EXPECT_EQ(error_of("  \n "), "empty document"); }

TEST(FeedParser, WellFormedXmlThatIsNotAFeed) {
  std::string message =
      error_of(R"(<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>)");
  EXPECT_EQ(message, "XML root <html> is not a feed (expected <rss>, <feed> or <rdf:RDF>)");
  EXPECT_NE(error_of("<opml version=\"2.0\"><body/></opml>").find("XML root <opml>"),
            std::string::npos);
}

TEST(FeedParser, RdfRootOfAnotherNamespaceIsNotAFeed) {
  EXPECT_NE(error_of(R"(<rdf:RDF xmlns:rdf="urn:not-rdf"/>)").find("is not a feed"),
            std::string::npos);
}

TEST(FeedParser, ByteOrderMarkAndLeadingSpace) {
  ParsedFeed feed = parse_feed(
      "\xEF\xBB\xBF\n  <?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
      "</channel></rss>",
      "https://example.com/feed");
  EXPECT_EQ(feed.format, "rss");
  EXPECT_EQ(feed.title, "T");
}

TEST(FeedParser, UndefinedHtmlEntitiesAndBareAmpersands) {
  ParsedFeed feed = parse_feed(
      "<rss version=\"2.0\"><channel><item>"
      "<title>A&nbsp;B &mdash; C&shy;D &copy; Q&amp;A &hellip; AT&T</title>"
      "<link>https://example.com/?a=1&b=2</link>"
      "</item></channel></rss>",
      "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  // nbsp collapses with other whitespace in a title; shy stays (invisible).
  EXPECT_EQ(feed.items[0].title, "A B \u2014 C\u00adD \u00a9 Q&A \u2026 AT&T");
  EXPECT_EQ(feed.items[0].url, "https://example.com/?a=1&b=2");
}

TEST(FeedParser, TitlesAreDecodedExactlyOnce) {
  ParsedFeed feed = parse_feed(
      "<rss version=\"2.0\"><channel>"
      "<item><title>Tom &amp;amp; Jerry</title></item>"           // double-escaped
      "<item><title>It&amp;rsquo;s here</title></item>"           // escaped HTML entity
      "<item><title><![CDATA[Fish &amp; Chips]]></title></item>"  // CDATA with HTML
      "<item><title>5 &lt; 6 and 7 &gt; 3</title></item>"         // correct feed
      "<item><title><![CDATA[Rock & Roll]]></title></item>"       // bare & in CDATA
      "<item><title>Word&#146;s smart quote</title></item>"       // cp1252 reference
      "</channel></rss>",
      "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 6u);
  EXPECT_EQ(feed.items[0].title, "Tom & Jerry");
  EXPECT_EQ(feed.items[1].title, "It\u2019s here");
  EXPECT_EQ(feed.items[2].title, "Fish & Chips");
  EXPECT_EQ(feed.items[3].title, "5 < 6 and 7 > 3");
  EXPECT_EQ(feed.items[4].title, "Rock & Roll");
  EXPECT_EQ(feed.items[5].title, "Word\u2019s smart quote");
}

TEST(FeedParser, EntitiesInsideCdataAreLeftAlone) {
  ParsedFeed feed = parse_feed(
      "<rss version=\"2.0\"><channel><item><title>t</title>"
      "<description><![CDATA[<p>&nbsp;&amp;nbsp;</p>]]></description>"
      "</item></channel></rss>",
      "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].summary_html, "<p>&nbsp;&amp;nbsp;</p>");
}

TEST(FeedParser, Latin1DeclaredDocument) {
  // "café" in ISO-8859-1, plus an HTML entity the pre-pass rewrites: the
  // numeric reference it writes is valid in any encoding.
  ParsedFeed feed = parse_feed(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><item>"
      "<title>caf\xE9 &eacute;t\xE9</title></item></channel></rss>",
      "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "caf\u00e9 \u00e9t\u00e9");
}

// Found by fuzz/feed_fuzz.cc: pugixml passes the bytes of encodings it does
// not know through, so titles were invalid UTF-8.
TEST(FeedParser, LegacyDeclaredEncodingIsDecoded) {
  ParsedFeed feed = parse_feed(
      "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><item>"
      "<title>\xCF\xF0\xE8\xE2\xE5\xF2 &eacute;</title></item></channel></rss>",
      "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "\u041F\u0440\u0438\u0432\u0435\u0442 \u00e9");
}

TEST(FeedParser, UndeclaredInvalidUtf8IsDecodedAsWindows1252) {
  ParsedFeed feed = parse_feed(
      "<rss version=\"2.0\"><channel><item><title>\x93quoted\x94 \xFF</title></item>"
      "</channel></rss>",
      "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "\u201Cquoted\u201D \u00FF");
}

// Found by fuzz/feed_fuzz.cc: pugixml wrote these references as bytes that
// are not UTF-8.
TEST(FeedParser, ReferencesOutsideUnicodeScalarsBecomeReplacementCharacters) {
  ParsedFeed feed = parse_feed(
      "<rss version=\"2.0\"><channel><item><title>a&#xD800;b&#1114112;c&#99999999999;d</title>"
      "</item></channel></rss>",
      "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "a\uFFFDb\uFFFDc\uFFFDd");
}

TEST(FeedParser, Utf32DocumentParses) {
  std::string utf8 =
      "<rss version=\"2.0\"><channel><item><title>Q&amp;A</title></item></channel></rss>";
  std::string utf32 = std::string("\xFF\xFE\0\0", 4);  // little-endian BOM
  for (char c : utf8) utf32 += std::string{c, '\0', '\0', '\0'};
  ParsedFeed feed = parse_feed(utf32, "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Q&A");
}

TEST(FeedParser, Utf16DocumentParses) {
  std::string utf8 =
      "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><item>"
      "<title>Q&amp;A</title></item></channel></rss>";
  std::string utf16 = "\xFF\xFE";  // little-endian BOM, then ASCII as UTF-16LE
  for (char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  ParsedFeed feed = parse_feed(utf16, "https://example.com/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Q&A");
}

TEST(LooksLikeFeed, SniffsTheRootElement) {
  EXPECT_TRUE(looks_like_feed("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"));
  EXPECT_TRUE(looks_like_feed("\xEF\xBB\xBF<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(
      looks_like_feed("<?xml version=\"1.0\"?><!-- a > comment --><rdf:RDF xmlns:rdf=\"x\">"));
  EXPECT_TRUE(looks_like_feed("<?xml-stylesheet href=\"s.xsl\"?>\n<rss>", "text/html"));
  EXPECT_FALSE(looks_like_feed("<!DOCTYPE html><html><head>", "application/rss+xml"));
  EXPECT_FALSE(looks_like_feed("{\"items\": []}", "application/json"));
  EXPECT_FALSE(looks_like_feed(""));
}

TEST(LooksLikeFeed, ContentTypeDecidesWhenTheRootIsOutOfReach) {
  std::string long_comment = "<?xml version=\"1.0\"?><!--" + std::string(5000, 'x') + "--><rss>";
  EXPECT_TRUE(looks_like_feed(long_comment, "application/atom+xml; charset=utf-8"));
  EXPECT_FALSE(looks_like_feed(long_comment, "text/html"));
}

// A feed's DTD is never read: an external entity does not pull a local file
// in, and nested internal entities (a "billion laughs") are not expanded. A
// secret of this test's own stands in for /etc/passwd, so the check does not
// depend on the machine.
TEST(FeedParser, DoctypeEntitiesAreNeverExpanded) {
  test_support::TempDir dir;
  std::string secret_path = (dir.path() / "gazette-xxe-secret.txt").string();
  {
    std::ofstream secret(secret_path);
    secret << "SECRET-7f3a";
  }
  std::string external =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://" + secret_path +
      "\">]>\n<rss version=\"2.0\"><channel><title>t &xxe;</title><item><title>a &xxe;</title>"
      "<link>https://example.com/a</link></item></channel></rss>";
  std::string laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
      "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
      "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g "
      "\"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>"
      "\n<rss version=\"2.0\"><channel><title>t</title><item><title>b &g;</title>"
      "<link>https://example.com/b</link></item></channel></rss>";
  for (const std::string& body : {external, laughs}) {
    ParsedFeed feed = parse_feed(body, "https://example.com/feed");
    ASSERT_EQ(feed.items.size(), 1u);
    EXPECT_EQ(feed.title.find("SECRET"), std::string::npos) << feed.title;
    for (const FeedItem& item : feed.items) {
      EXPECT_EQ(item.title.find("SECRET"), std::string::npos) << item.title;
      EXPECT_LT(item.title.size(), 1000u);
    }
  }
}

TEST(FeedParser, FeedLanguageFromItsOwnElementElseXmlLangElseContentLanguage) {
  constexpr std::string_view kLangOnRoot =
      R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-AT"><title xml:lang="fr">t</title></feed>)";
  constexpr std::string_view kNoLang = R"(<feed xmlns="http://www.w3.org/2005/Atom"></feed>)";
  constexpr std::string_view kRssLanguage =
      R"(<rss version="2.0"><channel><language>pt-BR</language></channel></rss>)";
  // The root's xml:lang wins over the header; a child's does not count.
  EXPECT_EQ(parse_feed(kLangOnRoot, "", "", "en").metadata.language, "de-AT");
  EXPECT_EQ(parse_feed(kNoLang, "", "", "en").metadata.language, "en");
  EXPECT_EQ(parse_feed(kNoLang, "").metadata.language, "");
  EXPECT_EQ(parse_feed(kRssLanguage, "", "", "en").metadata.language, "pt-BR");
}

TEST(FeedParser, ItemLanguageFromDublinCore) {
  ParsedFeed feed =
      parse_feed(R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>)"
                 R"(<item><title>a</title><dc:language>nl</dc:language></item></channel></rss>)",
                 "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].details.language, "nl");
}

TEST(FeedParser, HarvardAndUserLandNamespacesAreRss) {
  for (std::string_view ns :
       {"http://blogs.law.harvard.edu/tech/rss", "http://backend.userland.com/rss2.1"}) {
    ParsedFeed feed = parse_feed("<rss xmlns=\"" + std::string(ns) +
                                     "\"><channel><title>T</title><item><title>A</title>"
                                     "<link>https://example.com/a</link></item></channel></rss>",
                                 "");
    EXPECT_EQ(feed.title, "T") << ns;
    ASSERT_EQ(feed.items.size(), 1u) << ns;
    EXPECT_EQ(feed.items[0].url, "https://example.com/a") << ns;
  }
}

TEST(FeedParser, ItemInsideAtomFeedIsAnEntry) {
  ParsedFeed feed =
      parse_feed(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><item><title>A</title>)"
                 R"(<link rel="alternate" href="https://example.com/a"/></item></feed>)",
                 "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "A");
  EXPECT_EQ(feed.items[0].url, "https://example.com/a");
}

}  // namespace
}  // namespace gazette
