// The non-text parts of Atom documents in the detail model
// (feeds/atom_details.h): people, links, categories, ids, dates, generator,
// icon, logo and <source>, in Atom 1.0 and in Atom 0.3's names.
#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_parser.h"
#include "fixture_file.h"

namespace gazette {
namespace {

class AtomDetails10Test : public ::testing::Test {
 protected:
  void SetUp() override {
    feed_ = parse_feed(test_support::feeds_fixture("atom_details_10.xml"),
                       "https://news.example.org/feeds/desk.atom");
    ASSERT_EQ(feed_.items.size(), 3u);
  }
  ParsedFeed feed_;
};

TEST_F(AtomDetails10Test, FeedLinksDefaultRelAndTypeAndResolveAgainstXmlBase) {
  const std::vector<Link>& links = feed_.metadata.links;
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].rel, "alternate");
  EXPECT_EQ(links[0].type, "text/html");
  EXPECT_EQ(links[0].href, "https://news.example.org/");
  EXPECT_EQ(links[1].rel, "self");
  EXPECT_EQ(links[1].type, "application/atom+xml");
  EXPECT_EQ(links[1].href, "https://news.example.org/desk/feed.atom");
  EXPECT_EQ(links[2].rel, "hub");
  EXPECT_EQ(links[2].title, "Hub");
  EXPECT_EQ(links[2].href, "https://hub.example.net/");
  // The stored site URL keeps its meaning.
  EXPECT_EQ(feed_.site_url, "https://news.example.org/");
}

TEST_F(AtomDetails10Test, FeedPeopleCategoriesGeneratorIconLogoIdAndDate) {
  const FeedMetadata& m = feed_.metadata;
  EXPECT_EQ(m.id, "tag:news.example.org,2024:desk");
  ASSERT_EQ(m.authors.size(), 1u);
  EXPECT_EQ(m.authors[0].name, "Ada Writer");
  EXPECT_EQ(m.authors[0].email, "ada@news.example.org");
  EXPECT_EQ(m.authors[0].href, "https://news.example.org/desk/people/ada");
  ASSERT_EQ(m.contributors.size(), 2u);
  EXPECT_EQ(m.contributors[0].name, "Bob");
  EXPECT_EQ(m.contributors[1].name, "");
  EXPECT_EQ(m.contributors[1].email, "carol@news.example.org");
  // The same category twice is one.
  ASSERT_EQ(m.tags.size(), 1u);
  EXPECT_EQ(m.tags[0].term, "science");
  EXPECT_EQ(m.tags[0].scheme, "https://news.example.org/sections");
  EXPECT_EQ(m.tags[0].label, "Science");
  ASSERT_TRUE(m.generator);
  EXPECT_EQ(m.generator->name, "Press");
  EXPECT_EQ(m.generator->href, "https://news.example.org/tools/press");
  EXPECT_EQ(m.generator->version, "3.1");
  ASSERT_TRUE(m.icon);
  EXPECT_EQ(m.icon->href, "https://news.example.org/desk/img/icon.png");
  ASSERT_TRUE(m.logo);
  EXPECT_EQ(m.logo->href, "https://news.example.org/desk/img/logo.png");
  ASSERT_TRUE(m.updated);
  EXPECT_EQ(m.updated->text, "2024-03-10T08:00:00Z");
  EXPECT_EQ(m.updated->instant, 1710057600);
  EXPECT_FALSE(m.published);
}

TEST_F(AtomDetails10Test, EntryLinksKeepRelTypeLengthHreflangAndIris) {
  const EntryDetails& d = feed_.items[0].details;
  ASSERT_EQ(d.links.size(), 5u);
  EXPECT_EQ(d.links[0].rel, "alternate");
  EXPECT_EQ(d.links[0].href, "https://news.example.org/desk/stories/first.html");
  EXPECT_EQ(d.links[0].hreflang, "en");
  EXPECT_EQ(d.links[1].rel, "enclosure");
  EXPECT_EQ(d.links[1].type, "audio/mpeg");
  EXPECT_EQ(d.links[1].length, "123456");
  EXPECT_EQ(d.links[1].href, "https://cdn.example.net/first.mp3");
  // An IRI base and reference stay IRIs: no percent-encoding added.
  EXPECT_EQ(d.links[2].rel, "related");
  EXPECT_EQ(d.links[2].href, "http://www.\u4f8b\u3048.jp/\u30da\u30fc\u30b8");
  // The publisher's own escapes stay escapes; a raw non-ASCII character
  // stays raw (only characters a URL cannot hold at all are escaped).
  EXPECT_EQ(d.links[3].href, "https://news.example.org/desk/stories/caf%C3%A9");
  EXPECT_EQ(d.links[4].href, "https://news.example.org/soupe%20\u00e0%20l'oignon");
  EXPECT_FALSE(d.guid_is_link);
  EXPECT_EQ(feed_.items[0].url, "https://news.example.org/desk/stories/first.html");
}

TEST_F(AtomDetails10Test, EntryIdResolvedOnlyWhenRelativeAndNeverNormalized) {
  // A relative id is resolved against the base in force; the stored guid is
  // the id as published.
  EXPECT_EQ(feed_.items[0].details.id, "https://news.example.org/desk/stories/first-story");
  EXPECT_EQ(feed_.items[0].guid, "first-story");
  // An absolute id keeps its case and its escapes.
  EXPECT_EQ(feed_.items[1].details.id, "HTTP://News.Example.org/%7Estory/2");
  EXPECT_TRUE(feed_.items[1].details.guid_is_link);
  EXPECT_TRUE(feed_.items[1].details.links.empty());
}

TEST_F(AtomDetails10Test, EntryPeopleDatesAndCategories) {
  const FeedItem& item = feed_.items[0];
  const EntryDetails& d = item.details;
  ASSERT_EQ(d.authors.size(), 2u);
  EXPECT_EQ(d.authors[0].name, "Dan");
  EXPECT_EQ(d.authors[0].href, "https://dan.example.com/");
  EXPECT_EQ(d.authors[1].name, "Eve");
  EXPECT_EQ(item.author, "Dan");
  EXPECT_FALSE(d.author_inherited);
  ASSERT_TRUE(d.published);
  EXPECT_EQ(d.published->text, "2024-03-09T10:00:00+01:00");
  EXPECT_EQ(d.published->instant, 1709974800);
  ASSERT_TRUE(d.updated);
  EXPECT_EQ(d.updated->instant, 1709987400);
  EXPECT_EQ(item.published, 1709974800);
  ASSERT_EQ(d.tags.size(), 1u);
  EXPECT_EQ(d.tags[0].term, "physics");
  EXPECT_EQ(d.tags[0].scheme, "");
  EXPECT_EQ(item.categories, std::vector<std::string>{"physics"});
}

TEST_F(AtomDetails10Test, EntryWithoutAuthorInheritsForStorageOnly) {
  // The stored author is the feed's (RFC 4287 section 4.2.1); the detail
  // model says the entry named none.
  const FeedItem& second = feed_.items[1];
  EXPECT_EQ(second.author, "Ada Writer");
  EXPECT_TRUE(second.details.authors.empty());
  EXPECT_TRUE(second.details.author_inherited);
  // The source's author comes before the feed's.
  const FeedItem& third = feed_.items[2];
  EXPECT_EQ(third.author, "Source Author");
  EXPECT_TRUE(third.details.author_inherited);
  // An entry without <published> keeps no published date in the model.
  EXPECT_FALSE(second.details.published);
  ASSERT_TRUE(second.details.updated);
}

TEST_F(AtomDetails10Test, SourceIsTheOriginalFeedsMetadata) {
  const EntryDetails& d = feed_.items[0].details;
  ASSERT_TRUE(d.source);
  const FeedMetadata& s = *d.source;
  EXPECT_EQ(s.id, "tag:wire.example.com,2024:feed");
  ASSERT_TRUE(s.title);
  EXPECT_EQ(s.title->type, "text/html");
  EXPECT_EQ(s.title->value, "Wire &amp; more");
  ASSERT_TRUE(s.subtitle);
  EXPECT_EQ(s.subtitle->value, "From the wire");
  ASSERT_TRUE(s.rights);
  EXPECT_EQ(s.rights->value, "Copyright Wire");
  ASSERT_EQ(s.links.size(), 1u);
  EXPECT_EQ(s.links[0].href, "https://wire.example.com/");
  ASSERT_EQ(s.authors.size(), 1u);
  EXPECT_EQ(s.authors[0].name, "Wire Desk");
  ASSERT_EQ(s.tags.size(), 1u);
  EXPECT_EQ(s.tags[0].term, "wire");
  ASSERT_TRUE(s.updated);
  EXPECT_EQ(s.updated->text, "2024-03-08T00:00:00Z");
  ASSERT_TRUE(s.generator);
  EXPECT_EQ(s.generator->name, "WireGen");
  EXPECT_EQ(s.generator->href, "");
  ASSERT_TRUE(s.icon);
  EXPECT_EQ(s.icon->href, "https://wire.example.com/icon.png");
  ASSERT_TRUE(s.logo);
  EXPECT_EQ(s.logo->href, "https://wire.example.com/logo.png");
  // The source's metadata is not the feed's.
  EXPECT_EQ(feed_.metadata.tags.size(), 1u);
  EXPECT_EQ(feed_.metadata.tags[0].term, "science");
}

class AtomDetails03Test : public ::testing::Test {
 protected:
  void SetUp() override {
    feed_ = parse_feed(test_support::feeds_fixture("atom_details_03.xml"), "");
    ASSERT_EQ(feed_.items.size(), 1u);
  }
  ParsedFeed feed_;
};

TEST_F(AtomDetails03Test, FeedDatesUnderAtom03Names) {
  const FeedMetadata& m = feed_.metadata;
  ASSERT_TRUE(m.updated);  // <modified>
  EXPECT_EQ(m.updated->text, "2004-01-02T03:04:05Z");
  EXPECT_EQ(m.updated->instant, 1073012645);
  ASSERT_TRUE(m.published);  // <issued>
  EXPECT_EQ(m.published->instant, 1072915200);
  ASSERT_TRUE(m.created);
  EXPECT_EQ(m.created->instant, 1072911600);
}

TEST_F(AtomDetails03Test, PeopleUrlAndHomepageAndGeneratorUrl) {
  const FeedMetadata& m = feed_.metadata;
  ASSERT_EQ(m.authors.size(), 1u);
  EXPECT_EQ(m.authors[0].name, "Frank");
  EXPECT_EQ(m.authors[0].href, "http://old.example.com/blog/about.html");
  ASSERT_EQ(m.contributors.size(), 1u);
  EXPECT_EQ(m.contributors[0].href, "http://gina.example.com/");
  ASSERT_TRUE(m.generator);
  EXPECT_EQ(m.generator->name, "Movable Type");
  EXPECT_EQ(m.generator->href, "http://mt.example.com/");
  EXPECT_EQ(m.generator->version, "2.66");
}

TEST_F(AtomDetails03Test, EntryDatesLastValueWinsAndLinksFromText) {
  const FeedItem& item = feed_.items[0];
  const EntryDetails& d = item.details;
  ASSERT_TRUE(d.published);  // <issued>
  EXPECT_EQ(d.published->text, "2004-01-01T12:00:00-05:00");
  EXPECT_EQ(d.published->instant, 1072976400);
  ASSERT_TRUE(d.updated);  // the last <modified>
  EXPECT_EQ(d.updated->instant, 1073088000);
  ASSERT_TRUE(d.created);
  EXPECT_EQ(d.created->instant, 1072972800);
  // Pre-1.0 links with the URL as their text.
  ASSERT_EQ(d.links.size(), 2u);
  EXPECT_EQ(d.links[0].href, "http://old.example.com/blog/archives/1.html");
  EXPECT_EQ(d.links[1].rel, "enclosure");
  EXPECT_EQ(d.links[1].href, "http://old.example.com/blog/archives/1.pdf");
  EXPECT_EQ(item.url, "http://old.example.com/blog/archives/1.html");
}

}  // namespace
}  // namespace gazette
