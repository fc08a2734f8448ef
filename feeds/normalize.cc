#include "feeds/normalize.h"

#include "feeds/html_document.h"
#include "feeds/html_sanitizer.h"
#include "feeds/html_text.h"
#include "feeds/item_key.h"
#include "feeds/mojibake.h"
#include "feeds/registrable_domain.h"
#include "feeds/text_controls.h"
#include "feeds/url_normalize.h"

namespace gazette {

std::string one_line(std::string_view text) {
  std::string out = collapse_whitespace(text);
  remove_controls(out, LineBreaks::remove);
  return out;
}

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

// Sanitizes `html` in place and returns its plain text, from one HTML parse
// (this runs for every item of every poll: gumbo is the cost that matters).
std::string sanitize_and_extract_text(std::string& html, std::string_view base) {
  if (html.empty()) return {};
  if (html.find_first_of("<&") == std::string::npos) {
    std::string text = collapse_whitespace(html);
    html = sanitize_html(html, base);  // no markup: only escaping, no parse
    return text;
  }
  pugi::xml_document doc = parse_html_fragment(html);
  pugi::xml_node body = doc.child("html").child("body");
  html = sanitize_node(body, base);
  return node_text(body);
}

// A URL column holds an absolute http(s) URL or nothing: never javascript:,
// data:, file: or a reference that did not resolve.
void resolve_http_url(std::string& url, std::string_view base) {
  if (url.empty()) return;
  url = resolve_url(base, url);
  if (!is_absolute_http_url(url)) url.clear();
}

// The site of the document being normalized: every item of a document has
// the same, and this runs per item on the parse threads.
const std::string& document_site(std::string_view document_url) {
  thread_local std::string url, site;
  if (document_url != url) {
    url = document_url;
    site = site_of_url(document_url);
  }
  return site;
}

}  // namespace

void normalize_item(FeedItem& item, std::string_view base_url, UnixTime now) {
  // Double-encoded UTF-8 is undone first, per value, before the text is
  // derived from it (feeds/mojibake.h: a memchr on the common path).
  for (std::string* text : {&item.title, &item.author, &item.summary_html, &item.content_html})
    repair_mojibake(*text);
  for (std::string& c : item.categories) repair_mojibake(c);
  item.title = one_line(item.title);
  item.author = one_line(item.author);
  item.guid = one_line(item.guid);
  resolve_http_url(item.url, base_url);
  resolve_http_url(item.image_url, base_url);
  item.origin_site = document_site(base_url);
  // Content is resolved against the item's own link when it has one: that is
  // the page its relative URLs were written for. (Parsers already resolved
  // them when an xml:base said otherwise.)
  std::string_view content_base = item.url.empty() ? base_url : std::string_view(item.url);
  item.summary_text = sanitize_and_extract_text(item.summary_html, content_base);
  std::string content_text = sanitize_and_extract_text(item.content_html, content_base);
  item.content_text = item.content_html.empty() ? item.summary_text : std::move(content_text);
  // Multi-line text keeps its tabs and line breaks, nothing else below U+0020.
  for (std::string* text :
       {&item.summary_html, &item.content_html, &item.summary_text, &item.content_text})
    remove_controls(*text, LineBreaks::keep);
  if (item.title.empty()) item.title = leading_words(item.content_text, kDerivedTitleLength);
  clamp_future(item.published, now);
  clamp_future(item.updated, now);
  for (std::string& c : item.categories) c = one_line(c);
  item.link_key = item_keys(item).url;
  item.content_hash = content_hash(item);
}

}  // namespace gazette
