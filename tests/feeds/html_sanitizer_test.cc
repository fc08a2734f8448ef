#include "feeds/html_sanitizer.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

constexpr std::string_view kBase = "https://news.example/2025/11/story/";

TEST(SanitizeHtml, ScriptsAndActiveContentGoWithTheirContent) {
  EXPECT_EQ(sanitize_html("<p>a<script>alert(1)</script>b</p><style>p{color:red}</style>"
                          "<iframe src=\"https://evil.example/\">x</iframe>"
                          "<form action=\"/f\"><input name=q><button>go</button></form>"
                          "<object data=\"x.swf\"><embed src=\"x.swf\"></object><p>c</p>",
                          kBase),
            "<p>ab</p><p>c</p>");
}

TEST(SanitizeHtml, JavascriptAndDataUrlsAreRemoved) {
  EXPECT_EQ(sanitize_html("<a href=\"javascript:alert(1)\">x</a>"
                          "<a href=\" JaVaScRiPt:alert(1)\">y</a>"
                          "<a href=\"java&#x09;script:alert(1)\">z</a>"
                          "<img src=\"data:image/png;base64,AAAA\" alt=\"d\">",
                          kBase),
            "<a>x</a><a>y</a><a>z</a>");
}

TEST(SanitizeHtml, EventHandlersStyleAndUnknownAttributesAreDropped) {
  EXPECT_EQ(sanitize_html("<p onclick=\"steal()\" style=\"position:fixed\" class=\"x\" id=\"y\" "
                          "title=\"kept\">t</p><img src=\"a.png\" onerror=\"x()\" alt=\"A\">",
                          kBase),
            "<p title=\"kept\">t</p><img src=\"https://news.example/2025/11/story/a.png\" "
            "alt=\"A\">");
}

TEST(SanitizeHtml, RelativeUrlsBecomeAbsolute) {
  EXPECT_EQ(sanitize_html("<a href=\"/about\">a</a><a href=\"../other\">b</a>"
                          "<a href=\"mailto:desk@news.example\">m</a><a href=\"#top\">t</a>",
                          kBase),
            "<a href=\"https://news.example/about\" rel=\"noopener noreferrer\">a</a>"
            "<a href=\"https://news.example/2025/11/other\" rel=\"noopener noreferrer\">b</a>"
            "<a href=\"mailto:desk@news.example\" rel=\"noopener noreferrer\">m</a>"
            "<a href=\"https://news.example/2025/11/story/#top\" rel=\"noopener "
            "noreferrer\">t</a>");
}

TEST(SanitizeHtml, SrcsetAndLazyImages) {
  EXPECT_EQ(sanitize_html("<img src=\"data:image/gif;base64,R0lG\" data-src=\"/real.jpg\" "
                          "srcset=\"s.jpg 480w, javascript:x 800w, /l.jpg 1024w\">",
                          kBase),
            "<img src=\"https://news.example/real.jpg\" "
            "srcset=\"https://news.example/2025/11/story/s.jpg 480w, https://news.example/l.jpg "
            "1024w\">");
}

TEST(SanitizeHtml, EscapesTextAndAttributes) {
  EXPECT_EQ(sanitize_html("<p title='say \"hi\" &amp; <bye>'>1 &lt; 2 &amp; 3 &gt; 2</p>", kBase),
            "<p title=\"say &quot;hi&quot; &amp; &lt;bye&gt;\">1 &lt; 2 &amp; 3 &gt; 2</p>");
}

TEST(SanitizeHtml, UnknownWrappersKeepTheirContentVoidElementsHaveNoEndTag) {
  EXPECT_EQ(sanitize_html("<font color=red><center>a<br>b</center></font><hr>"
                          "<table><tr><td colspan=\"2\" width=\"9\">c</td></tr></table>",
                          kBase),
            "a<br>b<hr><table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>");
}

TEST(SanitizeHtml, IsIdempotent) {
  std::string once = sanitize_html(
      "<p>x <a href=\"/a?b=1&amp;c=2\">l</a> <img src=\"i.png\" alt=\"&quot;\"></p>", kBase);
  EXPECT_EQ(sanitize_html(once, kBase), once);
}

TEST(SanitizeHtml, PlainTextIsEscaped) {
  EXPECT_EQ(sanitize_html("Tom > Jerry", kBase), "Tom &gt; Jerry");
}

// The published form (a feed's own value, as `gazette parse` prints it)
// removes exactly what the stored form removes; only harmless spelling
// differs.
std::string published(std::string_view html, std::string_view base = kBase) {
  return sanitize_html(html, base, HtmlForm::published);
}

TEST(SanitizeHtmlPublished, KeepsTheAuthorsCharacterReferences) {
  EXPECT_EQ(published("<b>&#38; &#x26; &amp; &eacute;</b> a & b"),
            "<b>&#38; &#x26; &amp; &eacute;</b> a &amp; b");
  EXPECT_EQ(published("<a title=\"&#38;&quot;\">x</a>"), "<a title=\"&#38;&quot;\">x</a>");
  EXPECT_EQ(published("<code>&lt;br /></code>"), "<code>&lt;br /></code>");
  EXPECT_EQ(published("<code>a < b</code>"), "<code>a &lt; b</code>");
  // A reference HTML decodes only by its legacy rules is written decoded.
  EXPECT_EQ(published("<p>&copy 2025</p>"), "<p>\u00a9 2025</p>");
}

TEST(SanitizeHtmlPublished, RemovesWhatTheStoredFormRemoves) {
  EXPECT_EQ(published("<p onclick=\"x()\">a<script>alert(1)</script>b</p>"
                      "<a href=\"javascript:alert(1)\">j</a><a href=\"java&#x09;script:x\">k</a>"
                      "<img src=\"data:image/png;base64,AAAA\"><embed src=\"x.swf\">"),
            "<p>ab</p><a href=\"\">j</a><a href=\"\">k</a>");
}

TEST(SanitizeHtmlPublished, ActiveContentGoesItsFallbackTextStays) {
  EXPECT_EQ(published("safe<object classid=\"clsid:x\"> <b>text</b></object>"), "safe <b>text</b>");
  EXPECT_EQ(published("safe<applet code=\"a.class\"></applet> text"), "safe text");
  // An iframe's content is raw text to HTML: read as HTML again, and made
  // safe like the rest.
  EXPECT_EQ(published("safe<iframe src=\"https://evil.example/\"> <b>x</b>"
                      "<script>alert(1)</script><img src=x onerror=alert(2)></iframe>"),
            "safe <b>x</b><img src=\"https://news.example/2025/11/story/x\" />");
  std::string nested = "x";
  for (int i = 0; i < 50; ++i) nested = "<iframe>" + nested + "</iframe>";
  EXPECT_EQ(published(nested).find("<iframe"), std::string::npos);
}

TEST(SanitizeHtmlPublished, StyleIsFilteredNotDropped) {
  EXPECT_EQ(published("<span style=\"color:red; position:fixed; background:url(x.png)\">t</span>"),
            "<span style=\"color: red;\">t</span>");
  EXPECT_EQ(published("<span style=\"width:expression(alert(1))\">t</span>"), "<span>t</span>");
}

TEST(SanitizeHtmlPublished, RelativeUrlsStayRelativeWithoutABase) {
  EXPECT_EQ(published("<a href=\"/about\">a</a><img src=\"i.png\">", ""),
            "<a href=\"/about\">a</a><img src=\"i.png\" />");
  EXPECT_EQ(published("<a href=\"/about\">a</a>"), "<a href=\"https://news.example/about\">a</a>");
}

TEST(SanitizeHtmlPublished, AttributesSortedAndVoidElementsClosed) {
  EXPECT_EQ(published("<img title=\"t\" alt=\"a\" src=\"i.png\"><br>"),
            "<img alt=\"a\" src=\"https://news.example/2025/11/story/i.png\" title=\"t\" /><br />");
}

TEST(SanitizeHtmlPublished, HarmlessPresentationStaysWhatActsGoes) {
  EXPECT_EQ(published("<font face=\"Arial\" color=\"red\">f</font><center>c</center>"
                      "<table border=\"1\" cellpadding=\"2\"><tr><td align=\"left\" "
                      "onmouseover=\"x()\">t</td></tr></table>"),
            "<font color=\"red\" face=\"Arial\">f</font><center>c</center>"
            "<table border=\"1\" cellpadding=\"2\"><tbody><tr><td align=\"left\">t</td></tr>"
            "</tbody></table>");
  EXPECT_EQ(
      published("<a href=\"https://a.example/\" target=\"_blank\" ping=\"https://t.example/\" "
                "class=\"c\" contenteditable=\"true\">a</a>"),
      "<a class=\"c\" href=\"https://a.example/\">a</a>");
  EXPECT_EQ(published("<span background=\"javascript:alert(1)\" lowsrc=\"x.png\">s</span>"),
            "<span background=\"\" lowsrc=\"https://news.example/2025/11/story/x.png\">s</span>");
  // Forms stay out in both forms.
  EXPECT_EQ(published("<form action=\"https://evil.example/\"><input name=\"pw\"></form>x"), "x");
}

}  // namespace
}  // namespace gazette
