// The media files an entry offers: podcast episodes (RSS <enclosure>, Atom
// link rel="enclosure"), and photo and video feeds' media:content and
// media:thumbnail. Derived from the parsed model (FeedItem::details) for
// storage (articles.enclosures, docs/schema.md) and the exports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

struct Enclosure {
  std::string url;                     // absolute http(s), valid UTF-8
  std::string type;                    // the media type as published ("audio/mpeg"), or empty
  std::optional<std::int64_t> length;  // bytes, when published as a number
  // media:content's medium (image, audio, video, document, executable);
  // "image" for a thumbnail; empty otherwise.
  std::string medium;
  // Where it came from: "enclosure", "media:content" or "media:thumbnail".
  std::string source;
};

// At most this many per entry: an episode has one; a photo post a few
// renditions and thumbnails. The rest are dropped.
inline constexpr std::size_t kMaxEnclosures = 16;

// The entry's enclosures in document order: rel="enclosure" links first,
// then media:content, then media:thumbnail. A URL that is not an absolute
// http(s) URL (after resolving) is skipped, as is a URL already listed; a
// media type that is not valid UTF-8 or is longer than 255 bytes is dropped.
std::vector<Enclosure> item_enclosures(const FeedItem& item);

}  // namespace gazette
