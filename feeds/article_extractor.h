// Article pages: is this page one story, and if so its metadata and its main
// content without the boilerplate around it (headline lists, ads, share bars,
// comment forms, newsletter boxes, related posts, author boxes, prev/next).
#pragma once

#include <cstddef>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_item.h"
#include "feeds/page_kind.h"

namespace gazette {

// Why a page counts as an article (shown by `gazette extract`).
enum class ArticleEvidence {
  none,     // not an article
  json_ld,  // a JSON-LD object of an article type
  og_type,  // <meta property="og:type" content="article">
  prose,    // one dominant block of prose
};

// "json-ld", "og:type", "prose", or "" for none: the words `gazette extract` prints.
std::string_view to_string(ArticleEvidence why);

struct ExtractedArticle {
  bool is_article = false;  // JSON-LD article type, og:type=article, or one dominant block of prose
  ArticleEvidence is_article_why = ArticleEvidence::none;
  // A listing page (home, section, blog front page) is never an article,
  // whatever its metadata says: `listing_why` tells why, `page_signals` shows
  // what was measured (feeds/page_kind.h).
  std::string listing_why;
  PageKindSignals page_signals;
  std::string title;          // plain text
  std::string author;         // plain text, display name(s) joined by ", "
  std::string canonical_url;  // absolute: rel=canonical, og:url, JSON-LD url, else the page URL
  // A canonical URL the page declared on another site than its own: a claim,
  // not used as the article's URL (canonical_url is the page URL then, or
  // the origin's URL for an AMP cache's copy: url_normalize.h).
  std::string foreign_canonical_url;
  std::string image_url;    // absolute lead image
  std::string description;  // meta/og description, plain text
  std::string site_name;
  std::string content_html;  // sanitized
  std::string content_text;  // plain text, blocks separated by blank lines
  std::optional<UnixTime> published, modified;
  std::vector<std::string> categories;
  bool budget_exhausted = false;  // the page was too big to look at completely
  // The next page of a story split over several (<link rel=next> on an
  // article page, same site only, absolute): for the poll layer to fetch and
  // join. "" when none.
  std::string next_page_url;
  bool amp = false;  // an AMP page (<html amp>): its canonical URL is the story's
};

struct ArticleOptions {
  std::size_t max_nodes = 60'000;  // elements and text nodes visited per pass
};

// `page_url` is where the page came from; `base_url` resolves its relative
// links (PageDocument::base_url; pass page_url when there is no <base>).
ExtractedArticle extract_article(const pugi::xml_document& page, std::string_view page_url,
                                 std::string_view base_url, const ArticleOptions& options = {});

// The article as an item for the storage layer; url is the canonical URL.
FeedItem to_feed_item(const ExtractedArticle& article);

}  // namespace gazette
