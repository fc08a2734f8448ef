// The pugixml fast path against gumbo on real fragments from ../shared/corpus:
// every item of the feed corpora, the readability corpus's extracted articles,
// and pieces of its source pages written back out by pugixml (XHTML-looking
// markup with empty elements as <x />, which HTML reads differently). Each
// fragment the fast path takes must come out as the tree gumbo builds.
// Skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "feeds/feed_parser.h"
#include "feeds/html_as_xml.h"
#include "feeds/html_document.h"
#include "fixture_file.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;
const fs::path kCorpus = fs::path(GAZETTE_SOURCE_DIR) / ".." / "shared" / "corpus";

std::string serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

// Counts fragments and checks the ones the fast path takes.
struct Comparison {
  int fragments = 0;
  int taken = 0;

  void check(const std::string& html, const fs::path& from) {
    ++fragments;
    std::optional<pugi::xml_document> fast = parse_html_as_xml(html);
    if (!fast) return;
    ++taken;
    EXPECT_EQ(serialize(*fast), serialize(parse_html(html))) << from << "\nfragment: " << html;
  }
};

TEST(HtmlAsXmlShared, AgreesWithGumboOnTheFeedCorpora) {
  if (!fs::exists(kCorpus)) GTEST_SKIP() << "shared corpora not found at " << kCorpus;
  Comparison comparison;
  int feeds = 0;
  for (const char* corpus : {"feedparser", "synthfeeds"}) {
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(kCorpus / corpus)) {
      if (!entry.is_regular_file()) continue;
      std::string body = test_support::read_file(entry.path().string());
      ParsedFeed feed;
      try {
        feed = parse_feed(body, "http://example.com/feed");
      } catch (const FeedParseError&) {
        continue;  // not a feed (the corpora hold HTTP headers, JSON, broken XML)
      }
      ++feeds;
      for (const FeedItem& item : feed.items) {
        for (const std::string* html : {&item.summary_html, &item.content_html, &item.title})
          if (!html->empty()) comparison.check(*html, entry.path());
      }
    }
  }
  // Large enough that both paths are exercised.
  EXPECT_GT(feeds, 2000);
  EXPECT_GT(comparison.taken, 500);
  EXPECT_GT(comparison.fragments - comparison.taken, 100);
  std::printf("%d feeds: %d fragments, %d taken by the fast path\n", feeds, comparison.fragments,
              comparison.taken);
}

TEST(HtmlAsXmlShared, AgreesWithGumboOnReadabilityPages) {
  fs::path pages = kCorpus / "readability" / "test-pages";
  if (!fs::exists(pages)) GTEST_SKIP() << "shared corpora not found at " << pages;
  Comparison comparison;
  for (const fs::directory_entry& page : fs::directory_iterator(pages)) {
    fs::path expected = page.path() / "expected.html";
    if (fs::exists(expected)) comparison.check(test_support::read_file(expected.string()), expected);
    fs::path source = page.path() / "source.html";
    if (!fs::exists(source)) continue;
    // The inner markup of the page's elements, as pugixml writes it: up to
    // 200 a page, of at most 32 KiB each, to keep the test quick.
    pugi::xml_document dom = parse_html(test_support::read_file(source.string()));
    int taken_from_page = 0;
    for (pugi::xpath_node hit : dom.select_nodes("//body//*[*]")) {
      if (taken_from_page == 200) break;
      std::ostringstream inner;
      for (pugi::xml_node child : hit.node().children()) child.print(inner, "", pugi::format_raw);
      if (inner.str().size() > 32 * 1024) continue;
      ++taken_from_page;
      comparison.check(inner.str(), source);
    }
  }
  EXPECT_GT(comparison.taken, 2000);
  EXPECT_GT(comparison.fragments - comparison.taken, 2000);
  std::printf("readability pages: %d fragments, %d taken by the fast path\n", comparison.fragments,
              comparison.taken);
}

}  // namespace
}  // namespace gazette
