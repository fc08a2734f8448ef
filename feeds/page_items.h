// A fetched HTML page turned into items for storage: the article it is (if
// it is one) and the headlines it lists, one item per place each headline
// stood, plus the links worth following for the full story. No I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_item.h"
#include "feeds/page_rules.h"

namespace gazette {

struct PageItems {
  std::vector<FeedItem> items;      // normalized, ready to store
  std::vector<std::string> follow;  // headline URLs (absolute), each once, page order
  bool is_article = false;          // the page itself is a story
  std::string title;                // the page's title, for the source
  std::string warning;              // what a parse limit cut (feeds/document_budget.h), or empty
  // The page is a story that goes on on another page (rel=next, same site;
  // ExtractedArticle::next_page_url): items.front() is that story. Else "".
  std::string next_page_url;
  bool amp = false;  // the page is an AMP page (ExtractedArticle::amp); its story is items.front()
};

// With `rules` (non-empty) the XPath rules give the headlines, else the
// heuristics do. Throws PageRuleError for a rule that does not compile.
PageItems page_items(std::string_view body, std::string_view content_type, std::string_view url,
                     const PageRules* rules, UnixTime now);

// A followed link: the article on that page, normalized, or nothing when the
// page is not an article. `next_page_url`, when given, receives the next page
// of a story split over several (ExtractedArticle::next_page_url), or "";
// `amp`, when given, whether the page is an AMP page (ExtractedArticle::amp).
std::optional<FeedItem> article_item(std::string_view body, std::string_view content_type,
                                     std::string_view url, UnixTime now,
                                     std::string* next_page_url = nullptr, bool* amp = nullptr);

// A story's next page joined to it: its text and HTML appended, the content
// fingerprint computed again. The story keeps its URL, title and dates.
void append_story_page(FeedItem& story, const FeedItem& page);

}  // namespace gazette
