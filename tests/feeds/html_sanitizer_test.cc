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

}  // namespace
}  // namespace gazette
