#include "feeds/text_construct.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>

namespace gazette {
namespace {

// The first element named `name` in `doc` (qualified name as written).
pugi::xml_node find(const pugi::xml_document& doc, const char* name) {
  return doc.find_node([&](pugi::xml_node n) { return std::string(n.name()) == name; });
}

void load(pugi::xml_document& doc, const std::string& xml) {
  ASSERT_TRUE(doc.load_string(xml.c_str()));
}

const std::string kAtom10 = "<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='fr' ";

TEST(AtomText, TypesMapToMediaTypes) {
  pugi::xml_document doc;
  load(doc, kAtom10 + R"x(xml:base='https://site.example/blog/'>
    <title>Fish &amp; Chips &lt;b&gt;</title>
    <subtitle type="html">&lt;p&gt;Fish &amp;amp; &lt;a href="/x"&gt;chips&lt;/a&gt;&lt;/p&gt;</subtitle>
    <rights type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">&#169; <b>us</b></div></rights>
  </feed>)x");
  DocumentScope scope{"https://fetched.example/feed", ""};
  TextConstruct title = atom_text(find(doc, "title"), scope);
  EXPECT_EQ(title.type, "text/plain");
  EXPECT_EQ(title.value, "Fish & Chips <b>");  // plain text: not markup, not sanitized
  EXPECT_EQ(title.language, "fr");
  EXPECT_EQ(title.base, "https://site.example/blog/");
  TextConstruct subtitle = atom_text(find(doc, "subtitle"), scope);
  EXPECT_EQ(subtitle.type, "text/html");
  // As published; made safe, its URLs resolved, where it is shown.
  EXPECT_EQ(subtitle.value, "<p>Fish &amp; <a href=\"/x\">chips</a></p>");
  EXPECT_EQ(readable_value(subtitle),
            "<p>Fish &amp; <a href=\"https://site.example/x\">chips</a></p>");
  TextConstruct rights = atom_text(find(doc, "rights"), scope);
  EXPECT_EQ(rights.type, "application/xhtml+xml");
  EXPECT_EQ(readable_value(rights), "\u00a9 <b>us</b>");  // the wrapping div is not part of it
}

TEST(AtomText, Atom03ModesAndTheDivOfItsXhtmlStays) {
  pugi::xml_document doc;
  load(doc, R"x(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
    <title mode="escaped" type="text/html">&lt;i&gt;a&lt;/i&gt;&lt;script&gt;x()&lt;/script&gt;</title>
    <tagline mode="base64">PGI+aGk8L2I+</tagline>
    <info type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">i</div></info>
    <copyright>c <b>naked</b></copyright>
  </feed>)x");
  DocumentScope scope{};
  TextConstruct title = atom_text(find(doc, "title"), scope);
  EXPECT_EQ(title.type, "text/html");
  EXPECT_EQ(readable_value(title), "<i>a</i>");
  TextConstruct tagline = atom_text(find(doc, "tagline"), scope);
  EXPECT_EQ(tagline.type, "text/plain");
  EXPECT_EQ(tagline.value, "<b>hi</b>");  // decoded; text/plain is not markup
  EXPECT_EQ(readable_value(tagline), "<b>hi</b>");
  EXPECT_EQ(readable_value(atom_text(find(doc, "info"), scope)), "<div>i</div>");
  TextConstruct copyright = atom_text(find(doc, "copyright"), scope);
  EXPECT_EQ(copyright.type, "application/xhtml+xml");
  EXPECT_EQ(copyright.value, "c <b>naked</b>");
  EXPECT_EQ(copyright.base, "");
  EXPECT_EQ(copyright.language, "");
}

TEST(AtomText, LanguageAndBaseInForce) {
  pugi::xml_document doc;
  load(doc, kAtom10 + R"x(xml:base="http://a.example/one/">
    <entry xml:lang="en_GB" xml:base="two/">
      <title xml:base="javascript:alert(1)">t</title>
      <summary xml:lang="">s</summary>
      <content src="media/clip.mp4" type="video/mp4"/>
    </entry>
  </feed>)x");
  DocumentScope scope{"http://fetched.example/", "de"};
  TextConstruct title = atom_text(find(doc, "title"), scope);
  EXPECT_EQ(title.language, "en-GB");
  EXPECT_EQ(title.base, "http://a.example/one/two/");  // the javascript: base is ignored
  EXPECT_EQ(atom_text(find(doc, "summary"), scope).language, "");
  TextConstruct content = atom_text(find(doc, "content"), scope);
  EXPECT_EQ(content.src, "http://a.example/one/two/media/clip.mp4");
  EXPECT_EQ(content.type, "video/mp4");
  EXPECT_EQ(content.value, "");
  pugi::xml_document plain;
  load(plain, "<feed><title>x</title></feed>");
  EXPECT_EQ(atom_text(find(plain, "title"), scope).language, "de");  // Content-Language
  EXPECT_EQ(atom_text(find(plain, "title"), scope).base, "http://fetched.example/");
}

TEST(AtomText, FeedTextsFirstOfEachWins) {
  pugi::xml_document doc;
  load(doc, R"x(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
    <title>one</title><title>two</title><tagline>t</tagline><info>i</info><id>x</id>
  </feed>)x");
  FeedMetadata m;
  for (pugi::xml_node c = doc.first_child().first_child(); c; c = c.next_sibling())
    read_atom_feed_text(m, c, DocumentScope{});
  ASSERT_TRUE(m.title && m.subtitle && m.info);
  EXPECT_EQ(m.title->value, "one");
  EXPECT_EQ(m.subtitle->value, "t");
  EXPECT_FALSE(m.rights);
}

TEST(AtomText, PrefixedXhtmlIsWrittenByLocalNames) {
  pugi::xml_document doc;
  load(doc, kAtom10 + R"x(xmlns:h="http://www.w3.org/1999/xhtml">
    <content type="xhtml"><h:div><h:p>a <h:b>b</h:b></h:p><h:ul><h:li>c</h:li></h:ul><x:y xmlns:x="urn:x">d</x:y></h:div></content>
  </feed>)x");
  TextConstruct content = atom_text(find(doc, "content"), DocumentScope{});
  EXPECT_EQ(content.value, "<p>a <b>b</b></p><ul><li>c</li></ul><x:y xmlns:x=\"urn:x\">d</x:y>");
  EXPECT_EQ(readable_value(content), "<p>a <b>b</b></p><ul><li>c</li></ul>d");
}

TEST(RssText, TitlesArePlainUnlessPlainlyHtml) {
  pugi::xml_document doc;
  load(doc, R"x(<rss><channel><item>
    <title>AT&amp;T &lt; 3 &gt; 2</title>
    <dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">Caf&amp;eacute; &lt;em&gt;now&lt;/em&gt;</dc:title>
    <media:title xmlns:media="http://search.yahoo.com/mrss/">&lt;blink&gt;not html&lt;/blink&gt;</media:title>
    <description>&lt;p onclick="x()"&gt;Hi &lt;a href="a.html"&gt;there&lt;/a&gt;&lt;/p&gt;</description>
    <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><p>naked</p></content:encoded>
  </item></channel></rss>)x");
  DocumentScope scope{"http://feed.example/dir/rss.xml", ""};
  TextConstruct title = rss_text(find(doc, "title"), scope, "text/plain");
  EXPECT_EQ(title.type, "text/plain");
  EXPECT_EQ(title.value, "AT&T < 3 > 2");
  TextConstruct dc_title = rss_text(find(doc, "dc:title"), scope, "text/plain");
  EXPECT_EQ(dc_title.type, "text/html");
  EXPECT_EQ(dc_title.value, "Caf&eacute; <em>now</em>");
  // A closing tag, but of an element HTML does not have: text after all.
  EXPECT_EQ(rss_text(find(doc, "media:title"), scope, "text/plain").type, "text/plain");
  TextConstruct description = rss_text(find(doc, "description"), scope, "text/html");
  EXPECT_EQ(readable_value(description),
            "<p>Hi <a href=\"http://feed.example/dir/a.html\">there</a></p>");
  TextConstruct encoded = rss_text(find(doc, "content:encoded"), scope, "text/html");
  EXPECT_EQ(encoded.type, "application/xhtml+xml");
  EXPECT_EQ(encoded.value, "<p>naked</p>");
}

TEST(RssText, DoubleEncodedUtf8IsRepaired) {
  pugi::xml_document doc;
  load(doc, "<rss><channel><title>K\xc3\x83\xc2\xa4ltewelle</title></channel></rss>");
  EXPECT_EQ(rss_text(find(doc, "title"), DocumentScope{}, "text/plain").value, "K\xc3\xa4ltewelle");
}

}  // namespace
}  // namespace gazette
