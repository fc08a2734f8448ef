#include "cli/feedparser_json.h"

#include <cstdlib>
#include <ctime>

#include "cli/feedparser_extensions.h"
#include "feeds/date_parser.h"
#include "feeds/text_construct.h"
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
void put_text(Json& out, const std::string& key, const TextConstruct& text) {
  out[key] = text.value;
  Json language = nullptr;
  if (!text.language.empty()) language = text.language;
  out[key + "_detail"] = {
      {"type", text.type}, {"language", language}, {"base", text.base}, {"value", text.value}};
}

// A text construct the parser read: its value made safe to show (markup
// sanitized, feeds/text_construct.h).
void put_text(Json& out, const std::string& key, const std::optional<TextConstruct>& text) {
  if (!text) return;
  TextConstruct shown = *text;
  shown.value = readable_value(*text);
  put_text(out, key, shown);
}

// A value Gazette keeps as plain text or HTML only (no details parsed).
void put_text(Json& out, const char* key, const std::string& value, const char* type,
              const FeedparserContext& context) {
  if (value.empty()) return;
  put_text(out, key, TextConstruct{value, type, {}, context.base_url});
}

void put_instant(Json& out, const char* key, const std::optional<UnixTime>& t) {
  if (!t) return;
  out[key] = format_utc(*t);
  out[std::string(key) + "_parsed"] = struct_time(*t);
}

// A date as published, and as read when it could be.
void put_date(Json& out, const std::string& key, const std::optional<PublishedDate>& date) {
  if (!date) return;
  out[key] = date->text;
  if (date->instant) out[key + "_parsed"] = struct_time(*date->instant);
}

// Only the parts that are there: feedparser leaves out what is absent.
void put_if(Json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

Json person_json(const Person& p) {
  Json out = Json::object();
  put_if(out, "name", p.name);
  put_if(out, "email", p.email);
  put_if(out, "href", p.href);
  return out;
}

// feedparser's `author` string: "Name (email)", or whichever part there is.
std::string person_string(const Person& p) {
  if (p.name.empty()) return p.email;
  if (p.email.empty()) return p.name;
  return p.name + " (" + p.email + ")";
}

void put_person(Json& out, const std::string& key, const Person& p) {
  std::string text = person_string(p);
  if (!text.empty()) out[key] = text;
  out[key + "_detail"] = person_json(p);
}

void put_people(Json& out, const std::vector<Person>& authors,
                const std::vector<Person>& contributors, const std::optional<Person>& publisher) {
  if (!authors.empty()) {
    put_person(out, "author", authors.front());
    Json list = Json::array();
    for (const Person& p : authors) list.push_back(person_json(p));
    out["authors"] = std::move(list);
  }
  if (!contributors.empty()) {
    Json list = Json::array();
    for (const Person& p : contributors) list.push_back(person_json(p));
    out["contributors"] = std::move(list);
  }
  if (publisher) put_person(out, "publisher", *publisher);
}

bool is_html_type(std::string_view type) {
  return type.empty() || type == "text/html" || type == "application/xhtml+xml";
}

void put_links(Json& out, const std::vector<Link>& links) {
  if (links.empty()) return;
  Json list = Json::array();
  const Link* alternate = nullptr;
  for (const Link& l : links) {
    Json j = {{"rel", l.rel}};
    put_if(j, "type", l.type);  // a license link has none
    put_if(j, "href", l.href);  // an Atom link may have none
    put_if(j, "title", l.title);
    put_if(j, "hreflang", l.hreflang);
    put_if(j, "length", l.length);
    list.push_back(std::move(j));
    if (!alternate && l.rel == "alternate" && is_html_type(l.type)) alternate = &l;
  }
  out["links"] = std::move(list);
  if (alternate) out["link"] = alternate->href;
}

// Without parsed links: the one link Gazette keeps, as an HTML alternate.
void put_link(Json& out, const std::string& url) {
  if (url.empty()) return;
  out["link"] = url;
  out["links"] = Json::array({{{"rel", "alternate"}, {"type", "text/html"}, {"href", url}}});
}

Json nullable(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

void put_tags(Json& out, const std::vector<Category>& tags) {
  if (tags.empty()) return;
  Json list = Json::array();
  for (const Category& c : tags)
    list.push_back(
        {{"term", c.term}, {"scheme", nullable(c.scheme)}, {"label", nullable(c.label)}});
  out["tags"] = std::move(list);
}

// feedparser gives an image's width and height as numbers.
void put_number(Json& out, const char* key, const std::string& value) {
  if (value.empty()) return;
  char* end = nullptr;
  long n = std::strtol(value.c_str(), &end, 10);
  if (end && *end == '\0') out[key] = n;
}

void put_image(Json& out, const std::optional<FeedImage>& image) {
  if (!image) return;
  Json i = Json::object();
  put_if(i, "href", image->href);
  put_if(i, "title", image->title);
  put_if(i, "link", image->link);
  put_if(i, "description", image->description);
  put_number(i, "width", image->width);
  put_number(i, "height", image->height);
  out["image"] = std::move(i);
}

// The fields a feed and an entry's <source> share.
void put_metadata(Json& f, const FeedMetadata& m) {
  put_text(f, "title", m.title);
  put_text(f, "subtitle", m.subtitle);
  put_text(f, "rights", m.rights);
  put_text(f, "info", m.info);
  put_if(f, "id", m.id);
  put_if(f, "language", m.language);
  put_links(f, m.links);
  put_people(f, m.authors, m.contributors, m.publisher);
  put_tags(f, m.tags);
  put_date(f, "updated", m.updated);
  put_date(f, "published", m.published);
  if (m.generator) {
    put_if(f, "generator", m.generator->name);
    Json g = Json::object();
    put_if(g, "name", m.generator->name);
    put_if(g, "href", m.generator->href);
    put_if(g, "version", m.generator->version);
    f["generator_detail"] = std::move(g);
  }
  put_image(f, m.image);
  if (m.icon) put_if(f, "icon", m.icon->href);
  if (m.text_input) {
    Json t = Json::object();
    put_if(t, "title", m.text_input->title);
    put_if(t, "description", m.text_input->description);
    put_if(t, "name", m.text_input->name);
    put_if(t, "link", m.text_input->link);
    f["textinput"] = std::move(t);
  }
  if (m.cloud)
    f["cloud"] = {{"domain", m.cloud->domain},
                  {"port", m.cloud->port},
                  {"path", m.cloud->path},
                  {"registerprocedure", m.cloud->register_procedure},
                  {"protocol", m.cloud->protocol}};
  put_if(f, "docs", m.docs);
  put_if(f, "ttl", m.ttl);
  put_if(f, "errorreportsto", m.error_reports_to);
  // Atom
  if (m.logo) put_if(f, "logo", m.logo->href);
  put_date(f, "created", m.created);
  put_text(f, "summary", m.summary);  // itunes:summary
  put_if(f, "href", m.href);
  put_date(f, "validity_start", m.validity_start);
  put_date(f, "validity_end", m.validity_end);
  put_if(f, "newlocation", m.new_location);
  put_extensions(f, m.extensions);
}

// The content feedparser also shows as the summary when there is none: the
// first that is text or markup (not base64 data of another type).
const TextConstruct* summary_content(const std::vector<TextConstruct>& content) {
  for (const TextConstruct& c : content)
    if (c.type == "text/plain" || c.type == "text/html" || c.type == "application/xhtml+xml")
      return &c;
  return nullptr;
}

Json entry_json(const FeedItem& item, const FeedparserContext& context) {
  const EntryDetails& d = item.details;
  Json e = Json::object();
  if (d.title)
    put_text(e, "title", d.title);
  else if (!d.texts_read)
    put_text(e, "title", item.title, "text/plain", context);
  if (!d.links.empty())
    put_links(e, d.links);
  else if (!d.guid_is_link)
    put_link(e, item.url);
  // An entry whose id is its link (guidislink) has that link, but no links
  // entry for it, unless a <link> followed the id. An Atom id is printed as
  // the parser resolved it (d.id), an RSS guid as published.
  const std::string& id = d.id.empty() ? item.guid : d.id;
  if (!e.contains("link") && d.guid_is_link && !id.empty()) e["link"] = id;
  if (!e.contains("link") && !item.url.empty()) e["link"] = item.url;
  if (!id.empty()) {
    e["id"] = id;
    if (!d.id_is_rdf_about) e["guidislink"] = d.guid_is_link;
  }
  if (!d.authors.empty() || !d.contributors.empty() || d.publisher) {
    put_people(e, d.authors, d.contributors, d.publisher);
  } else if (!item.author.empty() && !d.author_inherited) {
    put_people(e, {Person{item.author, {}, {}}}, {}, std::nullopt);
  }
  // feedparser's summary is the description, else the full content.
  if (d.summary)
    put_text(e, "summary", d.summary);
  else if (const TextConstruct* shown = summary_content(d.content))
    e["summary"] = readable_value(*shown);  // the value only: there is no summary element
  else if (!d.texts_read)
    put_text(e, "summary", item.summary_html.empty() ? item.content_html : item.summary_html,
             "text/html", context);
  if (!d.content.empty()) {
    Json list = Json::array();
    for (const TextConstruct& c : d.content) {
      Json language = nullptr;
      if (!c.language.empty()) language = c.language;
      Json j = {
          {"type", c.type}, {"language", language}, {"base", c.base}, {"value", readable_value(c)}};
      put_if(j, "src", c.src);
      list.push_back(std::move(j));
    }
    e["content"] = std::move(list);
  } else if (!d.texts_read && !item.content_html.empty()) {
    e["content"] = Json::array({{{"type", "text/html"},
                                 {"language", nullptr},
                                 {"base", context.base_url},
                                 {"value", item.content_html}}});
  }
  put_text(e, "rights", d.rights);
  // The parsed dates, when the parser kept any: the stored ones may come
  // from another element (an item's dc:date is its stored publication date
  // but feedparser's `updated`).
  bool dated = d.published || d.updated;
  if (d.published)
    put_date(e, "published", d.published);
  else if (!dated)
    put_instant(e, "published", item.published);
  if (d.updated)
    put_date(e, "updated", d.updated);
  else if (!dated)
    put_instant(e, "updated", item.updated);
  put_date(e, "created", d.created);
  put_date(e, "expired", d.expired);
  if (!d.tags.empty()) {
    put_tags(e, d.tags);
  } else if (!item.categories.empty()) {
    std::vector<Category> tags;
    for (const std::string& c : item.categories) tags.push_back({c, {}, {}});
    put_tags(e, tags);
  }
  put_if(e, "comments", d.comments);
  put_if(e, "language", d.language);
  if (d.source) {
    Json source = Json::object();
    put_metadata(source, *d.source);
    e["source"] = std::move(source);
  }
  put_text(e, "subtitle", d.subtitle);  // itunes:subtitle
  put_image(e, d.image);                // itunes:image
  put_extensions(e, d.extensions);
  return e;
}

// feedparser's version names: rss090 rss091u rss092 rss093 rss094 rss20
// rss10 rss, atom03 atom10 atom, json1 json11; rss091n is the RSS parser's
// "0.91n" (a 0.91 document with Netscape's doctype).
std::string version_of(const ParsedFeed& feed) {
  const std::string& v = feed.version;
  if (feed.format == "rss1") return v == "0.90" ? "rss090" : "rss10";
  if (feed.format == "rss") {
    if (v == "0.91n") return "rss091n";
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
  if (feed.format == "cdf") return "cdf";
  return "";
}

}  // namespace

Json feedparser_json(const ParsedFeed* feed, const FeedparserContext& context) {
  Json out = Json::object();
  out["bozo"] = !context.bozo.empty();
  if (!context.bozo.empty()) out["bozo_exception"] = context.bozo;
  out["encoding"] = feed && !feed->encoding.empty() ? feed->encoding : "utf-8";
  out["version"] = feed ? version_of(*feed) : "";
  Json f = Json::object();
  Json entries = Json::array();
  if (feed) {
    put_metadata(f, feed->metadata);
    if (!feed->metadata.title) put_text(f, "title", feed->title, "text/plain", context);
    if (feed->metadata.links.empty()) put_link(f, feed->site_url);
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
