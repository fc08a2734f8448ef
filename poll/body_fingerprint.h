// Many servers ignore conditional requests (no ETag, no Last-Modified, or
// validators that change on every response) and send the same document again
// and again. The fingerprint of a fetched document lets a poll see that
// nothing changed and skip parsing and writing, as after a 304.
#pragma once

#include <string>
#include <string_view>

#include "feeds/page_rules.h"

namespace gazette {

// What a parse of a fetched body depends on besides the bytes: the same body
// parsed under other settings may give other items, so a change of any of
// these must not be masked by "same body".
struct ParseSettingsForHash {
  std::string_view kind;          // "feed" or "page"
  std::string_view url;           // the response's final URL: the base of relative links
  std::string_view content_type;  // may carry the charset the body is decoded with
  const PageRules* rules = nullptr;
  bool fetch_full = false;
  int max_follow = 0;  // [fetch] max_follow: which of a document's links are followed
};

// Hex SHA-256 (OpenSSL) over the decoded body (gzip/deflate undone: the
// same document compressed differently is the same document), the settings
// above and Gazette's version (a new version may parse the same bytes
// differently, so an upgrade parses every source once more).
std::string body_fingerprint(std::string_view body, const ParseSettingsForHash& settings);

}  // namespace gazette
