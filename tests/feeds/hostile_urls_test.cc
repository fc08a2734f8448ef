// Issue 10, item 5: a URL column holds an absolute http(s) URL or nothing,
// whichever way the URL came in.
#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_discovery.h"
#include "feeds/feed_parser.h"
#include "feeds/normalize.h"
#include "feeds/page_document.h"
#include "feeds/page_items.h"
#include "feeds/url_normalize.h"
#include "page_test_util.h"

namespace gazette {
namespace {

using test_support::article_page_with_head;

constexpr UnixTime kNow = 1762000000;

TEST(IsAbsoluteHttpUrl, OnlyHttpAndHttpsWithAHost) {
  for (const char* good : {"http://example.com/", "https://example.com/a?b=c#d",
                           "HTTPS://Example.COM", "http://127.0.0.1:8080/x", "https://[::1]/"})
    EXPECT_TRUE(is_absolute_http_url(good)) << good;
  for (const char* bad :
       {"javascript:alert(1)", "JavaScript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x",
        "mailto:a@example.com", "/relative/path", "//example.com/x", "https:///nohost", "http:", "",
        "ftp://example.com/f", "https://exa mple.com/", " javascript:alert(1)"})
    EXPECT_FALSE(is_absolute_http_url(bad)) << bad;
}

std::vector<FeedItem> parse_and_normalize(const std::string& xml, const std::string& url) {
  ParsedFeed feed = parse_feed(xml, url);
  for (FeedItem& item : feed.items) normalize_item(item, url, kNow);
  return feed.items;
}

TEST(HostileUrls, AtomTakesTheNextValidLink) {
  std::string xml = R"X(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>1</id><title>One</title>
  <link rel="alternate" type="text/html" href="javascript:alert(1)"/>
  <link rel="alternate" href="https://a.example/one"/>
  <link rel="enclosure" type="image/png" href="file:///etc/passwd"/></entry>
<entry><id>2</id><title>Two</title><link href="data:text/html,hi"/></entry>
</feed>)X";
  auto items = parse_and_normalize(xml, "https://a.example/feed.atom");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].url, "https://a.example/one");
  EXPECT_EQ(items[0].image_url, "");
  EXPECT_EQ(items[1].url, "");
}

TEST(HostileUrls, RssLinkGuidAndImages) {
  std::string xml = R"X(<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title>
<item><title>One</title><link>javascript:alert(1)</link><guid>https://a.example/one</guid>
  <enclosure url="file:///etc/passwd" type="image/jpeg"/></item>
<item><title>Two</title><guid isPermaLink="true">javascript:alert(2)</guid>
  <media:thumbnail url="javascript:alert(3)"/></item>
<item><title>Three</title><link>file:///etc/passwd</link></item>
</channel></rss>)X";
  auto items = parse_and_normalize(xml, "https://a.example/feed.xml");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].url, "https://a.example/one");  // the permalink guid, not the javascript: link
  EXPECT_EQ(items[0].image_url, "");
  EXPECT_EQ(items[1].url, "");
  EXPECT_EQ(items[1].image_url, "");
  EXPECT_EQ(items[2].url, "");
}

TEST(HostileUrls, NormalizeClearsWhatParsersLetThrough) {
  for (const char* bad :
       {"javascript:alert(1)", "file:///etc/passwd", "data:image/png;base64,AA"}) {
    FeedItem item;
    item.title = "t";
    item.url = bad;
    item.image_url = bad;
    normalize_item(item, "https://a.example/feed", kNow);
    EXPECT_EQ(item.url, "") << bad;
    EXPECT_EQ(item.image_url, "") << bad;
    EXPECT_EQ(item.link_key, "") << bad;
  }
}

TEST(HostileUrls, PageCanonicalAndImages) {
  const std::string url = "https://a.example/news/harbour";
  std::optional<FeedItem> item = article_item(
      article_page_with_head("<link rel=canonical href=\"javascript:alert(1)\">"
                             "<meta property=\"og:image\" content=\"javascript:alert(2)\">"),
      "text/html", url, kNow);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->url, url);
  EXPECT_EQ(item->image_url, "");

  item = article_item(article_page_with_head(R"X(<script type="application/ld+json">
    {"@type":"NewsArticle","url":"file:///etc/passwd","image":"javascript:alert(1)"}</script>)X"),
                      "text/html", url, kNow);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->url, url);
  EXPECT_EQ(item->image_url, "");
}

TEST(HostileUrls, APageSourceFollowsOnlyHttpLinks) {
  std::string html =
      "<html><body><h2>Latest</h2><ul>"
      "<li><a href=\"javascript:alert(1)\">A headline that runs long enough to count</a></li>"
      "<li><a href=\"file:///etc/passwd\">Another headline that runs long enough</a></li>"
      "<li><a href=\"/news/real-story\">A real headline that runs long enough</a></li>"
      "</ul></body></html>";
  PageItems found = page_items(html, "text/html", "https://a.example/", nullptr, kNow);
  EXPECT_EQ(found.follow, std::vector<std::string>{"https://a.example/news/real-story"});
  for (const std::string& link : found.follow) EXPECT_TRUE(is_absolute_http_url(link)) << link;
  for (const FeedItem& item : found.items)
    EXPECT_TRUE(item.url.empty() || is_absolute_http_url(item.url)) << item.url;
}

TEST(HostileUrls, DiscoveredFeedsAreHttpOnly) {
  std::string html = R"X(<html><head>
    <link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">
    <link rel="alternate" type="application/atom+xml" href="javascript:alert(1)">
    <link rel="alternate" type="application/rss+xml" href="/feed.xml">
    </head><body></body></html>)X";
  PageDocument page = parse_page(html, "text/html", "https://a.example/");
  std::vector<DiscoveredFeed> feeds = discover_feeds(page.dom, page.base_url);
  ASSERT_EQ(feeds.size(), 1u);
  EXPECT_EQ(feeds[0].url, "https://a.example/feed.xml");
}

TEST(HostileUrls, LinksWithCharactersBrowsersEncodeStillResolve) {
  EXPECT_EQ(resolve_url("https://a.example/", "/search?q=a|b"), "https://a.example/search?q=a%7Cb");
  EXPECT_TRUE(is_absolute_http_url(resolve_url("https://a.example/", "/x/{id}")));
}

}  // namespace
}  // namespace gazette
