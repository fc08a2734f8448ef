#include "feeds/page_document.h"

#include <gtest/gtest.h>

#include "feeds/feed_discovery.h"
#include "feeds/page_rules.h"
#include "page_test_util.h"

namespace gazette {
namespace {

TEST(PageDocumentTest, DecodesAndParsesWithBaseHref) {
  PageDocument page = parse_page(
      "<html><head><base href=\"/section/\"><title>caf\xE9</title></head><body></body></html>",
      "text/html; charset=iso-8859-1", "https://example.com/x/y.html");
  EXPECT_EQ(page.charset.charset, "windows-1252");
  EXPECT_EQ(page.charset.source, "header");
  EXPECT_STREQ(page.head().child("title").text().get(), "caf\xC3\xA9");
  EXPECT_EQ(page.base_url, "https://example.com/section/");
  EXPECT_FALSE(page.truncated);
}

TEST(PageDocumentTest, HugeBodiesAreCut) {
  std::string huge = "<p>" + std::string(kMaxPageBytes + 10, 'a');
  PageDocument page = parse_page(huge, "", "https://example.com/");
  EXPECT_TRUE(page.truncated);
  EXPECT_TRUE(page.body());
}

TEST(FeedDiscoveryTest, AlternateFeedLinksAbsoluteAndOnce) {
  PageDocument page = test_support::load_page("ghost-home.html", "https://harbour-ledger.test/");
  auto feeds = discover_feeds(page.dom, page.base_url);
  ASSERT_EQ(feeds.size(), 2u);  // the utm_ duplicate and the hreflang alternate are not feeds
  EXPECT_EQ(feeds[0].url, "https://harbour-ledger.test/rss/");
  EXPECT_EQ(feeds[0].type, "rss");
  EXPECT_EQ(feeds[0].title, "The Harbour Ledger");
  EXPECT_EQ(feeds[1].url, "https://harbour-ledger.test/atom.xml");
  EXPECT_EQ(feeds[1].type, "atom");
}

TEST(FeedDiscoveryTest, JsonFeedAndCaseInsensitiveRel) {
  PageDocument page = parse_page(
      "<link REL=\"Alternate\" type=\"application/feed+json\" href=\"feed.json\">"
      "<link rel=\"stylesheet\" type=\"text/css\" href=\"s.css\">",
      "", "https://example.com/blog/");
  auto feeds = discover_feeds(page.dom, page.base_url);
  ASSERT_EQ(feeds.size(), 1u);
  EXPECT_EQ(feeds[0].url, "https://example.com/blog/feed.json");
  EXPECT_EQ(feeds[0].type, "json");
}

TEST(PageRulesTest, RulesSelectItemsRelativeToEachItem) {
  PageDocument page = test_support::load_page("ghost-home.html", "https://harbour-ledger.test/");
  PageRules rules;
  rules.item = "//article[contains(@class,'post-card')]";
  rules.title = ".//h2";
  rules.link = ".//a[contains(@class,'post-card-content-link')]/@href";
  rules.date = ".//time/@datetime";
  rules.summary = ".//div[contains(@class,'excerpt')]";
  RuleMatches m = apply_page_rules(page.dom, rules, page.base_url);
  EXPECT_EQ(m.item_nodes, 3);
  ASSERT_EQ(m.items.size(), 3u);
  EXPECT_EQ(m.items[0].title, "Ferry fares rise for the third time this year");
  EXPECT_EQ(m.items[0].url,
            "https://harbour-ledger.test/ferry-fares-rise-for-the-third-time-this-year/");
  EXPECT_EQ(m.items[1].published, 1740787200);  // 2025-03-01
  EXPECT_EQ(m.items[2].summary_html.rfind("Two centuries of logbooks", 0), 0u);
  EXPECT_EQ(m.without_date, 0);
}

TEST(PageRulesTest, LinkDefaultsToTheItemsAnchorAndCountsMisses) {
  PageDocument page = test_support::load_page("ghost-home.html", "https://harbour-ledger.test/");
  PageRules rules;
  rules.item = "//section[contains(@class,'most-read')]//li | //h2[@class='feed-heading']";
  rules.date = "time/@datetime";
  RuleMatches m = apply_page_rules(page.dom, rules, page.base_url);
  EXPECT_EQ(m.item_nodes, 4);
  EXPECT_EQ(m.without_link, 1);  // the heading has no link
  ASSERT_EQ(m.items.size(), 3u);
  EXPECT_EQ(m.items[2].url,
            "https://harbour-ledger.test/storm-closes-north-pier-for-repairs?fbclid=IwAR0abc");
  EXPECT_EQ(m.items[2].title, "Storm closes north pier for repairs");
  EXPECT_EQ(m.without_date, 3);
}

TEST(PageRulesTest, InvalidXpathNamesTheRule) {
  PageDocument page = parse_page("<p>x</p>", "", "https://example.com/");
  PageRules rules;
  rules.item = "//li";
  rules.title = "h2[";
  try {
    apply_page_rules(page.dom, rules, page.base_url);
    FAIL() << "expected PageRuleError";
  } catch (const PageRuleError& e) {
    EXPECT_NE(std::string(e.what()).find("title = \"h2[\""), std::string::npos) << e.what();
  }
  rules.title.clear();
  rules.item = "count(//li)";
  EXPECT_THROW(apply_page_rules(page.dom, rules, page.base_url), PageRuleError);
}

}  // namespace
}  // namespace gazette
