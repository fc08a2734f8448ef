#include "feeds/opml.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

constexpr const char* kOpml = R"(<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="News &amp; Politics">
      <outline text="World" title="World">
        <outline type="rss" text="Le Monde — International" xmlUrl="https://www.lemonde.fr/international/rss_full.xml"/>
      </outline>
      <outline type="rss" text="&quot;Quoted&quot; Times" xmlUrl="https://quoted.example/feed?a=1&amp;b=2" category="/Daily,Print"/>
    </outline>
    <outline type="rss" text="no url"/>
    <outline type="rss" text="ftp" xmlUrl="ftp://files.example/feed"/>
    <outline type="link" text="Front page" url="https://news.example/"/>
    <outline type="rss" text="https://bare.example/feed" xmlUrl="https://bare.example/feed"/>
  </body>
</opml>
)";

TEST(Opml, NestedFoldersBecomeTagsAndBadEntriesAreReportedWithTheirLine) {
  OpmlDocument doc = parse_opml(kOpml);
  ASSERT_EQ(doc.outlines.size(), 4u);
  EXPECT_EQ(doc.outlines[0].url, "https://www.lemonde.fr/international/rss_full.xml");
  EXPECT_EQ(doc.outlines[0].title, "Le Monde — International");
  EXPECT_EQ(doc.outlines[0].tags, (std::vector<std::string>{"News & Politics", "World"}));
  EXPECT_EQ(doc.outlines[0].line, 7);
  EXPECT_EQ(doc.outlines[1].url, "https://quoted.example/feed?a=1&b=2");
  EXPECT_EQ(doc.outlines[1].title, "\"Quoted\" Times");
  EXPECT_EQ(doc.outlines[1].tags, (std::vector<std::string>{"News & Politics", "Daily", "Print"}));
  EXPECT_TRUE(doc.outlines[2].page);
  EXPECT_EQ(doc.outlines[3].title, "");  // only the URL: no title
  ASSERT_EQ(doc.problems.size(), 2u);
  EXPECT_EQ(doc.problems[0].line, 11);
  EXPECT_NE(doc.problems[0].message.find("no xmlUrl"), std::string::npos);
  EXPECT_EQ(doc.problems[1].line, 12);
  EXPECT_NE(doc.problems[1].message.find("ftp://files.example/feed"), std::string::npos);
}

TEST(Opml, WrittenOpmlReadsBackTheSame) {
  OpmlDocument doc = parse_opml(kOpml);
  OpmlDocument again = parse_opml(write_opml(doc.outlines, "Gazette sources"));
  ASSERT_EQ(again.outlines.size(), doc.outlines.size());
  EXPECT_TRUE(again.problems.empty());
  for (std::size_t i = 0; i < doc.outlines.size(); ++i) {
    EXPECT_EQ(again.outlines[i].url, doc.outlines[i].url);
    EXPECT_EQ(again.outlines[i].title, doc.outlines[i].title);
    EXPECT_EQ(again.outlines[i].tags, doc.outlines[i].tags);
    EXPECT_EQ(again.outlines[i].page, doc.outlines[i].page);
  }
}

TEST(Opml, NotOpmlIsAnErrorWithALine) {
  try {
    parse_opml("<opml>\n<body>\n<outline></body>");
    FAIL() << "expected OpmlError";
  } catch (const OpmlError& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_opml("<rss/>"), OpmlError);
}

// Found by fuzz/opml_fuzz.cc: pugixml copied bytes of other encodings as
// they were, so titles were not UTF-8.
TEST(Opml, LegacyEncodingsAreDecoded) {
  OpmlDocument doc = parse_opml(
      "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<opml version=\"2.0\"><body>\n"
      "<outline text=\"\xCD\xEE\xE2\xEE\xF1\xF2\xE8 &#xD800;\" xmlUrl=\"https://e.org/f\"/>"
      "</body></opml>");
  ASSERT_EQ(doc.outlines.size(), 1u);
  EXPECT_EQ(doc.outlines[0].title, "\u041D\u043E\u0432\u043E\u0441\u0442\u0438 \uFFFD");
  EXPECT_EQ(doc.outlines[0].line, 3);
}

}  // namespace
}  // namespace gazette
