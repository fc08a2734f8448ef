// Feeds that are not well-formed XML: pugixml rejects them, libxml2's
// recovery mode (feeds/xml_recovery.h) rebuilds them, and the fetch is
// flagged with the reason. Well-formed feeds never take that path.
#include "feeds/xml_recovery.h"

#include <gtest/gtest.h>

#include <string>

#include "feeds/charset.h"
#include "feeds/document_budget.h"
#include "feeds/feed_parser.h"
#include "fixture_file.h"

namespace gazette {
namespace {

constexpr const char* kPrefix = "recovered from malformed XML: ";

ParsedFeed parse_fixture(const std::string& name) {
  return parse_feed(test_support::feeds_fixture(name), "https://example.org/feed");
}

TEST(XmlRecovery, MismatchedTags) {
  ParsedFeed feed = parse_fixture("malformed_mismatched_tag.xml");
  EXPECT_EQ(feed.format, "rss");
  EXPECT_EQ(feed.title, "Mismatched");
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[0].title, "First story");
  EXPECT_NE(feed.items[0].summary_html.find("story."), std::string::npos);
  EXPECT_EQ(feed.items[1].title, "Second story");
  EXPECT_EQ(feed.items[1].url, "https://example.org/mismatched_tag/2");
  EXPECT_EQ(feed.items[2].title, "Third story");
  EXPECT_EQ(feed.items[2].url, "https://example.org/mismatched_tag/3");
  EXPECT_EQ(feed.warning,
            std::string(kPrefix) +
                "line 9: Opening and ending tag mismatch: b line 9 and i (and 3 more errors)");
}

TEST(XmlRecovery, BrokenCdataSection) {
  ParsedFeed feed = parse_fixture("malformed_broken_cdata.xml");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "First story");
  EXPECT_NE(feed.items[0].summary_html.find("Closed properly."), std::string::npos);
  EXPECT_EQ(feed.items[1].title, "Second story");
  EXPECT_EQ(feed.items[1].url, "https://example.org/broken_cdata/2");
  EXPECT_EQ(feed.warning.rfind(kPrefix, 0), 0u) << feed.warning;
  EXPECT_NE(feed.warning.find("CData section not finished"), std::string::npos) << feed.warning;
}

TEST(XmlRecovery, UnescapedAmpersandsAndLessThan) {
  // The bare ampersands are escaped by the entity pre-pass
  // (feeds/xml_entities.h) before any parser; the bare '<' is what only
  // recovery gets past.
  ParsedFeed feed = parse_fixture("malformed_unescaped.xml");
  EXPECT_EQ(feed.title, "Q&A weekly");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "AT&T & partners");
  EXPECT_EQ(feed.items[0].url, "https://example.org/unescaped/story?id=1&lang=en");
  EXPECT_NE(feed.items[0].summary_html.find("chips for 2"), std::string::npos)
      << feed.items[0].summary_html;
  // After the document's first error: libxml2's recovery drops named
  // references there, so they reach it as numeric ones (&amp; -> &#x26;).
  EXPECT_EQ(feed.items[1].url, "https://example.org/unescaped/story?id=2&lang=en");
  EXPECT_EQ(feed.warning, std::string(kPrefix) + "line 8: StartTag: invalid element name");
}

TEST(XmlRecovery, TruncatedDocument) {
  ParsedFeed feed = parse_fixture("malformed_truncated.xml");
  EXPECT_EQ(feed.format, "atom");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].url, "https://example.org/truncated/1");
  EXPECT_EQ(feed.items[1].title, "Second entry");
  EXPECT_EQ(feed.items[1].url, "https://example.org/truncated/2");
  EXPECT_EQ(feed.warning.rfind(kPrefix, 0), 0u) << feed.warning;
  EXPECT_NE(feed.warning.find("Premature end of data in tag summary"), std::string::npos)
      << feed.warning;
}

TEST(XmlRecovery, UndeclaredNamespacePrefix) {
  // Well-formed for pugixml (which does not check namespaces): the prefix
  // is read by its conventional URI and the document flagged.
  DocumentBudget budget;
  ParsedFeed feed = parse_fixture("malformed_undeclared_prefix.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].author, "Ana Author");
  EXPECT_NE(
      budget.warning().find(std::string(kPrefix) + "namespace prefix dc is not declared; read as "
                                                   "http://purl.org/dc/elements/1.1/"),
      std::string::npos)
      << budget.warning();
}

TEST(XmlRecovery, UndeclaredPrefixInABrokenDocument) {
  DocumentBudget budget;
  ParsedFeed feed = parse_feed(
      "<rss version=\"2.0\"><channel><title>T</title><item><title>One</title>"
      "<dc:creator>Bo</dc:creator></item><item><title>Two",
      "https://example.org/feed");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].author, "Bo");
  EXPECT_EQ(feed.items[1].title, "Two");
  EXPECT_EQ(feed.warning.rfind(kPrefix, 0), 0u) << feed.warning;
  EXPECT_NE(budget.warning().find("namespace prefix dc is not declared"), std::string::npos);
}

TEST(XmlRecovery, WellFormedFeedsAreNotFlagged) {
  DocumentBudget budget;
  for (const char* name : {"rss2_full.xml", "atom_full.xml", "rss1_rdf.xml"}) {
    ParsedFeed feed = parse_fixture(name);
    EXPECT_FALSE(feed.items.empty()) << name;
    EXPECT_EQ(feed.warning, "") << name;
  }
  EXPECT_EQ(budget.warning(), "");
}

TEST(XmlRecovery, NothingRecoverableStillFails) {
  // The last: recovered, but an HTML page is still not a feed, and
  // pugixml's error stands.
  for (std::string_view garbage :
       {std::string_view("just some words, no markup at all"),
        std::string_view("\x01\x02\x03\xff\xfe binary"), std::string_view("<<<>>>&&&"),
        std::string_view("<html><body><p>Just a page<br></body></html>")}) {
    try {
      parse_feed(garbage, "https://example.org/feed");
      ADD_FAILURE() << "parsed: " << garbage;
    } catch (const FeedParseError& e) {
      EXPECT_EQ(std::string_view(e.what()).substr(0, 9), "not XML: ") << e.what();
    }
  }
  // JSON goes to the JSON Feed reader, never to XML recovery.
  EXPECT_THROW(parse_feed(R"({"items": []})", "https://example.org/feed"), FeedParseError);
}

TEST(XmlRecovery, EntitiesAreNeitherLoadedNorExpanded) {
  // A malformed document (no </rss>) with an external entity and a
  // doubling entity: recovery neither reads the file nor expands anything.
  std::string doc =
      "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
      "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">";
  std::string previous = "a";
  for (int level = 0; level < 12; ++level) {
    std::string name = "e" + std::to_string(level);
    doc += "<!ENTITY " + name + " \"";
    for (int i = 0; i < 10; ++i) doc += "&" + previous + ";";
    doc += "\">";
    previous = name;
  }
  doc += "]><rss version=\"2.0\"><channel><title>T</title><item><title>x &xxe; &" + previous +
         ";</title><link>https://example.org/1</link></item></channel>";
  ParsedFeed feed;
  try {
    feed = parse_feed(doc, "https://example.org/feed");
  } catch (const FeedParseError&) {
    return;  // refusing it is as safe as reading it
  }
  for (const FeedItem& item : feed.items) {
    EXPECT_EQ(item.title.find("root:"), std::string::npos);
    EXPECT_LT(item.title.size(), 1000u);
  }
}

TEST(XmlRecovery, DeepUnclosedNestingIsBounded) {
  // 200,000 unclosed elements after a good item: libxml2 stops at its depth
  // limit, and the items before it are kept.
  std::string doc =
      "<rss version=\"2.0\"><channel><title>T</title><item><title>Kept</title>"
      "<link>https://example.org/1</link></item><item><title>Deep</title><x>";
  for (int i = 0; i < 200000; ++i) doc += "<x>";
  ParsedFeed feed = parse_feed(doc, "https://example.org/feed");
  ASSERT_FALSE(feed.items.empty());
  EXPECT_EQ(feed.items[0].title, "Kept");
  EXPECT_EQ(feed.warning.rfind(kPrefix, 0), 0u) << feed.warning;
}

TEST(XmlRecovery, LongNamesInTheReasonAreCut) {
  std::string name(5000, 'n');
  std::optional<RecoveredXml> r = recover_xml("<a><" + name + ">x</a>");
  ASSERT_TRUE(r);
  EXPECT_LT(r->reason.size(), 300u);
  EXPECT_NE(r->reason.find("..."), std::string::npos);
}

TEST(XmlRecovery, TheReasonIsOneLineOfUtf8) {
  // libxml2 quotes the first 50 bytes of an unfinished CDATA section after
  // its message, cutting a character in two.
  std::string cdata;
  for (int i = 0; i < 40; ++i) cdata += "\u00e9";
  std::optional<RecoveredXml> r = recover_xml("<a><b>x</b><![CDATA[" + cdata + "\n</a>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->reason.find('\n'), std::string::npos) << r->reason;
  EXPECT_TRUE(is_valid_utf8(r->reason)) << r->reason;
  EXPECT_NE(r->reason.find("CData section not finished"), std::string::npos) << r->reason;
}

TEST(XmlRecovery, RecoverXmlItself) {
  EXPECT_FALSE(recover_xml(""));
  EXPECT_FALSE(recover_xml("no markup"));
  std::optional<RecoveredXml> r = recover_xml("<a><b>text</a>");
  ASSERT_TRUE(r);
  EXPECT_NE(r->xml.find("<a><b>text</b></a>"), std::string::npos) << r->xml;
  EXPECT_EQ(r->reason.rfind("line 1: ", 0), 0u) << r->reason;
}

}  // namespace
}  // namespace gazette
