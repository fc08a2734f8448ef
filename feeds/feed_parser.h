// Feed documents to articles. One entry point; each format has its own file
// (rss_parser, atom_parser) and a line in the table in feed_parser.cc.
#pragma once

#include <stdexcept>
#include <string_view>

#include "feeds/feed_item.h"

namespace gazette {

class FeedParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses RSS 2.0 / 0.9x, RSS 1.0 (RDF), Atom 1.0 (and 0.3) and JSON Feed
// 1.0/1.1 (a document starting with '{'). Relative links
// resolve against `base_url` (the URL the document was fetched from) and any
// xml:base. A body that is not well-formed XML is read through libxml2's
// recovery mode (feeds/xml_recovery.h) and the result flagged in
// ParsedFeed::warning ("recovered from malformed XML: line 9: ...").
// Throws FeedParseError saying whether the body was not XML at all (nothing
// recoverable, or not a feed once recovered) or XML of another kind.
// `content_type` is the response's Content-Type header (empty when there is
// none: a file, a test): its charset is one piece of evidence for the
// document's encoding (xml_decoding.h).
// `content_language` is the response's Content-Language header, the
// language of text without an xml:lang.
ParsedFeed parse_feed(std::string_view body, std::string_view base_url,
                      std::string_view content_type = {}, std::string_view content_language = {});

// A cheap sniff of the first 4 KiB: is the root element <rss>, <feed> or
// <rdf:RDF>, or is it a JSON object naming a jsonfeed.org version? The body decides; `content_type`
// (the HTTP header, may be empty) only breaks the tie when the root is not within the sniffed bytes
// (a long comment or doctype first). An HTML page served as application/rss+xml is not a feed; a
// feed served as text/html or text/plain is.
bool looks_like_feed(std::string_view body, std::string_view content_type = {});

}  // namespace gazette
