// The RSS parser's detail model (feeds/rss_details.h), on a fixture written
// for it: everything but the text constructs, for a channel and its items.
#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_parser.h"
#include "feeds/person_text.h"
#include "fixture_file.h"

namespace gazette {
namespace {

class RssDetailsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feed_ = parse_feed(test_support::feeds_fixture("rss2_details.xml"), "");
    ASSERT_EQ(feed_.items.size(), 4u);
  }
  ParsedFeed feed_;
};

bool same_link(const Link& l, std::string_view rel, std::string_view type, std::string_view href) {
  return l.rel == rel && l.type == type && l.href == href;
}

TEST_F(RssDetailsTest, ChannelLinksResolveAgainstXmlBaseAndImageLinksStayInTheImage) {
  const FeedMetadata& m = feed_.metadata;
  ASSERT_EQ(m.links.size(), 2u);  // the image's <link> is the image's, not the feed's
  EXPECT_TRUE(same_link(m.links[0], "alternate", "text/html",
                        "https://news.example.net/section/front.html"));
  EXPECT_TRUE(
      same_link(m.links[1], "self", "application/rss+xml", "https://news.example.net/feed.rss"));
  EXPECT_EQ(m.docs, "https://news.example.net/rss-spec");
  EXPECT_EQ(m.language, "nl-BE");
}

TEST_F(RssDetailsTest, ChannelImageTextInputCloud) {
  const FeedMetadata& m = feed_.metadata;
  ASSERT_TRUE(m.image);
  EXPECT_EQ(m.image->href, "https://news.example.net/section/img/logo.png");
  EXPECT_EQ(m.image->title, "Harbour Town");
  EXPECT_EQ(m.image->link, "https://news.example.net/section/front.html");
  EXPECT_EQ(m.image->width, "144");
  EXPECT_EQ(m.image->height, "40");
  EXPECT_EQ(m.image->description, "The town's own paper");
  ASSERT_TRUE(m.text_input);  // <textinput> in lower case is the same element
  EXPECT_EQ(m.text_input->title, "Search");
  EXPECT_EQ(m.text_input->description, "Search the archive");
  EXPECT_EQ(m.text_input->name, "q");
  EXPECT_EQ(m.text_input->link, "https://news.example.net/search");
  ASSERT_TRUE(m.cloud);
  EXPECT_EQ(m.cloud->domain, "hub.example.net");
  EXPECT_EQ(m.cloud->port, "8080");
  EXPECT_EQ(m.cloud->path, "/rpc");
  EXPECT_EQ(m.cloud->register_procedure, "ping.register");
  EXPECT_EQ(m.cloud->protocol, "soap");
  EXPECT_EQ(m.ttl, "30");
  ASSERT_TRUE(m.generator);
  EXPECT_EQ(m.generator->name, "Pressroom 4.2");
  EXPECT_EQ(m.error_reports_to, "mailto:errors@news.example.net");
}

TEST_F(RssDetailsTest, ChannelPeopleSplitNameAndEmail) {
  const FeedMetadata& m = feed_.metadata;
  ASSERT_EQ(m.authors.size(), 1u);
  EXPECT_EQ(m.authors[0].name, "Anna Visser");
  EXPECT_EQ(m.authors[0].email, "desk@news.example.net");
  ASSERT_TRUE(m.publisher);
  EXPECT_EQ(m.publisher->name, "Tom Peeters");
  EXPECT_EQ(m.publisher->email, "web@news.example.net");
  ASSERT_EQ(m.contributors.size(), 1u);
  EXPECT_EQ(m.contributors[0].name, "Kees de Vries");
  EXPECT_EQ(m.contributors[0].email, "");
}

TEST_F(RssDetailsTest, ChannelCategoriesAndDates) {
  const FeedMetadata& m = feed_.metadata;
  ASSERT_EQ(m.tags.size(), 2u);
  EXPECT_EQ(m.tags[0].term, "Local");
  EXPECT_EQ(m.tags[0].scheme, "https://news.example.net/topics");
  EXPECT_EQ(m.tags[1].term, "Shipping");
  EXPECT_EQ(m.tags[1].scheme, "");
  ASSERT_TRUE(m.published);  // <pubdate> in lower case
  EXPECT_EQ(m.published->text, "Mon, 03 Mar 2025 07:00:00 +0100");
  EXPECT_EQ(m.published->instant, 1740981600);
  ASSERT_TRUE(m.updated);
  EXPECT_EQ(m.updated->text, "Mon, 03 Mar 2025 09:15:00 +0100");
  EXPECT_EQ(m.updated->instant, 1740989700);
  ASSERT_TRUE(m.created);
  EXPECT_EQ(m.created->instant, 988675200);
  ASSERT_TRUE(m.validity_start && m.validity_end);
  EXPECT_EQ(m.validity_start->text, "2025-03-01T00:00:00Z");
  EXPECT_EQ(m.validity_start->instant, 1740787200);
  EXPECT_EQ(m.validity_end->text, "2025-03-31T23:59:59Z");
  EXPECT_EQ(m.validity_end->instant, 1743465599);
}

TEST_F(RssDetailsTest, ItemLinksEnclosureAndLicenseInDocumentOrder) {
  const EntryDetails& d = feed_.items[0].details;
  ASSERT_EQ(d.links.size(), 3u);
  EXPECT_TRUE(same_link(d.links[0], "alternate", "text/html",
                        "https://news.example.net/section/2025/03/ferry.html"));
  EXPECT_TRUE(same_link(d.links[1], "enclosure", "audio/mpeg",
                        "https://news.example.net/section/audio/ferry.mp3"));
  EXPECT_EQ(d.links[1].length, "482113");
  EXPECT_TRUE(same_link(d.links[2], "license", "", "https://creativecommons.org/licenses/by/4.0/"));
  EXPECT_EQ(d.comments, "https://news.example.net/section/2025/03/ferry.html#comments");
  // The stored fields keep their meaning.
  EXPECT_EQ(feed_.items[0].url, "https://news.example.net/section/2025/03/ferry.html");
  EXPECT_EQ(feed_.items[0].guid, "https://news.example.net/id/1001");
}

TEST_F(RssDetailsTest, ItemPeopleTagsDatesAndSource) {
  const FeedItem& item = feed_.items[0];
  const EntryDetails& d = item.details;
  ASSERT_EQ(d.authors.size(), 2u);
  EXPECT_EQ(d.authors[0].name, "Lotte Jansen");
  EXPECT_EQ(d.authors[0].email, "lotte@news.example.net");
  EXPECT_EQ(d.authors[1].name, "Piet Bakker");
  ASSERT_TRUE(d.publisher);
  EXPECT_EQ(d.publisher->name, "Harbour Press");
  ASSERT_EQ(d.tags.size(), 1u);
  EXPECT_EQ(d.tags[0].term, "Transport");
  EXPECT_EQ(d.tags[0].scheme, "https://news.example.net/topics");
  ASSERT_TRUE(d.published && d.updated && d.created && d.expired);
  EXPECT_EQ(d.published->instant, 1740980700);              // pubDate
  EXPECT_EQ(d.updated->text, "2025-03-03T08:00:00+01:00");  // dc:date is feedparser's updated
  EXPECT_EQ(d.updated->instant, 1740985200);
  EXPECT_EQ(d.created->instant, 1740938400);
  EXPECT_EQ(d.expired->instant, 1743379200);
  ASSERT_TRUE(d.source);
  ASSERT_TRUE(d.source->title);
  EXPECT_EQ(d.source->title->value, "Coastal Wire");
  EXPECT_EQ(d.source->href, "https://wire.example.org/feed");
  // Stored: the first author's display name, the pubDate.
  EXPECT_EQ(item.author, "Lotte Jansen");
  EXPECT_EQ(item.published, 1740980700);
}

TEST_F(RssDetailsTest, GuidIsTheLinkOnlyAsAPermalinkBeforeAnyLink) {
  EXPECT_FALSE(feed_.items[0].details.guid_is_link);  // <link> came first
  EXPECT_TRUE(feed_.items[1].details.guid_is_link);   // guid first, then <link>
  EXPECT_FALSE(feed_.items[2].details.guid_is_link);  // isPermaLink="false"
  EXPECT_TRUE(feed_.items[3].details.guid_is_link);   // "TRUE" in any case
  EXPECT_FALSE(feed_.items[0].details.id_is_rdf_about);
  EXPECT_TRUE(feed_.items[2].details.links.empty());
  EXPECT_EQ(feed_.items[2].url, "");
  EXPECT_EQ(feed_.items[3].url, "https://news.example.net/letters");
}

TEST_F(RssDetailsTest, CommaSeparatedTagsElement) {
  const EntryDetails& d = feed_.items[1].details;
  ASSERT_EQ(d.tags.size(), 3u);
  EXPECT_EQ(d.tags[0].term, "music");
  EXPECT_EQ(d.tags[1].term, "boats");
  EXPECT_EQ(d.tags[2].term, "food");
}

TEST(RssDetails, Rss10ImageAndTextInputBesideTheChannel) {
  ParsedFeed feed = parse_feed(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/">
    <channel rdf:about="https://a.example/">
      <title>A</title><link>https://a.example/</link>
      <image rdf:resource="https://a.example/a.png"/>
    </channel>
    <image rdf:about="https://a.example/a.png">
      <title>A logo</title><url>https://a.example/a.png</url><link>https://a.example/</link>
    </image>
    <textinput rdf:about="https://a.example/s"><name>s</name><link>https://a.example/s</link></textinput>
    <item rdf:about="https://a.example/1"><title>One</title><link>https://a.example/1</link></item>
  </rdf:RDF>)",
                               "");
  ASSERT_TRUE(feed.metadata.image);
  EXPECT_EQ(feed.metadata.image->href, "https://a.example/a.png");
  EXPECT_EQ(feed.metadata.image->title, "A logo");
  ASSERT_TRUE(feed.metadata.text_input);
  EXPECT_EQ(feed.metadata.text_input->name, "s");
  ASSERT_EQ(feed.metadata.links.size(), 1u);
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].guid, "https://a.example/1");
  EXPECT_TRUE(feed.items[0].details.id_is_rdf_about);
}

TEST(RssDetails, RedirectNamesTheNewLocation) {
  ParsedFeed feed = parse_feed(R"(<rss version="2.0" xml:base="https://old.example/">
      <redirect><newLocation>/moved/feed.xml</newLocation></redirect></rss>)",
                               "");
  EXPECT_EQ(feed.metadata.new_location, "https://old.example/moved/feed.xml");
}

TEST(RssDetails, NetscapeDoctypeTellsRss091Apart) {
  const char* netscape = R"(<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>N</title></channel></rss>)";
  EXPECT_EQ(parse_feed(netscape, "").version, "0.91n");
  EXPECT_EQ(
      parse_feed(R"(<rss version="0.91"><channel><title>U</title></channel></rss>)", "").version,
      "0.91");
}

TEST(PersonFromText, NameAndEmailInEveryOrder) {
  for (std::string_view text :
       {"Example editor (me@example.com)", "me@example.com (Example editor)",
        "Example editor <me@example.com>", "  Example   editor\n<me@example.com>"}) {
    Person p = person_from_text(text);
    EXPECT_EQ(p.name, "Example editor") << text;
    EXPECT_EQ(p.email, "me@example.com") << text;
  }
}

TEST(PersonFromText, OnlyOnePart) {
  Person name = person_from_text("Jane Doe");
  EXPECT_EQ(name.name, "Jane Doe");
  EXPECT_EQ(name.email, "");
  Person email = person_from_text("mailto:a.b+c@mail.example.co.uk");
  EXPECT_EQ(email.name, "");
  EXPECT_EQ(email.email, "a.b+c@mail.example.co.uk");
  // An @ without a domain is no address.
  Person at = person_from_text("Ann @ home");
  EXPECT_EQ(at.name, "Ann @ home");
  EXPECT_EQ(at.email, "");
  // Many empty brackets are removed in one pass (a hostile author field).
  std::string brackets = "Ann <a@b.example>";
  for (int i = 0; i < 200000; ++i) brackets += "()";
  EXPECT_EQ(person_from_text(brackets).name, "Ann");
  Person empty = person_from_text("");
  EXPECT_EQ(empty.name, "");
  EXPECT_EQ(empty.email, "");
}

}  // namespace
}  // namespace gazette
