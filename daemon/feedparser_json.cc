#include "daemon/feedparser_json.h"

#include <ctime>

#include "feeds/date_parser.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

using Json = nlohmann::ordered_json;

// feedparser's *_parsed: a time.struct_time in UTC as a 9-element array
// [year, month, day, hour, minute, second, weekday (Monday 0), day of year, 0].
Json struct_time(UnixTime t) {
  std::time_t seconds = static_cast<std::time_t>(t);
  std::tm tm{};
  if (!gmtime_r(&seconds, &tm)) return nullptr;
  return Json::array({tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec, (tm.tm_wday + 6) % 7, tm.tm_yday + 1, 0});
}

// A text construct: the value and its `_detail` (all four keys always there).
void put_text(Json& out, const char* key, const std::string& value, const char* type,
              const FeedparserContext& context) {
  if (value.empty()) return;
  out[key] = value;
  out[std::string(key) + "_detail"] = {
      {"type", type}, {"language", nullptr}, {"base", context.base_url}, {"value", value}};
}

void put_date(Json& out, const char* key, const std::optional<UnixTime>& t) {
  if (!t) return;
  out[key] = format_utc(*t);
  out[std::string(key) + "_parsed"] = struct_time(*t);
}

void put_link(Json& out, const std::string& url) {
  if (url.empty()) return;
  out["link"] = url;
  out["links"] = Json::array({{{"rel", "alternate"}, {"type", "text/html"}, {"href", url}}});
}

Json entry_json(const FeedItem& item, const FeedparserContext& context) {
  Json e = Json::object();
  put_text(e, "title", item.title, "text/plain", context);
  put_link(e, item.url);
  if (!item.guid.empty()) e["id"] = item.guid;
  if (!item.author.empty()) {
    e["author"] = item.author;
    e["author_detail"] = {{"name", item.author}};
    e["authors"] = Json::array({{{"name", item.author}}});
  }
  // feedparser's summary is the description, else the full content.
  put_text(e, "summary", item.summary_html.empty() ? item.content_html : item.summary_html,
           "text/html", context);
  if (!item.content_html.empty())
    e["content"] = Json::array({{{"type", "text/html"},
                                 {"language", nullptr},
                                 {"base", context.base_url},
                                 {"value", item.content_html}}});
  put_date(e, "published", item.published);
  put_date(e, "updated", item.updated);
  if (!item.categories.empty()) {
    Json tags = Json::array();
    for (const std::string& c : item.categories)
      tags.push_back({{"term", c}, {"scheme", nullptr}, {"label", nullptr}});
    e["tags"] = std::move(tags);
  }
  return e;
}

// feedparser's version names: rss090 rss091u rss092 rss093 rss094 rss20
// rss10 rss, atom03 atom10 atom, json1 json11. (rss091n needs Netscape's
// doctype, which the parsed feed does not keep.)
std::string version_of(const ParsedFeed& feed) {
  const std::string& v = feed.version;
  if (feed.format == "rss1") return v == "0.90" ? "rss090" : "rss10";
  if (feed.format == "rss") {
    if (v == "0.91") return "rss091u";
    if (v == "0.92" || v == "0.93" || v == "0.94") return "rss0" + v.substr(2);
    if (v.rfind("2.", 0) == 0) return "rss20";
    return "rss";
  }
  if (feed.format == "atom") {
    if (v == "1.0") return "atom10";
    if (v == "0.3" || v == "0.2" || v == "0.1") return "atom0" + v.substr(2);
    return "atom";
  }
  if (feed.format == "jsonfeed") return v == "1.1" ? "json11" : "json1";
  return "";
}

}  // namespace

Json feedparser_json(const ParsedFeed* feed, const FeedparserContext& context) {
  Json out = Json::object();
  out["bozo"] = !context.bozo.empty();
  if (!context.bozo.empty()) out["bozo_exception"] = context.bozo;
  out["encoding"] = "utf-8";
  out["version"] = feed ? version_of(*feed) : "";
  Json f = Json::object();
  Json entries = Json::array();
  if (feed) {
    put_text(f, "title", feed->title, "text/plain", context);
    put_link(f, feed->site_url);
    for (const FeedItem& item : feed->items) entries.push_back(entry_json(item, context));
  }
  out["feed"] = std::move(f);
  out["entries"] = std::move(entries);
  out["namespaces"] = Json::object();
  Json headers = Json::object();
  for (const auto& [name, value] : context.headers) headers[name] = value;
  out["headers"] = std::move(headers);
  if (!context.url.empty()) out["href"] = context.url;
  if (context.http) {
    out["status"] = 200;
    for (const auto& [name, value] : context.headers) {
      if (value.empty()) continue;  // a blank header says nothing
      if (name == "etag") {
        out["etag"] = value;
      } else if (name == "last-modified") {
        out["modified"] = value;
        if (auto t = parse_date(value)) out["modified_parsed"] = struct_time(*t);
      }
    }
  }
  return out;
}

}  // namespace gazette
