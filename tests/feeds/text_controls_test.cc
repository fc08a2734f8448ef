// Issue 10, item 7: control characters are removed on the way in and
// escaped on the way out to a terminal.
#include "feeds/text_controls.h"

#include <gtest/gtest.h>

#include "feeds/feed_parser.h"
#include "feeds/normalize.h"

namespace gazette {
namespace {

TEST(RemoveControls, OneLineTextLosesEveryControl) {
  std::string title =
      "Hi\x1b]0;owned\x07 there\x7f\t\n\r \xc2\x9b"
      "2J!";
  remove_controls(title, LineBreaks::remove);
  EXPECT_EQ(title, "Hi]0;owned there 2J!");
}

TEST(RemoveControls, MultiLineTextKeepsItsBreaks) {
  std::string text(
      "one\ttwo\r\nthree\x1b[31m\0"
      "four\xc2\x85\0"
      "five",
      31);
  remove_controls(text, LineBreaks::keep);
  EXPECT_EQ(text, "one\ttwo\r\nthree[31mfourfive");
}

TEST(RemoveControls, PrintableTextIsUntouched) {
  std::string text = "Crème brûlée — 東京 \xe2\x80\xae stays (bidi)";
  std::string before = text;
  remove_controls(text, LineBreaks::remove);
  EXPECT_EQ(text, before);
}

TEST(EscapeForTerminal, ControlsBidiAndBadBytesBecomeVisible) {
  EXPECT_EQ(escape_for_terminal("a\x1b[2Jb\x07"), "a\\x1B[2Jb\\x07");
  EXPECT_EQ(escape_for_terminal("line\nforged"), "line\\x0Aforged");
  EXPECT_EQ(escape_for_terminal("line\nkept\ttab", LineBreaks::keep), "line\nkept\ttab");
  EXPECT_EQ(escape_for_terminal("shown\rhidden", LineBreaks::keep), "shown\\x0Dhidden");
  EXPECT_EQ(escape_for_terminal("x\xc2\x9by"), "x\\u009By");
  EXPECT_EQ(escape_for_terminal("evil\xe2\x80\xaegnp.exe"), "evil\\u202Egnp.exe");
  EXPECT_EQ(escape_for_terminal("iso\xe2\x81\xa6x"), "iso\\u2066x");
  EXPECT_EQ(escape_for_terminal("bad\xff\xc3"), "bad\\xFF\\xC3");
  EXPECT_EQ(escape_for_terminal("del\x7f"), "del\\x7F");
  EXPECT_EQ(escape_for_terminal("Crème — 東京\t"), "Crème — 東京\t");
}

TEST(RemoveControls, FeedTitlesAndBodiesAreStoredWithoutThem) {
  // Both raw and as character references, in RSS.
  std::string xml =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item>"
      "<title>Breaking\x1b]2;pwned\x07 news&#27;[2J&#x9b;</title>"
      "<link>https://a.example/1</link><author>Ann\x1b[8m</author>"
      "<description>&lt;p&gt;First&#27;[31m para&lt;/p&gt;&lt;p&gt;Second&#127;&lt;/p&gt;"
      "</description></item></channel></rss>";
  ParsedFeed feed = parse_feed(xml, "https://a.example/feed");
  ASSERT_EQ(feed.items.size(), 1u);
  FeedItem item = feed.items[0];
  normalize_item(item, "https://a.example/feed", 1762000000);
  for (const std::string* field : {&item.title, &item.author, &item.summary_html,
                                   &item.summary_text, &item.content_text, &item.content_html})
    for (unsigned char c : *field) EXPECT_FALSE(c < 0x20 && c != '\n' && c != '\t') << *field;
  // &#x9b; is U+203A by HTML5's table for C1 references, not a CSI.
  EXPECT_EQ(item.title, "Breaking]2;pwned news[2J\u203A");
  EXPECT_EQ(item.author, "Ann[8m");
  EXPECT_NE(item.content_text.find('\n'), std::string::npos) << "paragraphs keep their breaks";
  EXPECT_EQ(item.content_text.find('\x7f'), std::string::npos);
}

TEST(RemoveControls, DocumentTitlesAsStored) {
  EXPECT_EQ(one_line("  Site\x1b]0;x\x07\n  name\xc2\x9b "), "Site]0;x name");
}

}  // namespace
}  // namespace gazette
