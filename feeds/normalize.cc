#include "feeds/normalize.h"

#include "feeds/html_sanitizer.h"
#include "feeds/html_text.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

constexpr UnixTime kFutureSlack = 24 * 3600;
constexpr std::size_t kDerivedTitleLength = 80;

void clamp_future(std::optional<UnixTime>& t, UnixTime now) {
  if (t && *t > now + kFutureSlack) t = now;
}

// The first `limit` bytes of `text`, cut at a word boundary and never inside
// a UTF-8 sequence.
std::string leading_words(const std::string& text, std::size_t limit) {
  std::string first_line = text.substr(0, text.find('\n'));
  if (first_line.size() <= limit) return first_line;
  std::size_t cut = first_line.rfind(' ', limit);
  if (cut == std::string::npos || cut < limit / 2) {
    cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(first_line[cut]) & 0xC0) == 0x80) --cut;
  }
  return first_line.substr(0, cut) + "…";
}

}  // namespace

void normalize_item(FeedItem& item, std::string_view base_url, UnixTime now) {
  item.title = collapse_whitespace(item.title);
  item.author = collapse_whitespace(item.author);
  item.guid = collapse_whitespace(item.guid);
  if (!item.url.empty()) item.url = resolve_url(base_url, item.url);
  // Content is resolved against the item's own link when it has one: that is
  // the page its relative URLs were written for.
  std::string_view content_base = item.url.empty() ? base_url : std::string_view(item.url);
  SanitizedHtml summary = sanitize_html_with_text(item.summary_html, content_base);
  item.summary_html = std::move(summary.html);
  item.summary_text = std::move(summary.text);
  if (item.content_html.empty()) {
    item.content_text = item.summary_text;
  } else {
    SanitizedHtml content = sanitize_html_with_text(item.content_html, content_base);
    item.content_html = std::move(content.html);
    item.content_text = std::move(content.text);
  }
  if (item.title.empty()) item.title = leading_words(item.content_text, kDerivedTitleLength);
  clamp_future(item.published, now);
  clamp_future(item.updated, now);
  for (std::string& c : item.categories) c = collapse_whitespace(c);
}

}  // namespace gazette
