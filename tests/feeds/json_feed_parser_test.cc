#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_parser.h"
#include "fixture_file.h"

namespace gazette {
namespace {

TEST(JsonFeedParser, Version10) {
  ParsedFeed feed = parse_feed(test_support::feeds_fixture("jsonfeed_1_0.json"),
                               "https://allotment.example/feed.json");
  EXPECT_EQ(feed.format, "jsonfeed");
  EXPECT_EQ(feed.version, "1");
  EXPECT_EQ(feed.title, "Allotment Diary");
  EXPECT_EQ(feed.site_url, "https://allotment.example/");
  ASSERT_EQ(feed.items.size(), 2u);
  const FeedItem& first = feed.items[0];
  EXPECT_EQ(first.guid, "101");  // a number id, as 1.0 publishers wrote them
  EXPECT_EQ(first.url, "https://allotment.example/2026/11/garlic");
  EXPECT_EQ(first.title, "Garlic & shallots in");
  EXPECT_EQ(first.content_html, "<p>Planted <b>forty</b> cloves.</p>");
  EXPECT_EQ(first.summary_html, "Forty cloves &lt;before&gt; the frost");  // plain text
  EXPECT_EQ(first.published, 1795249800);                                  // 2026-11-21T08:30:00Z
  EXPECT_EQ(first.author, "Rosa Field");                                   // the feed's author
  EXPECT_EQ(first.categories, (std::vector<std::string>{"planting", "garlic"}));
  EXPECT_EQ(first.image_url, "https://allotment.example/media/garlic.jpg");
  const FeedItem& second = feed.items[1];
  EXPECT_EQ(second.url, "https://elsewhere.example/frost-dates");  // external_url
  EXPECT_EQ(second.content_html, "Frost dates for 2027 &lt; earlier than you think.");
  EXPECT_EQ(second.published, 1795161600);  // date_modified when not published
  EXPECT_EQ(second.updated, 1795161600);
}

TEST(JsonFeedParser, Version11) {
  ParsedFeed feed =
      parse_feed(test_support::feeds_fixture("jsonfeed_1_1.json"), "https://nightsky.example/feed.json");
  EXPECT_EQ(feed.format, "jsonfeed");
  EXPECT_EQ(feed.version, "1.1");
  EXPECT_EQ(feed.title, "Night Sky Notes");
  ASSERT_EQ(feed.items.size(), 2u);  // the string in "items" is skipped
  const FeedItem& first = feed.items[0];
  EXPECT_EQ(first.title, "Leonids peak tonight");
  EXPECT_EQ(first.content_html, "Look north-east after midnight.");
  EXPECT_EQ(first.author, "Mia Kahn");  // the item's authors over the feed's
  EXPECT_EQ(first.image_url, "https://nightsky.example/img/leonids.jpg");
  EXPECT_EQ(first.published, 1794952800);
  EXPECT_EQ(first.updated, 1794981600);
  const FeedItem& second = feed.items[1];
  EXPECT_EQ(second.title, "");            // an object where a string belongs
  EXPECT_EQ(second.author, "Ivo Stern");  // the feed's first author with a name
  EXPECT_EQ(second.content_html, "<p>Full moon.</p>");
}

TEST(JsonFeedParser, NotJsonOrNotAJsonFeed) {
  EXPECT_THROW(parse_feed("{\"version\": \"https://jsonfeed.org/version/1\", ", ""),
               FeedParseError);
  EXPECT_THROW(parse_feed("{\"version\": \"2\", \"items\": []}", ""), FeedParseError);
  EXPECT_THROW(parse_feed("{\"title\": \"x\"}", ""), FeedParseError);
  EXPECT_THROW(parse_feed("{\"version\": \"https://jsonfeed.org/version/1\", \"t\": \"\xff\"}", ""),
               FeedParseError);  // not UTF-8
}

TEST(JsonFeedParser, DeepNestingIsDroppedNotFatal) {
  // Hostile nesting inside an item: the item is read, the nested value not.
  std::string deep(200000, '[');
  deep += std::string(200000, ']');
  ParsedFeed feed = parse_feed(
      R"({"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "Kept",)"
      R"( "tags": )" +
          deep + "}]}",
      "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Kept");
  EXPECT_TRUE(feed.items[0].categories.empty());
}

TEST(JsonFeedParser, Sniffed) {
  EXPECT_TRUE(looks_like_feed(test_support::feeds_fixture("jsonfeed_1_1.json")));
  EXPECT_TRUE(looks_like_feed("{\"items\": []}", "application/feed+json"));
  EXPECT_FALSE(looks_like_feed("{\"items\": []}", "application/json"));
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

TEST(JsonFeedParser, AttachmentsAreEnclosureLinks) {
  ParsedFeed feed = parse_feed(R"({"version": "https://jsonfeed.org/version/1.1", "title": "Pod",
    "items": [{"id": "1", "url": "https://pod.example/1", "content_text": "notes",
      "attachments": [
        {"url": "/audio/1.m4a", "mime_type": "audio/x-m4a", "size_in_bytes": 89970236,
         "title": "AAC"},
        {"url": "https://pod.example/audio/1.mp3", "mime_type": "audio/mpeg",
         "size_in_bytes": -5},
        {"mime_type": "audio/mpeg"}, "not an object"]}]})",
                               "https://pod.example/feed.json");
  ASSERT_EQ(feed.items.size(), 1u);
  const std::vector<Link>& links = feed.items[0].details.links;
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].rel, "alternate");
  EXPECT_EQ(links[0].href, "https://pod.example/1");
  EXPECT_EQ(links[1].rel, "enclosure");
  EXPECT_EQ(links[1].href, "https://pod.example/audio/1.m4a");  // resolved
  EXPECT_EQ(links[1].type, "audio/x-m4a");
  EXPECT_EQ(links[1].length, "89970236");
  EXPECT_EQ(links[1].title, "AAC");
  EXPECT_EQ(links[2].length, "");  // a negative size is no size
}

}  // namespace
}  // namespace gazette
