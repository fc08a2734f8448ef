#include "feeds/normalize.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

constexpr UnixTime kNow = 1762000000;
constexpr std::string_view kFeedUrl = "https://news.example/feed/";

TEST(NormalizeItem, CleansTextFieldsAndResolvesUrl) {
  FeedItem item;
  item.title = "  Breaking:\n\t big   news ";
  item.author = " Jane\n Doe ";
  item.url = "../2025/11/story";
  item.image_url = "/img/lead.jpg";
  normalize_item(item, kFeedUrl, kNow);
  EXPECT_EQ(item.title, "Breaking: big news");
  EXPECT_EQ(item.author, "Jane Doe");
  EXPECT_EQ(item.url, "https://news.example/2025/11/story");
  EXPECT_EQ(item.image_url, "https://news.example/img/lead.jpg");
}

TEST(NormalizeItem, StoredLinkKeepsPercentEncodingDedupKeyDoesNot) {
  FeedItem item;
  item.url = "../2025/rock%26roll%21";
  normalize_item(item, kFeedUrl, kNow);
  EXPECT_EQ(item.url, "https://news.example/2025/rock%26roll%21");         // as published
  EXPECT_EQ(item.link_key.find('%'), std::string::npos) << item.link_key;  // normalized
}

TEST(NormalizeItem, SanitizesHtmlAgainstTheItemLinkAndFillsText) {
  FeedItem item;
  item.url = "https://news.example/2025/11/story/";
  item.summary_html = "<p onclick=x()>Short <b>one</b>.</p>";
  item.content_html =
      "<p>Para <a href=\"more\">one</a>.</p><script>evil()</script><p>Para two.</p>";
  normalize_item(item, kFeedUrl, kNow);
  EXPECT_EQ(item.summary_html, "<p>Short <b>one</b>.</p>");
  EXPECT_EQ(item.summary_text, "Short one.");
  EXPECT_EQ(item.content_html,
            "<p>Para <a href=\"https://news.example/2025/11/story/more\" rel=\"noopener "
            "noreferrer\">one</a>.</p><p>Para two.</p>");
  EXPECT_EQ(item.content_text, "Para one.\n\nPara two.");
}

TEST(NormalizeItem, ContentTextFallsBackToSummary) {
  FeedItem item;
  item.title = "t";
  item.summary_html = "Only a &lt;summary&gt;";
  normalize_item(item, kFeedUrl, kNow);
  EXPECT_EQ(item.summary_text, "Only a <summary>");
  EXPECT_EQ(item.content_text, "Only a <summary>");
  EXPECT_EQ(item.content_html, "");
}

TEST(NormalizeItem, MissingTitleComesFromTheText) {
  FeedItem item;
  item.content_html =
      "<p>The quick brown fox jumps over the lazy dog while the cat watches from a very tall "
      "tree nearby.</p><p>More.</p>";
  normalize_item(item, kFeedUrl, kNow);
  EXPECT_EQ(item.title,
            "The quick brown fox jumps over the lazy dog while the cat watches from a very\u2026");
  FeedItem short_item;
  short_item.summary_html = "<p>Short note.</p><p>Second.</p>";
  normalize_item(short_item, kFeedUrl, kNow);
  EXPECT_EQ(short_item.title, "Short note.");
}

TEST(NormalizeItem, FutureDatesAreClampedMissingOnesStayMissing) {
  FeedItem item;
  item.title = "t";
  item.published = kNow + 2 * 86400;
  normalize_item(item, kFeedUrl, kNow);
  EXPECT_EQ(item.published, kNow);
  EXPECT_FALSE(item.updated.has_value());

  FeedItem near_future;
  near_future.title = "t";
  near_future.published = kNow + 3600;  // clock skew: within a day, kept
  near_future.updated = kNow - 10;
  normalize_item(near_future, kFeedUrl, kNow);
  EXPECT_EQ(near_future.published, kNow + 3600);
  EXPECT_EQ(near_future.updated, kNow - 10);
}

}  // namespace
}  // namespace gazette
