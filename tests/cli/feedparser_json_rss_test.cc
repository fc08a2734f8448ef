// How `gazette parse --format feedparser` prints the RSS and CDF details
// (daemon/feedparser_json.cc over feeds/rss_details.h and feeds/cdf_parser.h).
#include <gtest/gtest.h>

#include "cli/feedparser_json.h"
#include "feeds/feed_parser.h"

namespace gazette {
namespace {

nlohmann::ordered_json print(std::string_view document) {
  ParsedFeed feed = parse_feed(document, "");
  return feedparser_json(&feed, FeedparserContext{});
}

TEST(FeedparserJsonRss, PermalinkGuidIsTheLinkButNotALinksEntry) {
  auto out = print(R"(<rss version="2.0"><channel><item>
      <guid>https://a.example/1</guid></item></channel></rss>)");
  const auto& e = out["entries"][0];
  EXPECT_EQ(e["id"], "https://a.example/1");
  EXPECT_EQ(e["guidislink"], true);
  EXPECT_EQ(e["link"], "https://a.example/1");
  EXPECT_FALSE(e.contains("links"));
}

TEST(FeedparserJsonRss, NotAPermalinkGivesNoLinkAndGuidislinkFalse) {
  auto out = print(R"(<rss version="2.0"><channel><item>
      <guid isPermaLink="false">https://a.example/1</guid></item></channel></rss>)");
  const auto& e = out["entries"][0];
  EXPECT_EQ(e["guidislink"], false);
  EXPECT_FALSE(e.contains("link"));
}

TEST(FeedparserJsonRss, LicenseLinkHasNoTypeAndEnclosureKeepsLength) {
  auto out = print(
      R"(<rss version="2.0" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule"><channel><item>
      <enclosure url="https://a.example/a.mp3" length="12" type="audio/mpeg"/>
      <creativeCommons:license>https://creativecommons.org/licenses/by/4.0/</creativeCommons:license>
      </item></channel></rss>)");
  const auto& links = out["entries"][0]["links"];
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0]["rel"], "enclosure");
  EXPECT_EQ(links[0]["length"], "12");
  EXPECT_EQ(links[0]["type"], "audio/mpeg");
  EXPECT_EQ(links[1]["rel"], "license");
  EXPECT_FALSE(links[1].contains("type"));
}

TEST(FeedparserJsonRss, DcDateIsUpdatedOnlyAndDatesKeepTheirText) {
  auto out = print(R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><dc:date>2004-01-01T19:48:21Z</dc:date></item></channel></rss>)");
  const auto& e = out["entries"][0];
  EXPECT_EQ(e["updated"], "2004-01-01T19:48:21Z");
  EXPECT_EQ(e["updated_parsed"], nlohmann::ordered_json::array({2004, 1, 1, 19, 48, 21, 3, 1, 0}));
  EXPECT_FALSE(e.contains("published"));
}

TEST(FeedparserJsonRss, ChannelMetadata) {
  auto out = print(R"(<rss version="2.0"><channel>
      <managingEditor>me@a.example (Me)</managingEditor>
      <cloud domain="d" port="80" path="/p" registerProcedure="r" protocol="xml-rpc"/>
      <image><url>https://a.example/i.png</url><width>80</width></image>
      <ttl>60</ttl></channel></rss>)");
  const auto& f = out["feed"];
  EXPECT_EQ(f["author_detail"]["name"], "Me");
  EXPECT_EQ(f["author_detail"]["email"], "me@a.example");
  EXPECT_EQ(f["cloud"]["registerprocedure"], "r");
  EXPECT_EQ(f["image"]["href"], "https://a.example/i.png");
  EXPECT_EQ(f["image"]["width"], 80);  // a number, as feedparser gives it
  EXPECT_EQ(f["ttl"], "60");
}

TEST(FeedparserJsonRss, RdfAboutIdHasNoGuidislink) {
  auto out = print(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel>
      <item rdf:about="https://a.example/1"><link>https://a.example/1</link></item></rdf:RDF>)");
  const auto& e = out["entries"][0];
  EXPECT_EQ(e["id"], "https://a.example/1");
  EXPECT_FALSE(e.contains("guidislink"));
}

TEST(FeedparserJsonRss, CdfVersionAndSummary) {
  auto out = print(R"(<CHANNEL HREF="https://a.example/"><ITEM HREF="https://a.example/1">
      <ABSTRACT>An abstract</ABSTRACT></ITEM></CHANNEL>)");
  EXPECT_EQ(out["version"], "cdf");
  EXPECT_EQ(out["feed"]["link"], "https://a.example/");
  EXPECT_EQ(out["entries"][0]["summary_detail"]["type"], "text/plain");
  EXPECT_EQ(out["entries"][0]["summary"], "An abstract");
}

}  // namespace
}  // namespace gazette
