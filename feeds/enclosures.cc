#include "feeds/enclosures.h"

#include <algorithm>
#include <charconv>

#include "feeds/charset.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

// Longer is no media type (RFC 6838 caps each part at 127 characters).
constexpr std::size_t kMaxTypeBytes = 255;

std::optional<std::int64_t> byte_count(std::string_view text) {
  std::int64_t n = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || n < 0)
    return std::nullopt;
  return n;
}

// A value that is not valid UTF-8, or too long to be what it claims, is
// dropped rather than stored.
std::string short_text(const std::string& text) {
  return text.size() <= kMaxTypeBytes && is_valid_utf8(text) ? text : std::string();
}

void add(std::vector<Enclosure>& out, const std::string& url, const std::string& type,
         std::string_view length, const std::string& medium, const char* source) {
  if (out.size() >= kMaxEnclosures) return;
  if (!is_valid_utf8(url) || !is_absolute_http_url(url)) return;
  if (std::any_of(out.begin(), out.end(), [&](const Enclosure& e) { return e.url == url; })) return;
  Enclosure e;
  e.url = url;
  e.type = short_text(type);
  e.length = byte_count(length);
  e.medium = short_text(medium);
  e.source = source;
  out.push_back(std::move(e));
}

}  // namespace

std::vector<Enclosure> item_enclosures(const FeedItem& item) {
  std::vector<Enclosure> out;
  const EntryDetails& d = item.details;
  for (const Link& link : d.links)
    if (link.rel == "enclosure") add(out, link.href, link.type, link.length, {}, "enclosure");
  for (const MediaContent& m : d.extensions.media_content)
    add(out, m.url, m.type, m.file_size, m.medium, "media:content");
  for (const MediaThumbnail& t : d.extensions.media_thumbnail)
    add(out, t.url, {}, {}, "image", "media:thumbnail");
  return out;
}

}  // namespace gazette
