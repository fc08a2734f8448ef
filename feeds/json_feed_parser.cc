#include "feeds/json_feed_parser.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "feeds/date_parser.h"
#include "feeds/feed_parser.h"
#include "feeds/feed_text.h"
#include "feeds/html_text.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

using nlohmann::json;

// A JSON Feed is at most five levels deep (feed, items, item, authors,
// author); the rest of a deeper document is not read into memory.
constexpr int kMaxJsonDepth = 16;

// A member that should be a string; "" when absent or of another type (a
// feed is untrusted: a number where a string belongs is not an error).
std::string text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Item ids are strings in 1.1; 1.0 publishers often wrote numbers.
std::string id_of(const json& item) {
  auto it = item.find("id");
  if (it == item.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

// 1.1's "authors" array, else 1.0's single "author": the first name.
std::string author_of(const json& object) {
  auto authors = object.find("authors");
  if (authors != object.end() && authors->is_array())
    for (const json& a : *authors)
      if (a.is_object())
        if (std::string name = collapse_whitespace(text(a, "name")); !name.empty()) return name;
  auto author = object.find("author");
  if (author != object.end() && author->is_object())
    return collapse_whitespace(text(*author, "name"));
  return {};
}

// The item's page, and its attachments (podcast episodes, media files) as
// rel="enclosure" links, as the RSS and Atom parsers give them
// (feeds/enclosures.h stores them).
void add_links(const json& item, std::string_view base_url, FeedItem& out) {
  if (!out.url.empty())
    out.details.links.push_back({"alternate", "text/html", out.url, {}, {}, {}});
  auto attachments = item.find("attachments");
  if (attachments == item.end() || !attachments->is_array()) return;
  for (const json& a : *attachments) {
    if (!a.is_object()) continue;
    std::string href = text(a, "url");
    if (href.empty()) continue;
    Link link;
    link.rel = "enclosure";
    link.href = resolve_url(base_url, href);
    link.type = text(a, "mime_type");
    link.title = collapse_whitespace(text(a, "title"));
    if (auto size = a.find("size_in_bytes"); size != a.end() && size->is_number_unsigned())
      link.length = std::to_string(size->get<std::uint64_t>());
    out.details.links.push_back(std::move(link));
  }
}

std::optional<UnixTime> date_of(const json& item, const char* key) {
  std::string value = text(item, key);
  if (value.empty()) return std::nullopt;
  return parse_date(value);
}

FeedItem parse_item(const json& item, std::string_view base_url, const std::string& feed_author) {
  FeedItem out;
  out.guid = collapse_whitespace(id_of(item));
  std::string url = text(item, "url");
  // external_url is the page a link-blog item points at: a link when the
  // item has no page of its own.
  if (url.empty()) url = text(item, "external_url");
  // Only an absolute http(s) URL is a link (not javascript:, file:).
  if (!url.empty()) out.url = http_url_or_empty(resolve_url(base_url, url));
  out.title = plain_text(text(item, "title"));
  out.content_html = text(item, "content_html");
  if (out.content_html.empty()) out.content_html = escape_html(text(item, "content_text"));
  out.summary_html = escape_html(text(item, "summary"));  // plain text in JSON Feed
  out.published = date_of(item, "date_published");
  out.updated = date_of(item, "date_modified");
  if (!out.published) out.published = out.updated;
  out.author = author_of(item);
  if (out.author.empty()) out.author = feed_author;
  if (auto tags = item.find("tags"); tags != item.end() && tags->is_array())
    for (const json& tag : *tags)
      if (tag.is_string())
        if (std::string t = collapse_whitespace(tag.get<std::string>()); !t.empty())
          out.categories.push_back(std::move(t));
  std::string image = text(item, "image");
  if (image.empty()) image = text(item, "banner_image");
  if (image.empty())
    if (auto attachments = item.find("attachments");
        attachments != item.end() && attachments->is_array())
      for (const json& a : *attachments)
        if (a.is_object() && text(a, "mime_type").rfind("image/", 0) == 0) {
          image = text(a, "url");
          break;
        }
  if (!image.empty()) out.image_url = http_url_or_empty(resolve_url(base_url, image));
  add_links(item, base_url, out);
  return out;
}

}  // namespace

bool is_json_feed_start(std::string_view body) { return !body.empty() && body.front() == '{'; }

ParsedFeed parse_json_feed(std::string_view body, std::string_view base_url) {
  // No exceptions: a malformed document is an ordinary outcome here. Values
  // nested deeper than any JSON Feed member are dropped as they are read, so
  // "[[[[..." costs no memory per level (parsed whole, 4 MB of brackets
  // took 160 MB).
  json root = json::parse(
      body.begin(), body.end(),
      [](int depth, json::parse_event_t, json&) { return depth <= kMaxJsonDepth; },
      /*allow_exceptions=*/false);
  if (root.is_discarded()) throw FeedParseError("not JSON (a document starting with '{')");
  if (!root.is_object()) throw FeedParseError("JSON that is not an object is not a JSON Feed");
  // "https://jsonfeed.org/version/1.1"; some 1.0 feeds wrote http://.
  std::string version = text(root, "version");
  std::string_view number = version;
  constexpr std::string_view kVersionPath = "jsonfeed.org/version/";
  std::size_t at = number.find(kVersionPath);
  number =
      at == std::string_view::npos ? std::string_view() : number.substr(at + kVersionPath.size());
  ParsedFeed feed;
  feed.format = "jsonfeed";
  if (number == "1.1" || number == "1")
    feed.version = number;
  else
    throw FeedParseError(
        fmt::format("JSON without a jsonfeed.org version is not a JSON Feed (version \"{}\")",
                    version.substr(0, 60)));
  feed.title = plain_text(text(root, "title"));
  if (std::string home = text(root, "home_page_url"); !home.empty())
    feed.site_url = resolve_url(base_url, home);
  std::string feed_author = author_of(root);
  auto items = root.find("items");
  if (items != root.end() && items->is_array())
    for (const json& item : *items)
      if (item.is_object()) feed.items.push_back(parse_item(item, base_url, feed_author));
  return feed;
}

}  // namespace gazette
