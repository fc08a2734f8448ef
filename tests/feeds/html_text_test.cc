#include "feeds/html_text.h"

#include <gtest/gtest.h>

#include "feeds/html_document.h"

namespace gazette {
namespace {

TEST(HtmlToText, BlocksAreSeparatedByBlankLines) {
  EXPECT_EQ(html_to_text("<h2>Title</h2><p>First   para\n graph.</p><p>Second.</p>"
                         "<ul><li>one</li><li>two</li></ul><div>tail</div>"),
            "Title\n\nFirst para graph.\n\nSecond.\n\none\n\ntwo\n\ntail");
}

TEST(HtmlToText, NestedBlocksProduceOneSeparator) {
  EXPECT_EQ(html_to_text("<div><div><p>a</p></div></div><div><p>b</p></div>"), "a\n\nb");
  EXPECT_EQ(html_to_text("loose <b>text</b><p>para</p>after"), "loose text\n\npara\n\nafter");
}

TEST(HtmlToText, InlineElementsDoNotBreak) {
  EXPECT_EQ(html_to_text("<p>a<em>b</em> <a href=x>c</a>d</p>"), "ab cd");
}

TEST(HtmlToText, LineBreaksInsideABlock) {
  EXPECT_EQ(html_to_text("<p>line one<br>line two<br/> line three</p>"),
            "line one\nline two\nline three");
}

TEST(HtmlToText, ScriptsStylesAndTemplatesAreDropped) {
  EXPECT_EQ(html_to_text("<p>keep</p><script>var x = 1;</script><style>p{}</style>"
                         "<template><p>t</p></template><noscript>enable js</noscript><p>this</p>"),
            "keep\n\nthis");
}

TEST(HtmlToText, EntitiesDecodedAndNbspCollapsed) {
  EXPECT_EQ(html_to_text("<p>caf&eacute;&nbsp;&nbsp;&amp; &lt;tag&gt; &rsquo;</p>"),
            "caf\u00e9 & <tag> \u2019");
}

TEST(HtmlToText, PlainTextPassesThroughTrimmed) {
  EXPECT_EQ(html_to_text("  just\n\ttext  "), "just text");
  EXPECT_EQ(html_to_text(""), "");
}

TEST(NodeText, WorksOnASubtree) {
  pugi::xml_document doc = parse_html(
      "<body><nav>menu</nav><article><h1>H</h1><p>p1</p>"
      "<p>p2</p></article></body>");
  pugi::xml_node article = doc.child("html").child("body").child("article");
  ASSERT_TRUE(article);
  EXPECT_EQ(node_text(article), "H\n\np1\n\np2");
}

TEST(NodeText, DeepNestingDoesNotOverflow) {
  // Text within the nesting cap is kept; what lies deeper than the cap is
  // cut (feeds/html_limits.h), and nothing overflows the stack.
  std::string html;
  for (int i = 0; i < 100; ++i) html += "<span>";
  html += "deep";
  for (int i = 0; i < 5000; ++i) html += "<span>";
  html += "deeper";
  EXPECT_EQ(html_to_text(html), "deep");
}

TEST(InlineText, CollapsesBlocksToSpaces) {
  pugi::xml_document doc = parse_html("<body><div><p>one</p><p>two</p>three</div></body>");
  EXPECT_EQ(inline_text(doc.child("html").child("body")), "one two three");
}

TEST(CollapseWhitespace, TrimsAndCollapses) {
  EXPECT_EQ(collapse_whitespace(" \t a \n\n b \u00a0 c "), "a b c");
}

}  // namespace
}  // namespace gazette
