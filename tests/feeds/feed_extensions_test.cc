// The extension readers (feeds/extension_elements.h) through parse_feed, on
// documents written for these tests.
#include <gtest/gtest.h>

#include <string>

#include "feeds/document_budget.h"
#include "feeds/feed_parser.h"

namespace gazette {
namespace {

constexpr const char* kPodcast = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:media="http://search.yahoo.com/mrss/" xmlns:psc="http://podlove.org/simple-chapters"
     xmlns:wfw="http://wellformedweb.org/CommentAPI/">
<channel>
  <title>Garden Talk</title>
  <link>https://podcast.example/</link>
  <itunes:block>no</itunes:block>
  <itunes:explicit>clean</itunes:explicit>
  <itunes:category text="Leisure"><itunes:category text="Home &amp; Garden"/></itunes:category>
  <itunes:keywords>roses, Leisure ,soil</itunes:keywords>
  <itunes:image href="/art/cover.png"/>
  <itunes:owner><itunes:name>Ann Gardener</itunes:name><itunes:email>ann@podcast.example</itunes:email></itunes:owner>
  <itunes:subtitle>Weekly advice</itunes:subtitle>
  <itunes:new-feed-url>https://feeds.podcast.example/garden.xml</itunes:new-feed-url>
  <item>
    <title>Episode 12: Roses</title>
    <link>https://podcast.example/12</link>
    <enclosure url="https://cdn.podcast.example/12.mp3" length="1234" type="audio/mpeg"/>
    <itunes:duration> 41:07 </itunes:duration>
    <itunes:explicit>YES</itunes:explicit>
    <itunes:block>yes</itunes:block>
    <itunes:episode>12</itunes:episode>
    <itunes:subtitle>Pruning in spring</itunes:subtitle>
    <itunes:image url="https://cdn.podcast.example/12.jpg"/>
    <wfw:commentRss>comments/12.rss</wfw:commentRss>
    <psc:chapters version="1.2">
      <psc:chapter start="0" title="Hello"/>
      <psc:chapter start="01:02:03.5" title="Deep dive" href="/12#deep"/>
      <psc:chapter start="soon" title="Later"/>
    </psc:chapters>
    <psc:chapters version="9"><psc:chapter start="1" title="Ignored"/></psc:chapters>
  </item>
</channel>
</rss>)";

TEST(FeedExtensions, ItunesChannel) {
  ParsedFeed feed = parse_feed(kPodcast, "https://podcast.example/feed.xml");
  const FeedMetadata& m = feed.metadata;
  EXPECT_EQ(m.extensions.itunes_block, 0);
  ASSERT_TRUE(m.extensions.itunes_explicit.has_value());
  EXPECT_EQ(*m.extensions.itunes_explicit, std::optional<bool>(false));
  ASSERT_EQ(m.tags.size(), 4u);  // "Leisure" as a keyword is a duplicate
  EXPECT_EQ(m.tags[0].term, "Leisure");
  EXPECT_EQ(m.tags[0].scheme, "http://www.itunes.com/");
  EXPECT_EQ(m.tags[1].term, "Home & Garden");
  EXPECT_EQ(m.tags[2].term, "roses");
  EXPECT_EQ(m.tags[3].term, "soil");
  ASSERT_TRUE(m.image.has_value());
  EXPECT_EQ(m.image->href, "https://podcast.example/art/cover.png");  // resolved
  ASSERT_TRUE(m.publisher.has_value());
  EXPECT_EQ(m.publisher->name, "Ann Gardener");
  EXPECT_EQ(m.publisher->email, "ann@podcast.example");
  ASSERT_TRUE(m.subtitle.has_value());
  EXPECT_EQ(m.subtitle->value, "Weekly advice");
  EXPECT_EQ(m.extensions.new_location, "https://feeds.podcast.example/garden.xml");
}

TEST(FeedExtensions, ItunesItemAndChapters) {
  ParsedFeed feed = parse_feed(kPodcast, "https://podcast.example/feed.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  const EntryDetails& d = feed.items[0].details;
  const Extensions& x = d.extensions;
  EXPECT_EQ(x.itunes_duration, "41:07");
  ASSERT_TRUE(x.itunes_explicit.has_value());
  EXPECT_FALSE(x.itunes_explicit->has_value());  // "YES" is not Apple's "yes"
  EXPECT_EQ(x.itunes_block, 1);
  EXPECT_EQ(x.itunes_episode, "12");
  ASSERT_TRUE(d.subtitle.has_value());
  EXPECT_EQ(d.subtitle->value, "Pruning in spring");
  ASSERT_TRUE(d.image.has_value());
  EXPECT_EQ(d.image->href, "https://cdn.podcast.example/12.jpg");
  EXPECT_EQ(x.wfw_comment_rss, "https://podcast.example/comments/12.rss");
  ASSERT_TRUE(x.psc_chapters.has_value());
  EXPECT_EQ(x.psc_chapters->version, "1.2");  // the second psc:chapters is ignored
  ASSERT_EQ(x.psc_chapters->chapters.size(), 3u);
  EXPECT_EQ(x.psc_chapters->chapters[0].start_seconds, 0.0);
  EXPECT_EQ(x.psc_chapters->chapters[1].start_seconds, 3723.5);
  EXPECT_EQ(x.psc_chapters->chapters[1].href, "https://podcast.example/12#deep");
  EXPECT_FALSE(x.psc_chapters->chapters[2].start_seconds.has_value());
  EXPECT_EQ(x.psc_chapters->chapters[2].start, "soon");
}

constexpr const char* kPhotos = R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss"
      xmlns:georss="http://www.georss.org/georss" xmlns:gml="http://www.opengis.net/gml"
      xmlns:thr="http://purl.org/syndication/thread/1.0" xml:base="https://photos.example/">
  <title>Harbour photos</title>
  <entry>
    <title>Boats at dawn</title>
    <id>https://photos.example/p/1</id>
    <media:group>
      <media:content url="big/1.jpg" type="image/jpeg" medium="image" width="4000" height="3000" isDefault="true"/>
      <media:content url="https://cdn.photos.example/1-small.jpg" type="image/jpeg" fileSize="2048">
        <media:thumbnail url="t/1.jpg" width="120" height="90"/>
      </media:content>
      <media:credit role="photographer">Bo Lens</media:credit>
      <media:category scheme="urn:flickr:tags">boats</media:category>
      <media:category label="Sea">sea</media:category>
      <media:restriction relationship="deny" type="country">  xx   yy </media:restriction>
      <media:description type="html">&lt;b&gt;Dawn&lt;/b&gt;</media:description>
    </media:group>
    <media:player url="https://photos.example/play/1" width="640"/>
    <georss:point>59.9 10.75</georss:point>
    <thr:in-reply-to ref="tag:photos.example,2024:0" href="/p/0"/>
  </entry>
  <entry>
    <title>Coastline</title>
    <georss:where><gml:LineString srsName="EPSG:25832"><gml:posList>1 2 3 4 5 6</gml:posList></gml:LineString></georss:where>
  </entry>
  <entry>
    <title>Broken</title>
    <georss:polygon>1 2 3 4 5 6</georss:polygon>
  </entry>
  <entry>
    <title>Not a number</title>
    <georss:point>59.9 east</georss:point>
  </entry>
  <entry>
    <title>Mountain</title>
    <gml:Point srsDimension="3"><gml:pos>46.5 9.8 3000</gml:pos></gml:Point>
  </entry>
</feed>)";

TEST(FeedExtensions, MediaRss) {
  ParsedFeed feed = parse_feed(kPhotos, "https://photos.example/atom.xml");
  ASSERT_EQ(feed.items.size(), 5u);
  const EntryDetails& d = feed.items[0].details;
  const Extensions& x = d.extensions;
  ASSERT_EQ(x.media_content.size(), 2u);
  EXPECT_EQ(x.media_content[0].url, "https://photos.example/big/1.jpg");
  EXPECT_EQ(x.media_content[0].width, "4000");
  EXPECT_EQ(x.media_content[0].is_default, "true");
  EXPECT_EQ(x.media_content[1].file_size, "2048");
  ASSERT_EQ(x.media_thumbnail.size(), 1u);  // inside media:content
  EXPECT_EQ(x.media_thumbnail[0].url, "https://photos.example/t/1.jpg");
  ASSERT_TRUE(x.media_player.has_value());
  EXPECT_EQ(x.media_player->width, "640");
  ASSERT_EQ(x.media_credit.size(), 1u);
  EXPECT_EQ(x.media_credit[0].role, "photographer");
  EXPECT_EQ(x.media_credit[0].content, "Bo Lens");
  ASSERT_TRUE(x.media_restriction.has_value());
  EXPECT_EQ(x.media_restriction->content, (std::vector<std::string>{"xx", "yy"}));
  ASSERT_EQ(d.tags.size(), 2u);
  EXPECT_EQ(d.tags[0].scheme, "urn:flickr:tags");
  EXPECT_EQ(d.tags[1].scheme, "http://search.yahoo.com/mrss/category_schema");
  EXPECT_EQ(d.tags[1].label, "Sea");
  ASSERT_TRUE(d.summary.has_value());
  EXPECT_EQ(d.summary->type, "text/html");
  ASSERT_TRUE(x.in_reply_to.has_value());
  EXPECT_EQ(x.in_reply_to->href, "https://photos.example/p/0");
}

TEST(FeedExtensions, GeoRssAndGml) {
  ParsedFeed feed = parse_feed(kPhotos, "https://photos.example/atom.xml");
  ASSERT_EQ(feed.items.size(), 5u);
  // GeoRSS says "lat lon"; the model says [lon, lat], as GeoJSON does.
  const auto& point = feed.items[0].details.extensions.where;
  ASSERT_TRUE(point.has_value());
  EXPECT_EQ(point->kind, Geometry::Kind::kPoint);
  EXPECT_EQ(point->points, (std::vector<std::vector<double>>{{10.75, 59.9}}));
  EXPECT_FALSE(point->gml);
  // A projected reference system keeps its own axis order.
  const auto& line = feed.items[1].details.extensions.where;
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->kind, Geometry::Kind::kLineString);
  EXPECT_EQ(line->srs_name, "EPSG:25832");
  EXPECT_EQ(line->points, (std::vector<std::vector<double>>{{1, 2}, {3, 4}, {5, 6}}));
  // Three points are no closed ring, and "east" is no number: unreadable.
  ASSERT_TRUE(feed.items[2].details.extensions.where.has_value());
  EXPECT_EQ(feed.items[2].details.extensions.where->kind, Geometry::Kind::kUnreadable);
  ASSERT_TRUE(feed.items[3].details.extensions.where.has_value());
  EXPECT_EQ(feed.items[3].details.extensions.where->kind, Geometry::Kind::kUnreadable);
  const auto& mountain = feed.items[4].details.extensions.where;
  ASSERT_TRUE(mountain.has_value());
  EXPECT_EQ(mountain->dimension, 3);
  EXPECT_EQ(mountain->points, (std::vector<std::vector<double>>{{9.8, 46.5, 3000}}));
}

TEST(FeedExtensions, MediaObjectsAreBounded) {
  std::string doc =
      "<rss xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><item><title>t</title>";
  for (int i = 0; i < 500; ++i)
    doc += "<media:thumbnail url=\"https://x.example/" + std::to_string(i) + ".jpg\"/>";
  doc += "</item></channel></rss>";
  ParsedFeed feed = parse_feed(doc, "https://x.example/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].details.extensions.media_thumbnail.size(), 64u);
}

TEST(FeedExtensions, UnprefixedAndUnknownElementsAreLeftAlone) {
  ParsedFeed feed = parse_feed(
      "<rss xmlns:x=\"urn:unknown\"><channel><title>t</title><item><title>a</title>"
      "<x:duration>9</x:duration><duration>9</duration></item></channel></rss>",
      "https://x.example/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_TRUE(feed.items[0].details.extensions.itunes_duration.empty());
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

TEST(FeedExtensions, UndeclaredItunesPrefixIsReadAndFlaggedOnce) {
  // The parser flags the undeclared prefix on the thread's document budget
  // (feeds/document_budget.h); the extension reader's second look must not.
  DocumentBudget budget;
  ParsedFeed feed = parse_feed(
      "<rss version=\"2.0\"><channel><title>t</title><item><title>a</title>"
      "<itunes:duration>1:00</itunes:duration></item></channel></rss>",
      "https://x.example/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].details.extensions.itunes_duration, "1:00");
  std::string warning = budget.warning();
  EXPECT_NE(warning.find("namespace prefix itunes is not declared"), std::string::npos) << warning;
  EXPECT_EQ(warning.find("times"), std::string::npos) << warning;
}

}  // namespace
}  // namespace gazette
