// Field conversions the export formats share.
#pragma once

#include <string>

#include "storage/article_selection.h"

namespace gazette {

// A stable, unique id for the article in feeds: its URL, else a URN with the
// database id.
std::string article_feed_id(const ArticleRecord& article);

// The time of the article's last change: updated, else published.
const std::string& article_modified(const ArticleRecord& article);

// "2026-11-20T06:45:00Z" -> "Fri, 20 Nov 2026 06:45:00 +0000" (RFC 822, for RSS).
// Throws ExportError when `iso` is not a stored UTC time.
std::string rfc822_date(const std::string& iso);

// The string as UTF-8 that XML and JSON writers accept: invalid byte
// sequences become U+FFFD, and control characters XML 1.0 forbids are dropped.
std::string clean_text(const std::string& text);

}  // namespace gazette
