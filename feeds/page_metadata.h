// What a page says about itself in machine-readable form: JSON-LD
// (schema.org Article and friends), Open Graph / article:* / Dublin Core /
// twitter: meta tags, <link rel=canonical>, <title>.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

struct PageMetadata {
  std::string json_ld_type;  // the article @type found in JSON-LD ("NewsArticle"), else ""
  std::vector<std::string> json_ld_types;  // every @type the page's JSON-LD names, in order
  std::string og_type;                     // og:type, lower case
  std::string title;                       // from JSON-LD or meta tags; "" when none
  std::string document_title;  // <title> with the site name cut off (" - Site", " | Site")
  std::string author;          // display names joined by ", "
  std::string canonical_url;   // absolute; "" when the page does not say
  std::string image_url;       // absolute
  std::string description;
  std::string site_name;
  std::string published;  // as written (ISO 8601 in practice)
  std::string modified;
  std::vector<std::string> categories;
  std::string amp_url;        // absolute <link rel=amphtml>: this page's AMP version
  std::string next_page_url;  // absolute <link rel=next>: the next page of a paginated story
  bool is_amp = false;        // <html amp> / <html ⚡>: an AMP page (its canonical is the story)
};

PageMetadata read_page_metadata(const pugi::xml_document& page, std::string_view base_url);

// True for the schema.org types that mean "one story": Article and its
// subtypes (NewsArticle, BlogPosting, ReportageNewsArticle...).
bool is_article_type(std::string_view schema_type);

// A byline without the word that introduces it: "By Jane Doe" -> "Jane Doe"
// (also "Par", "Von", "Por"... followed by a space or a colon).
std::string strip_byline_prefix(std::string_view text);

// The length of the word that introduces a byline at the start of `text`
// ("By", "par", "Von"...), when a space, a colon or the end follows it; else 0.
std::size_t byline_word_length(std::string_view text);

}  // namespace gazette
