// Microsoft CDF channels (feeds/cdf_parser.h), on a fixture written for them.
#include <gtest/gtest.h>

#include "feeds/feed_parser.h"
#include "fixture_file.h"

namespace gazette {
namespace {

TEST(CdfParser, ChannelTitleAbstractHrefAndLastmod) {
  ParsedFeed feed = parse_feed(test_support::feeds_fixture("cdf_channel.xml"), "");
  EXPECT_EQ(feed.format, "cdf");
  EXPECT_EQ(feed.title, "Company News");
  EXPECT_EQ(feed.site_url, "http://intranet.example.com/news/");
  ASSERT_EQ(feed.metadata.links.size(), 1u);
  EXPECT_EQ(feed.metadata.links[0].href, "http://intranet.example.com/news/");
  ASSERT_TRUE(feed.metadata.subtitle);
  EXPECT_EQ(feed.metadata.subtitle->value, "What happened at the plant this week");
  EXPECT_EQ(feed.metadata.subtitle->type, "text/plain");
  EXPECT_EQ(feed.metadata.subtitle->base, "http://intranet.example.com/news/");
  ASSERT_TRUE(feed.metadata.updated);
  EXPECT_EQ(feed.metadata.updated->text, "1998-10-12T09:30:00-05:00");
  EXPECT_EQ(feed.metadata.updated->instant, 908202600);
}

TEST(CdfParser, ItemsOfTheChannelAndOfNestedChannelsResolveAgainstBase) {
  ParsedFeed feed = parse_feed(test_support::feeds_fixture("cdf_channel.xml"), "");
  ASSERT_EQ(feed.items.size(), 2u);
  const FeedItem& canteen = feed.items[0];
  EXPECT_EQ(canteen.url, "http://intranet.example.com/news/week41/canteen.htm");
  EXPECT_EQ(canteen.title, "New canteen opens");
  // ABSTRACT is plain text: stored as the HTML that shows it.
  EXPECT_EQ(canteen.summary_html, "Hot meals &lt;from&gt; Monday");
  ASSERT_TRUE(canteen.details.summary);
  EXPECT_EQ(canteen.details.summary->value, "Hot meals <from> Monday");
  EXPECT_EQ(canteen.updated, 908197200);
  ASSERT_TRUE(canteen.details.updated);
  EXPECT_EQ(canteen.details.updated->text, "1998-10-12T08:00:00-05:00");
  const FeedItem& bowling = feed.items[1];  // names in any case, BASE nested
  EXPECT_EQ(bowling.url, "http://intranet.example.com/news/sports/bowling.htm");
  EXPECT_EQ(bowling.title, "Bowling league results");
}

TEST(CdfParser, RelativeHrefStaysRelativeWithoutABase) {
  ParsedFeed feed = parse_feed(
      "<CHANNEL HREF=\"/home\"><ITEM HREF=\"a.htm\"><TITLE>A</TITLE></ITEM></CHANNEL>", "");
  EXPECT_EQ(feed.format, "cdf");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].url, "");  // the stored URL must be absolute http(s)
  ASSERT_EQ(feed.items[0].details.links.size(), 1u);
  EXPECT_EQ(feed.items[0].details.links[0].href, "a.htm");
}

}  // namespace
}  // namespace gazette
