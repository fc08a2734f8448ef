// Field conversions the export formats share.
#pragma once

#include <string>
#include <string_view>

#include "storage/article_selection.h"

namespace gazette {

// The one check every URL passes before any export writes it: `url` when it
// is an absolute http(s) URL with a host, else an empty string, which every
// writer treats as "no URL" and leaves out. Bytes RFC 3986 does not allow
// in a URL (non-ASCII, as in an IRI, spaces, controls, quotes, '<', '>', ...)
// are percent-encoded first, so what comes out is a plain RFC 3986 URL
// that cannot end an attribute or start a tag. The database is not trusted:
// a row written by an older version or by hand may hold `javascript:`,
// `data:`, `file:` or relative URLs, and no export may carry them.
std::string exportable_url(std::string_view url);

// A stable, unique id for the article in feeds: its URL when exportable,
// else a URN with the database id.
std::string article_feed_id(const ArticleRecord& article);

// The time of the article's last change: updated, else published.
const std::string& article_modified(const ArticleRecord& article);

// "2026-11-20T06:45:00Z" -> "Fri, 20 Nov 2026 06:45:00 +0000" (RFC 822, for RSS).
// Throws ExportError when `iso` is not a stored UTC time.
std::string rfc822_date(const std::string& iso);

// Plain text as HTML text: each of `chars` (ASCII only) becomes a numeric
// character reference, "&#60;" for '<'; every other byte is kept.
std::string with_char_refs(std::string_view text, std::string_view chars);

// Plain text as HTML text (& < > " ' escaped), for fields readers render as HTML.
std::string html_escaped(std::string_view text);

// The string as UTF-8 that XML and JSON writers accept: invalid byte
// sequences become U+FFFD, and control characters XML 1.0 forbids are dropped.
std::string clean_text(const std::string& text);

}  // namespace gazette
