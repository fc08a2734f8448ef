// Hostile nesting (issue 10, item 1): every document parses, the DOM stays
// within its caps, and the parse is flagged with what was cut. No timing is
// asserted; the limits themselves are what keeps these fast.
#include <gtest/gtest.h>

#include <string>

#include "feeds/document_budget.h"
#include "feeds/feed_parser.h"
#include "feeds/html_document.h"
#include "feeds/html_limits.h"
#include "feeds/html_sanitizer.h"
#include "feeds/html_text.h"
#include "feeds/normalize.h"
#include "feeds/page_items.h"

namespace gazette {
namespace {

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

std::size_t dom_depth(pugi::xml_node root) {
  std::size_t deepest = 0;
  std::vector<std::pair<pugi::xml_node, std::size_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
      stack.push_back({c, depth + 1});
  }
  return deepest;
}

struct Hostile {
  const char* name;
  std::string html;
};

std::vector<Hostile> hostile_documents() {
  std::vector<Hostile> out;
  out.push_back({"unclosed x", repeat("<x>", 300'000)});
  out.push_back({"unclosed div", repeat("<div>", 300'000)});
  out.push_back({"b i", repeat("<b><i>", 100'000)});
  out.push_back({"self-closed div", repeat("<div/>", 300'000)});
  out.push_back({"span div span-end", repeat("<span><div></span>", 50'000)});
  out.push_back({"b div b-end", repeat("<b><div></b>", 50'000)});
  out.push_back({"div table div-end", repeat("<div><table></div>", 50'000)});
  out.push_back({"li ul", repeat("<li><ul>", 100'000)});
  std::string clones;
  for (int i = 0; i < 20'000; ++i) clones += "<p><b id=" + std::to_string(i) + ">x</p>";
  out.push_back({"reopened formatting", clones});
  out.push_back({"text under open b", repeat("<b>", 3'000) + std::string(1'000'000, 'a')});
  return out;
}

TEST(DeepNesting, PreScanCutsEveryHostileDocument) {
  for (const Hostile& h : hostile_documents()) {
    HtmlCut cut = html_parse_limit(h.html);
    EXPECT_LT(cut.length, h.html.size()) << h.name;
    EXPECT_FALSE(cut.reason.empty()) << h.name;
  }
}

TEST(DeepNesting, ParseHtmlIsFlaggedAndShallow) {
  for (const Hostile& h : hostile_documents()) {
    DocumentBudget budget;
    pugi::xml_document doc = parse_html(h.html);
    EXPECT_LE(dom_depth(doc), kMaxDomDepth + 1) << h.name;
    EXPECT_NE(budget.warning().find("the rest was"), std::string::npos)
        << h.name << ": " << budget.warning();
  }
}

TEST(DeepNesting, ValidButDeepXhtmlIsFlattenedOrCut) {
  // Well-formed, so the XML fast path would take it: it must not bypass
  // the depth cap.
  std::string deep = repeat("<div>", 5'000) + "deep text" + repeat("</div>", 5'000);
  DocumentBudget budget;
  pugi::xml_document doc = parse_html_fragment(deep);
  EXPECT_LE(dom_depth(doc), kMaxDomDepth + 1);
  EXPECT_FALSE(budget.warning().empty());
}

TEST(DeepNesting, NormalPagesAreNotFlagged) {
  std::string page =
      "<html><head><title>t</title><script>var a = '<div><div><div>';</script></head><body>" +
      repeat("<ul><li><a href=/x>link</a><li><p>para<p>more</ul>", 2'000) +
      repeat("<p><font face=Arial>sloppy</p>", 2'000) +
      repeat("<table><tr><td><b>cell<td>cell</table>", 1'000) + "</body></html>";
  DocumentBudget budget;
  HtmlCut cut = html_parse_limit(page);
  EXPECT_EQ(cut.length, page.size()) << cut.reason;
  parse_html(page);
  EXPECT_EQ(budget.warning(), "");
}

TEST(DeepNesting, FeedItemContentIsFlaggedNotFatal) {
  for (const Hostile& h : hostile_documents()) {
    std::string feed =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item>"
        "<title>hostile</title><link>http://127.0.0.1/a</link><description><![CDATA[" +
        h.html + "]]></description></item></channel></rss>";
    DocumentBudget budget;
    ParsedFeed parsed = parse_feed(feed, "http://127.0.0.1/feed");
    ASSERT_EQ(parsed.items.size(), 1u) << h.name;
    normalize_item(parsed.items[0], "http://127.0.0.1/feed", 1'700'000'000);
    EXPECT_EQ(parsed.items[0].title, "hostile");
    EXPECT_FALSE(budget.warning().empty()) << h.name;
  }
}

TEST(DeepNesting, DeepXmlFeedParses) {
  // The feed's own XML nested 300,000 deep inside an item.
  std::string feed =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item>"
      "<title>a</title><link>http://127.0.0.1/a</link><description>d</description><x>" +
      repeat("<x>", 300'000) + repeat("</x>", 300'000) + "</x></item></channel></rss>";
  ParsedFeed parsed = parse_feed(feed, "http://127.0.0.1/feed");
  ASSERT_EQ(parsed.items.size(), 1u);
  EXPECT_EQ(parsed.items[0].title, "a");
}

TEST(DeepNesting, EscapedDeepContentInAtomIsFlagged) {
  std::string content;
  for (int i = 0; i < 100'000; ++i) content += "&lt;div&gt;";
  std::string feed =
      "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
      "<entry><title>e</title><id>1</id><link href=\"http://127.0.0.1/e\"/>"
      "<content type=\"html\">" +
      content + "</content></entry></feed>";
  DocumentBudget budget;
  ParsedFeed parsed = parse_feed(feed, "http://127.0.0.1/feed");
  ASSERT_EQ(parsed.items.size(), 1u);
  normalize_item(parsed.items[0], "http://127.0.0.1/feed", 1'700'000'000);
  EXPECT_FALSE(budget.warning().empty());
}

TEST(DeepNesting, DeepXhtmlContentInAtomIsFlagged) {
  // Well-formed XHTML content, serialized by pugixml and parsed again.
  std::string feed =
      "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
      "<entry><title>e</title><id>1</id><link href=\"http://127.0.0.1/e\"/>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" +
      repeat("<div>", 300'000) + "x" + repeat("</div>", 300'000) +
      "</div></content></entry></feed>";
  DocumentBudget budget;
  ParsedFeed parsed = parse_feed(feed, "http://127.0.0.1/feed");
  ASSERT_EQ(parsed.items.size(), 1u);
  normalize_item(parsed.items[0], "http://127.0.0.1/feed", 1'700'000'000);
  EXPECT_FALSE(budget.warning().empty());
}

TEST(DeepNesting, HostilePageGivesItemsOrNothingAndIsFlagged) {
  for (const Hostile& h : hostile_documents()) {
    DocumentBudget budget;
    page_items(h.html, "text/html; charset=utf-8", "http://127.0.0.1/page", nullptr, 1'700'000'000);
    EXPECT_FALSE(budget.warning().empty()) << h.name;
  }
}

TEST(DeepNesting, DeepJsonLdIsDroppedBelowItsCap) {
  // text_of() and find_article() recurse over JSON-LD: 300,000 levels of
  // arrays and objects overflowed the stack.
  std::string page =
      "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
      "\"headline\":" +
      repeat("[", 300'000) + "\"x\"" + repeat("]", 300'000) +
      ",\"author\":" + repeat("{\"a\":", 300'000) + "1" + repeat("}", 300'000) +
      "}</script></head><body><p>hi</p></body></html>";
  PageItems found = page_items(page, "text/html", "http://127.0.0.1/page", nullptr, 1'700'000'000);
  EXPECT_TRUE(found.follow.empty());
}

TEST(DeepNesting, SpentBudgetThrows) {
  DocumentBudget budget(std::chrono::nanoseconds(1));
  std::string page = repeat("<p>some text</p>", 50'000);
  EXPECT_THROW(
      {
        parse_html(page);
        budget.check();
      },
      DocumentBudgetExceeded);
}

// Issue 10, item 8: a NUL reference is U+FFFD, never the end of the field.
TEST(NulReference, FeedTitleAndBodyKeepTheirTail) {
  for (std::string ref : {"&#0;", "&#x0;", "&#00000;", "&#X0;"}) {
    std::string feed =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item>"
        "<title>before" +
        ref + "after</title><link>http://127.0.0.1/a?x=1" + ref + "2</link><description>body" +
        ref + "tail &lt;b&gt;x" + ref + "y&lt;/b&gt;</description><category domain=\"a" + ref +
        "b\">c" + ref + "d</category></item></channel></rss>";
    ParsedFeed parsed = parse_feed(feed, "http://127.0.0.1/feed");
    ASSERT_EQ(parsed.items.size(), 1u) << ref;
    FeedItem& item = parsed.items[0];
    normalize_item(item, "http://127.0.0.1/feed", 1'700'000'000);
    EXPECT_EQ(item.title,
              "before\xEF\xBF\xBD"
              "after")
        << ref;
    EXPECT_NE(item.summary_text.find("tail"), std::string::npos) << ref << item.summary_text;
    EXPECT_NE(item.summary_text.find("x\xEF\xBF\xBDy"), std::string::npos) << ref;
    ASSERT_EQ(item.categories.size(), 1u);
    EXPECT_EQ(item.categories[0],
              "c\xEF\xBF\xBD"
              "d")
        << ref;
  }
}

TEST(NulReference, RawNulBytesInAFeedDoNotTruncate) {
  std::string feed =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item>"
      "<title>before";
  feed += '\0';
  feed += "after</title><description><![CDATA[body";
  feed += '\0';
  feed += "tail]]></description></item></channel></rss>";
  ParsedFeed parsed = parse_feed(feed, "http://127.0.0.1/feed");
  ASSERT_EQ(parsed.items.size(), 1u);
  normalize_item(parsed.items[0], "http://127.0.0.1/feed", 1'700'000'000);
  EXPECT_EQ(parsed.items[0].title,
            "before\xEF\xBF\xBD"
            "after");
  EXPECT_NE(parsed.items[0].summary_text.find("tail"), std::string::npos);
}

TEST(NulReference, HtmlPathsReplaceIt) {
  // The fast XML path, gumbo's path (unknown element), an attribute, text.
  for (std::string ref : {"&#0;", "&#x0;", "&#00000;"}) {
    EXPECT_EQ(html_to_text("<p>a" + ref + "b</p>"),
              "a\xEF\xBF\xBD"
              "b")
        << ref;
    EXPECT_EQ(html_to_text("<custom>a" + ref + "b</custom>"),
              "a\xEF\xBF\xBD"
              "b")
        << ref;
    std::string safe =
        sanitize_html("<a href=\"http://127.0.0.1/\" title=\"t" + ref + "u\">x" + ref + "y</a>",
                      "http://127.0.0.1/");
    EXPECT_NE(safe.find("t\xEF\xBF\xBDu"), std::string::npos) << safe;
    EXPECT_NE(safe.find("x\xEF\xBF\xBDy"), std::string::npos) << safe;
  }
  std::string raw = "<p>a";
  raw += '\0';
  raw += "b</p>";
  EXPECT_NE(html_to_text(raw).find('b'), std::string::npos);
}

}  // namespace
}  // namespace gazette
