// The pugixml fast path for HTML fragments: what it takes, what it leaves to
// gumbo, and that what it takes comes out as the same tree gumbo builds.
#include "feeds/html_as_xml.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/html_document.h"

namespace gazette {
namespace {

std::string serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

TEST(HtmlAsXml, TakesPlainXhtmlAndBuildsGumbosTree) {
  const char* fragments[] = {
      "<p>One <em>two</em> &amp; three&#8217;s &#x2014; &lt;four&gt;</p>\n<p>five</p>",
      "  \n<p class=\"x\" data-a='1'>leading space dropped, trailing kept</p>  ",
      "plain text with <a href=\"/x?a=1&amp;b=2\">a link</a> and more",
      "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
      "<ol>\n  <li><p>item paragraph</p></li>\n</ol>",
      "<div><img src=\"a.png\" alt=\"\"/><br/>x<hr/></div>",
      "<b><p>bold paragraph</p></b>",
      "<a href=\"x\"><div>block in a link</div></a>",
      "<dl><dt>term</dt><dd>definition <dl><dt>nested</dt></dl></dd></dl>",
      "<pre>  code\n  more</pre>",
      "<h2><span>heading</span></h2><h3>next</h3>",
      "<p title=\"tab\tand\nnewline\">attribute whitespace kept</p>",
      "<blockquote><p>quote</p><footer><cite>who</cite></footer></blockquote>",
      "<figure><img src=\"i.jpg\"/><figcaption>caption</figcaption></figure>",
      "Ünïcödé — 中文 😀",
      "",
      "   ",
  };
  for (const char* f : fragments) {
    std::optional<pugi::xml_document> fast = parse_html_as_xml(f);
    ASSERT_TRUE(fast) << f;
    EXPECT_EQ(serialize(*fast), serialize(parse_html(f))) << f;
  }
}

TEST(HtmlAsXml, LeavesEverythingOutsideItsSubsetToGumbo) {
  const char* fragments[] = {
      "<p>a<p>b",                                            // not XML
      "<p>a<div>b</div></p>",                                // <div> closes the <p>
      "<p><span><ul><li>x</li></ul></span></p>",             // so does <ul>, deeper down
      "<a href=\"x\"><span><a href=\"y\">z</a></span></a>",  // <a> closes the open <a>
      "<ul><li>a<div><li>b</li></div></li></ul>",            // <li> closes the open <li>
      "<dl><dd>a<div><dt>b</dt></div></dd></dl>",            // <dt> closes the open <dd>
      "<h2><h3>x</h3></h2>",                                 // a heading closes a heading
      "<pre>\nx</pre>",                                      // first newline dropped
      "<pre>&#10;x</pre>",                                   // even as a reference
      "<p/>after",                                           // the slash is ignored
      "<div />after",                                        //
      "<br></br>",                                           // </br> is a second <br>
      "a &nbsp; b",                                          // HTML entities
      "AT&T",                                                //
      "&#150;",                                              // windows-1252 in HTML
      "&#0;",                                                //
      "&#X41;",                                              // pugixml: lower-case x only
      "<!-- comment --><p>x</p>",                            //
      "<![CDATA[x]]>",                                       //
      "<?pi x?>",                                            //
      "<P>upper case</P>",                                   //
      "<p CLASS=\"a\">upper-case attribute</p>",             //
      "<p a=\"1\" a=\"2\">duplicate attribute</p>",          // HTML keeps the first
      "<p xml:lang=\"en\">prefixed attribute</p>",           //
      "<p title=\"&lt;b&gt;\">markup in an attribute</p>",   // keeps the /> check simple
      "<table><tr><td>x</td></tr></table>",                  // implied tbody
      "<script>x</script>",                                  //
      "<custom-el>x</custom-el>",                            //
      "<svg><circle r=\"1\"/></svg>",                        // foreign content
      "bad \xff utf-8",                                      // gumbo replaces it
      "surrogate \xed\xa0\x80",                              //
      "\xef\xbb\xbf"
      "byte order mark",                                  //
      "control \x01 character",                           //
      "c1 \xc2\x85 control",                              //
      "</body></html><html><head></head><body><p>x</p>",  // escaping the frame
  };
  for (const char* f : fragments) EXPECT_FALSE(parse_html_as_xml(f)) << f;

  // An element with a great many attributes (the duplicate check is
  // quadratic) is left to gumbo too.
  std::string crowded = "<p";
  for (int i = 0; i < 100; ++i) crowded += " a" + std::to_string(i) + "=\"\"";
  crowded += ">x</p>";
  EXPECT_FALSE(parse_html_as_xml(crowded));
}

// Random tag soup from the pieces the fast path has rules for (and some it
// must refuse): whatever it takes must come out as gumbo's tree.
TEST(HtmlAsXml, AgreesWithGumboOnRandomFragments) {
  const char* names[] = {"p",  "div",   "span", "a",  "b",       "em",  "ul",         "ol", "li",
                         "dl", "dd",    "dt",   "h2", "h3",      "pre", "blockquote", "br", "img",
                         "hr", "table", "td",   "i",  "section", "q",   "code"};
  const char* texts[] = {"text", " ",      "\n",   "a &amp; b",   "&#8217;",    "&lt;",
                         "x/>y", "&nbsp;", "\n  ", "caf\xc3\xa9", "<!-- c -->", "&#150;"};
  const char* attributes[] = {"",
                              " class=\"c\"",
                              " href='/x?a=1&amp;b=2'",
                              " title=\"t\n\"",
                              " id=\"a\" id=\"b\"",
                              " data-x=\"&lt;\""};
  std::mt19937 random(20261129);
  auto pick = [&](auto& array) { return array[random() % (sizeof(array) / sizeof(array[0]))]; };
  int taken = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string html;
    std::vector<std::string> open;
    int steps = 1 + static_cast<int>(random() % 12);
    for (int step = 0; step < steps; ++step) {
      switch (random() % 5) {
        case 0:
        case 1: {
          std::string name = pick(names);
          html += "<" + name + pick(attributes);
          if (random() % 6 == 0) {
            html += "/>";  // self-closing: void elements only in HTML
          } else {
            html += ">";
            open.push_back(name);
          }
          break;
        }
        case 2:
          if (!open.empty()) {
            html += "</" + open.back() + ">";
            open.pop_back();
          }
          break;
        default:
          html += pick(texts);
      }
    }
    while (!open.empty() && random() % 8 != 0) {  // now and then left open
      html += "</" + open.back() + ">";
      open.pop_back();
    }
    std::optional<pugi::xml_document> fast = parse_html_as_xml(html);
    if (!fast) continue;
    ++taken;
    ASSERT_EQ(serialize(*fast), serialize(parse_html(html))) << html;
  }
  EXPECT_GT(taken, 2000);  // the generator reaches the fast path often enough
}

TEST(HtmlAsXml, FragmentParsingGivesTheSameTreeEitherWay) {
  // parse_html_fragment takes the fast path when it can: the result is the
  // same document gumbo gives.
  const char* fragments[] = {"<p>fast &amp; plain</p>", "<p>slow &nbsp; path<p>implied end"};
  for (const char* f : fragments)
    EXPECT_EQ(serialize(parse_html_fragment(f)), serialize(parse_html(f))) << f;
}

}  // namespace
}  // namespace gazette
