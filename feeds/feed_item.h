// The article model every parser produces and the storage layer consumes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_details.h"

namespace gazette {

// Seconds since the Unix epoch, UTC. Parsers convert every date to this.
using UnixTime = std::int64_t;

// One entry of a feed (or, later, one article found on a page).
// Strings are UTF-8. Text fields hold plain text with entities decoded once;
// *_html fields hold HTML as published (sanitizing happens before storage).
struct FeedItem {
  std::string guid;          // <guid>/<id> as published; empty when absent
  std::string url;           // absolute link to the article
  std::string title;         // plain text
  std::string author;        // plain text, display name
  std::string summary_html;  // <description>/<summary>
  std::string content_html;  // <content:encoded>/<content>
  std::optional<UnixTime> published;
  std::optional<UnixTime> updated;
  std::vector<std::string> categories;
  std::string image_url;  // lead image, absolute
  std::string block;      // on a page: the heading of the list it stood in ("Hot this week")
  int position = -1;      // place within that list (1 first); -1: its index in the document

  // Filled by normalize_item() (feeds/normalize.h), not by parsers:
  std::string summary_text;  // plain text of summary_html
  std::string content_text;  // plain text of content_html, else of summary_html
  // The link's dedup key and the content fingerprint (feeds/item_key.h),
  // worked out with the rest on the parse threads: the one thread that
  // writes the database need not. Empty when the item was not normalized.
  std::string link_key;
  std::string content_hash;
  // The site (feeds/registrable_domain.h) of the document this item was read
  // from: the feed, the page, or the followed page after its redirects. A
  // document speaks for its own site's articles only: storage lets an item
  // whose origin_site is not its URL's site record a sighting of that
  // article but never change it. Empty when the item was not normalized
  // (then the item counts as its URL's own site).
  std::string origin_site;
  // Everything else the entry says, as published (feeds/feed_details.h).
  EntryDetails details;
};

// A whole parsed document.
struct ParsedFeed {
  std::string format;    // "rss", "atom", ... (names the parser that took it)
  std::string version;   // as the document declares it: "2.0", "0.91" ("0.91n" with Netscape's
                         // doctype), "1.0", "0.3", "1.1"; may be empty
  std::string title;     // the feed's own title
  std::string site_url;  // the site the feed belongs to
  std::vector<FeedItem> items;
  // What a parse limit cut or flattened in it (feeds/document_budget.h), or
  // empty: stored with the fetch.
  std::string warning;
  // The charset the document was decoded from, in lower case ("utf-8",
  // "windows-1251", "utf-16le"); empty for JSON.
  std::string encoding;
  // Why the document is not the clean, rightly labelled XML it should be
  // (feedparser's "bozo"), "Type: message" for each reason, "; " between:
  // its charset (feeds/xml_decoding.h's XmlCharsetReport), the XML errors
  // it was recovered from. Empty when clean. Also in `warning`, except an
  // undefined HTML entity (&nbsp;), common and repaired without loss.
  std::string bozo;
  // What the feed says about itself beyond title and site_url.
  FeedMetadata metadata;
};

}  // namespace gazette
