// Feed elements that hold text, read as TextConstruct (feeds/feed_details.h):
// the value, its media type, and the language and base in force where the
// element stands. Shared by the Atom and RSS parsers.
//
// The value is the feed's own, as published: character references decoded
// once (by the XML parser), double-encoded UTF-8 repaired, and HTML or XHTML
// left as the publisher wrote it, like FeedItem's *_html fields: it is made
// safe where it is shown (readable_value), not while a poll reads the feed.
// The stored FeedItem fields are made from the same elements separately:
// they keep Gazette's own forms (plain-text titles, HTML sanitized at
// storage).
#pragma once

#include <pugixml.hpp>
#include <string_view>

#include "feeds/document_scope.h"
#include "feeds/feed_details.h"

namespace gazette {

// An Atom text construct (RFC 4287 section 3.1; Atom 0.3's type and mode):
// type "text" is text/plain, "html" text/html, "xhtml"
// application/xhtml+xml (in Atom 1.0 the value is the inside of its
// wrapping div), another media type stays as given; base64 content is
// decoded. Markup left unescaped in a text/plain construct is XHTML.
// <content src="..."> is out-of-line: src resolved, the value empty.
TextConstruct atom_text(pugi::xml_node element, const DocumentScope& scope);

// Atom 0.3's mode="base64", or an Atom 1.0 media type (`type`, the
// attribute as written) that is neither text nor XML (RFC 4287 section
// 4.1.3.3: such content is base64).
bool is_atom_base64(pugi::xml_node element, std::string_view type);

// Reads `element`, a child of an Atom <feed> or <source>, into `m` when it
// is one of the feed's text constructs: the first title, subtitle (0.3:
// tagline), rights (0.3: copyright) and info of each. Others are left alone.
void read_atom_feed_text(FeedMetadata& m, pugi::xml_node element, const DocumentScope& scope);

// An RSS element (or a Dublin Core one, <content:encoded>, ...) as a text
// construct of media type `type`: text/plain for titles and rights,
// text/html for descriptions. A text/plain value that is plainly HTML (a
// closing tag or a character reference, and nothing but HTML's elements)
// is read as text/html, as publishers mean it.
TextConstruct rss_text(pugi::xml_node element, const DocumentScope& scope, std::string_view type);

// Inline XHTML (<xhtml:body>, RSS <body>): the markup inside `element`.
TextConstruct xhtml_text(pugi::xml_node element, const DocumentScope& scope);

// The value as a reader of the feed gets it: an HTML or XHTML value
// sanitized (feeds/html_sanitizer.h, its published form) with relative URLs
// resolved against the construct's base; any other value as it is.
std::string readable_value(const TextConstruct& text);

// True when `type` is HTML or XHTML: such values are markup, sanitized.
bool is_markup_type(std::string_view type);

}  // namespace gazette
