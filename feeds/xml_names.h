// pugixml keeps qualified names as written ("dc:creator"); feeds must be read
// by namespace URI, since publishers pick their own prefixes.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace gazette::xmlns {

inline constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kAtom03 = "http://purl.org/atom/ns#";
inline constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
inline constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kRss10 = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kRss090 = "http://my.netscape.com/rdf/simple/0.9/";
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kMedia = "http://search.yahoo.com/mrss/";
inline constexpr std::string_view kItunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
inline constexpr std::string_view kDcTerms = "http://purl.org/dc/terms/";
inline constexpr std::string_view kXhtml = "http://www.w3.org/1999/xhtml";

// The namespaces RSS 0.9x/2.0 elements are found in: none (as 2.0 says), RSS
// 1.0, RSS 0.90, and the ones UserLand's RSS 2.0 drafts declared as default
// (xmlns="http://backend.userland.com/rss2", ".../rss2.1", and Harvard's
// "http://blogs.law.harvard.edu/tech/rss"), which real feeds still carry.
bool is_rss(std::string_view ns);

// Media RSS, with or without the trailing slash publishers drop.
bool is_media(std::string_view ns);

// iTunes' namespace, whose case publishers vary ("DTDs/Podcast-1.0.dtd").
bool is_itunes(std::string_view ns);

// The part of the element's name after any prefix.
std::string_view local_name(pugi::xml_node element);

// The namespace URI the element's prefix (or the default namespace) is bound
// to in scope; empty when unbound. An undeclared conventional prefix is
// read by its usual URI and flagged on the document, unless `flag` is false
// (a second look at an element the parser has looked at, or will).
std::string_view uri(pugi::xml_node element, bool flag = true);

// True when `element` is {ns}local.
bool is(pugi::xml_node element, std::string_view ns, std::string_view local);

// First child element {ns}local, or an empty node.
pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local);

// True when `element` or one of its ancestors carries xml:base.
bool has_base(pugi::xml_node element);

// The base URL in force at `element` (RFC 3986 + XML Base): the xml:base
// attributes of its ancestors and itself, resolved from the outermost in,
// starting at `document_url`, the URL the document was fetched from.
std::string base_at(pugi::xml_node element, std::string_view document_url);

// The language in force at `element`: the nearest xml:lang on it or its
// ancestors (xml:lang="" says "unknown" and gives ""), else
// `default_language` (the response's Content-Language). Subtags are
// separated by '-' as BCP 47 writes them ("en_US", a common misspelling,
// is "en-US").
std::string lang_at(pugi::xml_node element, std::string_view default_language);

// Names compared without ASCII case: RSS publishers write <pubdate> and
// <textinput>, CDF is written in capitals, and readers accept all of them.
bool same_name_ignoring_case(std::string_view a, std::string_view b);

// The value of `element`'s attribute `name` in any case (registerProcedure,
// HREF); empty when absent.
std::string_view attribute_ignoring_case(pugi::xml_node element, std::string_view name);

}  // namespace gazette::xmlns
