// Is a page one story, or a listing of stories (a home page, a section page,
// a blog front page showing several full posts)? A listing's headlines are
// followed; the listing itself is never stored as an article.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/page_metadata.h"

namespace gazette {

// What the page shows of itself, as `gazette extract --json` prints it.
struct PageKindSignals {
  std::string og_type;                     // lower case, "" when absent
  std::vector<std::string> json_ld_types;  // every @type of the page's JSON-LD
  bool json_ld_article = false;            // one of them is Article or a subtype
  bool json_ld_listing = false;  // CollectionPage, ItemList, WebSite, SearchResultsPage...
  int text_chars = 0;            // reader text of <body> (no scripts, forms, hidden parts)
  int link_chars = 0;            // the part of it inside links
  int headline_links = 0;        // headings that are a link to another page (teaser titles)
  int teasers = 0;               // such headings with a short text of their own after them
  int story_blocks = 0;          // <article> (or schema.org posting) blocks outside comments
  int story_bodies = 0;          // story blocks holding a full text of their own (3 paragraphs)
  bool listing_url = false;      // the site root, a /category/, /tag/, /page/2 URL...
  bool story_url = false;        // a dated, long-slug or long-id URL
  bool dominant_prose = false;   // the extracted text is long prose with few links

  double link_share() const {
    return text_chars ? static_cast<double>(link_chars) / text_chars : 0;
  }
};

struct PageKind {
  bool listing = false;
  std::string why;  // one line: the signals that decided, "" when not a listing
  PageKindSignals signals;
};

// `page_url` decides the URL-shape signals; `meta` is read_page_metadata's.
// Work is bounded by `max_nodes` like the extractor's passes.
// `dominant_prose`: the extractor found a long text with few links (the
// headline rules then do not apply: those headlines are related stories).
PageKind classify_page(const pugi::xml_document& page, std::string_view page_url,
                       const PageMetadata& meta, std::size_t max_nodes, bool dominant_prose);

}  // namespace gazette
