// The Atom and RSS parsers fill the text constructs of the model
// (feeds/feed_details.h) while FeedItem's stored fields keep their meaning.
#include <gtest/gtest.h>

#include <string>

#include "feeds/feed_parser.h"
#include "feeds/text_construct.h"

namespace gazette {
namespace {

const char* kAtom = R"x(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
  <title type="html">Notes &amp;amp; &lt;em&gt;sketches&lt;/em&gt;</title>
  <subtitle xml:lang="nl">Dagboek</subtitle>
  <rights>CC BY</rights>
  <entry xml:base="posts/">
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Tom <b>&amp;</b> Jerry</div></title>
    <summary type="html">&lt;p&gt;See &lt;a href="two.html"&gt;part two&lt;/a&gt;&lt;script&gt;x()&lt;/script&gt;&lt;/p&gt;</summary>
    <content type="text">1 &lt; 2</content>
    <content type="audio/mpeg" src="one.mp3"/>
    <rights type="text">mine</rights>
  </entry>
  <entry><id>urn:x</id></entry>
</feed>)x";

TEST(TextConstructsInFeeds, Atom) {
  ParsedFeed feed = parse_feed(kAtom, "https://fetched.example/feed", {}, "en");
  ASSERT_TRUE(feed.metadata.title && feed.metadata.subtitle && feed.metadata.rights);
  EXPECT_EQ(feed.metadata.title->type, "text/html");
  EXPECT_EQ(readable_value(*feed.metadata.title), "Notes &amp; <em>sketches</em>");
  EXPECT_EQ(feed.title, "Notes & sketches");  // the stored title stays plain text
  EXPECT_EQ(feed.metadata.subtitle->language, "nl");
  EXPECT_EQ(feed.metadata.rights->language, "en");  // Content-Language
  EXPECT_EQ(feed.metadata.rights->base, "https://blog.example/");
  ASSERT_EQ(feed.items.size(), 2u);
  const EntryDetails& d = feed.items[0].details;
  EXPECT_TRUE(d.texts_read);
  ASSERT_TRUE(d.title && d.summary && d.rights);
  EXPECT_EQ(d.title->type, "application/xhtml+xml");
  EXPECT_EQ(readable_value(*d.title), "Tom <b>&amp;</b> Jerry");
  EXPECT_EQ(feed.items[0].title, "Tom & Jerry");
  EXPECT_EQ(d.summary->base, "https://blog.example/posts/");
  EXPECT_EQ(readable_value(*d.summary),
            "<p>See <a href=\"https://blog.example/posts/two.html\">part two</a></p>");
  ASSERT_EQ(d.content.size(), 2u);
  EXPECT_EQ(d.content[0].type, "text/plain");
  EXPECT_EQ(d.content[0].value, "1 < 2");
  EXPECT_EQ(d.content[1].src, "https://blog.example/posts/one.mp3");
  EXPECT_EQ(d.rights->value, "mine");
  // An entry without texts has none (not the stored fields' derived ones).
  const EntryDetails& bare = feed.items[1].details;
  EXPECT_TRUE(bare.texts_read);
  EXPECT_FALSE(bare.title || bare.summary || bare.rights);
  EXPECT_TRUE(bare.content.empty());
}

const char* kRss = R"x(<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:xhtml="http://www.w3.org/1999/xhtml">
<channel xml:lang="pt">
  <dc:title>Jornal</dc:title>
  <description>Not&#237;cias &lt;i&gt;do dia&lt;/i&gt;</description>
  <dc:rights>Todos os direitos</dc:rights>
  <item>
    <title>Ol&#225; &amp;amp; adeus</title>
    <description>&lt;p&gt;Resumo&lt;/p&gt;</description>
    <summary>Other summary</summary>
    <content:encoded><![CDATA[<p onclick="x()">Texto</p>]]></content:encoded>
    <xhtml:body><xhtml:p>Corpo</xhtml:p></xhtml:body>
    <dc:rights>Meu</dc:rights>
  </item>
</channel>
</rss>)x";

TEST(TextConstructsInFeeds, Rss) {
  ParsedFeed feed = parse_feed(kRss, "https://jornal.example/rss");
  ASSERT_TRUE(feed.metadata.title && feed.metadata.subtitle && feed.metadata.rights);
  EXPECT_EQ(feed.metadata.title->value, "Jornal");
  EXPECT_EQ(feed.metadata.title->language, "pt");
  EXPECT_EQ(feed.metadata.subtitle->type, "text/html");
  EXPECT_EQ(readable_value(*feed.metadata.subtitle), "Not\u00edcias <i>do dia</i>");
  EXPECT_EQ(feed.metadata.rights->value, "Todos os direitos");
  ASSERT_EQ(feed.items.size(), 1u);
  const FeedItem& item = feed.items[0];
  const EntryDetails& d = item.details;
  ASSERT_TRUE(d.title && d.summary && d.rights);
  // A character reference in a title is HTML: the title is text/html.
  EXPECT_EQ(d.title->type, "text/html");
  EXPECT_EQ(readable_value(*d.title), "Ol\u00e1 &amp; adeus");
  EXPECT_EQ(item.title, "Ol\u00e1 & adeus");
  EXPECT_EQ(readable_value(*d.summary), "<p>Resumo</p>");
  // The second summary-like element is more text, then the contents in order.
  ASSERT_EQ(d.content.size(), 3u);
  EXPECT_EQ(d.content[0].value, "Other summary");
  EXPECT_EQ(readable_value(d.content[1]), "<p>Texto</p>");
  EXPECT_EQ(d.content[2].type, "application/xhtml+xml");
  EXPECT_EQ(readable_value(d.content[2]), "<p>Corpo</p>");
  EXPECT_EQ(d.rights->value, "Meu");
  // The stored fields as before.
  EXPECT_EQ(item.summary_html, "<p>Resumo</p>");
}

}  // namespace
}  // namespace gazette
